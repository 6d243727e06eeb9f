/**
 * Turns the opened files of a generic dataset and an optional labels CSV into recordings: which
 * file, which stretch of samples, which subject and trial, which labels — and what was skipped.
 *
 * Rules (see labels-csv.ts for the file format):
 * - Without labels every file is one recording.
 * - A row with `file` selects that file; a row with only `subject` (and `trial`) selects the
 *   files whose default subject (and trial) match. The row's subject and trial, when given,
 *   name the recording.
 * - `start_s`/`end_s` or `event` narrow the recording to a time range; an event that occurs
 *   several times gives one recording per occurrence. Times count from the first sample; in
 *   EDF+D files, time inside gaps is removed before converting to sample numbers.
 * - Files no row selects are imported without labels (useful for self-supervised pretraining)
 *   and listed in a note; rows that select nothing, or a range beyond the recording, are skipped.
 */
import { basename, extname } from 'node:path'
import { labelRowItem, type LabelRow, type LabelsTable } from '../labels-csv.js'
import type { ChannelInfo, LabelValue, RecordingGap, SignalFile, SkippedItem } from '../types.js'
import type { DatasetFile } from './generic-files.js'

export interface OpenedFile extends DatasetFile {
  readonly signal: SignalFile
  readonly channel: ChannelInfo
}

/** One recording to import: samples [start, end) of a file's chosen channel. */
export interface Segment {
  readonly file: OpenedFile
  readonly subject: string
  readonly trial: string
  readonly start: number
  readonly end: number
  readonly labels: Readonly<Record<string, LabelValue>>
  readonly row: LabelRow | undefined
}

export interface Plan {
  readonly segments: readonly Segment[]
  readonly skipped: readonly SkippedItem[]
  readonly notes: readonly string[]
  /** Label rows that produced at least one recording. */
  readonly usedRows: readonly LabelRow[]
}

/** A list for a note: the first `max` items, then "and N more". */
export function listSome(items: readonly string[], max = 20): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}

/** Plans the recordings (see the module comment). `failed` are files that could not be opened. */
export function planSegments(files: readonly OpenedFile[], failed: readonly DatasetFile[], table: LabelsTable | undefined): Plan {
  if (table === undefined) {
    const segments = files.map((file) => ({ file, subject: file.subject, trial: file.trial, start: 0, end: file.channel.sampleCount, labels: {}, row: undefined }))
    return { segments: sortSegments(segments, files), skipped: [], notes: [], usedRows: [] }
  }
  const segments: Segment[] = []
  const skipped: SkippedItem[] = []
  const notes: string[] = []
  const usedRows: LabelRow[] = []
  const targeted = new Set<OpenedFile>()
  const taken = new Map<string, number>()

  for (const row of table.rows) {
    const item = labelRowItem(table, row)
    const selection = selectFiles(row, files, failed)
    if (typeof selection === 'string') {
      skipped.push({ item, reason: selection })
      continue
    }
    let produced = false
    for (const file of selection) {
      targeted.add(file)
      const ranges = rangesFor(row, file)
      if (typeof ranges === 'string') {
        skipped.push({ item, reason: ranges })
        continue
      }
      if (ranges.length > 1) notes.push(`${item}: event "${row.event ?? ''}" occurs ${ranges.length} times in ${file.rel}; each occurrence is imported as its own recording.`)
      ranges.forEach((range, k) => {
        const what = ranges.length > 1 ? `${item} (occurrence ${k + 1})` : item
        if (typeof range === 'string') {
          skipped.push({ item: what, reason: range })
          return
        }
        const subject = row.subject ?? file.subject
        const trial = trialName(row, file, range, ranges.length > 1 ? k + 1 : undefined)
        const key = `${subject}\u0000${trial}`
        const earlier = taken.get(key)
        if (earlier !== undefined) {
          skipped.push({ item: what, reason: `subject "${subject}" trial "${trial}" is already defined by line ${earlier}; give the rows different trials or time ranges.` })
          return
        }
        taken.set(key, row.line)
        segments.push({ file, subject, trial, start: range.start, end: range.end, labels: row.labels, row })
        produced = true
      })
    }
    if (produced) usedRows.push(row)
  }

  const unlabeled = files.filter((file) => !targeted.has(file))
  const empty = Object.fromEntries(table.labelNames.map((name) => [name, null]))
  for (const file of unlabeled) {
    const key = `${file.subject}\u0000${file.trial}`
    if (taken.has(key)) {
      skipped.push({ item: file.rel, reason: `it has no row in ${basename(table.path)}, and subject "${file.subject}" trial "${file.trial}" is already used by line ${taken.get(key) ?? 0}.` })
      continue
    }
    segments.push({ file, subject: file.subject, trial: file.trial, start: 0, end: file.channel.sampleCount, labels: empty, row: undefined })
  }
  if (unlabeled.length > 0) {
    notes.push(
      `${unlabeled.length} ${unlabeled.length === 1 ? 'file has' : 'files have'} no row in ${basename(table.path)} and ${unlabeled.length === 1 ? 'was' : 'were'} imported without labels (usable for self-supervised pretraining): ${listSome(unlabeled.map((f) => f.rel))}.`,
    )
  }
  return { segments: sortSegments(segments, files), skipped, notes, usedRows }
}

