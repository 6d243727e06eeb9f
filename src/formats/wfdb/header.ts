/**
 * Parser for WFDB `.hea` header files (PhysioNet). Layout from the WFDB header(5) manual page,
 * as summarised in docs/DATASETS.md:
 *
 *   record line: name[/nseg] nsig [fs[/counterfreq][(basecount)] [nsamp [basetime [basedate]]]]
 *   signal line: file fmt[xspf][:skew][+offset] [gain[(baseline)][/units] [adcres [adczero
 *                [initval [checksum [blocksize [description…]]]]]]]
 *
 * `#` lines are comments (they may appear anywhere, also before the record line) and blank lines
 * are ignored. Trailing fields are optional and take the WFDB library's defaults.
 */
import { InputError } from '../../common/input-error.js'

/** WFDB's default sampling frequency when the record line gives none (wfdb DEFFREQ). */
export const WFDB_DEFAULT_FS = 250
/** WFDB's default gain in ADC units per physical unit, also used when the header says 0 (DEFGAIN). */
export const WFDB_DEFAULT_GAIN = 200
/** Highest sampling rate we accept; anything above is a typo or a corrupt header, not an ECG. */
const MAX_FS = 1_000_000

/** One signal line of a header. */
export interface WfdbSignalSpec {
  /** Data file name as written in the header (relative to the header's folder). */
  readonly file: string
  /** Storage format number (16, 212, …). */
  readonly format: number
  /** Samples of this signal per frame (the `xspf` suffix; 1 when absent). */
  readonly samplesPerFrame: number
  /** Skew in frames (`:skew`; 0 when absent). */
  readonly skew: number
  /** Bytes to skip at the start of the data file (`+offset`; 0 when absent). */
  readonly byteOffset: number
  /** ADC units per physical unit (0 in the file is replaced by the WFDB default 200). */
  readonly gain: number
  /** Digital value that corresponds to physical 0 (defaults to adcZero). */
  readonly baseline: number
  readonly units: string
  readonly adcResolution: number
  readonly adcZero: number
  readonly initialValue: number
  /** 16-bit checksum of all samples of the signal, when the header gives one. */
  readonly checksum: number | undefined
  readonly blockSize: number
  readonly description: string
}

/** A parsed single-segment WFDB header. */
export interface WfdbHeader {
  readonly recordName: string
  /** Frame rate in Hz (a signal's own rate is fs × its samplesPerFrame). */
  readonly fs: number
  readonly counterFrequency: number | undefined
  readonly baseCounter: number
  /** Frames per signal, when the header states it. */
  readonly sampleCount: number | undefined
  /** `hh:mm:ss[.sss]` as written, when present. */
  readonly baseTime: string | undefined
  /** `dd/mm/yyyy` as written, when present. */
  readonly baseDate: string | undefined
  readonly signals: readonly WfdbSignalSpec[]
  /** Text of the `#` comment lines, without the `#`. */
  readonly comments: readonly string[]
}

const INT = /^[+-]?\d+$/
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

function toInt(token: string, what: string, file: string): number {
  if (!INT.test(token)) {
    throw new InputError(`the ${what} "${token}" in the WFDB header is not a whole number; the header is damaged or is not a WFDB header.`, file)
  }
  return Number.parseInt(token, 10)
}

function toNum(token: string, what: string, file: string): number {
  if (!NUM.test(token)) {
    throw new InputError(`the ${what} "${token}" in the WFDB header is not a number; the header is damaged or is not a WFDB header.`, file)
  }
  return Number.parseFloat(token)
}

