/**
 * Opens EDF and EDF+ files: reads the header, reconciles the record count with the file size,
 * reads the annotations (EDF+), and reads one ordinary signal at a time by streaming whole data
 * records in chunks of about 16 MB and copying only that signal's samples.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { InputError } from '../../common/input-error.js'
import type { ChannelInfo, SignalFile } from '../types.js'
import { EDF_BLOCK, edfHeaderLength, edfStartTime, parseEdfHeader, type EdfHeader, type EdfSignalHeader } from './header.js'
import { readExact } from '../read-exact.js'
import { EDF_CHUNK_BYTES, readTimeline } from './timeline.js'

/** An opened EDF/EDF+ file. Channel i is the i-th signal that is not `EDF Annotations`. */
export interface EdfFile extends SignalFile {
  readonly format: 'edf'
  readonly header: EdfHeader
  /** Data records actually read (may be fewer than declared when the last one is partial). */
  readonly recordCount: number
}

async function openHandle(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r')
  } catch {
    throw new InputError('the EDF file cannot be opened; check that it exists and is readable.', path)
  }
}

/** Turns anything thrown while decoding bytes into one InputError (never a bare RangeError). */
function asInputError(e: unknown, path: string): InputError {
  if (e instanceof InputError) return e
  const reason = e instanceof Error ? e.message : String(e)
  return new InputError(`the EDF file could not be read (${reason.replace(/\s+/g, ' ')}); it is damaged or not an EDF file.`, path)
}

/**
 * Number of data records to read. Policy: a header count of −1 is replaced by the number of
 * whole records in the file; when only the last declared record is incomplete it is dropped with
 * a warning (an interrupted recording); when more is missing, the file is refused as truncated.
 */
function countRecords(h: EdfHeader, size: number, path: string, warnings: string[]): number {
  const data = Math.max(0, size - h.headerBytes)
  const whole = Math.floor(data / h.recordBytes)
  const rest = data - whole * h.recordBytes
  const declared = h.declaredRecords
  let records: number
  if (declared === -1) {
    records = whole
    if (rest > 0) warnings.push(`the last data record is incomplete (${rest} of ${h.recordBytes} bytes) and was left out.`)
  } else if (whole >= declared) {
    records = declared
    const extra = data - declared * h.recordBytes
    if (extra > 0) warnings.push(`the file holds ${extra} bytes after the ${declared} data records its header declares; they are ignored.`)
  } else if (whole === declared - 1 && rest > 0) {
    records = whole
    warnings.push(`the header declares ${declared} data records but the last one is incomplete (${rest} of ${h.recordBytes} bytes); it was left out.`)
  } else {
    throw new InputError(`the EDF header declares ${declared} data records but the file holds only ${whole}${rest > 0 ? ' and part of another' : ''}; the file is truncated — copy it again from its source.`, path)
  }
  if (records === 0) {
    throw new InputError('the EDF file holds no data records, so there are no samples to read; choose a complete recording.', path)
  }
  return records
}

/** Samples per second of a signal, rounded to remove float noise from e.g. 25 / 0.1. */
const rateOf = (s: EdfSignalHeader, duration: number): number => Number((s.samplesPerRecord / duration).toPrecision(12))

