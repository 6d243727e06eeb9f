/**
 * Parses the header and signal descriptions of a TMSi Poly5 file (.S00), versions 2.03 and 2.04.
 *
 * Written by hand because no maintained JavaScript library reads Poly5. The layout is the one in
 * DATASETS.md ("Poly5 (TMSi) binary layout"), which matches FieldTrip's read_tmsi_poly5 and TMSi's
 * own Python reader: all little-endian; version 2.04 has a 32-byte magic instead of 31 bytes, so
 * every later offset (descriptions and blocks too) moves by one byte.
 */
import { InputError } from '../../common/input-error.js'

/** Size of the fixed header of a version 2.03 file; a 2.04 file adds one byte. */
export const HEADER_BYTES = 217
/** Size of one signal description. */
export const DESCRIPTION_BYTES = 136
/** Size of the header in front of every data block. */
export const BLOCK_HEADER_BYTES = 86
const MAGIC_PREFIX = 'POLY SAMPLE FILE'
/** TMSi amplifiers sample at most a few kHz; the int16 field cannot exceed 32767 anyway. */
const MAX_PLAUSIBLE_FS = 30_000

/** One 32-bit channel (a Lo/Hi description pair), with the scaling of its "(Hi)" description. */
export interface Poly5ChannelDescription {
  readonly name: string
  readonly unit: string
  readonly unitLow: number
  readonly unitHigh: number
  readonly adcLow: number
  readonly adcHigh: number
}

/** The fixed header fields the reader needs. */
export interface Poly5Header {
  readonly version: 203 | 204
  readonly measurementName: string
  readonly fs: number
  /** NS: number of signal descriptions, twice the number of channels. */
  readonly signalCount: number
  /** Samples per channel as the header states it (0 or negative when the writer never set it). */
  readonly samplesPerChannel: number
  readonly blockCount: number
  /** SD: bytes of float32 sample data in every block. */
  readonly blockDataBytes: number
  /** Sample periods per block, derived from SD (the header's own field is only cross-checked). */
  readonly periodsPerBlock: number
  /** Byte offset of the first signal description (217 for 2.03, 218 for 2.04). */
  readonly descriptionsStart: number
  readonly startTime: string | undefined
  readonly warnings: readonly string[]
}

/** Bytes to read from the start of a file so that `parsePoly5Header` can work (2.04 is one longer). */
export const HEADER_PROBE_BYTES = HEADER_BYTES + 1

/**
 * Parses the fixed header. `bytes` is the start of the file (at least HEADER_PROBE_BYTES when the
 * file is that long). Throws InputError for anything the reader cannot trust.
 */
