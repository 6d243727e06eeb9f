/**
 * DREAMER adapter: one `DREAMER.mat` holding a struct `DREAMER` with `Data` (1×23 cell of
 * subject structs), `ECG_SamplingRate` (256) and provenance fields. For subject s and clip k the
 * ECG is `Data{s}.ECG.stimuli{k}` (N×2, two leads) and the self-reports are
 * `Data{s}.ScoreValence(k)`, `ScoreArousal(k)`, `ScoreDominance(k)` on 1–5
 * (see docs/DATASETS.md).
 *
 * DREAMER.mat also holds every subject's EEG, so it is far larger than the ECG we need: it is
 * streamed with the reader's select/keep options, never loaded whole. The scan keeps only
 * per-clip checks; `load` re-reads the file for a batch of subjects at a time (bounded memory,
 * few passes), because import asks for recordings subject by subject.
 *
 * Choices: lead 1 (column 1 of stimuli{k}) is the default, because the release does not name or
 * rank its two leads and the first is the natural default; channel 1 / 'lead2' picks the other.
 * Baseline recordings (`ECG.baseline`) are not imported. Clips that are empty, all NaN or
 * flat are skipped and reported; NaN runs at the ends are trimmed; NaN gaps inside are left for the
 * pipeline to flag.
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { InputError, throwIfCancelled } from '../../common/input-error.js'
import { asNumber, describe as describeValue, field, getColumn, hasField, isEmpty, readMatFile, variable, type MatValue } from '../mat/index.js'
import { checkSignal, type SignalCheck } from '../mat/mat-signal.js'
import type { AdapterOptions, DatasetAdapter, DatasetScan, LabelValue, RecordingRef, SkippedItem } from '../types.js'
import { chooseKindChannel } from './channel-rules.js'

const LABELS = [
  ['arousal', 'ScoreArousal'],
  ['valence', 'ScoreValence'],
  ['dominance', 'ScoreDominance'],
] as const
/** Data{s} or Data(s), then the part of the subject struct the ECG import needs. */
const SUBJECT = String.raw`^DREAMER\.Data(?:\{(\d+)\}|\((\d+)\))`
const WANTED_IN_SUBJECT = new RegExp(`${SUBJECT}(\\.(ECG(\\.stimuli(\\{\\d+\\})?)?|ScoreArousal|ScoreValence|ScoreDominance))?$`)
const STIMULUS = new RegExp(`${SUBJECT}\\.ECG\\.stimuli\\{(\\d+)\\}$`)

export interface DreamerAdapterSettings {
  /** Most ECG samples `load` keeps in memory at once (one lead, 8 bytes each). Default 8 M (64 MB). */
  readonly loadBudgetSamples?: number
}

