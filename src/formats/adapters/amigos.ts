/**
 * AMIGOS adapter (preprocessed release): one `Data_Preprocessed_Pxx.mat` per participant holding
 * `joined_data` (1×20 cell of N×17 at 128 Hz; ECG right arm column 15, left arm 16, 1-based),
 * `labels_selfassessment` (1×20 cell of 1×12: arousal, valence, dominance, liking, familiarity,
 * then 7 basic emotions) and `VideoIDs` (see docs/DATASETS.md).
 *
 * Choices, for the import report:
 * - A trial without self-assessment labels (1×0) is imported with null labels and a note: its
 *   ECG still serves self-supervised pretraining, which needs no labels.
 * - NaN runs at the ends of a trial are trimmed; all-NaN, flat and empty trials are skipped; NaN
 *   inside a trial is kept for the pipeline to flag the windows it touches.
 * - One unreadable participant file is skipped with its reason; only when no trial at all can be
 *   imported is it an error.
 * - `--labels SelfAsessment.xlsx` (columns UserID, Rep_Index, valence, arousal, and any of
 *   dominance/liking/familiarity): UserID is read as the participant number (1 → P01) and
 *   Rep_Index as the 1-based position of the trial in the .mat cells (1..20, the order of
 *   joined_data and VideoIDs). Columns it has replace the .mat values for that trial; trials it
 *   lacks keep their .mat labels (both counted in a note).
 */
import { readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { InputError, throwIfCancelled } from '../../common/input-error.js'
import { describe as describeValue, getColumn, isEmpty, readMatFile, variable, type MatValue } from '../mat/index.js'
import { checkSignal, type SignalCheck } from '../mat/mat-signal.js'
import { findColumn, readSpreadsheet, type SheetCell } from '../spreadsheet.js'
import type { AdapterOptions, DatasetAdapter, DatasetScan, LabelValue, RecordingRef, SkippedItem } from '../types.js'
import { chooseKindChannel } from './channel-rules.js'

const COLUMNS = 17
const LABEL_NAMES = ['arousal', 'valence', 'dominance', 'liking', 'familiarity'] as const
type LabelName = (typeof LABEL_NAMES)[number]
type Labels = Record<LabelName, LabelValue>
const FILE_PATTERN = /^data_preprocessed_p(\d+)\.mat$/i
const WANTED = /^(joined_data|labels_selfassessment|VideoIDs)(\{\d+\})?$/
const TRIAL_PATH = /^joined_data\{(\d+)\}$/

interface Channel {
  /** 0-based column of joined_data. */
  readonly column: number
  readonly name: string
}

/** Imports the AMIGOS preprocessed release from a folder of Data_Preprocessed_Pxx.mat files. */
export const amigosAdapter: DatasetAdapter = async (options: AdapterOptions): Promise<DatasetScan> => {
  const chosen = chooseKindChannel('amigos', options.channel).channel
  const channel: Channel = { column: chosen.index, name: chosen.name }
  // The preprocessed release's rate (128 Hz), written with its channels in channel-rules.ts.
  const FS = chosen.fs
  const files = await findFiles(options.path)
  const sheet = options.labels === undefined ? undefined : await readLabelSheet(options.labels)
  const cache = new ColumnCache(channel)
  const recordings: RecordingRef[] = []
  const skipped: SkippedItem[] = [...files.duplicates]
  const unlabelled: string[] = []
  const trimmed: string[] = []
  const gappy: string[] = []
  let fromSheet = 0
  let notInSheet = 0

  for (const { file, participant } of files.found) {
    throwIfCancelled(options.signal)
    const subject = `P${String(participant).padStart(2, '0')}`
    let scan: FileScan
    try {
      scan = await scanFile(file, channel, options.signal)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      skipped.push({ item: subject, reason: error.message })
      continue
    }
    const trialNames = trialIds(scan.videoIds)
    scan.checks.forEach((check, t) => {
      const item = `${subject} trial ${t + 1}`
      if (!check.ok) {
        skipped.push({ item, reason: check.reason })
        return
      }
      let labels = scan.labels[t]
      const override = sheet?.rows.get(`${participant}:${t + 1}`)
      if (sheet !== undefined) {
        if (override === undefined) notInSheet++
        else fromSheet++
      }
      if (override !== undefined) labels = { ...(labels ?? nullLabels()), ...override }
      if (labels === undefined) unlabelled.push(item)
      if (check.trimmed > 0) trimmed.push(`${item} (${check.trimmed})`)
      if (check.gaps > 0) gappy.push(`${item} (${check.gaps})`)
      const { offset, count } = check
      recordings.push({
        subject,
        trial: trialNames[t] ?? `T${String(t + 1).padStart(2, '0')}`,
        fs: FS,
        channel: channel.name,
        sampleCount: count,
        labels: labels ?? nullLabels(),
        sourceFiles: sheet === undefined ? [file] : [file, sheet.path],
        load: () => cache.load(file, t, offset, count),
      })
    })
  }

  if (recordings.length === 0) {
    const reasons = skipped.slice(0, 3).map((s) => `${s.item}: ${s.reason}`).join('; ')
    throw new InputError(`no AMIGOS ECG trial could be imported from ${options.path} (${reasons}).`, options.path)
  }
  const notes = [
    `AMIGOS preprocessed ECG is ${FS} Hz; it will be upsampled to 256 Hz before windowing.`,
    `ECG channel: ${channel.name} (joined_data column ${channel.column + 1}); choose the other arm with channel '${channel.column === 14 ? 'left' : 'right'}'.`,
  ]
  if (unlabelled.length > 0) {
    notes.push(`${unlabelled.length} trial(s) have no self-assessment labels (${list(unlabelled)}); they are imported with empty labels for self-supervised pretraining only.`)
  }
  if (trimmed.length > 0) notes.push(`NaN samples at the start or end were cut off in ${list(trimmed)}.`)
  if (gappy.length > 0) notes.push(`Missing (NaN) samples inside ${list(gappy)} are bridged only for filtering; the windows they touch are flagged 'nan' and excluded by default.`)
  if (sheet !== undefined) {
    notes.push(`Labels from ${basename(sheet.path)} (sheet '${sheet.sheet}': ${sheet.columns.join(', ')}) replace the .mat labels for ${fromSheet} trial(s); ${notInSheet} trial(s) have no row there and keep the .mat labels.`)
  }
  const labelScales = Object.fromEntries(LABEL_NAMES.map((name) => [name, { min: 1, max: 9 }]))
  const sourceFiles = [...files.found.map((f) => f.file), ...(sheet === undefined ? [] : [sheet.path])]
  return { kind: 'amigos', recordings, skipped, labelNames: [...LABEL_NAMES], labelScales, notes, sourceFiles }
}

interface FoundFiles {
  readonly found: { file: string; participant: number }[]
  readonly duplicates: SkippedItem[]
}

/** Data_Preprocessed_Pxx.mat in the folder or in its subfolders (one level), matched case-insensitively. */
async function findFiles(path: string): Promise<FoundFiles> {
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) throw new InputError(`the AMIGOS folder ${path} does not exist; choose the folder holding Data_Preprocessed_P01.mat … P40.mat.`, path)
  const candidates: string[] = []
  if (info.isFile()) {
    candidates.push(path)
  } else {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name)
      if (entry.isFile()) candidates.push(full)
      else if (entry.isDirectory()) {
        const inner = await readdir(full, { withFileTypes: true }).catch(() => [])
        candidates.push(...inner.filter((e) => e.isFile()).map((e) => join(full, e.name)))
      }
    }
  }
  const found: { file: string; participant: number }[] = []
  const duplicates: SkippedItem[] = []
  for (const file of candidates) {
    const match = FILE_PATTERN.exec(basename(file))
    if (match === null) continue
    const participant = Number(match[1])
    const earlier = found.find((f) => f.participant === participant)
    if (earlier === undefined) found.push({ file, participant })
    else duplicates.push({ item: basename(file), reason: `a second copy of participant ${participant}; ${earlier.file} is used` })
  }
  if (found.length === 0) {
    throw new InputError(
      `no AMIGOS files named Data_Preprocessed_P01.mat … Data_Preprocessed_P40.mat were found in ${path} or its subfolders; point at the folder of the preprocessed AMIGOS release.`,
      path,
    )
  }
  found.sort((a, b) => a.participant - b.participant)
  return { found, duplicates }
}