/** All of a subject's recordings adjacent; within a subject, file order then time. */
function sortSegments(segments: Segment[], files: readonly OpenedFile[]): Segment[] {
  const order = new Map(files.map((f, i) => [f, i]))
  return segments.sort(
    (a, b) => a.subject.localeCompare(b.subject, 'en', { numeric: true }) || (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.start - b.start,
  )
}

const lower = (s: string): string => s.trim().toLowerCase()
const withoutExt = (s: string): string => s.slice(0, s.length - extname(s).length)

/** The files a row selects, or the reason it selects none. */
function selectFiles(row: LabelRow, files: readonly OpenedFile[], failed: readonly DatasetFile[]): readonly OpenedFile[] | string {
  if (row.file !== undefined) {
    const wanted = row.file
    const found = matchFile(wanted, files)
    if (found.length === 1) return found
    if (found.length > 1) return `file "${wanted}" matches several files (${listSome(found.map((f) => f.rel), 5)}); give its path relative to the dataset folder.`
    const broken = matchFile(wanted, failed)
    if (broken.length > 0) return `file "${wanted}" could not be read (see its own entry in this list).`
    return `file "${wanted}" not found in the dataset folder.`
  }
  const subject = lower(row.subject ?? '')
  const trial = row.trial === undefined ? undefined : lower(row.trial)
  const found = files.filter((f) => lower(f.subject) === subject && (trial === undefined || lower(f.trial) === trial))
  if (found.length > 0) return found
  const what = `subject "${row.subject ?? ''}"${row.trial === undefined ? '' : ` trial "${row.trial}"`}`
  if (failed.some((f) => lower(f.subject) === subject)) return `the files of ${what} could not be read (see their own entries in this list).`
  return `no file of ${what} in the dataset folder (subjects are the first folder level, or the file names in a flat folder).`
}

/**
 * Files matching a `file` cell, case-insensitively: the relative path (extension optional), or —
 * when the cell is a bare name — the file name or stem anywhere in the folder.
 */
function matchFile<T extends DatasetFile>(cell: string, files: readonly T[]): T[] {
  const key = lower(cell.replace(/\\/g, '/').replace(/^\.\//, ''))
  const keyStem = withoutExt(key)
  const byPath = files.filter((f) => {
    const rel = lower(f.rel)
    return rel === key || withoutExt(rel) === keyStem || lower(f.path.replace(/\\/g, '/')) === key
  })
  if (byPath.length > 0 || key.includes('/')) return byPath
  return files.filter((f) => lower(basename(f.rel)) === key || lower(f.stem) === keyStem)
}

interface SampleRange {
  readonly start: number
  readonly end: number
  readonly startS: number
  readonly endS: number
  /** True when the row gave a range (not the whole recording). */
  readonly partial: boolean
}

/** The sample ranges a row selects in a file (one per event occurrence), or why none. */
function rangesFor(row: LabelRow, file: OpenedFile): (SampleRange | string)[] | string {
  const { fs, sampleCount } = file.channel
  const gaps = file.signal.gaps
  const wallEnd = sampleCount / fs + gaps.reduce((sum, g) => sum + g.durationS, 0)
  if (row.event !== undefined) {
    const wanted = lower(row.event)
    const events = file.signal.events
    const matches = events.filter((e) => lower(e.text) === wanted)
    if (matches.length === 0) {
      if (events.length === 0) return `${file.rel} has no annotations, so event "${row.event}" cannot be found.`
      const texts = [...new Set(events.map((e) => e.text))]
      return `no annotation "${row.event}" in ${file.rel} (it has: ${listSome(texts.map((t) => `"${t}"`), 10)}).`
    }
    return matches.map((event) => {
      const next = events.find((e) => e.onsetS > event.onsetS)
      const eventEnd = event.durationS > 0 ? event.onsetS + event.durationS : (next?.onsetS ?? wallEnd)
      const startS = event.onsetS + (row.startS ?? 0)
      const endS = row.endS !== undefined ? event.onsetS + row.endS : eventEnd
      return toSamples(startS, endS, true, fs, sampleCount, gaps, wallEnd, file.rel)
    })
  }
  const partial = row.startS !== undefined || row.endS !== undefined
  const range = toSamples(row.startS ?? 0, row.endS ?? wallEnd, partial, fs, sampleCount, gaps, wallEnd, file.rel)
  return typeof range === 'string' ? range : [range]
}

function toSamples(
  startS: number,
  endS: number,
  partial: boolean,
  fs: number,
  sampleCount: number,
  gaps: readonly RecordingGap[],
  wallEnd: number,
  rel: string,
): SampleRange | string {
  const length = `${rel} lasts ${seconds(wallEnd)} s`
  if (startS < 0) return `the range starts at ${seconds(startS)} s, before the recording starts; fix start_s.`
  const start = Math.round(sampleTime(startS, gaps) * fs)
  let end = Math.round(sampleTime(endS, gaps) * fs)
  if (start >= sampleCount) return `the range ${seconds(startS)}–${seconds(endS)} s starts after the end of the recording (${length}).`
  // One sample of slack for rounding; more is a range beyond the recording.
  if (end > sampleCount + 1) return `the range ${seconds(startS)}–${seconds(endS)} s ends after the end of the recording (${length}).`
  end = Math.min(end, sampleCount)
  if (end <= start) return `the range ${seconds(startS)}–${seconds(endS)} s holds no samples.`
  return { start, end, startS, endS, partial }
}

/** Wall-clock seconds from the first sample → seconds of samples, removing EDF+D gaps before t. */
function sampleTime(t: number, gaps: readonly RecordingGap[]): number {
  let removed = 0
  for (const gap of gaps) {
    if (gap.startS >= t) break
    // A time inside a gap maps to the first sample after it.
    removed += Math.min(gap.durationS, t - gap.startS)
  }
  return t - removed
}

function seconds(t: number): string {
  return String(Number(t.toFixed(3)))
}

function trialName(row: LabelRow, file: OpenedFile, range: SampleRange, occurrence: number | undefined): string {
  const suffix = occurrence === undefined ? '' : ` #${occurrence}`
  if (row.trial !== undefined) return `${row.trial}${suffix}`
  const base = file.trial === 'recording' ? '' : file.trial
  const what = row.event !== undefined ? row.event : range.partial ? `${seconds(range.startS)}-${seconds(range.endS)} s` : ''
  const name = [base, what].filter((s) => s !== '').join(' ')
  return `${name === '' ? 'recording' : name}${suffix}`
}
