/**
 * Parser for the EDF / EDF+ header (European Data Format, Kemp et al. 1992; EDF+ 2003), as
 * summarised in docs/DATASETS.md: a 256-byte fixed part, then ns × 256 bytes of
 * signal fields stored column-wise (all labels, then all transducers, …). Every field is
 * left-aligned ASCII padded with spaces.
 *
 * Written by hand because the maintained EDF libraries are C (edflib) or Python (pyedflib,
 * edfio); the JavaScript packages found either load the whole file into memory or are unmaintained.
 */
import { InputError } from '../../common/input-error.js'

/** Size of the fixed part of the header, and of each signal's share of the signal part. */
export const EDF_BLOCK = 256
/** Label that marks an EDF+ annotation signal. */
export const EDF_ANNOTATIONS_LABEL = 'EDF Annotations'
/** BDF+ names its annotation signal so (its TALs are the same, in 3-byte "samples"). */
export const BDF_ANNOTATIONS_LABEL = 'BDF Annotations'

export interface EdfSignalHeader {
  readonly label: string
  readonly transducer: string
  readonly physicalDimension: string
  readonly physicalMin: number
  readonly physicalMax: number
  readonly digitalMin: number
  readonly digitalMax: number
  readonly prefilter: string
  readonly samplesPerRecord: number
  /** True for `EDF Annotations` signals, which hold TALs instead of samples. */
  readonly isAnnotation: boolean
  /** Byte position of this signal's samples within one data record. */
  readonly offsetInRecord: number
}

export interface EdfHeader {
  /** 'EDF' for plain EDF, otherwise the EDF+ variant from the reserved field. */
  readonly variant: 'EDF' | 'EDF+C' | 'EDF+D'
  /** 2 for EDF (int16), 3 for BDF, BioSemi's 24-bit EDF (int24 little-endian). */
  readonly bytesPerSample: 2 | 3
  readonly patient: string
  readonly recording: string
  /** `dd.mm.yy` and `hh.mm.ss` exactly as written. */
  readonly startDate: string
  readonly startTime: string
  readonly headerBytes: number
  /** Number of data records as the header states it (−1 = unknown). */
  readonly declaredRecords: number
  /** Seconds per data record. */
  readonly recordDuration: number
  readonly signals: readonly EdfSignalHeader[]
  /** Bytes per data record (2 bytes per sample of every signal). */
  readonly recordBytes: number
}

/** Field widths of the signal part, in header order. */
const SIGNAL_FIELDS = [
  ['label', 16], ['transducer', 80], ['physicalDimension', 8], ['physicalMin', 8], ['physicalMax', 8],
  ['digitalMin', 8], ['digitalMax', 8], ['prefilter', 80], ['samplesPerRecord', 8], ['reserved', 32],
] as const

/** Highest sampling rate taken as plausible (as for WFDB headers): above it the header is damaged. */
const MAX_FS = 1_000_000
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const INTEGER = /^[+-]?\d+$/

/** Header bytes are ASCII; latin1 keeps any stray byte visible instead of failing. */
function ascii(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('latin1')
}

function numberField(text: string, what: string, file: string): number {
  const t = text.trim()
  if (!NUMBER.test(t)) {
    throw new InputError(`the ${what} field of the EDF header holds "${t}", which is not a number; the file is damaged or not an EDF file.`, file)
  }
  const value = Number.parseFloat(t)
  if (!Number.isFinite(value)) {
    throw new InputError(`the ${what} field of the EDF header holds "${t}", which is too large to be a number; the file is damaged or not an EDF file.`, file)
  }
  return value
}

function integerField(text: string, what: string, file: string): number {
  const t = text.trim()
  if (!INTEGER.test(t)) {
    throw new InputError(`the ${what} field of the EDF header holds "${t}", which is not a whole number; the file is damaged or not an EDF file.`, file)
  }
  return Number.parseInt(t, 10)
}

/**
 * Reads the number of header bytes from the fixed part, after checking that it looks like EDF.
 * `fixed` must hold at least the first 256 bytes of the file.
 */
