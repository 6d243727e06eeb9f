// The time estimate shown beside the Run button: asked again (debounced) whenever the draft
// config changes; while the app measures this machine's speed it says so and asks again shortly.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { describeEstimate } from '@contracts/estimate.js'
import type { ExperimentConfigInput } from '@contracts/runs.js'
import { formatWait } from '@contracts/time-words.js'
import { estimateRun } from './form-questions.js'

/** What the form shows: nothing, the measuring note, the estimate sentence or why there is none. */
export type EstimateView =
  | { state: 'none' }
  | { state: 'measuring'; warnings: readonly string[] }
  | { state: 'ready'; text: string; warnings: readonly string[] }
  /** The draft cannot run (e.g. settings that cannot give meaningful results): the sentence why. */
  | { state: 'error'; text: string }

export function useEstimate(config: Ref<ExperimentConfigInput | null>, options: { debounceMs?: number; retryMs?: number } = {}): Ref<EstimateView> {
  const view = ref<EstimateView>({ state: 'none' })
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Bumped on every change, so an answer to an older draft is dropped. */
  let generation = 0

  const ask = async (asked: number): Promise<void> => {
    const draft = config.value
    if (draft === null) return
    try {
      const reply = await estimateRun(JSON.parse(JSON.stringify(draft)) as ExperimentConfigInput)
      if (asked !== generation) return
      if (reply.status === 'measuring') {
        view.value = { state: 'measuring', warnings: reply.warnings ?? [] }
        timer = setTimeout(() => void ask(asked), options.retryMs ?? 1500)
      } else {
        view.value = { state: 'ready', text: describeEstimate(reply.estimate, formatWait), warnings: reply.warnings ?? [] }
      }
    } catch (e) {
      if (asked === generation) view.value = { state: 'error', text: (e as Error).message }
    }
  }

  watch(config, (draft) => {
    generation++
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (draft === null) {
      view.value = { state: 'none' }
      return
    }
    const asked = generation
    timer = setTimeout(() => void ask(asked), options.debounceMs ?? 500)
  }, { deep: true, immediate: true })

  onBeforeUnmount(() => {
    generation++
    if (timer !== undefined) clearTimeout(timer)
  })
  return view
}
