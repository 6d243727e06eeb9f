// ECharts with only the parts the workbench draws (line series, grid, zoom, shaded areas, marks,
// titles, tooltip, canvas), so the bundle stays small. The one place these parts are registered;
// echarts-study.ts adds what the study figures need.
import { LineChart } from 'echarts/charts'
import { DataZoomComponent, GridComponent, MarkAreaComponent, MarkPointComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

echarts.use([LineChart, GridComponent, DataZoomComponent, TooltipComponent, MarkAreaComponent, MarkPointComponent, TitleComponent, CanvasRenderer])

export { echarts }
