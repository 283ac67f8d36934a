// The parts of ECharts the rate chart uses, registered once. Imported only
// through a dynamic import() in RateChart.vue, so ECharts is a chunk of its
// own that only the statistics page loads.
import { use, init } from 'echarts/core'
import { BarChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, DataZoomComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, GridComponent, TooltipComponent, DataZoomComponent, CanvasRenderer])

export { init }
