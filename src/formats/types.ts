/**
 * The shapes every reader and dataset adapter produces. Readers turn one file into channels;
 * adapters turn a dataset folder into recordings with labels. Nothing here is preprocessed:
 * samples are in physical units at the file's own sampling rate.
 */
import { DATASET_KINDS, type DatasetKind, type SkippedItem } from '../contracts/import.js'

/** One channel of a signal file, described without reading its samples. */
export interface ChannelInfo {
  /** 0-based position among the file's channels (annotation channels are not counted). */
  readonly index: number
  readonly name: string
  /** Physical unit as the file states it ('mV', 'uV', '' when unknown). */
  readonly unit: string
  /** Sampling rate in Hz. */
  readonly fs: number
  /** Number of samples of this channel in the file. */
  readonly sampleCount: number
}

/** A time-stamped event, e.g. an EDF+ annotation that marks a trial. */
export interface TimedEvent {
  /** Seconds from the start of the recording. */
  readonly onsetS: number
  /** Seconds; 0 when the file gives none. */
  readonly durationS: number
  readonly text: string
}

/** A stretch of time with no data (EDF+D discontinuities). */
export interface RecordingGap {
  readonly startS: number
  readonly durationS: number
}

/**
 * An opened signal file. Opening reads only the header; samples are read per channel so that a
 * long many-channel recording never has to be held in memory whole.
 */
export interface SignalFile {
  readonly path: string
  readonly format: 'wfdb' | 'edf' | 'csv' | 'poly5' | 'mat' | 'spreadsheet'
  readonly channels: readonly ChannelInfo[]
  readonly events: readonly TimedEvent[]
  readonly gaps: readonly RecordingGap[]
  /** ISO 8601 start of the recording, when the file states it. */
  readonly startTime: string | undefined
  /** Non-fatal oddities worth telling the user (e.g. "header says 10 records, file holds 9"). */
  readonly warnings: readonly string[]
  /** Samples of one channel in physical units. Throws InputError on corrupt data. */
  readChannel(index: number): Promise<Float64Array>
}

/** A label value as found in the source: a score, a class name, or missing. */
export type LabelValue = number | string | null

/** The nominal range of a numeric label scale, e.g. AMIGOS arousal 1..9. */
export interface LabelScale {
  readonly min: number
  readonly max: number
}

/** Something the adapter did not import ("P09 trial 3", a file name), and why, for the import report. */
export type { SkippedItem }

/**
 * One ECG recording (a trial, a condition block, or a labelled time range of a file) of one
 * subject, with its labels. Samples are loaded lazily by `load`, in physical units, at `fs`.
 */
export interface RecordingRef {
  readonly subject: string
  /** Trial, video or condition identifier within the subject, unique per subject. */
  readonly trial: string
  readonly fs: number
  /** Name of the channel used, as the file calls it. */
  readonly channel: string
  readonly sampleCount: number
  /** Raw labels as the dataset gives them (not binarised; that is a training choice). */
  readonly labels: Readonly<Record<string, LabelValue>>
  /** Files this recording's samples and labels come from. */
  readonly sourceFiles: readonly string[]
  load(): Promise<Float64Array>
}

/** Everything an adapter found in a dataset folder or file. */
export interface DatasetScan {
  readonly kind: DatasetKind
  /** Recordings grouped by subject (all of one subject's recordings are adjacent). */
  readonly recordings: readonly RecordingRef[]
  readonly skipped: readonly SkippedItem[]
  /** Label names in display order, e.g. ['arousal', 'valence', 'dominance']. */
  readonly labelNames: readonly string[]
  readonly labelScales: Readonly<Record<string, LabelScale>>
  /** Facts the user must be told, e.g. "AMIGOS preprocessed ECG is 128 Hz; upsampled to 256 Hz". */
  readonly notes: readonly string[]
  /** Every file read, for provenance hashing. */
  readonly sourceFiles: readonly string[]
}

export { DATASET_KINDS }
export type { DatasetKind }

/** What every adapter accepts. Options that do not apply to a kind are ignored by it. */
export interface AdapterOptions {
  /** Folder or file the user pointed at. */
  readonly path: string
  /** Optional separate labels file (spreadsheet or CSV). */
  readonly labels?: string | undefined
  /** Channel by name (case-insensitive) or 0-based index. */
  readonly channel?: string | number | undefined
  /** Sampling rate in Hz, for formats that do not state it. */
  readonly fs?: number | undefined
  readonly signal?: AbortSignal | undefined
}

export type DatasetAdapter = (options: AdapterOptions) => Promise<DatasetScan>
