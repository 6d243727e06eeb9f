/**
 * Generic dataset adapters: a lab's own recordings as CSV/text, EDF/EDF+ or WFDB files — one
 * file or a folder searched recursively — plus an optional labels CSV (format in labels-csv.ts).
 *
 * - Subjects and trials: without labels, a file in a subfolder belongs to the subject named by
 *   the first folder level and its trial is the file's path below it without extension; a file
 *   directly in the dataset folder is its own subject (the file stem) with trial "recording".
 *   The labels CSV may rename both and cut files into time ranges (generic-plan.ts).
 * - Channel: `--channel`, else the ECG-named channel, else lead II, else the only channel
 *   (generic-channel.ts, through the kinds' channel rules in channel-rules.ts, which the channel
 *   preview asks too); the choice is reported in the notes.
 * - Files that cannot be read are skipped with the reader's reason; when nothing at all can be
 *   imported the first problem is thrown as an InputError.
 */
import { basename, extname } from 'node:path'
import { CancelledError, InputError, throwIfCancelled } from '../../common/input-error.js'
import { DATASET_KIND_INFO } from '../../contracts/dataset-kinds.js'
import { observedLabelScales, readLabelsCsv, type LabelsTable } from '../labels-csv.js'
import type { TextSignalFile } from '../text/index.js'
import type { AdapterOptions, DatasetAdapter, DatasetScan, RecordingRef, SignalFile, SkippedItem } from '../types.js'
import { chooseKindChannel, whyChosen } from './channel-rules.js'
import { filesOf, findDatasetFiles, openSignalFile, reasonOf, type DatasetFile, type GenericKind } from './generic-files.js'
import { ChannelLoader } from './generic-load.js'
import { listSome, planSegments, type OpenedFile, type Segment } from './generic-plan.js'
import { term } from '../../common/wording.js'

/** Tables of samples: CSV / plain text (`.csv`, `.tsv`, `.txt`), MATLAB `.mat` vectors and matrices, `.xlsx` sheets; `--fs` when the files do not state the rate. */
export const csvAdapter: DatasetAdapter = (options) => scanGeneric('csv', options)
/** EDF / EDF+ recordings (`.edf`); labels may refer to EDF+ annotations through `event`. */
export const edfAdapter: DatasetAdapter = (options) => scanGeneric('edf', options)
/** WFDB records (the `.hea` headers; their `.dat` files are read through them). */
export const wfdbAdapter: DatasetAdapter = (options) => scanGeneric('wfdb', options)

