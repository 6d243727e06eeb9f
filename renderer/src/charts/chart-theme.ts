// Charts follow the operating system's light or dark mode, as the page does (styles.css): one
// reactive colour scheme, one ECharts theme per scheme (transparent background, so a chart sits on
// its card), and the few colours the workbench's own charts draw with, per scheme.
import { ref, type Ref } from 'vue'
import { echarts } from './echarts.js'

export type ColorScheme = 'light' | 'dark'

const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined

/** The scheme the operating system asks for now; changes when the user switches it. */
export const colorScheme: Ref<ColorScheme> = ref(query?.matches === true ? 'dark' : 'light')
query?.addEventListener('change', (e) => {
  colorScheme.value = e.matches ? 'dark' : 'light'
  inkToCss(colorScheme.value)
})

/** Colours of the workbench's own series and marks. */
export interface ChartInk {
  /** Text and a reference trace (an original beside its transformations). */
  readonly text: string
  /** An ECG trace. */
  readonly trace: string
  /** A second, quieter trace (an overview). */
  readonly traceMuted: string
  /** A mark that stands out (R peaks, the current window). */
  readonly mark: string
  /** A mark that asks for a look (an uncertain beat). */
  readonly doubt: string
  /** Grid lines. */
  readonly split: string
  /** Axis labels and names. */
  readonly label: string
}

const INK: Record<ColorScheme, ChartInk> = {
  light: { text: '#1d2430', trace: '#0f766e', traceMuted: '#334155', mark: '#b42318', doubt: '#c2410c', split: '#eef1f4', label: '#5d6878' },
  dark: { text: '#e3e9ef', trace: '#2dd4bf', traceMuted: '#a8b6c5', mark: '#f97066', doubt: '#fdb022', split: '#26323e', label: '#9fb0bf' },
}

/** The ink of the current scheme; reading it inside a computed makes that computed follow the scheme. */
export function chartInk(): ChartInk {
  return INK[colorScheme.value]
}

/** The ink as CSS variables (--chart-mark, …), so a legend drawn in HTML matches its chart. */
function inkToCss(scheme: ColorScheme): void {
  if (typeof document === 'undefined') return
  const ink: ChartInk = INK[scheme]
  for (const name of Object.keys(ink) as (keyof ChartInk)[]) document.documentElement.style.setProperty(`--chart-${name}`, ink[name])
}
inkToCss(colorScheme.value)

function axis(ink: ChartInk, line: string): object {
  return { axisLine: { lineStyle: { color: line } }, axisTick: { lineStyle: { color: line } }, axisLabel: { color: ink.label }, splitLine: { lineStyle: { color: ink.split } }, nameTextStyle: { color: ink.label } }
}

function theme(scheme: ColorScheme): object {
  const ink = INK[scheme]
  const text = scheme === 'dark' ? '#d5dde6' : '#1d2430'
  const line = scheme === 'dark' ? '#4a5a6b' : '#b9c2cd'
  const a = axis(ink, line)
  return {
    backgroundColor: 'transparent',
    textStyle: { color: text },
    title: { textStyle: { color: text }, subtextStyle: { color: ink.label } },
    legend: { textStyle: { color: text } },
    tooltip: scheme === 'dark' ? { backgroundColor: '#1c2632', borderColor: '#3a4756', textStyle: { color: text } } : {},
    valueAxis: a,
    categoryAxis: a,
    logAxis: a,
    timeAxis: a,
    dataZoom: scheme === 'dark' ? { borderColor: line, textStyle: { color: ink.label }, dataBackground: { lineStyle: { color: ink.label }, areaStyle: { color: '#2a3642' } }, fillerColor: 'rgba(45, 212, 191, 0.15)' } : {},
  }
}

/** The registered ECharts theme name of a scheme. */
export function themeName(scheme: ColorScheme): string {
  return `workbench-${scheme}`
}

echarts.registerTheme(themeName('light'), theme('light'))
echarts.registerTheme(themeName('dark'), theme('dark'))
