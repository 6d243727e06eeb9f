// Which datasets the experiment draft learns features from and evaluates on, and the tasks (labels
// and thresholds) it evaluates on each: ticked by the user, or chosen by default for the common
// case. Each dataset's labels are asked once, when it is first ticked or considered.
import { computed, ref, type Ref } from 'vue'
import { isEvaluated, learnsFeatures, type Binarisation, type DatasetRole, type DatasetSpec, type ExperimentConfigInput } from '@contracts/runs.js'
import { sentenceOf } from '../../composables/use-async.js'
import { labelsOf } from './form-questions.js'

/**
 * The dataset choice of `draft`; `changed` runs after a dataset is ticked or unticked (the form
 * suggests a name from the evaluated datasets).
 */
export function useDatasetRoles(draft: Ref<ExperimentConfigInput>, changed: () => void) {
  /** Each dataset's label names, once read. */
  const labels = ref<Record<string, string[]>>({})
  const labelErrors = ref<Record<string, string>>({})
  const chosen = computed(() => new Map((draft.value.datasets ?? []).map((d) => [d.name, d])))
  /** Once the user has ticked anything, no default choice is made for them. */
  let chosenByUser = false

  async function loadLabels(name: string): Promise<void> {
    if (labels.value[name] !== undefined) return
    try {
      // Awaited before the spread: two datasets' answers must not overwrite each other.
      const names = await labelsOf(name)
      labels.value = { ...labels.value, [name]: names }
    } catch (e) {
      labelErrors.value = { ...labelErrors.value, [name]: sentenceOf(e) }
    }
  }

  /** The dataset's role in the draft, or undefined when it is not used. */
  function roleOf(name: string): DatasetRole | undefined {
    const spec = chosen.value.get(name)
    return spec === undefined ? undefined : (spec.role ?? 'both')
  }
  const teaches = (name: string): boolean => { const r = roleOf(name); return r !== undefined && learnsFeatures(r) }
  const evaluates = (name: string): boolean => { const r = roleOf(name); return r !== undefined && isEvaluated(r) }

  /** Ticks or unticks a dataset in one of the two lists ("learn features from", "evaluate on"). */
  async function toggleRole(name: string, list: 'features' | 'evaluate', on: boolean, byUser = true): Promise<void> {
    if (byUser) chosenByUser = true
    await loadLabels(name)
    const features = list === 'features' ? on : teaches(name)
    const evaluate = list === 'evaluate' ? on : evaluates(name)
    const rest = (draft.value.datasets ?? []).filter((d) => d.name !== name)
    if (!features && !evaluate) {
      draft.value.datasets = rest
    } else {
      const role: DatasetRole = features && evaluate ? 'both' : features ? 'pretext' : 'evaluate'
      const before = chosen.value.get(name)
      // Evaluating a dataset for the first time picks all its labels; pretext-only data needs none.
      const tasks = !evaluate ? [] : before !== undefined && (before.tasks ?? []).length > 0 ? before.tasks ?? [] : (labels.value[name] ?? []).map((label) => ({ label, binarisation: 'dataset-mean' as const }))
      const spec: DatasetSpec = { name, role, tasks: tasks.map((t) => ({ label: t.label, binarisation: t.binarisation ?? 'dataset-mean' })) }
      const index = (draft.value.datasets ?? []).findIndex((d) => d.name === name)
      draft.value.datasets = index < 0 ? [...rest, spec] : (draft.value.datasets ?? []).map((d) => (d.name === name ? spec : d))
    }
    changed()
  }

  function toggleTask(name: string, label: string, on: boolean): void {
    draft.value.datasets = (draft.value.datasets ?? []).map((d) => {
      if (d.name !== name) return d
      const current = d.tasks ?? []
      const tasks = on ? [...current, { label, binarisation: 'dataset-mean' as const }] : current.filter((t) => t.label !== label)
      return { ...d, tasks }
    })
  }

  function setThreshold(name: string, label: string, binarisation: Binarisation): void {
    draft.value.datasets = (draft.value.datasets ?? []).map((d) => (d.name !== name ? d : { ...d, tasks: (d.tasks ?? []).map((t) => (t.label === label ? { ...t, binarisation } : t)) }))
  }

  /**
   * One labelled dataset among `names`: learn features from it and evaluate on it, and learn
   * features from every unlabeled dataset too (what they are for), as nearly everyone would.
   * Nothing once the user has chosen or the draft has datasets.
   */
  async function chooseDefaults(names: readonly string[]): Promise<void> {
    if (chosenByUser || (draft.value.datasets ?? []).length > 0) return
    // Which datasets have labels decides where they can go (unlabeled ones teach features only).
    await Promise.all(names.map((n) => loadLabels(n)))
    const labelled = names.filter((n) => (labels.value[n] ?? []).length > 0)
    const unlabeled = names.filter((n) => labels.value[n] !== undefined && labels.value[n].length === 0)
    if (chosenByUser || (draft.value.datasets ?? []).length > 0 || labelled.length !== 1) return
    for (const n of labelled) {
      await toggleRole(n, 'features', true, false)
      await toggleRole(n, 'evaluate', true, false)
    }
    for (const n of unlabeled) await toggleRole(n, 'features', true, false)
  }

  return { labels, labelErrors, chosen, teaches, evaluates, toggleRole, toggleTask, setThreshold, chooseDefaults }
}