/** Scans a generic dataset of one kind (see the module comment). */
async function scanGeneric(kind: GenericKind, options: AdapterOptions): Promise<DatasetScan> {
  const { signal } = options
  const table = options.labels === undefined ? undefined : await readLabels(options.labels)
  const found = await findDatasetFiles(options.path, kind, options.labels === undefined ? [] : [options.labels], signal)

  const opened: OpenedFile[] = []
  const failed: DatasetFile[] = []
  const skipped: SkippedItem[] = []
  const errors: InputError[] = []
  const choices = new Map<string, string[]>()
  for (const file of found.files) {
    throwIfCancelled(signal)
    try {
      const signalFile = await openSignalFile(kind, file.path, { fs: options.fs, signal })
      const { channel, how } = chooseKindChannel(kind, options.channel, signalFile)
      if (isTextFile(signalFile) && signalFile.nanCounts[channel.index] === channel.sampleCount) {
        throw new InputError(`channel '${channel.name}' holds no numbers (every cell is empty or NaN); choose another channel with ${term('channel-flag')}.`, file.path)
      }
      opened.push({ ...file, signal: signalFile, channel })
      const choice = `'${channel.name}' (${whyChosen(kind, how)})`
      choices.set(choice, [...(choices.get(choice) ?? []), file.rel])
    } catch (error) {
      if (error instanceof CancelledError) throw error
      const inputError = error instanceof InputError ? error : new InputError(`the file could not be read (${String((error as Error)?.message ?? error)}).`, file.path)
      failed.push(file)
      skipped.push({ item: file.rel, reason: reasonOf(inputError, file.path) })
      errors.push(inputError)
    }
  }
  if (opened.length === 0) {
    const first = errors[0]
    if (first !== undefined && (found.single || errors.length === 1)) throw first
    throw new InputError(`none of the ${found.files.length} files could be imported; the first problem: ${skipped[0]?.item ?? ''}: ${skipped[0]?.reason ?? ''}`, options.path)
  }

  const plan = planSegments(opened, failed, table)
  skipped.push(...plan.skipped)
  if (plan.segments.length === 0) {
    throw new InputError(`no recording could be imported: ${skipped.map((s) => `${s.item}: ${s.reason}`)[0] ?? 'the labels file selects nothing'}`, options.path)
  }

  const loader = new ChannelLoader()
  const recordings = plan.segments.map((segment) => toRecording(segment, table, loader))
  const notes = [...channelNotes(choices), ...kindNotes(kind, options, opened), ...warningNotes(opened), ...plan.notes]
  const numeric = table?.labelNames.filter((name) => table.labelKinds[name] === 'number') ?? []
  if (table !== undefined && numeric.length > 0) {
    notes.push(`label ranges are the observed minimum and maximum of the imported rows of ${basename(table.path)}; the file states no nominal scale.`)
  }
  const used = new Set(plan.segments.map((s) => s.file))
  const sourceFiles = [...new Set([...opened.filter((f) => used.has(f)).flatMap((f) => filesOf(f.signal)), ...(table === undefined ? [] : [table.path])])]
  return {
    kind,
    recordings,
    skipped,
    labelNames: table?.labelNames ?? [],
    labelScales: table === undefined ? {} : observedLabelScales(table, plan.usedRows),
    notes,
    sourceFiles,
  }
}

async function readLabels(path: string): Promise<LabelsTable> {
  if (['.xlsx', '.xls', '.ods'].includes(extname(path).toLowerCase())) {
    throw new InputError('the csv, edf and wfdb importers read labels from a CSV file; save the sheet as CSV (comma or semicolon separated) and pass that file.', path)
  }
  return readLabelsCsv(path)
}

function isTextFile(file: SignalFile): file is TextSignalFile {
  return file.format === 'csv' && 'nanCounts' in file
}

function toRecording(segment: Segment, table: LabelsTable | undefined, loader: ChannelLoader): RecordingRef {
  const { file, start, end } = segment
  const index = file.channel.index
  loader.register(file.signal, index)
  return {
    subject: segment.subject,
    trial: segment.trial,
    fs: file.channel.fs,
    channel: file.channel.name,
    sampleCount: end - start,
    labels: segment.labels,
    sourceFiles: [...filesOf(file.signal), ...(segment.row !== undefined && table !== undefined ? [table.path] : [])],
    load: () => loader.load(file.signal, index, start, end),
  }
}

function channelNotes(choices: ReadonlyMap<string, string[]>): string[] {
  return [...choices].map(([choice, files]) => `channel used: ${choice} in ${files.length === 1 ? (files[0] ?? '') : `${files.length} files (${listSome(files, 5)})`}.`)
}

function kindNotes(kind: GenericKind, options: AdapterOptions, opened: readonly OpenedFile[]): string[] {
  if (!DATASET_KIND_INFO[kind].mayNeedRate) return options.fs === undefined ? [] : [`${term('fs-given', options.fs)} was ignored: ${kind.toUpperCase()} files state their own sampling rate.`]
  const fromTime = opened.filter((f) => isTextFile(f.signal) && f.signal.fsSource === 'time column').length
  return fromTime > 0 ? [`the sampling rate of ${fromTime} ${fromTime === 1 ? 'file' : 'files'} was derived from its time column (median time step); ${term('pass-fs')} if that is wrong.`] : []
}

/** Reader warnings, at most 50, each prefixed with its file. */
function warningNotes(opened: readonly OpenedFile[]): string[] {
  const all = opened.flatMap((f) => f.signal.warnings.map((w) => `${f.rel}: ${w}`))
  return all.length <= 50 ? all : [...all.slice(0, 50), `and ${all.length - 50} more reader warnings.`]
}