/** Makes a DREAMER adapter; `dreamerAdapter` uses the defaults. */
export function createDreamerAdapter(settings: DreamerAdapterSettings = {}): DatasetAdapter {
  const budget = settings.loadBudgetSamples ?? 8_000_000
  return async (options: AdapterOptions): Promise<DatasetScan> => {
    const lead = resolveLead(options.channel)
    const file = await findFile(options.path)
    const checks = new Map<string, SignalCheck>()
    throwIfCancelled(options.signal)
    const mat = await readMatFile(file, {
      signal: options.signal,
      select: (path) => !path.startsWith('DREAMER.Data') || path === 'DREAMER.Data' || WANTED_IN_SUBJECT.test(path),
      keep: (path, value) => {
        const clip = stimulusOf(path)
        if (clip === undefined) return true
        checks.set(`${clip.s}:${clip.k}`, checkClip(value, path, lead, file))
        return false
      },
    })
    const root = variable(mat, 'DREAMER')
    const subjects = subjectValues(field(root, 'Data', 'DREAMER', file), file)
    const fs = asNumber(field(root, 'ECG_SamplingRate', 'DREAMER', file), 'DREAMER.ECG_SamplingRate', file)
    if (!(fs > 0)) throw new InputError(`DREAMER.ECG_SamplingRate is ${fs}, not a sampling rate in Hz; check that this is the DREAMER release file.`, file)

    const cache = new LeadCache(file, lead, budget)
    const recordings: RecordingRef[] = []
    const skipped: SkippedItem[] = []
    const unlabelled: string[] = []
    const trimmed: string[] = []
    const gappy: string[] = []
    subjects.forEach((subjectValue, index) => {
      const s = index + 1
      const subject = `S${String(s).padStart(2, '0')}`
      const ecg = subjectValue.kind === 'struct' && hasField(subjectValue, 'ECG') ? field(subjectValue, 'ECG', subject, file) : undefined
      if (ecg === undefined || !hasField(ecg, 'stimuli')) {
        skipped.push({ item: subject, reason: `DREAMER.Data{${s}} is ${describeValue(subjectValue)} without ECG.stimuli, so it holds no ECG clips` })
        return
      }
      const clips = field(ecg, 'stimuli', `DREAMER.Data{${s}}.ECG`, file)
      if (clips.kind !== 'cell') {
        skipped.push({ item: subject, reason: `DREAMER.Data{${s}}.ECG.stimuli is ${describeValue(clips)}, not a cell array of clips` })
        return
      }
      for (let k = 1; k <= clips.items.length; k++) {
        const trial = `clip${String(k).padStart(2, '0')}`
        const item = `${subject} ${trial}`
        const check = checks.get(`${s}:${k}`) ?? { ok: false, reason: `DREAMER.Data{${s}}.ECG.stimuli{${k}} could not be read` }
        if (!check.ok) {
          skipped.push({ item, reason: check.reason })
          continue
        }
        const labels = Object.fromEntries(LABELS.map(([name, fieldName]) => [name, scoreAt(subjectValue, fieldName, k - 1)])) as Record<string, LabelValue>
        if (Object.values(labels).every((v) => v === null)) unlabelled.push(item)
        if (check.trimmed > 0) trimmed.push(`${item} (${check.trimmed})`)
        if (check.gaps > 0) gappy.push(`${item} (${check.gaps})`)
        cache.expect(s, k, check.offset + check.count + check.trimmed)
        const { offset, count } = check
        recordings.push({ subject, trial, fs, channel: lead.name, sampleCount: count, labels, sourceFiles: [file], load: () => cache.load(s, k, offset, count) })
      }
    })
    if (recordings.length === 0) {
      const reasons = skipped.slice(0, 3).map((x) => `${x.item}: ${x.reason}`).join('; ')
      throw new InputError(`no DREAMER ECG clip could be imported from ${file} (${reasons || 'DREAMER.Data is empty'}).`, file)
    }
    const notes = [
      `DREAMER ECG is ${fs} Hz (DREAMER.ECG_SamplingRate)${fs === 256 ? '' : '; it will be resampled to 256 Hz'}.`,
      `ECG channel: ${lead.name} (column ${lead.column + 1} of ECG.stimuli); choose the other lead with channel '${lead.column === 0 ? 'lead2' : 'lead1'}'.`,
      'Baseline recordings (ECG.baseline) are not imported; only the 18 film-clip recordings are.',
    ]
    if (unlabelled.length > 0) notes.push(`${unlabelled.length} clip(s) have no scores (${unlabelled.slice(0, 8).join(', ')}); they are imported with empty labels for self-supervised pretraining only.`)
    if (gappy.length > 0) notes.push(`Missing (NaN) samples inside ${gappy.slice(0, 8).join(', ')}${gappy.length > 8 ? ` and ${gappy.length - 8} more` : ''} are bridged only for filtering; the windows they touch are flagged 'nan' and excluded by default.`)
    if (trimmed.length > 0) notes.push(`NaN samples at the start or end were cut off in ${trimmed.slice(0, 8).join(', ')}${trimmed.length > 8 ? ` and ${trimmed.length - 8} more` : ''}.`)
    const labelScales = Object.fromEntries(LABELS.map(([name]) => [name, { min: 1, max: 5 }]))
    return { kind: 'dreamer', recordings, skipped, labelNames: LABELS.map(([name]) => name), labelScales, notes, sourceFiles: [file] }
  }
}

/** Imports DREAMER from DREAMER.mat (or the folder holding it). */
export const dreamerAdapter: DatasetAdapter = createDreamerAdapter()

interface Lead {
  /** 0-based column of stimuli{k}. */
  readonly column: number
  readonly name: string
}

/** undefined / 0 / 'lead1' → first column (default); 1 / 'lead2' → second (the rule is channel-rules.ts's). */
function resolveLead(channel: string | number | undefined): Lead {
  const chosen = chooseKindChannel('dreamer', channel).channel
  return { column: chosen.index, name: chosen.name }
}

/** DREAMER.mat itself, or the file of that name (any case) in the folder or one subfolder down. */
async function findFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) throw new InputError(`${path} does not exist; choose DREAMER.mat or the folder holding it.`, path)
  if (info.isFile()) return path
  const entries = await readdir(path, { withFileTypes: true })
  const direct = entries.find((e) => e.isFile() && e.name.toLowerCase() === 'dreamer.mat')
  if (direct !== undefined) return join(path, direct.name)
  for (const folder of entries.filter((e) => e.isDirectory())) {
    const inner = await readdir(join(path, folder.name), { withFileTypes: true }).catch(() => [])
    const found = inner.find((e) => e.isFile() && e.name.toLowerCase() === 'dreamer.mat')
    if (found !== undefined) return join(path, folder.name, found.name)
  }
  throw new InputError(`no DREAMER.mat was found in ${path} or its subfolders; choose the DREAMER.mat file of the DREAMER release.`, path)
}