export function edfHeaderLength(fixed: Uint8Array, file: string): number {
  if (fixed.length < EDF_BLOCK) {
    throw new InputError(`the file is only ${fixed.length} bytes long, shorter than an EDF header (256 bytes); it is truncated or not an EDF file.`, file)
  }
  const version = ascii(fixed, 0, 8)
  if (version.trim() !== '0' && !isBdf(fixed)) {
    throw new InputError(`this is not an EDF file: its version field is "${version.trim()}" instead of "0"; choose an .edf file.`, file)
  }
  const ns = integerField(ascii(fixed, 252, 4), 'number of signals', file)
  if (ns < 1) {
    throw new InputError(`the EDF header declares ${ns} signals, so there is nothing to read; choose a recording that contains signals.`, file)
  }
  const headerBytes = integerField(ascii(fixed, 184, 8), 'header size', file)
  if (headerBytes !== EDF_BLOCK * (ns + 1)) {
    throw new InputError(`the EDF header says it is ${headerBytes} bytes long, but with ${ns} signals it must be ${EDF_BLOCK * (ns + 1)}; the file is damaged.`, file)
  }
  return headerBytes
}

/** BDF (BioSemi): version byte 0xFF then "BIOSEMI"; otherwise EDF's layout with 24-bit samples. */
function isBdf(fixed: Uint8Array): boolean {
  return fixed[0] === 0xff && ascii(fixed, 1, 7) === 'BIOSEMI'
}

/** EDF+ and BDF+ (BioSemi's "BDF+C" / "BDF+D" in the same field) are read alike. */
function variantOf(reserved: string): EdfHeader['variant'] {
  if (reserved.startsWith('EDF+D') || reserved.startsWith('BDF+D')) return 'EDF+D'
  if (reserved.startsWith('EDF+C') || reserved.startsWith('BDF+C')) return 'EDF+C'
  return 'EDF'
}

/**
 * Parses a complete EDF header (`bytes` holds at least `edfHeaderLength` bytes). Throws
 * InputError for fields that are missing, non-numeric or inconsistent.
 */
export function parseEdfHeader(bytes: Uint8Array, file: string): EdfHeader {
  const headerBytes = edfHeaderLength(bytes, file)
  if (bytes.length < headerBytes) {
    throw new InputError(`the file ends inside its EDF header (${bytes.length} of ${headerBytes} bytes); it is truncated.`, file)
  }
  const ns = headerBytes / EDF_BLOCK - 1
  const bytesPerSample = isBdf(bytes) ? 3 : 2
  const declaredRecords = integerField(ascii(bytes, 236, 8), 'number of data records', file)
  if (declaredRecords < -1) {
    throw new InputError(`the EDF header declares ${declaredRecords} data records; the file is damaged.`, file)
  }
  const recordDuration = numberField(ascii(bytes, 244, 8), 'data record duration', file)

  // Column-wise signal fields: field f of signal i starts at 256 + ns × (sum of earlier widths) + i × width.
  const columns: Record<string, string[]> = {}
  let at = EDF_BLOCK
  for (const [name, width] of SIGNAL_FIELDS) {
    columns[name] = Array.from({ length: ns }, (_, i) => ascii(bytes, at + i * width, width))
    at += ns * width
  }
  const col = (name: string, i: number): string => columns[name]?.[i] ?? ''

  const signals: EdfSignalHeader[] = []
  let offsetInRecord = 0
  for (let i = 0; i < ns; i++) {
    const label = col('label', i).trim()
    const isAnnotation = label === EDF_ANNOTATIONS_LABEL || (bytesPerSample === 3 && label === BDF_ANNOTATIONS_LABEL)
    const what = (field: string): string => `${field} of signal ${i + 1} ("${label}")`
    const samplesPerRecord = integerField(col('samplesPerRecord', i), what('samples per record'), file)
    if (samplesPerRecord < 1) {
      throw new InputError(`signal ${i + 1} ("${label}") has ${samplesPerRecord} samples per data record; the EDF header is damaged.`, file)
    }
    const signal = {
      label,
      transducer: col('transducer', i).trim(),
      physicalDimension: col('physicalDimension', i).trim(),
      physicalMin: isAnnotation ? 0 : numberField(col('physicalMin', i), what('physical minimum'), file),
      physicalMax: isAnnotation ? 0 : numberField(col('physicalMax', i), what('physical maximum'), file),
      digitalMin: isAnnotation ? -32768 : integerField(col('digitalMin', i), what('digital minimum'), file),
      digitalMax: isAnnotation ? 32767 : integerField(col('digitalMax', i), what('digital maximum'), file),
      prefilter: col('prefilter', i).trim(),
      samplesPerRecord,
      isAnnotation,
      offsetInRecord,
    }
    if (!isAnnotation) checkScaling(signal, i, bytesPerSample, file)
    signals.push(signal)
    offsetInRecord += bytesPerSample * samplesPerRecord
  }
  const hasSamples = signals.some((s) => !s.isAnnotation)
  // EDF+ allows duration 0 only for files that hold annotations and no signals.
  if (!(recordDuration > 0) && !(recordDuration === 0 && !hasSamples)) {
    throw new InputError(`the EDF header gives a data record duration of ${recordDuration} s, which must be above 0; the file is damaged.`, file)
  }
  signals.forEach((signal, i) => {
    const fs = signal.samplesPerRecord / recordDuration
    if (!signal.isAnnotation && fs > MAX_FS) {
      throw new InputError(`signal ${i + 1} ("${signal.label}") would be sampled at ${fs.toPrecision(3)} Hz (${signal.samplesPerRecord} samples per data record of ${recordDuration} s), which is not plausible (at most 1 MHz); the EDF header is damaged.`, file)
    }
  })
  return {
    variant: variantOf(ascii(bytes, 192, 44)),
    bytesPerSample,
    patient: ascii(bytes, 8, 80).trim(),
    recording: ascii(bytes, 88, 80).trim(),
    startDate: ascii(bytes, 168, 8),
    startTime: ascii(bytes, 176, 8),
    headerBytes,
    declaredRecords,
    recordDuration,
    signals,
    recordBytes: offsetInRecord,
  }
}

