/**
 * A small EDF / EDF+ writer for tests: builds a file in memory from physical sample values so
 * that readers can be checked against known values, and exposes header field positions so that
 * tests can break single fields on purpose.
 */

export interface EdfTestSignal {
  readonly label: string
  readonly unit?: string
  readonly samplesPerRecord: number
  readonly physicalMin: number
  readonly physicalMax: number
  readonly digitalMin: number
  readonly digitalMax: number
  /** Physical values, samplesPerRecord × number of records of them. */
  readonly samples: readonly number[]
}

export interface EdfTestAnnotation {
  /** Seconds after the header start time (as EDF+ writes them). */
  readonly onset: number
  readonly duration?: number
  readonly text: string
}

export interface EdfTestOptions {
  readonly signals: readonly EdfTestSignal[]
  readonly recordDuration: number
  readonly records: number
  readonly variant?: 'EDF' | 'EDF+C' | 'EDF+D'
  /** dd.mm.yy and hh.mm.ss; defaults 24.01.20 and 10.20.30. */
  readonly startDate?: string
  readonly startTime?: string
  /** EDF+ only. All are written into the first record's annotation signal. */
  readonly annotations?: readonly EdfTestAnnotation[]
  /** EDF+ only: each record's start (s after the header start time); default i × duration. */
  readonly recordStarts?: readonly number[]
  /** Put the annotation signal first instead of last (EDF+ allows any position). */
  readonly annotationsFirst?: boolean
  /** Write BDF (BioSemi): version 0xFF "BIOSEMI", "24BIT" / "BDF+C", 24-bit samples. */
  readonly bdf?: boolean
}

/** Field widths of the signal part of the header, in order. */
export const SIGNAL_FIELD_WIDTHS = {
  label: 16, transducer: 80, physicalDimension: 8, physicalMin: 8, physicalMax: 8,
  digitalMin: 8, digitalMax: 8, prefilter: 80, samplesPerRecord: 8, reserved: 32,
} as const

/** Fixed-part field positions [offset, width]. */
export const FIXED_FIELDS = {
  version: [0, 8], patient: [8, 80], recording: [88, 80], startDate: [168, 8], startTime: [176, 8],
  headerBytes: [184, 8], reserved: [192, 44], records: [236, 8], recordDuration: [244, 8], signalCount: [252, 4],
} as const

/** Byte offset of `field` of signal `i` in a header with `ns` signals. */
export function signalFieldOffset(ns: number, field: keyof typeof SIGNAL_FIELD_WIDTHS, i: number): number {
  let at = 256
  for (const [name, width] of Object.entries(SIGNAL_FIELD_WIDTHS)) {
    if (name === field) return at + i * width
    at += ns * width
  }
  throw new Error(`unknown field ${field}`)
}

/** Overwrites a header field in place with `value`, space-padded to `width`. */
export function setField(bytes: Uint8Array, offset: number, width: number, value: string): void {
  const text = value.padEnd(width, ' ').slice(0, width)
  for (let i = 0; i < width; i++) bytes[offset + i] = text.charCodeAt(i)
}

/** Short decimal text for a number, as EDF headers and TALs want it (no exponent). */
function num(x: number, width = 8): string {
  for (let digits = 10; digits >= 0; digits--) {
    const s = Number(x.toFixed(digits)).toString()
    if (s.length <= width && !s.includes('e')) return s
  }
  throw new Error(`${x} does not fit in ${width} characters`)
}

/** The digital value the writer stores for physical value `p` (rounded, clipped). */
export function toDigital(s: EdfTestSignal, p: number): number {
  const d = Math.round((p - s.physicalMin) * (s.digitalMax - s.digitalMin) / (s.physicalMax - s.physicalMin) + s.digitalMin)
  return Math.min(s.digitalMax, Math.max(s.digitalMin, d))
}

/** One quantisation step of a signal in physical units. */
export function quantisationStep(s: EdfTestSignal): number {
  return Math.abs(s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin)
}

