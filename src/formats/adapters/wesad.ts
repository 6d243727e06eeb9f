/**
 * WESAD adapter: turns the WESAD folder (SX/SX.pkl per subject, S2–S17 without S12) or one
 * subject's SX.pkl into recordings of the chest ECG, one per contiguous run of a study condition.
 *
 * Label scheme (WESAD readme: label at 700 Hz, 0 undefined, 1 baseline, 2 stress, 3 amusement,
 * 4 meditation, 5–7 to be ignored):
 *   condition: 'baseline' | 'stress' | 'amusement' | 'meditation' — the condition classes;
 *   stress:    1 for the stress condition, 0 for the others — the journal version's
 *              stress vs non-stress task.
 * Samples labelled 0 or 5–7 are not imported. Trials are named by condition ('baseline',
 * 'stress', 'amusement'); a condition that occurs more than once gets -1, -2, … in time order
 * ('meditation-1', 'meditation-2'). Runs shorter than 10 s are skipped with a reason.
 *
 * Memory: each pickle is parsed once, streamed, with the array bytes left in the file; only the
 * label array is read while scanning (then dropped), and the ECG of one subject is held while
 * that subject's recordings load in order.
 */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { findFiles } from '../find-files.js'
import { InputError, throwIfCancelled } from '../../common/input-error.js'
import { NdArray, pyGet, readPickleFile } from '../pickle/pickle.js'
import type { AdapterOptions, DatasetAdapter, DatasetScan, RecordingRef, SkippedItem } from '../types.js'
import { chooseKindChannel, fixedChannels, type FixedChannel } from './channel-rules.js'

/**
 * WESAD records every chest channel, and the label, at 700 Hz; the pickle does not state it. The
 * rate is written once, with the dataset's one ECG channel, in channel-rules.ts.
 */
export const WESAD_FS = (fixedChannels('wesad')?.[0] as FixedChannel).fs
const MIN_RUN_SECONDS = 10
const CONDITIONS: Readonly<Record<number, string>> = { 1: 'baseline', 2: 'stress', 3: 'amusement', 4: 'meditation' }
const SUBJECT_FILE = /^S(\d+)\.pkl$/i

interface Run {
  readonly code: number
  readonly start: number
  readonly end: number
}

interface SubjectFile {
  readonly path: string
  readonly subject: string
  readonly ecg: NdArray
  readonly runs: readonly Run[]
}

/** Scans a WESAD folder or one subject pickle. */
export const wesadAdapter: DatasetAdapter = async (options: AdapterOptions): Promise<DatasetScan> => {
  // The one ECG channel; a channel option that names another is refused, as the preview refuses it.
  const channel = chooseKindChannel('wesad', options.channel).channel.name
  const files = await findSubjectFiles(options.path)
  const single = files.length === 1 && files[0] === options.path
  const skipped: SkippedItem[] = []
  const subjects: SubjectFile[] = []
  let firstError: InputError | undefined
  for (const file of files) {
    throwIfCancelled(options.signal)
    try {
      const subject = await readSubject(file, options.signal)
      const twin = subjects.find((s) => s.subject === subject.subject)
      if (twin) skipped.push({ item: file, reason: `subject ${subject.subject} was already read from ${twin.path}` })
      else subjects.push(subject)
    } catch (error) {
      if (!(error instanceof InputError) || single) throw error
      firstError ??= error
      skipped.push({ item: basename(file), reason: error.reason })
    }
  }
  if (subjects.length === 0 && firstError) throw firstError

  // One ECG in memory at a time: recordings of a subject load in order and share it.
  let cache: { path: string; ecg: Promise<Float64Array> } | undefined
  const subjectEcg = (s: SubjectFile): Promise<Float64Array> => {
    if (cache?.path !== s.path) cache = { path: s.path, ecg: s.ecg.toFloat64(false) }
    return cache.ecg
  }

  const recordings: RecordingRef[] = []
  for (const s of subjects) {
    const counts = new Map<number, number>()
    for (const run of s.runs) counts.set(run.code, (counts.get(run.code) ?? 0) + 1)
    const seen = new Map<number, number>()
    for (const run of s.runs) {
      const condition = CONDITIONS[run.code] ?? String(run.code)
      const k = (seen.get(run.code) ?? 0) + 1
      seen.set(run.code, k)
      const trial = (counts.get(run.code) ?? 0) > 1 ? `${condition}-${k}` : condition
      const seconds = (run.end - run.start) / WESAD_FS
      if (seconds < MIN_RUN_SECONDS) {
        skipped.push({ item: `${s.subject} ${trial}`, reason: `the ${condition} run lasts ${seconds.toFixed(2)} s, shorter than ${MIN_RUN_SECONDS} s` })
        continue
      }
      recordings.push({
        subject: s.subject,
        trial,
        fs: WESAD_FS,
        channel,
        sampleCount: run.end - run.start,
        labels: { condition, stress: run.code === 2 ? 1 : 0 },
        sourceFiles: [s.path],
        load: async () => (await subjectEcg(s)).slice(run.start, run.end),
      })
    }
  }
  return {
    kind: 'wesad',
    recordings,
    skipped,
    labelNames: ['condition', 'stress'],
    labelScales: { stress: { min: 0, max: 1 } },
    notes: [
      `WESAD chest ECG (signal.chest.ECG) at ${WESAD_FS} Hz, the rate of the WESAD chest device; the pickle itself does not state it.`,
      'Recordings are the contiguous runs of the study conditions (label 1 baseline, 2 stress, 3 amusement, 4 meditation); samples labelled 0 (undefined) and 5–7 (to be ignored) are not imported.',
      "Labels: 'condition' is the condition class; 'stress' is 1 for the stress condition and 0 for the others (stress vs non-stress).",
    ],
    sourceFiles: subjects.map((s) => s.path),
  }
}

