/**
 * Works out when each EDF data record starts, the recording's gaps and its timed events, from
 * the `EDF Annotations` signals (EDF+) or from the record duration alone (plain EDF).
 */
import type { FileHandle } from 'node:fs/promises'
import { InputError } from '../../common/input-error.js'
import type { RecordingGap, TimedEvent } from '../types.js'
import { TalError, parseTals } from './annotations.js'
import type { EdfHeader } from './header.js'
import { readExact } from '../read-exact.js'

/** Bytes read per chunk of whole data records. */
export const EDF_CHUNK_BYTES = 16 * 1024 * 1024

export interface EdfTimeline {
  /** Seconds from the header's start date/time to the first sample (EDF+ sub-second start). */
  readonly firstRecordS: number
  /** Events with onsets in seconds from the first sample, sorted by onset. */
  readonly events: readonly TimedEvent[]
  /** Gaps between records (EDF+D), in seconds from the first sample. */
  readonly gaps: readonly RecordingGap[]
  readonly warnings: readonly string[]
}

interface RawAnnotations {
  /** Onset of each record's time-keeping TAL, NaN where a record has none. */
  readonly starts: Float64Array
  readonly events: TimedEvent[]
}

/** Streams the records once and collects the TALs of every annotation signal. */
async function readAnnotations(fh: FileHandle, h: EdfHeader, records: number, file: string): Promise<RawAnnotations> {
  const annotationSignals = h.signals.filter((s) => s.isAnnotation)
  const starts = new Float64Array(records).fill(Number.NaN)
  const events: TimedEvent[] = []
  const perChunk = Math.max(1, Math.floor(EDF_CHUNK_BYTES / h.recordBytes))
  const buf = new Uint8Array(Math.min(perChunk, records) * h.recordBytes)
  for (let r0 = 0; r0 < records; r0 += perChunk) {
    const count = Math.min(perChunk, records - r0)
    const want = count * h.recordBytes
    if (await readExact(fh, buf, want, h.headerBytes + r0 * h.recordBytes) < want) {
      throw new InputError('the EDF file became shorter while it was being read; copy it again and retry.', file)
    }
    for (let r = 0; r < count; r++) {
      annotationSignals.forEach((sig, a) => {
        const start = r * h.recordBytes + sig.offsetInRecord
        let tals
        try {
          tals = parseTals(buf.subarray(start, start + h.bytesPerSample * sig.samplesPerRecord))
        } catch (e) {
          if (!(e instanceof TalError)) throw e
          throw new InputError(`the annotations in data record ${r0 + r + 1} are malformed: ${e.message}; the file is damaged.`, file)
        }
        tals.forEach((tal, t) => {
          let texts = tal.texts
          // The first TAL of the first annotation signal keeps time when its first text is empty.
          if (a === 0 && t === 0 && texts[0] === '') {
            starts[r0 + r] = tal.onset
            texts = texts.slice(1)
          }
          for (const text of texts) {
            if (text !== '') events.push({ onsetS: tal.onset, durationS: tal.duration ?? 0, text })
          }
        })
      })
    }
  }
  return { starts, events }
}

// TAL times have at most 100 ns resolution; rounding to 1 ns removes float noise from subtraction.
const round = (x: number): number => Number(x.toFixed(9))

/**
 * The record start times, gaps and events of an opened EDF file with `records` data records.
 * `fh` is read only when the file has annotation signals.
 */
export async function readTimeline(fh: FileHandle, h: EdfHeader, records: number, file: string): Promise<EdfTimeline> {
  const warnings: string[] = []
  const dur = h.recordDuration
  const hasAnnotations = h.signals.some((s) => s.isAnnotation)
  if (!hasAnnotations) {
    if (h.variant === 'EDF+D') {
      warnings.push('the file says it is EDF+D (discontinuous) but has no EDF Annotations signal to time its records; the records are treated as contiguous.')
    }
    return { firstRecordS: 0, events: [], gaps: [], warnings }
  }
  const { starts, events } = await readAnnotations(fh, h, records, file)
  const missing = starts.findIndex((s) => Number.isNaN(s))
  if (missing >= 0 && h.variant === 'EDF+D') {
    throw new InputError(`data record ${missing + 1} has no time-keeping annotation, so its time in this discontinuous (EDF+D) file is unknown; the file is damaged.`, file)
  }
  if (missing >= 0 && h.variant === 'EDF+C') {
    warnings.push(`data record ${missing + 1} has no time-keeping annotation; records are assumed to follow each other without gaps.`)
  }
  const first = Number.isNaN(starts[0]!) ? 0 : starts[0]!
  for (let r = 0; r < records; r++) if (Number.isNaN(starts[r]!)) starts[r] = first + r * dur

  // Differences smaller than half a sample of the fastest signal are rounding in the TAL text.
  const maxRate = Math.max(...h.signals.filter((s) => !s.isAnnotation).map((s) => s.samplesPerRecord / dur), 1)
  const tolerance = 0.5 / maxRate
  const gaps: RecordingGap[] = []
  let overlaps = 0
  for (let r = 1; r < records; r++) {
    const expected = starts[r - 1]! + dur
    const delta = starts[r]! - expected
    if (delta > tolerance) gaps.push({ startS: round(expected - first), durationS: round(delta) })
    else if (delta < -tolerance) overlaps++
  }
  if (h.variant !== 'EDF+D' && (gaps.length > 0 || overlaps > 0)) {
    warnings.push('the record times in the annotations are not contiguous although the file says it is continuous (EDF+C); they are ignored and the records are treated as contiguous.')
    gaps.length = 0
  } else {
    if (gaps.length > 0) {
      const list = gaps.slice(0, 5).map((g) => `${g.durationS} s at ${g.startS} s`).join(', ')
      warnings.push(`the recording has ${gaps.length} gap${gaps.length > 1 ? 's' : ''} (${list}${gaps.length > 5 ? ', …' : ''}); the samples on either side are joined, so after a gap sample times run behind recording times.`)
    }
    if (overlaps > 0) {
      warnings.push(`${overlaps} data record${overlaps > 1 ? 's start' : ' starts'} before the previous one ends; the samples are kept in file order.`)
    }
  }
  const relative = events
    .map((e) => ({ ...e, onsetS: round(e.onsetS - first) }))
    .sort((a, b) => a.onsetS - b.onsetS)
  return { firstRecordS: first, events: relative, gaps, warnings }
}
