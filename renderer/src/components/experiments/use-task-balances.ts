// The class balance of each task the draft evaluates, with its threshold, as a run would see it:
// asked once per dataset, label and threshold as tasks are chosen, and said as one line.
import { ref, watch, type Ref } from 'vue'
import type { TaskBalance } from '@contracts/run-api.js'
import type { Binarisation, ExperimentConfigInput } from '@contracts/runs.js'
import { sentenceOf } from '../../composables/use-async.js'
import { taskBalance } from './form-questions.js'

type TaskRef = { label: string; binarisation?: Binarisation }

export function useTaskBalances(draft: Ref<ExperimentConfigInput>): { balanceText: (dataset: string, task: TaskRef) => string; balanceFailed: (dataset: string, task: TaskRef) => boolean } {
  const balances = ref<Record<string, { value?: TaskBalance; error?: string }>>({})
  const keyOf = (dataset: string, task: TaskRef): string => `${dataset}|${task.label}|${task.binarisation ?? 'dataset-mean'}`

  watch(() => (draft.value.datasets ?? []).flatMap((d) => (d.tasks ?? []).map((t) => ({ dataset: d.name, label: t.label, binarisation: t.binarisation ?? 'dataset-mean' }))), async (tasks) => {
    for (const t of tasks) {
      const key = keyOf(t.dataset, t)
      if (balances.value[key] !== undefined) continue
      balances.value = { ...balances.value, [key]: {} }
      try {
        const value = await taskBalance(t)
        balances.value = { ...balances.value, [key]: { value } }
      } catch (e) {
        balances.value = { ...balances.value, [key]: { error: sentenceOf(e) } }
      }
    }
  }, { deep: true })

  /** The classes and their windows, those without a value, and the threshold's description; or why not. */
  function balanceText(dataset: string, task: TaskRef): string {
    const b = balances.value[keyOf(dataset, task)]
    if (b?.error !== undefined) return b.error
    const v = b?.value
    if (v === undefined) return 'counting classes…'
    const classes = v.classes.map((c) => `${c.name} ${c.windows.toLocaleString()}`).join(' · ')
    return `${classes}${v.missing > 0 ? ` · ${v.missing.toLocaleString()} without a value` : ''} — ${v.description}`
  }

  /** True when the balance could not be counted (the line is the sentence why). */
  function balanceFailed(dataset: string, task: TaskRef): boolean {
    return balances.value[keyOf(dataset, task)]?.error !== undefined
  }

  return { balanceText, balanceFailed }
}