/** Parses `fs[/counterfreq][(basecount)]`. */
function parseFrequency(token: string, file: string): { fs: number; counterFrequency: number | undefined; baseCounter: number } {
  const m = /^([^/(]+)(?:\/([^(]+))?(?:\(([^)]*)\))?$/.exec(token)
  if (m === null || m[1] === undefined) {
    throw new InputError(`the sampling frequency "${token}" in the WFDB header cannot be read; the header is damaged or is not a WFDB header.`, file)
  }
  const fs = toNum(m[1], 'sampling frequency', file)
  if (!(fs > 0) || fs > MAX_FS) {
    throw new InputError(`the sampling frequency ${m[1]} Hz in the WFDB header is not plausible (it must be above 0 and at most 1 MHz); fix the record line of the header.`, file)
  }
  const counterFrequency = m[2] === undefined ? undefined : toNum(m[2], 'counter frequency', file)
  const baseCounter = m[3] === undefined ? 0 : toNum(m[3], 'base counter value', file)
  return { fs, counterFrequency, baseCounter }
}

/** Parses `fmt[xspf][:skew][+offset]`. */
function parseFormatField(token: string, file: string): Pick<WfdbSignalSpec, 'format' | 'samplesPerFrame' | 'skew' | 'byteOffset'> {
  const m = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/.exec(token)
  if (m === null || m[1] === undefined) {
    throw new InputError(`the storage format field "${token}" of a signal line in the WFDB header cannot be read; the header is damaged or is not a WFDB header.`, file)
  }
  const samplesPerFrame = m[2] === undefined ? 1 : Number.parseInt(m[2], 10)
  if (samplesPerFrame < 1) {
    throw new InputError(`the signal line with format field "${token}" says 0 samples per frame; fix the header.`, file)
  }
  return {
    format: Number.parseInt(m[1], 10),
    samplesPerFrame,
    skew: m[3] === undefined ? 0 : Number.parseInt(m[3], 10),
    byteOffset: m[4] === undefined ? 0 : Number.parseInt(m[4], 10),
  }
}

/** Parses `gain[(baseline)][/units]`; baseline undefined means "use adczero". */
function parseGainField(token: string, file: string): { gain: number; baseline: number | undefined; units: string } {
  const m = /^([^(/]+)(?:\(([^)]*)\))?(?:\/(.*))?$/.exec(token)
  if (m === null || m[1] === undefined) {
    throw new InputError(`the gain field "${token}" of a signal line in the WFDB header cannot be read; the header is damaged or is not a WFDB header.`, file)
  }
  const raw = toNum(m[1], 'gain', file)
  // A negative gain is allowed: it marks an inverted lead, and (d − baseline)/gain turns it upright.
  if (!Number.isFinite(raw)) {
    throw new InputError(`the gain ${m[1]} in the WFDB header is not finite; fix the signal line of the header.`, file)
  }
  return {
    // WFDB convention: a gain of 0 means "uncalibrated", and the library then uses DEFGAIN.
    gain: raw === 0 ? WFDB_DEFAULT_GAIN : raw,
    baseline: m[2] === undefined ? undefined : toInt(m[2], 'baseline', file),
    units: m[3] === undefined || m[3] === '' ? 'mV' : m[3],
  }
}

function defaultResolution(format: number): number {
  // Bits per sample for each storage format, the WFDB default for adcres.
  switch (format) {
    case 80: return 8
    case 212: return 12
    case 310: case 311: return 10
    case 24: return 24
    case 32: return 32
    default: return 16
  }
}

function parseSignalLine(tokens: string[], index: number, file: string): WfdbSignalSpec {
  const [name, fmt, gainTok, resTok, zeroTok, initTok, sumTok, blockTok, ...desc] = tokens
  if (name === undefined || fmt === undefined) {
    throw new InputError(`signal line ${index + 1} of the WFDB header has no storage format; each signal line needs at least a file name and a format.`, file)
  }
  const formatField = parseFormatField(fmt, file)
  const gainField = gainTok === undefined
    ? { gain: WFDB_DEFAULT_GAIN, baseline: undefined, units: 'mV' }
    : parseGainField(gainTok, file)
  const adcZero = zeroTok === undefined ? 0 : toInt(zeroTok, 'ADC zero', file)
  return {
    file: name,
    ...formatField,
    gain: gainField.gain,
    baseline: gainField.baseline ?? adcZero,
    units: gainField.units,
    adcResolution: resTok === undefined ? defaultResolution(formatField.format) : toInt(resTok, 'ADC resolution', file),
    adcZero,
    initialValue: initTok === undefined ? adcZero : toInt(initTok, 'initial value', file),
    checksum: sumTok === undefined ? undefined : toInt(sumTok, 'checksum', file),
    blockSize: blockTok === undefined ? 0 : toInt(blockTok, 'block size', file),
    description: desc.length > 0 ? desc.join(' ') : `signal ${index}`,
  }
}

/** The header's lines split into tokens, its comments, and its checked record line. */
function splitHeader(text: string, file: string): { lines: string[][]; comments: string[]; recordLine: [string, string, ...string[]] } {
  if (text.includes('\u0000')) {
    throw new InputError('this is not a WFDB header: it contains binary data; choose the .hea text file of the record.', file)
  }
  const comments: string[] = []
  const lines: string[][] = []
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim()
    if (line === '') continue
    if (line.startsWith('#')) {
      comments.push(line.slice(1).trim())
      continue
    }
    lines.push(line.split(/\s+/))
  }
  const recordLine = lines[0]
  if (recordLine === undefined) {
    throw new InputError('this is not a WFDB header: it has no record line; choose the .hea file of the record.', file)
  }
  const [nameTok, nsigTok] = recordLine
  if (nameTok === undefined || nsigTok === undefined || !INT.test(nsigTok)) {
    throw new InputError('this is not a WFDB header: the first line must be "record-name number-of-signals sampling-frequency …"; choose the .hea file of the record.', file)
  }
  return { lines, comments, recordLine: [nameTok, nsigTok, ...recordLine.slice(2)] }
}

