/**
 * The processing part of an import: subject by subject, filter every recording, compute the
 * subject's robust z-score statistics over all of them (METHOD §2), then cut and store windows.
 * Runs inside the import's transaction; holds one subject's filtered signals at most.
 */
import type Database from 'better-sqlite3'
import type { SkippedItem, SubjectCounts } from '../contracts/import.js'
import { throwIfCancelled } from '../common/input-error.js'
import type { LabelValue, RecordingRef } from '../formats/types.js'
import { cutWindows, filterRecording, robustSubjectStats, type FilteredRecording, type PreprocessParams } from '../signal/preprocess.js'
import { deleteSubject, insertRecording, insertSubject, setRecordingCounts } from '../store/recordings-repo.js'
import { WindowWriter } from '../store/windows-repo.js'
import type { ProgressThrottle } from './progress-throttle.js'

/** Running totals of an import. */
export interface ImportTotals {
  subjects: number
  recordings: number
  windows: number
  excluded: number
  flagged: number
  durationS: number
  readonly skipped: SkippedItem[]
  readonly perSubject: SubjectCounts[]
  readonly labelRanges: Record<string, { min: number; max: number }>
}

/** What the subject processor needs besides the recordings. */
export interface ProcessContext {
  readonly db: Database.Database
  readonly datasetId: number
  readonly params: PreprocessParams
  readonly keepFlagged: boolean
  readonly progress: ProgressThrottle
  readonly signal: AbortSignal | undefined
  /** Seconds of signal processed so far / in all, and recordings done, for progress. */
  readonly counter: { done: number; readonly total: number; recordings: number; readonly recordingsTotal: number }
}

/** Creates empty totals. */
export function emptyTotals(): ImportTotals {
  return { subjects: 0, recordings: 0, windows: 0, excluded: 0, flagged: 0, durationS: 0, skipped: [], perSubject: [], labelRanges: {} }
}

/** Groups recordings by subject code, keeping the order in which subjects first appear. */
export function groupBySubject(recordings: readonly RecordingRef[]): Map<string, RecordingRef[]> {
  const groups = new Map<string, RecordingRef[]>()
  for (const rec of recordings) {
    const list = groups.get(rec.subject)
    if (list === undefined) groups.set(rec.subject, [rec])
    else list.push(rec)
  }
  return groups
}

interface Prepared {
  readonly rec: RecordingRef
  readonly durationS: number
  readonly sampleCount: number
  filtered: FilteredRecording | undefined
}

/** Lets pending events (Ctrl-C, a UI's cancel) run between long synchronous steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** A recording's length in seconds as its adapter states it (0 when unknown), for progress. */
export function nominalSeconds(rec: RecordingRef): number {
  return rec.fs > 0 && Number.isFinite(rec.fs) && rec.sampleCount > 0 ? rec.sampleCount / rec.fs : 0
}

function itemName(rec: RecordingRef): string {
  return `${rec.subject} trial ${rec.trial}`
}

function formatSeconds(s: number): string {
  return `${Number(s.toFixed(1))} s`
}

/** Loads and filters one recording, or returns the reason it has to be skipped. */
async function prepareRecording(rec: RecordingRef, params: PreprocessParams): Promise<Prepared | string> {
  if (!Number.isFinite(rec.fs) || rec.fs <= 0) return `its sampling rate is not a positive number (${rec.fs} Hz)`
  const windowText = `one ${params.windowSeconds} s window`
  if (rec.sampleCount > 0 && rec.sampleCount / rec.fs < params.windowSeconds) {
    return `shorter than ${windowText} (${formatSeconds(rec.sampleCount / rec.fs)})`
  }
  const raw = await rec.load()
  const durationS = raw.length / rec.fs
  if (raw.length === 0) return 'it holds no samples'
  if (durationS < params.windowSeconds) return `shorter than ${windowText} (${formatSeconds(durationS)})`
  let finite = 0
  for (let i = 0; i < raw.length; i++) if (Number.isFinite(raw[i])) finite++
  if (finite === 0) return 'all samples are missing (NaN)'
  let filtered: FilteredRecording
  try {
    filtered = filterRecording(raw, rec.fs, params)
  } catch (err) {
    // filterRecording refuses (plain Error) a signal shorter than the zero-phase filter's padding.
    if (err instanceof Error && err.message.startsWith('the recording is too short to filter')) return err.message
    throw err
  }
  return { rec, durationS, sampleCount: raw.length, filtered }
}

