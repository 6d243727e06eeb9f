// The life of one ECharts instance in a component: created on the box once mounted (outside Vue's
// reactivity), themed for the operating system's light or dark mode and re-themed when it
// changes, resized whenever its box changes size (a window resize, the navigation rail, a card
// that grows), disposed on unmount. Every chart component shares it.
import type { ECharts } from 'echarts/core'
import { markRaw, onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { colorScheme, themeName } from './chart-theme.js'

/**
 * Creates the chart with `init` on `box` when the component mounts and calls `ready` with it
 * (the first draw). Returns the chart, undefined before mounting and after unmounting.
 */
export function useEChart(box: Readonly<Ref<HTMLElement | null>>, init: (el: HTMLElement) => ECharts, ready: (chart: ECharts) => void): () => ECharts | undefined {
  let chart: ECharts | undefined
  let observer: ResizeObserver | undefined
  let frame: number | undefined
  const stopTheme = watch(colorScheme, (scheme) => chart?.setTheme(themeName(scheme)))
  onMounted(() => {
    if (box.value === null) return
    chart = markRaw(init(box.value))
    // setTheme does nothing on a chart that has no option yet: an empty one makes its model
    chart.setOption({})
    chart.setTheme(themeName(colorScheme.value))
    ready(chart)
    if (typeof ResizeObserver !== 'undefined') {
      // one resize per frame however many size changes a window drag reports
      observer = new ResizeObserver(() => {
        if (frame !== undefined) return
        frame = requestAnimationFrame(() => {
          frame = undefined
          chart?.resize()
        })
      })
      observer.observe(box.value)
    }
  })
  onBeforeUnmount(() => {
    stopTheme()
    observer?.disconnect()
    if (frame !== undefined) cancelAnimationFrame(frame)
    chart?.dispose()
    chart = undefined
  })
  return () => chart
}