/** One segment line of a multi-segment master header. */
export interface WfdbSegmentSpec {
  /** Record name of the segment (its header is `<name>.hea` beside the master), or '~' for a null segment. */
  readonly name: string
  /** Frames in the segment; 0 marks the layout segment of a variable-layout record. */
  readonly sampleCount: number
}

/**
 * A multi-segment master header: `name/nseg nsig fs nsamp [basetime [basedate]]`, then one
 * `segment-name frames` line per segment. A variable-layout record's first segment is a layout
 * header of 0 frames (conventionally `<name>_layout`) listing every signal; `~` segments are
 * stretches with no signal at all.
 */
export interface WfdbMasterHeader {
  readonly recordName: string
  readonly signalCount: number
  readonly fs: number
  /** Frames in the whole record, when the header states it. */
  readonly sampleCount: number | undefined
  readonly baseTime: string | undefined
  readonly baseDate: string | undefined
  readonly segments: readonly WfdbSegmentSpec[]
  readonly comments: readonly string[]
}

/** Whether a header's text is a multi-segment master header (its record name holds `/nseg`). */
export function isWfdbMasterHeader(text: string): boolean {
  for (const raw of text.split(/\r\n|\r|\n/, 200)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    return /^[^\s/]*\/\S/.test(line)
  }
  return false
}

/** Parses a multi-segment master header. Throws InputError for anything else or a damaged one. */
export function parseWfdbMasterHeader(text: string, file: string): WfdbMasterHeader {
  const { lines, comments, recordLine } = splitHeader(text, file)
  const [nameTok, nsigTok, fsTok, nsampTok, baseTime, baseDate] = recordLine
  const m = /^([^/]*)\/(.*)$/.exec(nameTok)
  if (m === null) throw new InputError('this is not a multi-segment WFDB header: its record name has no "/number-of-segments"; choose the master .hea file of the record.', file)
  const segmentCount = toInt(m[2] ?? '', 'number of segments', file)
  if (segmentCount < 1) {
    throw new InputError(`the multi-segment WFDB header declares ${segmentCount} segments, so there is nothing to read; the header is damaged.`, file)
  }
  const signalCount = Number.parseInt(nsigTok, 10)
  if (signalCount <= 0) {
    throw new InputError(`the WFDB header declares ${signalCount} signals, so there is nothing to read; choose a record that contains ECG signals.`, file)
  }
  const fs = fsTok === undefined ? WFDB_DEFAULT_FS : parseFrequency(fsTok, file).fs
  const sampleCount = nsampTok === undefined ? undefined : toInt(nsampTok, 'number of samples', file)
  if (sampleCount !== undefined && sampleCount < 0) {
    throw new InputError(`the WFDB header declares ${sampleCount} samples per signal; fix the record line of the header.`, file)
  }
  const segmentLines = lines.slice(1)
  if (segmentLines.length < segmentCount) {
    throw new InputError(`the multi-segment WFDB header declares ${segmentCount} segments but lists only ${segmentLines.length}; the header is incomplete.`, file)
  }
  const segments = segmentLines.slice(0, segmentCount).map(([name, frames], i): WfdbSegmentSpec => {
    if (name === undefined || frames === undefined) {
      throw new InputError(`segment line ${i + 1} of the multi-segment WFDB header needs a segment name and a number of samples; the header is damaged.`, file)
    }
    if (name.includes('/') || name.includes('\\') || name === '..' || name === '.') {
      throw new InputError(`segment ${i + 1} of the multi-segment WFDB header is named "${name}", which is not a record name in the master's folder; the header is damaged.`, file)
    }
    const count = toInt(frames, `number of samples of segment ${name}`, file)
    if (count < 0) throw new InputError(`segment ${name} of the multi-segment WFDB header has ${count} samples; the header is damaged.`, file)
    return { name, sampleCount: count }
  })
  return {
    recordName: m[1] ?? '',
    signalCount,
    fs,
    sampleCount: sampleCount === 0 ? undefined : sampleCount,
    baseTime,
    baseDate,
    segments,
    comments,
  }
}

