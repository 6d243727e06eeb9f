// ECharts with only the parts the workbench draws (line series, grid, zoom, tooltip, canvas), so
// the bundle stays small.
import { LineChart } from 'echarts/charts'
import { DataZoomComponent, GridComponent, MarkPointComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, GridComponent, DataZoomComponent, TooltipComponent, MarkPointComponent, CanvasRenderer])

export { echarts }
