// The parts of ECharts the console's charts use, registered once. Imported only
// through a dynamic import() in useChart.js, so ECharts is a chunk of its
// own that only the pages with a chart load.
import { use, init } from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, DataZoomComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer])

export { init }