function talBytes(onset: number, duration: number | undefined, texts: readonly string[]): Buffer {
  const stamp = `${onset < 0 ? '-' : '+'}${num(Math.abs(onset), 20)}${duration === undefined ? '' : `\x15${num(duration, 20)}`}`
  return Buffer.concat([Buffer.from(stamp, 'latin1'), ...texts.map((t) => Buffer.concat([Buffer.from('\x14'), Buffer.from(t, 'utf8')])), Buffer.from('\x14\x00')])
}

/** Builds a complete EDF / EDF+ (or, with `bdf`, BDF / BDF+) file. */
export function buildEdf(o: EdfTestOptions): Buffer {
  const variant = o.variant ?? 'EDF'
  const bytes = o.bdf === true ? 3 : 2
  const plus = variant !== 'EDF'
  const starts = o.recordStarts ?? Array.from({ length: o.records }, (_, i) => i * o.recordDuration)
  // Annotation payload of each record: the time-keeping TAL, then (record 0 only) the events.
  const tals = starts.map((start, r) => Buffer.concat([
    talBytes(start, undefined, ['']),
    ...(r === 0 ? (o.annotations ?? []).map((a) => talBytes(a.onset, a.duration, [a.text])) : []),
  ]))
  const annSpr = Math.ceil(Math.max(...tals.map((t) => t.length)) / bytes) + 1
  const annotation: EdfTestSignal = {
    label: o.bdf === true ? 'BDF Annotations' : 'EDF Annotations', samplesPerRecord: annSpr, physicalMin: -1, physicalMax: 1, digitalMin: -32768, digitalMax: 32767, samples: [],
  }
  const all = plus ? (o.annotationsFirst === true ? [annotation, ...o.signals] : [...o.signals, annotation]) : [...o.signals]
  const ns = all.length
  const header = Buffer.alloc(256 * (ns + 1), 0x20)
  const put = (field: keyof typeof FIXED_FIELDS, value: string): void => setField(header, FIXED_FIELDS[field][0], FIXED_FIELDS[field][1], value)
  put('version', o.bdf === true ? '\xffBIOSEMI' : '0')
  put('patient', 'X X X X')
  put('recording', 'Startdate X X X X')
  put('startDate', o.startDate ?? '24.01.20')
  put('startTime', o.startTime ?? '10.20.30')
  put('headerBytes', String(256 * (ns + 1)))
  put('reserved', o.bdf === true ? (plus ? variant.replace('EDF', 'BDF') : '24BIT') : plus ? variant : '')
  put('records', String(o.records))
  put('recordDuration', num(o.recordDuration))
  put('signalCount', String(ns))
  all.forEach((s, i) => {
    const f = (field: keyof typeof SIGNAL_FIELD_WIDTHS, value: string): void =>
      setField(header, signalFieldOffset(ns, field, i), SIGNAL_FIELD_WIDTHS[field], value)
    f('label', s.label)
    f('physicalDimension', s.unit ?? '')
    f('physicalMin', num(s.physicalMin))
    f('physicalMax', num(s.physicalMax))
    f('digitalMin', String(s.digitalMin))
    f('digitalMax', String(s.digitalMax))
    f('samplesPerRecord', String(s.samplesPerRecord))
  })
  const recordBytes = all.reduce((n, s) => n + bytes * s.samplesPerRecord, 0)
  const data = Buffer.alloc(recordBytes * o.records)
  for (let r = 0; r < o.records; r++) {
    let at = r * recordBytes
    for (const s of all) {
      if (s === annotation) {
        tals[r]!.copy(data, at)
      } else {
        for (let k = 0; k < s.samplesPerRecord; k++) {
          const d = toDigital(s, s.samples[r * s.samplesPerRecord + k] ?? 0)
          if (bytes === 3) data.writeIntLE(d, at + 3 * k, 3)
          else data.writeInt16LE(d, at + 2 * k)
        }
      }
      at += bytes * s.samplesPerRecord
    }
  }
  return Buffer.concat([header, data])
}
