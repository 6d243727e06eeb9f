// The import wizard: its step and the choices made step by step (each field checked as it is typed,
// by the engine's own rules), the request they make, and the moves between steps. The preview
// (import-preview.ts) and the running job (import-job.ts) are stores of their own.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { ImportRequest, parseChannelChoice, type DatasetKind } from '@contracts/import.js'
import { useDatasetsStore } from './datasets.js'
import { fieldProblem, nameProblemFor } from './field-checks.js'
import { useImportJobStore } from './import-job.js'
import { useImportPreviewStore } from './import-preview.js'

export const STEPS = [
  { id: 'format', label: 'Format' },
  { id: 'source', label: 'Files' },
  { id: 'preview', label: 'Preview' },
  { id: 'options', label: 'Settings' },
  { id: 'import', label: 'Import' },
  { id: 'summary', label: 'Summary' },
] as const
export type WizardStep = (typeof STEPS)[number]['id']


export const useImportStore = defineStore('import', () => {
  const step = ref<WizardStep>('format')
  const kind = ref<DatasetKind | null>(null)
  const path = ref('')
  const labels = ref('')
  const name = ref('')
  /** True while `name` is the suggestion taken from the path: the first key typed replaces it. */
  const nameSuggested = ref(false)
  const datasets = useDatasetsStore()
  /** Names of the datasets already in the store (a new one must differ). */
  const existingNames = computed(() => datasets.datasets.map((d) => d.name))
  /** '' = let the import choose; a number typed as text is an index. */
  const channel = ref('')
  /** The sampling rate as typed; `fs` is its value once it passes the check ('' = not given). */
  const fsText = ref('')
  const fs = ref<number | null>(null)
  const overlapPercent = ref<number | ''>(0)
  const keepFlagged = ref(false)

  const preview = useImportPreviewStore()
  const job = useImportJobStore()

  const channelOption = computed<string | number | undefined>(() => {
    const c = channel.value.trim()
    return c === '' ? undefined : parseChannelChoice(c)
  })

  // Each field's problem in the app's words, by the rules the engine applies to the request.
  const nameProblem = computed(() => nameProblemFor(name.value, existingNames.value))
  const fsProblem = computed(() => (fsText.value.trim() === '' ? null : fieldProblem(ImportRequest.shape.fs, Number(fsText.value))))
  const overlapProblem = computed(() => fieldProblem(ImportRequest.shape.overlapPercent, overlapPercent.value))
  const settingsProblem = computed(() => nameProblem.value ?? fsProblem.value ?? overlapProblem.value)

  const request = computed<ImportRequest | null>(() => {
    if (kind.value === null) return null
    return {
      kind: kind.value,
      path: path.value.trim(),
      name: name.value.trim(),
      ...(labels.value.trim() !== '' && { labels: labels.value.trim() }),
      ...(channelOption.value !== undefined && { channel: channelOption.value }),
      ...(fs.value !== null && { fs: fs.value }),
      overlapPercent: overlapPercent.value === '' ? 0 : overlapPercent.value,
      keepFlagged: keepFlagged.value,
    }
  })

  /** Picks the format and suggests a name from it. */
  function chooseKind(next: DatasetKind): void {
    if (kind.value !== next) preview.clear()
    kind.value = next
  }

  /** Uses a folder or file; suggests the dataset name from its last part. */
  function choosePath(next: string): void {
    preview.clear()
    path.value = next
    if (name.value === '' || nameSuggested.value) {
      name.value = next.split(/[\\/]/).filter((p) => p !== '').pop()?.replace(/\.[^.]+$/, '') ?? ''
      nameSuggested.value = name.value !== ''
    }
  }

  /** The name as the user typed it (no longer a suggestion). */
  function typeName(next: string): void {
    name.value = next
    nameSuggested.value = false
  }

  /** The sampling rate as typed; kept as `fs` only when the engine would accept it. */
  function typeFs(text: string): void {
    fsText.value = text
    const value = Number(text)
    fs.value = text.trim() !== '' && fieldProblem(ImportRequest.shape.fs, value) === null ? value : null
  }

  /** Reads the names already taken (a refusal leaves the engine's check at "Start import"). */
  async function loadExistingNames(): Promise<void> {
    await datasets.refresh()
  }

  /** Reads the channels and the first seconds of the ECG the import would take. */
  async function loadPreview(): Promise<void> {
    if (kind.value === null || path.value.trim() === '') return
    const request = { kind: kind.value, path: path.value.trim(), ...(channelOption.value !== undefined && { channel: channelOption.value }), ...(fs.value !== null && { fs: fs.value }) }
    await preview.load(request, labels.value.trim() !== '' ? labels.value.trim() : undefined)
  }

  /** Starts the import in its own process; a refused request stays on the settings step. */
  async function start(): Promise<void> {
    const req = request.value
    if (req === null || settingsProblem.value !== null) return
    if (await job.start(req)) step.value = 'import'
  }

  /** Builds and imports the demo dataset; false when it is already there (nothing to wait for) or refused. */
  async function startDemo(): Promise<boolean> {
    const started = await job.startDemo()
    if (started === null) return false
    name.value = started.dataset
    if (started.started) step.value = 'import'
    return started.started
  }

  // A job that ends moves the wizard on: to its summary, or back to the settings to change them.
  watch(() => job.jobId, (now, before) => {
    if (now === null && before !== null) step.value = job.report !== null ? 'summary' : 'options'
  }, { flush: 'sync' })

  /** Back to an empty wizard (after a summary, or to start over). */
  function reset(): void {
    preview.reset()
    job.reset()
    step.value = 'format'
    kind.value = null
    path.value = ''
    labels.value = ''
    name.value = ''
    nameSuggested.value = false
    channel.value = ''
    fsText.value = ''
    fs.value = null
    overlapPercent.value = 0
    keepFlagged.value = false
  }

  return {
    step, kind, path, labels, name, nameSuggested, existingNames, channel, fsText, fs, overlapPercent, keepFlagged,
    request, channelOption, nameProblem, fsProblem, overlapProblem, settingsProblem,
    chooseKind, choosePath, typeName, typeFs, loadExistingNames, loadPreview, abandonPreview: preview.abandon, start, startDemo, reset,
  }
})
