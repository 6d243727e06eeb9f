// ECharts with what the experiment and results charts add to the shared set (charts/echarts.ts):
// scatter and custom series (error bars), the legend, and the SVG renderer for "save as SVG".
import { CustomChart, ScatterChart } from 'echarts/charts'
import { LegendComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import { chartInk, colorScheme, themeName } from './chart-theme.js'
import { echarts } from './echarts.js'
import { TASK_COLOURS } from '@contracts/figures.js'

echarts.use([ScatterChart, CustomChart, LegendComponent, SVGRenderer])

export { echarts }

/** A task's colour (the HTML report's Okabe–Ito colours, contracts/figures.ts) on screen: Okabe–Ito's black, invisible on a dark card, becomes the dark scheme's text colour. */
export function taskColour(i: number): string {
  const colour = TASK_COLOURS[i % TASK_COLOURS.length] ?? '#888888'
  return colour === '#000000' ? chartInk().text : colour
}

/** A chart's picture as a PNG data URL on white (for "save as PNG"), drawn in the light theme even in dark mode. */
export function chartPng(chart: echarts.ECharts): string {
  const dark = colorScheme.value === 'dark'
  if (dark) chart.setTheme(themeName('light'), { silent: true })
  try {
    return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' })
  } finally {
    if (dark) chart.setTheme(themeName('dark'), { silent: true })
  }
}

/** The same option drawn by the SVG renderer, as SVG markup (for "save as SVG"). */
export function chartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: '#ffffff' })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
