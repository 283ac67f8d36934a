// The parts of ECharts the console's charts use, registered once. Imported only
// through a dynamic import() in useChart.js, so ECharts is a chunk of its
// own that only the pages with a chart load.
import { use, init, getInstanceByDom, registerMap } from 'echarts/core'
import { BarChart, LineChart, MapChart, PieChart, RadarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent, DataZoomComponent, VisualMapComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, LineChart, MapChart, PieChart, RadarChart, CanvasRenderer])
use([GridComponent, LegendComponent, RadarComponent, TooltipComponent, DataZoomComponent, VisualMapComponent])

export { init, getInstanceByDom, registerMap }
