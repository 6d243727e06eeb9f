// The life of one ECharts instance in a component: created on the box once mounted (outside Vue's
// reactivity), resized with the box, disposed on unmount. Every chart component shares it.
import type { ECharts } from 'echarts/core'
import { markRaw, onBeforeUnmount, onMounted, type Ref } from 'vue'

/**
 * Creates the chart with `init` on `box` when the component mounts and calls `ready` with it
 * (the first draw). Returns the chart, undefined before mounting and after unmounting.
 */
export function useEChart(box: Readonly<Ref<HTMLElement | null>>, init: (el: HTMLElement) => ECharts, ready: (chart: ECharts) => void): () => ECharts | undefined {
  let chart: ECharts | undefined
  let observer: ResizeObserver | undefined
  onMounted(() => {
    if (box.value === null) return
    chart = markRaw(init(box.value))
    ready(chart)
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => chart?.resize())
      observer.observe(box.value)
    }
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    chart?.dispose()
    chart = undefined
  })
  return () => chart
}