export function parsePoly5Header(bytes: Uint8Array, file: string): Poly5Header {
  if (bytes.length < MAGIC_PREFIX.length || latin1(bytes, 0, MAGIC_PREFIX.length) !== MAGIC_PREFIX) {
    throw new InputError('this is not a TMSi Poly5 file (it does not start with "POLY SAMPLE FILE"); point the workbench at the .S00 files of the recording.', file)
  }
  if (bytes.length < HEADER_BYTES) {
    throw new InputError(`the Poly5 header is cut short (${bytes.length} of ${HEADER_BYTES} bytes); the file is truncated, copy it again from the source.`, file)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  // FieldTrip's rule: version 203 sits right after a 31-byte magic; otherwise the magic is 32 bytes.
  // A 2.04 magic ends one byte later, so its "\r\n\x1a" sits at 29..31 instead of 28..30.
  const shift: 0 | 1 = view.getInt16(31, true) === 203 ? 0 : bytes[29] === 0x0d && bytes[30] === 0x0a && bytes[31] === 0x1a ? 1 : 0
  if (shift === 1 && bytes.length < HEADER_BYTES + 1) {
    throw new InputError(`the Poly5 header is cut short (${bytes.length} of ${HEADER_BYTES + 1} bytes); the file is truncated, copy it again from the source.`, file)
  }
  const version = view.getInt16(31 + shift, true)
  if ((shift === 0 && version !== 203) || (shift === 1 && version !== 204)) {
    throw new InputError(`this Poly5 file has version ${version}, but the workbench reads only versions 2.03 and 2.04; export it again with TMSi software as Poly5 version 2.03.`, file)
  }
  const at = (offset: number): number => offset + shift
  const warnings: string[] = []
  const fs = view.getInt16(at(114), true)
  const signalCount = view.getInt16(at(119), true)
  const samplesPerChannel = view.getInt32(at(121), true)
  const blockCount = view.getInt32(at(143), true)
  const headerPeriods = view.getUint16(at(147), true)
  const blockDataBytes = view.getUint16(at(149), true)
  const deltaFlag = view.getInt16(at(151), true)

  if (fs < 1 || fs > MAX_PLAUSIBLE_FS) {
    throw new InputError(`the Poly5 header gives an impossible sample rate of ${fs} Hz; the file is damaged, export it again from the TMSi software.`, file)
  }
  if (signalCount <= 0 || signalCount % 2 !== 0) {
    throw new InputError(`the Poly5 header lists ${signalCount} signal descriptions, but they must come in Lo/Hi pairs (a positive even number); the file is damaged.`, file)
  }
  if (deltaFlag !== 0) {
    throw new InputError('this Poly5 file uses delta compression, which the workbench does not support; export it again from the TMSi software without compression.', file)
  }
  const channelCount = signalCount / 2
  const periodBytes = 4 * channelCount
  if (blockDataBytes === 0 || blockDataBytes % periodBytes !== 0) {
    throw new InputError(`the Poly5 block size of ${blockDataBytes} bytes is not a whole number of sample periods of ${channelCount} float32 channels; the file is damaged or not 32-bit float data.`, file)
  }
  const periodsPerBlock = blockDataBytes / periodBytes
  if (headerPeriods !== periodsPerBlock) {
    warnings.push(`The header says ${headerPeriods} sample periods per block, but the block size implies ${periodsPerBlock}; the block size was used.`)
  }
  return {
    version: shift === 0 ? 203 : 204,
    measurementName: pascalString(bytes, at(33), 81),
    fs,
    signalCount,
    samplesPerChannel,
    blockCount,
    blockDataBytes,
    periodsPerBlock,
    descriptionsStart: at(HEADER_BYTES),
    startTime: startTime(view, at(129)),
    warnings,
  }
}

/**
 * Parses the NS signal descriptions (`bytes` holds exactly NS·136 bytes) into NS/2 channels,
 * taking name, unit and scaling from the "(Hi) " description of each Lo/Hi pair.
 */
export function parsePoly5Descriptions(bytes: Uint8Array, signalCount: number, file: string, warnings: string[]): Poly5ChannelDescription[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  const channels: Poly5ChannelDescription[] = []
  let unpaired = 0
  for (let pair = 0; pair < signalCount / 2; pair++) {
    const first = 2 * pair * DESCRIPTION_BYTES
    const second = first + DESCRIPTION_BYTES
    const firstName = pascalString(bytes, first, 41)
    const secondName = pascalString(bytes, second, 41)
    // The usual order is Lo then Hi; take whichever says Hi, else the second (and say so).
    let base = second
    if (/^\(hi\)/i.test(firstName) && !/^\(hi\)/i.test(secondName)) base = first
    else if (!/^\(hi\)/i.test(secondName)) unpaired++
    const name = pascalString(bytes, base, 41).replace(/^\((hi|lo)\)\s?/i, '').trim()
    const unitLow = view.getFloat32(base + 56, true)
    const unitHigh = view.getFloat32(base + 60, true)
    const adcLow = view.getFloat32(base + 64, true)
    const adcHigh = view.getFloat32(base + 68, true)
    channels.push({
      name: name === '' ? `channel ${pair + 1}` : name,
      unit: pascalString(bytes, base + 45, 11).trim(),
      unitLow,
      unitHigh,
      adcLow,
      adcHigh,
    })
  }
  if (unpaired > 0) {
    warnings.push(`${unpaired} signal description pair(s) have no "(Hi)" description; the second description of each pair was used for name and scaling.`)
  }
  if (channels.length === 0) throw new InputError('the Poly5 file describes no channels.', file)
  return channels
}

/** Whether a channel's scaling can be applied (finite numbers and ADCHigh ≠ ADCLow). */
export function hasUsableScaling(channel: Poly5ChannelDescription): boolean {
  const { unitLow, unitHigh, adcLow, adcHigh } = channel
  return [unitLow, unitHigh, adcLow, adcHigh].every(Number.isFinite) && adcHigh !== adcLow
}

/** A Pascal string: one length byte, then up to `size - 1` latin-1 characters. */
function pascalString(bytes: Uint8Array, offset: number, size: number): string {
  const length = Math.min(bytes[offset] ?? 0, size - 1)
  return latin1(bytes, offset + 1, length).replace(/\0+$/, '')
}

function latin1(bytes: Uint8Array, offset: number, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.max(0, Math.min(length, bytes.length - offset))).toString('latin1')
}

/** Start time: year, month, day, day of week, hour, minute, second (local time, no zone). */
function startTime(view: DataView, offset: number): string | undefined {
  const [year, month, day, , hour, minute, second] = Array.from({ length: 7 }, (_, i) => view.getInt16(offset + 2 * i, true))
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined || second === undefined) return undefined
  const ok = year >= 1980 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60
  if (!ok) return undefined
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}`
}