function stimulusOf(path: string): { s: number; k: number } | undefined {
  const match = STIMULUS.exec(path)
  if (match === null) return undefined
  return { s: Number(match[1] ?? match[2]), k: Number(match[3]) }
}

function subjectValues(data: MatValue, file: string): readonly MatValue[] {
  if (data.kind === 'cell') return data.items
  if (data.kind === 'struct') return data.elements.map((e) => ({ kind: 'struct', dims: [1, 1], fieldNames: data.fieldNames, elements: [e] }))
  throw new InputError(`DREAMER.Data should be a 1×23 cell array of subject structs but is ${describeValue(data)}; check that this is the DREAMER release file.`, file)
}

function checkClip(value: MatValue, path: string, lead: Lead, file: string): SignalCheck {
  if (isEmpty(value)) return { ok: false, reason: `the clip is empty (${value.dims.join('×')}): no ECG was recorded` }
  if (value.kind !== 'numeric' || value.dims.length !== 2 || (value.dims[1] ?? 0) <= lead.column) {
    return { ok: false, reason: `${path} is ${describeValue(value)}, not N×2 (two ECG leads)` }
  }
  return checkSignal(getColumn(value, lead.column, path, file), `${lead.name}`)
}

function scoreAt(subject: MatValue, fieldName: string, index: number): LabelValue {
  if (!hasField(subject, fieldName) || subject.kind !== 'struct') return null
  const scores = subject.elements[0]?.[fieldName]
  const v = scores?.kind === 'numeric' ? scores.real[index] : undefined
  return v !== undefined && Number.isFinite(v) ? v : null
}

/**
 * Lead columns for a batch of subjects, read in one pass over the file. A batch starts at the
 * subject asked for and takes following subjects while their clips fit in the sample budget.
 */
class LeadCache {
  private readonly lengths = new Map<number, number>()
  private batch: Promise<Map<string, Float64Array>> | undefined
  private batchSubjects = new Set<number>()

  constructor(
    private readonly file: string,
    private readonly lead: Lead,
    private readonly budget: number,
  ) {}

  /** Records the raw length of an imported clip, to size batches. */
  expect(s: number, _k: number, length: number): void {
    this.lengths.set(s, (this.lengths.get(s) ?? 0) + length)
  }

  async load(s: number, k: number, offset: number, count: number): Promise<Float64Array> {
    const batch = this.batch !== undefined && this.batchSubjects.has(s) ? this.batch : this.startBatch(s)
    const column = (await batch).get(`${s}:${k}`)
    if (column === undefined || column.length < offset + count) {
      throw new InputError(`the file changed since it was scanned (subject ${s} clip ${k} is no longer there); import the dataset again.`, this.file)
    }
    return column.slice(offset, offset + count)
  }

  private startBatch(first: number): Promise<Map<string, Float64Array>> {
    const subjects = new Set<number>([first])
    let total = this.lengths.get(first) ?? 0
    const later = [...this.lengths.keys()].filter((s) => s > first).sort((a, b) => a - b)
    for (const s of later) {
      const size = this.lengths.get(s) ?? 0
      if (total + size > this.budget) break
      subjects.add(s)
      total += size
    }
    this.batchSubjects = subjects
    const batch = this.read(subjects)
    this.batch = batch
    batch.catch(() => {
      if (this.batch === batch) this.batch = undefined
    })
    return batch
  }

  private async read(subjects: ReadonlySet<number>): Promise<Map<string, Float64Array>> {
    const columns = new Map<string, Float64Array>()
    const subjectOf = (path: string): number | undefined => {
      const match = new RegExp(SUBJECT).exec(path)
      return match === null ? undefined : Number(match[1] ?? match[2])
    }
    await readMatFile(this.file, {
      select: (path) => {
        if (!path.startsWith('DREAMER.Data')) return path === 'DREAMER'
        if (path === 'DREAMER.Data') return true
        const s = subjectOf(path)
        return s !== undefined && subjects.has(s) && /^[^.]*\.Data[^.]*(\.ECG(\.stimuli(\{\d+\})?)?)?$/.test(path)
      },
      keep: (path, value) => {
        const clip = stimulusOf(path)
        if (clip === undefined) return true
        if (value.kind === 'numeric' && value.dims.length === 2 && (value.dims[1] ?? 0) > this.lead.column) {
          columns.set(`${clip.s}:${clip.k}`, getColumn(value, this.lead.column, path, this.file))
        }
        return false
      },
    })
    return columns
  }
}