/**
 * Parses the text of a WFDB `.hea` file. `file` is used in error messages only.
 * Throws InputError for anything that is not a single-segment WFDB header we can read.
 */
export function parseWfdbHeader(text: string, file: string): WfdbHeader {
  const { lines, comments, recordLine } = splitHeader(text, file)
  const [nameTok, nsigTok, fsTok, nsampTok, baseTime, baseDate] = recordLine
  if (nameTok.includes('/')) {
    // A master header is read by parseWfdbMasterHeader; here it can only be a segment or a layout.
    throw new InputError('this is the master header of a multi-segment record where a single-segment record is expected (a segment or layout of another record); WFDB does not nest multi-segment records, so choose the outermost master header.', file)
  }
  const nsig = Number.parseInt(nsigTok, 10)
  if (nsig <= 0) {
    throw new InputError(`the WFDB header declares ${nsig} signals, so there is nothing to read; choose a record that contains ECG signals.`, file)
  }
  const freq = fsTok === undefined
    ? { fs: WFDB_DEFAULT_FS, counterFrequency: undefined, baseCounter: 0 }
    : parseFrequency(fsTok, file)
  const sampleCount = nsampTok === undefined ? undefined : toInt(nsampTok, 'number of samples', file)
  if (sampleCount !== undefined && sampleCount < 0) {
    throw new InputError(`the WFDB header declares ${sampleCount} samples per signal; fix the record line of the header.`, file)
  }
  const signalLines = lines.slice(1)
  if (signalLines.length < nsig) {
    throw new InputError(`the WFDB header declares ${nsig} signals but has only ${signalLines.length} signal lines; the header is incomplete.`, file)
  }
  const signals = signalLines.slice(0, nsig).map((tokens, i) => parseSignalLine(tokens, i, file))
  return {
    recordName: nameTok,
    ...freq,
    sampleCount: sampleCount === 0 ? undefined : sampleCount,
    baseTime,
    baseDate,
    signals,
    comments,
  }
}

/**
 * ISO 8601 start time from WFDB `hh:mm:ss[.sss]` and `dd/mm/yyyy`, or undefined when the
 * header lacks either part or they do not form a valid date.
 */
export function wfdbStartTime(baseTime: string | undefined, baseDate: string | undefined): string | undefined {
  if (baseTime === undefined || baseDate === undefined) return undefined
  const t = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/.exec(baseTime)
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(baseDate)
  if (t === null || d === null) return undefined
  const [, hh = '', mi = '', ss = '', frac] = t
  const [, dd = '', mo = '', yyyy = ''] = d
  if (+hh > 23 || +mi > 59 || +ss > 59 || +dd < 1 || +dd > 31 || +mo < 1 || +mo > 12) return undefined
  const p = (s: string): string => s.padStart(2, '0')
  const ms = frac === undefined ? '' : `.${frac.slice(1, 4).padEnd(3, '0')}`
  return `${yyyy}-${p(mo)}-${p(dd)}T${p(hh)}:${p(mi)}:${p(ss)}${ms}`
}
