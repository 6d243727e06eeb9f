// The import wizard: the choices made step by step (each field checked as it is typed, by the
// engine's own rules), the channel and signal preview, the running import job (progress, cancel)
// and the summary with label balance.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { JobRef } from '@contracts/api.js'
import type { LabelBalance } from '@contracts/datasets.js'
import { ImportRequest, type ImportProgress, type ImportReport, type DatasetKind } from '@contracts/import.js'
import type { ChannelPreview } from '@contracts/preview.js'
import type { SignalPreview } from '@contracts/signal-preview.js'
import { call, onEvent } from '../api/client.js'
import { fieldProblem, nameProblemFor } from './field-checks.js'

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
  /** Names of the datasets already in the store (a new one must differ). */
  const existingNames = ref<string[]>([])
  /** '' = let the import choose; a number typed as text is an index. */
  const channel = ref('')
  /** The sampling rate as typed; `fs` is its value once it passes the check ('' = not given). */
  const fsText = ref('')
  const fs = ref<number | null>(null)
  const overlapPercent = ref<number | ''>(0)
  const keepFlagged = ref(false)

  const channels = shallowRef<ChannelPreview | null>(null)
  const signal = shallowRef<SignalPreview | null>(null)
  const previewError = ref<string | null>(null)
  const signalError = ref<string | null>(null)
  const previewLoading = ref(false)

  const jobId = ref<string | null>(null)
  const progress = shallowRef<ImportProgress | null>(null)
  const startedAt = ref<number | null>(null)
  const cancelling = ref(false)
  const failure = ref<string | null>(null)
  const cancelled = ref(false)
  const report = shallowRef<ImportReport | null>(null)
  const balance = shallowRef<LabelBalance[] | null>(null)
  const balanceNote = ref<string | null>(null)

  const channelOption = computed<string | number | undefined>(() => {
    const c = channel.value.trim()
    if (c === '') return undefined
    return /^\d+$/.test(c) ? Number(c) : c
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
    if (kind.value !== next) {
      abandonPreview()
      channels.value = null
      signal.value = null
    }
    kind.value = next
  }

  /** Uses a folder or file; suggests the dataset name from its last part. */
  function choosePath(next: string): void {
    abandonPreview()
    path.value = next
    channels.value = null
    signal.value = null
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
    try {
      existingNames.value = (await call('datasets:list', {})).map((d) => d.name)
    } catch {
      existingNames.value = []
    }
  }

  // Each preview request gets a number; an answer to an older one (the user went back or changed
  // the choice meanwhile) is dropped rather than shown for the wrong files.
  let previewSeq = 0

  /** Reads the channels and the first seconds of the ECG the import would take. */
  async function loadPreview(): Promise<void> {
    if (kind.value === null || path.value.trim() === '') return
    const seq = ++previewSeq
    const current = (): boolean => seq === previewSeq
    previewLoading.value = true
    previewError.value = null
    signalError.value = null
    channels.value = null
    signal.value = null
    const base = { kind: kind.value, path: path.value.trim(), ...(channelOption.value !== undefined && { channel: channelOption.value }), ...(fs.value !== null && { fs: fs.value }) }
    try {
      const found = await call('datasets:preview-channels', base)
      if (!current()) return
      channels.value = found
      if (found.chosen !== null) {
        try {
          const drawn = await call('datasets:preview-signal', { ...base, ...(labels.value.trim() !== '' && { labels: labels.value.trim() }), seconds: 10 })
          if (current()) signal.value = drawn
        } catch (e) {
          if (current()) signalError.value = (e as Error).message
        }
      }
    } catch (e) {
      if (current()) previewError.value = (e as Error).message
    } finally {
      if (current()) previewLoading.value = false
    }
  }

  /** Stops waiting for a preview (the answer, when it comes, is dropped). */
  function abandonPreview(): void {
    previewSeq++
    previewLoading.value = false
  }

  function beginJob(ref: JobRef): void {
    jobId.value = ref.jobId
    progress.value = null
    startedAt.value = Date.now()
    step.value = 'import'
  }

  /** Starts the import in its own process; a refused request stays on the settings step. */
  async function start(): Promise<void> {
    const req = request.value
    if (req === null || settingsProblem.value !== null) return
    failure.value = null
    cancelled.value = false
    report.value = null
    balance.value = null
    try {
      beginJob(await call('datasets:import', req))
    } catch (e) {
      failure.value = (e as Error).message
    }
  }

  /**
   * Builds and imports the synthetic demo dataset (src/demo) as a job like any import. Resolves
   * false when a dataset of that name is already there (nothing to wait for).
   */
  async function startDemo(): Promise<boolean> {
    failure.value = null
    cancelled.value = false
    report.value = null
    try {
      const started = await call('demo:start', {})
      name.value = started.dataset
      if (started.jobId === null) return false
      beginJob({ jobId: started.jobId })
      return true
    } catch (e) {
      failure.value = (e as Error).message
      return false
    }
  }

  /** Asks the running import to stop; the job answers with a "cancelled" event. */
  async function cancel(): Promise<void> {
    if (jobId.value === null) return
    cancelling.value = true
    try {
      await call('jobs:cancel', { jobId: jobId.value })
    } catch (e) {
      failure.value = (e as Error).message
      cancelling.value = false
    }
  }

  async function loadBalance(done: ImportReport): Promise<void> {
    balance.value = null
    balanceNote.value = null
    if (done.labelNames.length === 0) return
    try {
      balance.value = await call('datasets:label-balance', { name: done.dataset })
    } catch (e) {
      balanceNote.value = (e as Error).message
    }
  }

  onEvent('jobs:event', (event) => {
    if (event.jobId !== jobId.value) return
    if (event.type === 'progress') {
      progress.value = event.progress
      return
    }
    jobId.value = null
    cancelling.value = false
    if (event.type === 'done') {
      report.value = event.report
      step.value = 'summary'
      void loadBalance(event.report)
    } else {
      cancelled.value = event.cancelled
      failure.value = event.cancelled ? null : event.message
      step.value = 'options'
    }
  })

  /** Back to an empty wizard (after a summary, or to start over). */
  function reset(): void {
    abandonPreview()
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
    channels.value = null
    signal.value = null
    previewError.value = null
    signalError.value = null
    failure.value = null
    cancelled.value = false
    report.value = null
    balance.value = null
    balanceNote.value = null
    progress.value = null
  }

  return {
    step, kind, path, labels, name, nameSuggested, existingNames, channel, fsText, fs, overlapPercent, keepFlagged,
    channels, signal, previewError, signalError, previewLoading,
    jobId, progress, startedAt, cancelling, failure, cancelled, report, balance, balanceNote,
    request, channelOption, nameProblem, fsProblem, overlapProblem, settingsProblem,
    chooseKind, choosePath, typeName, typeFs, loadExistingNames, loadPreview, abandonPreview, start, startDemo, cancel, reset,
  }
})