function addLabelRanges(ranges: ImportTotals['labelRanges'], labels: Readonly<Record<string, LabelValue>>): void {
  for (const [name, value] of Object.entries(labels)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue
    const r = ranges[name]
    if (r === undefined) ranges[name] = { min: value, max: value }
    else {
      r.min = Math.min(r.min, value)
      r.max = Math.max(r.max, value)
    }
  }
}

/**
 * Processes all recordings of one subject and stores its subject row, recordings and windows.
 * Skipped recordings are added to `totals.skipped`; a subject with nothing usable stores nothing.
 */
export async function processSubject(code: string, recordings: readonly RecordingRef[], ctx: ProcessContext, writer: WindowWriter, totals: ImportTotals): Promise<void> {
  const { params } = ctx
  const prepared: Prepared[] = []
  const seenTrials = new Set<string>()
  for (const rec of recordings) {
    throwIfCancelled(ctx.signal)
    ctx.progress.emit({ phase: 'processing', done: ctx.counter.done, total: ctx.counter.total, unit: 'seconds', message: `recording ${ctx.counter.recordings + 1}/${ctx.counter.recordingsTotal}: ${itemName(rec)}` })
    if (seenTrials.has(rec.trial)) {
      totals.skipped.push({ item: itemName(rec), reason: 'the same subject and trial appear twice; only the first was imported' })
    } else {
      seenTrials.add(rec.trial)
      const result = await prepareRecording(rec, params)
      if (typeof result === 'string') totals.skipped.push({ item: itemName(rec), reason: result })
      else prepared.push(result)
    }
    ctx.counter.done += nominalSeconds(rec)
    ctx.counter.recordings++
    await yieldToEventLoop()
    throwIfCancelled(ctx.signal)
  }
  if (prepared.length === 0) return

  const stats = robustSubjectStats(prepared.map((p) => p.filtered as FilteredRecording), params)
  if (!Number.isFinite(stats.mean) || !Number.isFinite(stats.sd) || stats.sd <= 0) {
    for (const p of prepared) totals.skipped.push({ item: itemName(p.rec), reason: `subject ${code} has no usable signal to normalise (flat or missing everywhere)` })
    return
  }
  const subjectId = insertSubject(ctx.db, { datasetId: ctx.datasetId, code, zscoreMean: stats.mean, zscoreSd: stats.sd, zscoreSamples: stats.sampleCount })
  const counts: SubjectCounts = { subject: code, recordings: 0, windows: 0, excluded: 0, flagged: 0 }

  for (const p of prepared) {
    throwIfCancelled(ctx.signal)
    const filtered = p.filtered as FilteredRecording
    p.filtered = undefined // let the signal be collected once its windows are stored
    const windows = cutWindows(filtered, stats, params)
    if (windows.length === 0) {
      totals.skipped.push({ item: itemName(p.rec), reason: `shorter than one ${params.windowSeconds} s window after resampling (${formatSeconds(p.durationS)})` })
      continue
    }
    const recordingId = insertRecording(ctx.db, {
      datasetId: ctx.datasetId, subjectId, trial: p.rec.trial, channel: p.rec.channel, fsOriginal: p.rec.fs,
      sampleCount: p.sampleCount, durationS: p.durationS, labels: p.rec.labels, sourceFiles: p.rec.sourceFiles,
    })
    const labelsJson = JSON.stringify(p.rec.labels)
    let excluded = 0
    for (const w of windows) {
      const flagged = w.quality !== 'ok'
      const isExcluded = flagged && !ctx.keepFlagged
      if (flagged) {
        totals.flagged++
        counts.flagged++
      }
      if (isExcluded) excluded++
      writer.insert({ recordingId, subjectId, trial: p.rec.trial, startS: w.startS, labelsJson, quality: w.quality, excluded: isExcluded, samples: w.samples })
    }
    setRecordingCounts(ctx.db, recordingId, windows.length, excluded)
    counts.recordings++
    counts.windows += windows.length
    counts.excluded += excluded
    totals.durationS += p.durationS
    addLabelRanges(totals.labelRanges, p.rec.labels)
    ctx.progress.emit({ phase: 'processing', done: ctx.counter.done, total: ctx.counter.total, unit: 'seconds', message: `${writer.count} windows stored` })
    await yieldToEventLoop()
  }
  if (counts.recordings === 0) {
    deleteSubject(ctx.db, subjectId)
    return
  }
  totals.subjects++
  totals.recordings += counts.recordings
  totals.windows += counts.windows
  totals.excluded += counts.excluded
  totals.perSubject.push(counts)
}