async function readSignal(path: string, h: EdfHeader, sig: EdfSignalHeader, records: number): Promise<Float64Array> {
  const spr = sig.samplesPerRecord
  const out = new Float64Array(spr * records)
  // Physical = (d − dmin)·(pmax − pmin)/(dmax − dmin) + pmin (EDF specification).
  const scale = (sig.physicalMax - sig.physicalMin) / (sig.digitalMax - sig.digitalMin)
  const perChunk = Math.max(1, Math.floor(EDF_CHUNK_BYTES / h.recordBytes))
  const buf = new Uint8Array(Math.min(perChunk, records) * h.recordBytes)
  const fh = await openHandle(path)
  let n = 0
  try {
    for (let r0 = 0; r0 < records; r0 += perChunk) {
      const count = Math.min(perChunk, records - r0)
      const want = count * h.recordBytes
      if (await readExact(fh, buf, want, h.headerBytes + r0 * h.recordBytes) < want) {
        throw new InputError('the EDF file became shorter since it was opened; copy it again and retry.', path)
      }
      for (let r = 0; r < count; r++) {
        const base = r * h.recordBytes + sig.offsetInRecord
        if (h.bytesPerSample === 3) {
          // BDF: 24-bit two's complement, little-endian.
          for (let k = 0; k < spr; k++) {
            const o = base + 3 * k
            const d = ((buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16)) << 8) >> 8
            out[n++] = (d - sig.digitalMin) * scale + sig.physicalMin
          }
          continue
        }
        for (let k = 0; k < spr; k++) {
          const o = base + 2 * k
          const d = ((buf[o]! | (buf[o + 1]! << 8)) << 16) >> 16
          out[n++] = (d - sig.digitalMin) * scale + sig.physicalMin
        }
      }
    }
  } catch (e) {
    throw asInputError(e, path)
  } finally {
    await fh.close()
  }
  return out
}

/**
 * Opens an EDF or EDF+ (C or D) file: reads the header and, for EDF+, all annotations. Samples
 * are read per channel by `readChannel`. Event onsets and gaps are in seconds from the first
 * sample; `startTime` includes the EDF+ sub-second start. Samples of an EDF+D file are the
 * records joined in file order (the gaps are listed in `gaps` and in a warning).
 * Throws InputError for a file that is not EDF, is damaged or truncated.
 */
export async function openEdf(path: string): Promise<EdfFile> {
  const fh = await openHandle(path)
  let header: EdfHeader
  let records: number
  const warnings: string[] = []
  let timeline
  try {
    const size = (await fh.stat()).size
    const fixed = new Uint8Array(EDF_BLOCK)
    const got = await readExact(fh, fixed, EDF_BLOCK, 0)
    const headerBytes = edfHeaderLength(fixed.subarray(0, got), path)
    if (size < headerBytes) {
      throw new InputError(`the file ends inside its EDF header (${size} of ${headerBytes} bytes); it is truncated.`, path)
    }
    const full = new Uint8Array(headerBytes)
    await readExact(fh, full, headerBytes, 0)
    header = parseEdfHeader(full, path)
    records = countRecords(header, size, path, warnings)
    timeline = await readTimeline(fh, header, records, path)
  } catch (e) {
    throw asInputError(e, path)
  } finally {
    await fh.close()
  }
  warnings.push(...timeline.warnings)
  const h = header
  const ordinary = h.signals.filter((s) => !s.isAnnotation)
  const channels: ChannelInfo[] = ordinary.map((s, index) => ({
    index,
    name: s.label,
    unit: s.physicalDimension,
    fs: rateOf(s, h.recordDuration),
    sampleCount: s.samplesPerRecord * records,
  }))
  const startTime = edfStartTime(h.startDate, h.startTime, timeline.firstRecordS)
  if (startTime === undefined) {
    warnings.push(`the start date "${h.startDate.trim()}" and time "${h.startTime.trim()}" are not a valid dd.mm.yy and hh.mm.ss; the start time is unknown.`)
  }
  return {
    path,
    format: 'edf',
    header: h,
    recordCount: records,
    channels,
    events: timeline.events,
    gaps: timeline.gaps,
    startTime,
    warnings,
    async readChannel(index: number): Promise<Float64Array> {
      const sig = Number.isInteger(index) ? ordinary[index] : undefined
      if (sig === undefined) {
        throw new InputError(`channel ${index} does not exist; the file has ${ordinary.length} signal channels, numbered 0 to ${ordinary.length - 1}.`, path)
      }
      return readSignal(path, h, sig, records)
    },
  }
}