function checkScaling(s: Omit<EdfSignalHeader, 'offsetInRecord' | 'isAnnotation'>, i: number, bytesPerSample: 2 | 3, file: string): void {
  const name = `signal ${i + 1} ("${s.label}")`
  const limit = bytesPerSample === 3 ? 8388608 : 32768
  if (s.digitalMin < -limit || s.digitalMax > limit - 1) {
    throw new InputError(`${name} has digital range ${s.digitalMin}..${s.digitalMax}, outside the ${bytesPerSample * 8}-bit range ${bytesPerSample === 3 ? 'BDF' : 'EDF'} allows; the header is damaged.`, file)
  }
  if (s.digitalMin >= s.digitalMax) {
    throw new InputError(`${name} has digital minimum ${s.digitalMin} and maximum ${s.digitalMax}, so its samples cannot be scaled; the EDF header is damaged.`, file)
  }
  if (s.physicalMin === s.physicalMax || !Number.isFinite(s.physicalMin) || !Number.isFinite(s.physicalMax)) {
    throw new InputError(`${name} has physical minimum ${s.physicalMin} and maximum ${s.physicalMax}, so its samples cannot be scaled; the EDF header is damaged.`, file)
  }
}

/**
 * ISO 8601 local start time from the EDF `dd.mm.yy` and `hh.mm.ss` fields plus an offset in
 * seconds (EDF+ sub-second start), or undefined when the fields are not a valid date and time.
 * Years 85–99 are 19xx and 00–84 are 20xx (EDF+ specification's clipping-date rule).
 */
export function edfStartTime(date: string, time: string, offsetS = 0): string | undefined {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date.trim())
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(time.trim())
  if (d === null || t === null) return undefined
  const [day, month, yy] = [Number(d[1]), Number(d[2]), Number(d[3])]
  const year = yy >= 85 ? 1900 + yy : 2000 + yy
  const [hh, mi, ss] = [Number(t[1]), Number(t[2]), Number(t[3])]
  const base = Date.UTC(year, month - 1, day, hh, mi, ss)
  const check = new Date(base)
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hh > 23 || mi > 59 || ss > 59) return undefined
  // Whole milliseconds, rounded down, so that 56.3945312 s reads as 56.394 (as edflib truncates).
  const iso = new Date(base + Math.floor(offsetS * 1000 + 1e-6)).toISOString().slice(0, 23)
  return iso.endsWith('.000') ? iso.slice(0, 19) : iso
}