interface FileScan {
  /** One check per joined_data cell, in trial order. */
  readonly checks: (SignalCheck | { ok: false; reason: string })[]
  readonly labels: (Labels | undefined)[]
  readonly videoIds: (string | undefined)[]
}

/** Reads one participant file, keeping only per-trial checks (the ECG itself is read again by load). */
async function scanFile(file: string, channel: Channel, signal: AbortSignal | undefined): Promise<FileScan> {
  const checks = new Map<number, FileScan['checks'][number]>()
  const mat = await readMatFile(file, {
    signal,
    select: (path) => WANTED.test(path),
    keep: (path, value) => {
      const match = TRIAL_PATH.exec(path)
      if (match === null) return true
      checks.set(Number(match[1]) - 1, checkTrial(value, path, channel, file))
      return false
    },
  })
  const joined = variable(mat, 'joined_data')
  if (joined.kind !== 'cell') {
    throw new InputError(`joined_data should be a 1×20 cell array of N×17 matrices but is ${describeValue(joined)}; check that this is an AMIGOS preprocessed file.`, file)
  }
  const count = joined.items.length
  const labelsVar = mat.variables.get('labels_selfassessment')
  const videoVar = mat.variables.get('VideoIDs')
  return {
    checks: Array.from({ length: count }, (_, t) => checks.get(t) ?? { ok: false, reason: `joined_data{${t + 1}} is not a numeric matrix` }),
    labels: Array.from({ length: count }, (_, t) => labelsAt(labelsVar, t)),
    videoIds: Array.from({ length: count }, (_, t) => videoIdAt(videoVar, t)),
  }
}

function checkTrial(value: MatValue, path: string, channel: Channel, file: string): FileScan['checks'][number] {
  if (isEmpty(value)) return { ok: false, reason: `the trial is empty (${value.dims.join('×')}): no data was recorded` }
  if (value.kind !== 'numeric' || value.dims.length !== 2 || value.dims[1] !== COLUMNS) {
    return { ok: false, reason: `${path} is ${describeValue(value)}, not N×${COLUMNS} (14 EEG, ECG right, ECG left, GSR)` }
  }
  return checkSignal(getColumn(value, channel.column, path, file), `the ${channel.name} column`)
}

function labelsAt(value: MatValue | undefined, t: number): Labels | undefined {
  const item = value?.kind === 'cell' ? value.items[t] : undefined
  if (item?.kind !== 'numeric' || item.real.length < LABEL_NAMES.length) return undefined
  const labels = nullLabels()
  LABEL_NAMES.forEach((name, i) => {
    const v = item.real[i] ?? Number.NaN
    labels[name] = Number.isFinite(v) ? v : null
  })
  return labels
}

function videoIdAt(value: MatValue | undefined, t: number): string | undefined {
  if (value === undefined) return undefined
  if (value.kind === 'cell') {
    const item = value.items[t]
    if (item?.kind === 'char') return item.text.trim() || undefined
    if (item?.kind === 'numeric' && item.real.length === 1) return String(item.real[0])
    return undefined
  }
  if (value.kind === 'char') return value.rows[t]?.trim() || undefined
  if (value.kind === 'numeric' && value.real.length > t) return String(value.real[t])
  return undefined
}