/** Parses one subject pickle, checks ECG and label, and finds the condition runs. */
async function readSubject(path: string, signal: AbortSignal | undefined): Promise<SubjectFile> {
  const value = await readPickleFile(path, { signal })
  const ecg = pyGet(value, 'signal', 'chest', 'ECG')
  if (!(ecg instanceof NdArray) || !ecg.dtype.numeric) {
    throw new InputError('the pickle has no numeric signal.chest.ECG array, so it is not a WESAD subject file; point the workbench at the WESAD folder or an SX/SX.pkl file.', path)
  }
  const n = ecg.shape[0] ?? 0
  if (ecg.size !== n || n === 0) {
    throw new InputError(`signal.chest.ECG has shape (${ecg.shape.join(', ')}), but WESAD stores one ECG column of samples (N, 1); the file is not a WESAD subject file.`, path)
  }
  const label = pyGet(value, 'label')
  if (!(label instanceof NdArray) || !label.dtype.numeric) {
    throw new InputError('the pickle has no numeric label array, so the conditions cannot be found; point the workbench at an unmodified WESAD SX.pkl file.', path)
  }
  if (label.size !== n) {
    throw new InputError(`the label array has ${label.size} samples but the chest ECG has ${n}; both must be at ${WESAD_FS} Hz with one label per ECG sample, so the file is damaged or not from WESAD.`, path)
  }
  const named = pyGet(value, 'subject')
  const subject = typeof named === 'string' && named.trim() !== '' ? named.trim() : basename(path).replace(/\.pkl$/i, '')
  return { path, subject, ecg, runs: findRuns(await label.toFloat64(false)) }
}

/** Contiguous runs of one label value in 1–4. */
function findRuns(labels: Float64Array): Run[] {
  const runs: Run[] = []
  let start = 0
  for (let i = 1; i <= labels.length; i++) {
    const code = labels[start] ?? 0
    if (i < labels.length && labels[i] === code) continue
    if (CONDITIONS[code] !== undefined) runs.push({ code, start, end: i })
    start = i
  }
  return runs
}

/** The pickles to read: the path itself when it is a file, else SX.pkl files up to three levels down. */
async function findSubjectFiles(path: string): Promise<string[]> {
  let info
  try {
    info = await stat(path)
  } catch {
    throw new InputError('the WESAD path does not exist; point the workbench at the WESAD folder or an SX.pkl file.', path)
  }
  if (info.isFile()) return [path]
  const found = await findFiles(path, (name) => SUBJECT_FILE.test(name), { maxDepth: 3 })
  if (found.length === 0) {
    throw new InputError('no WESAD subject files (S2/S2.pkl … S17/S17.pkl) were found in this folder; point the workbench at the unpacked WESAD folder.', path)
  }
  const number = (p: string): number => Number(SUBJECT_FILE.exec(basename(p))?.[1] ?? 0)
  return found.sort((a, b) => number(a) - number(b) || a.localeCompare(b))
}