/** Video ids as trial names when every trial has a distinct one; otherwise T01…T20. */
function trialIds(videoIds: readonly (string | undefined)[]): (string | undefined)[] {
  const distinct = new Set(videoIds.filter((v) => v !== undefined))
  return distinct.size === videoIds.length ? [...videoIds] : videoIds.map(() => undefined)
}

function nullLabels(): Labels {
  return { arousal: null, valence: null, dominance: null, liking: null, familiarity: null }
}

function list(items: readonly string[]): string {
  return items.length <= 8 ? items.join(', ') : `${items.slice(0, 8).join(', ')} and ${items.length - 8} more`
}

/**
 * Loads one trial's ECG column. Import asks for recordings subject by subject, so the columns of
 * the last file read are kept (≈ 5 MB for a participant) and each file is parsed once.
 */
class ColumnCache {
  private file: string | undefined
  private columns: Promise<Map<number, Float64Array>> | undefined

  constructor(private readonly channel: Channel) {}

  async load(file: string, t: number, offset: number, count: number): Promise<Float64Array> {
    if (this.file !== file || this.columns === undefined) {
      this.file = file
      this.columns = this.read(file)
      this.columns.catch(() => {
        if (this.file === file) this.file = undefined
      })
    }
    const column = (await this.columns).get(t)
    if (column === undefined || column.length < offset + count) {
      throw new InputError(`the file changed since it was scanned (trial ${t + 1} is no longer there); import the dataset again.`, file)
    }
    return column.slice(offset, offset + count)
  }

  private async read(file: string): Promise<Map<number, Float64Array>> {
    const columns = new Map<number, Float64Array>()
    await readMatFile(file, {
      select: (path) => path === 'joined_data' || TRIAL_PATH.test(path),
      keep: (path, value) => {
        const match = TRIAL_PATH.exec(path)
        if (match !== null && value.kind === 'numeric' && value.dims[1] === COLUMNS) {
          columns.set(Number(match[1]) - 1, getColumn(value, this.channel.column, path, file))
        }
        return false
      },
    })
    return columns
  }
}

interface LabelSheet {
  readonly path: string
  readonly sheet: string
  readonly columns: LabelName[]
  /** Key `${participant}:${repIndex}`. */
  readonly rows: Map<string, Partial<Labels>>
}

/** Reads SelfAsessment.xlsx (see the header comment for how its columns are interpreted). */
async function readLabelSheet(path: string): Promise<LabelSheet> {
  const tables = await readSpreadsheet(path)
  for (const table of tables) {
    const user = findColumn(table.columns, 'UserID', 'User ID', 'Participant', 'ParticipantID')
    const rep = findColumn(table.columns, 'Rep_Index', 'RepIndex', 'Trial')
    if (user === undefined || rep === undefined) continue
    const labelColumns = LABEL_NAMES.map((name) => [name, findColumn(table.columns, name)] as const).filter((c): c is readonly [LabelName, string] => c[1] !== undefined)
    if (labelColumns.length === 0) continue
    const rows = new Map<string, Partial<Labels>>()
    for (const row of table.rows) {
      const participant = integerOf(row[user] ?? null)
      const index = integerOf(row[rep] ?? null)
      if (participant === undefined || index === undefined) continue
      rows.set(`${participant}:${index}`, Object.fromEntries(labelColumns.map(([name, column]) => [name, numberOf(row[column] ?? null)])))
    }
    return { path, sheet: table.sheet, columns: labelColumns.map(([name]) => name), rows }
  }
  throw new InputError(`the workbook has no sheet with UserID and Rep_Index columns plus valence or arousal; give the AMIGOS SelfAsessment.xlsx file.`, path)
}

/** 3, '3', 'P03' → 3. */
function integerOf(cell: SheetCell): number | undefined {
  const match = /(\d+)/.exec(String(cell ?? ''))
  return match === null ? undefined : Number(match[1])
}

function numberOf(cell: SheetCell): LabelValue {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null
  if (typeof cell === 'string' && cell.trim() !== '' && Number.isFinite(Number(cell))) return Number(cell)
  return null
}
