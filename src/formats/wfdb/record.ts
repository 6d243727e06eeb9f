/**
 * Opens a single-segment WFDB record: parses the `.hea` header, checks that every data file it
 * names exists and is long enough, and reads one signal at a time by streaming only the data
 * file that holds it, in chunks of about 16 MB (FLAC files through flac-signal.ts).
 */
import { open, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { InputError } from '../../common/input-error.js'
import type { ChannelInfo, SignalFile } from '../types.js'
import { FLAC_WFDB_FORMATS, SUPPORTED_WFDB_FORMATS, wfdbFormat, type WfdbFormat } from './formats.js'
import { readFlacChannel, readFlacInfo } from './flac-signal.js'
import { parseWfdbHeader, wfdbStartTime, type WfdbHeader, type WfdbSignalSpec } from './header.js'
import { readExact } from '../read-exact.js'

/** An opened WFDB record. Channel i is signal i of the header. */
export interface WfdbRecord extends SignalFile {
  readonly format: 'wfdb'
  readonly header: WfdbHeader
  /** The header and every data file it names, for provenance. */
  readonly files: readonly string[]
  /**
   * Stored integer values of one signal (ADC units), all frames, with the header checksum
   * verified. Throws InputError when the data file is short or does not match the checksum.
   */
  readDigital(index: number): Promise<Int32Array>
}

/** Where one signal lives inside its data file. */
interface SignalLayout {
  readonly spec: WfdbSignalSpec
  readonly dataPath: string
  /** The byte layout, or 'flac' for a FLAC-compressed file (formats 508, 516, 524). */
  readonly codec: WfdbFormat | 'flac'
  /** Samples of all signals of this data file in one frame. */
  readonly samplesPerFrameInFile: number
  /** Position of this signal's first sample within a frame of the data file. */
  readonly offsetInFrame: number
  readonly frames: number
}

/** Bytes read per chunk; large enough for few system calls, small enough for any file size. */
const CHUNK_BYTES = 16 * 1024 * 1024
/** A header is a few kB of text; anything this large is another kind of file. */
const MAX_HEADER_BYTES = 4 * 1024 * 1024

/** Whole samples stored in `bytes` bytes (212, 310 and 311 files may end in a cut-short block). */
function samplesInBytes(codec: WfdbFormat, bytes: number): number {
  const blocks = Math.floor(bytes / codec.bytesPerBlock)
  const rest = bytes - blocks * codec.bytesPerBlock
  let partial = 0
  while (partial + 1 < codec.partialBytes.length && codec.partialBytes[partial + 1]! <= rest) partial++
  return blocks * codec.samplesPerBlock + partial
}

/** Bytes needed to hold `samples` consecutive samples starting on a block boundary. */
function bytesForSamples(codec: WfdbFormat, samples: number): number {
  const full = Math.floor(samples / codec.samplesPerBlock)
  const rest = samples - full * codec.samplesPerBlock
  return full * codec.bytesPerBlock + (rest > 0 ? (codec.partialBytes[rest] ?? codec.bytesPerBlock) : 0)
}

/** The text of a header given by its path or record name (`…/100` for `…/100.hea`). */
export async function readWfdbHeaderText(headerPath: string): Promise<{ path: string; text: string }> {
  const candidates = headerPath.toLowerCase().endsWith('.hea') ? [headerPath] : [headerPath, `${headerPath}.hea`]
  for (const candidate of candidates) {
    let size: number
    try {
      const s = await stat(candidate)
      if (!s.isFile()) continue
      size = s.size
    } catch {
      continue
    }
    if (size > MAX_HEADER_BYTES) {
      throw new InputError('this is not a WFDB header: it is far too large for a .hea text file; choose the .hea file of the record.', candidate)
    }
    try {
      return { path: candidate, text: await readFile(candidate, 'latin1') }
    } catch {
      throw new InputError('the WFDB header cannot be read; check the file permissions.', candidate)
    }
  }
  throw new InputError('the WFDB header file does not exist; choose the .hea file of the record.', headerPath)
}

/** Groups consecutive signal lines that name the same data file (WFDB's signal groups). */
function groupSignals(header: WfdbHeader, headerPath: string): WfdbSignalSpec[][] {
  const groups: WfdbSignalSpec[][] = []
  const seen = new Set<string>()
  for (const spec of header.signals) {
    const last = groups.at(-1)
    if (last?.[0]?.file === spec.file) {
      last.push(spec)
      continue
    }
    if (seen.has(spec.file)) {
      throw new InputError(`the WFDB header lists data file ${spec.file} for signals that are not adjacent, which WFDB does not allow; fix the header.`, headerPath)
    }
    seen.add(spec.file)
    groups.push([spec])
  }
  return groups
}

async function layoutGroup(group: WfdbSignalSpec[], header: WfdbHeader, headerPath: string): Promise<SignalLayout[]> {
  const first = group[0]!
  if (first.file === '~' && header.sampleCount === undefined && header.signals.every((s) => s.file === '~')) {
    throw new InputError('this is the layout header of a multi-segment record: it lists the signals but holds no samples; choose the record\'s master header (the one whose first line reads "name/segments …").', headerPath)
  }
  if (first.file === '~' || first.file === '-') {
    throw new InputError(`the WFDB header names data file "${first.file}" (no file or standard input), which the workbench cannot read; choose a record stored in data files.`, headerPath)
  }
  const codec: WfdbFormat | 'flac' | undefined = FLAC_WFDB_FORMATS.includes(first.format) ? 'flac' : wfdbFormat(first.format)
  if (codec === undefined) {
    throw new InputError(`WFDB storage format ${first.format} (of ${first.file}) is not supported; supported formats are ${SUPPORTED_WFDB_FORMATS.join(', ')} — convert the record, e.g. with the WFDB tool xform -O 16.`, headerPath)
  }
  if (group.some((s) => s.format !== first.format)) {
    throw new InputError(`the WFDB header gives different storage formats for signals in the same data file ${first.file}; fix the header.`, headerPath)
  }
  const dataPath = join(dirname(headerPath), first.file)
  let size: number
  try {
    const s = await stat(dataPath)
    if (!s.isFile()) throw new Error('not a file')
    size = s.size
  } catch {
    throw new InputError(`the data file ${first.file} named in the WFDB header ${basename(headerPath)} is missing; put it in the same folder as the header.`, dataPath)
  }
  const samplesPerFrameInFile = group.reduce((n, s) => n + s.samplesPerFrame, 0)
  // WFDB uses the first signal's byte offset for the whole data file.
  const available = codec === 'flac'
    ? await flacFrames(group, dataPath, first.file, headerPath)
    : Math.floor(samplesInBytes(codec, Math.max(0, size - first.byteOffset)) / samplesPerFrameInFile)
  const promised = header.sampleCount
  if (promised !== undefined && available < promised) {
    throw new InputError(`the WFDB header promises ${promised} samples per signal but the data file ${first.file} holds only ${available}; the data file is truncated or belongs to another record.`, dataPath)
  }
  let offsetInFrame = 0
  return group.map((spec) => {
    const layout = { spec, dataPath, codec, samplesPerFrameInFile, offsetInFrame, frames: promised ?? available }
    offsetInFrame += spec.samplesPerFrame
    return layout
  })
}

/**
 * Frames a FLAC signal file holds, from its stream header, after checking that its channels
 * and resolution fit the header (one FLAC channel per signal, all with the same samples per frame).
 */
async function flacFrames(group: WfdbSignalSpec[], dataPath: string, name: string, headerPath: string): Promise<number> {
  const first = group[0]!
  if (group.some((s) => s.samplesPerFrame !== first.samplesPerFrame)) {
    throw new InputError(`the signals stored in the FLAC file ${name} have different samples per frame, which WFDB's FLAC formats do not allow; the header is damaged.`, headerPath)
  }
  const info = await readFlacInfo(dataPath, name)
  if (info.channels !== group.length) {
    throw new InputError(`the FLAC file ${name} holds ${info.channels} channels but the WFDB header gives it ${group.length} signals; the file belongs to another record or the header is damaged.`, dataPath)
  }
  const maxBits = first.format - 500
  if (info.bitsPerSample > maxBits) {
    throw new InputError(`the FLAC file ${name} stores ${info.bitsPerSample}-bit samples, more than format ${first.format} allows (${maxBits} bits); the header's format number is wrong.`, dataPath)
  }
  if (info.totalSamples === undefined) {
    throw new InputError(`the FLAC file ${name} does not state how many samples it holds; re-encode it with a FLAC encoder that writes the length (as WFDB's wrsamp does).`, dataPath)
  }
  // The `+offset` of a FLAC signal file counts samples per channel, not bytes.
  return Math.floor(Math.max(0, info.totalSamples - first.byteOffset) / first.samplesPerFrame)
}

/** Turns anything thrown while decoding bytes into one InputError (never a bare RangeError). */
function asInputError(e: unknown, path: string): InputError {
  if (e instanceof InputError) return e
  const reason = e instanceof Error ? e.message : String(e)
  return new InputError(`the WFDB record could not be read (${reason.replace(/\s+/g, ' ')}); it is damaged or not a WFDB record.`, path)
}

function sameSum(sum: number, checksum: number): boolean {
  // The checksum is the sum of the samples modulo 2^16, written as a signed 16-bit number.
  return ((sum - checksum) & 0xffff) === 0
}

async function readSignal(layout: SignalLayout, headerPath: string): Promise<Int32Array> {
  const out = layout.codec === 'flac' ? await readFlacSignal(layout) : await readPackedSignal(layout, layout.codec)
  const { spec } = layout
  if (spec.checksum !== undefined) {
    let sum = 0
    for (let i = 0; i < out.length; i++) sum = (sum + out[i]!) | 0
    if (!sameSum(sum, spec.checksum)) {
      const got = ((sum & 0xffff) << 16) >> 16
      throw new InputError(`the samples of signal "${spec.description}" in ${spec.file} do not match the checksum in the header (${spec.checksum}, computed ${got}): the data file is corrupt or does not belong to this header ${basename(headerPath)}.`, layout.dataPath)
    }
  }
  return out
}

async function readFlacSignal(layout: SignalLayout): Promise<Int32Array> {
  const { spec, offsetInFrame, frames } = layout
  try {
    // All signals of a FLAC file have the same samples per frame, so channel = position in the frame / spf.
    const channel = offsetInFrame / spec.samplesPerFrame
    return await readFlacChannel({ path: layout.dataPath, name: spec.file, channel, skip: spec.byteOffset, count: frames * spec.samplesPerFrame })
  } catch (e) {
    throw asInputError(e, layout.dataPath)
  }
}

async function readPackedSignal(layout: SignalLayout, codec: WfdbFormat): Promise<Int32Array> {
  const { spec, samplesPerFrameInFile: spf, offsetInFrame, frames } = layout
  const out = new Int32Array(frames * spec.samplesPerFrame)
  // Whole frames per chunk, a multiple of the block's samples so that a chunk always starts on a
  // block boundary (212 packs 2 samples, 310 and 311 pack 3).
  const perBlock = codec.samplesPerBlock
  const framesPerChunk = perBlock * Math.max(1, Math.floor(CHUNK_BYTES / bytesForSamples(codec, perBlock * spf)))
  const buf = new Uint8Array(bytesForSamples(codec, Math.min(frames, framesPerChunk) * spf))
  let fh
  try {
    fh = await open(layout.dataPath, 'r')
  } catch {
    throw new InputError(`the data file ${spec.file} cannot be opened; check that it exists and is readable.`, layout.dataPath)
  }
  let n = 0
  // Format 8 stores differences: each signal's running value starts at its initial value.
  let running = spec.initialValue
  try {
    for (let f0 = 0; f0 < frames; f0 += framesPerChunk) {
      const chunkFrames = Math.min(framesPerChunk, frames - f0)
      const want = bytesForSamples(codec, chunkFrames * spf)
      const position = spec.byteOffset + bytesForSamples(codec, f0 * spf)
      const got = await readExact(fh, buf, want, position)
      if (got < want) {
        const held = Math.floor(samplesInBytes(codec, position - spec.byteOffset + got) / spf)
        throw new InputError(`the WFDB header promises ${frames} samples per signal but the data file ${spec.file} holds only ${held}; the data file is truncated or belongs to another record.`, layout.dataPath)
      }
      for (let f = 0; f < chunkFrames; f++) {
        const base = f * spf + offsetInFrame
        for (let s = 0; s < spec.samplesPerFrame; s++) {
          const stored = codec.sampleAt(buf, base + s)
          out[n++] = codec.differences ? (running += stored) : stored
        }
      }
    }
  } catch (e) {
    throw asInputError(e, layout.dataPath)
  } finally {
    await fh.close()
  }
  return out
}

/**
 * Opens a single-segment WFDB record from its `.hea` header (the `.hea` extension may be left
 * off). Reads only the header and the sizes of the data files; samples are read per channel on
 * demand. Throws InputError for a header or data files the workbench cannot read, and for a
 * multi-segment master header (openWfdb in open.ts reads both kinds).
 */
export async function openWfdbRecord(headerPath: string): Promise<WfdbRecord> {
  const { path, text } = await readWfdbHeaderText(headerPath)
  return openSingleSegment(path, text)
}

/** A single-segment record from its header's path and text. */
export async function openSingleSegment(path: string, text: string): Promise<WfdbRecord> {
  const header = parseWfdbHeader(text, path)
  const layouts: SignalLayout[] = []
  try {
    for (const group of groupSignals(header, path)) layouts.push(...(await layoutGroup(group, header, path)))
  } catch (e) {
    throw asInputError(e, path)
  }

  const warnings: string[] = []
  const skewed = header.signals.filter((s) => s.skew !== 0)
  if (skewed.length > 0) {
    warnings.push(`the header gives a skew for ${skewed.map((s) => `"${s.description}"`).join(', ')}; skew is not applied, so those signals may be shifted by a few samples.`)
  }
  if (header.sampleCount === undefined && new Set(layouts.map((l) => l.frames)).size > 1) {
    warnings.push('the header does not state the record length and the data files hold different lengths; each signal is read to the end of its own file.')
  }
  const channels: ChannelInfo[] = layouts.map((l, index) => ({
    index,
    name: l.spec.description,
    unit: l.spec.units,
    fs: header.fs * l.spec.samplesPerFrame,
    sampleCount: l.frames * l.spec.samplesPerFrame,
  }))

  const layoutOf = (index: number): SignalLayout => {
    const layout = Number.isInteger(index) ? layouts[index] : undefined
    if (layout === undefined) {
      throw new InputError(`channel ${index} does not exist; the record has ${layouts.length} channels, numbered 0 to ${layouts.length - 1}.`, path)
    }
    return layout
  }
  const readDigital = (index: number): Promise<Int32Array> => readSignal(layoutOf(index), path)

  return {
    path,
    format: 'wfdb',
    header,
    files: [path, ...new Set(layouts.map((l) => l.dataPath))],
    channels,
    events: [],
    gaps: [],
    startTime: wfdbStartTime(header.baseTime, header.baseDate),
    warnings,
    readDigital,
    async readChannel(index: number): Promise<Float64Array> {
      const { spec, codec } = layoutOf(index)
      const digital = await readDigital(index)
      const out = new Float64Array(digital.length)
      // A FLAC file's invalid-sample code is the lowest value of its resolution, as in 80/16/24.
      const invalid = codec === 'flac' ? -(2 ** (spec.format - 500 - 1)) : codec.invalid
      for (let i = 0; i < digital.length; i++) {
        const d = digital[i]!
        // WFDB physical units: (digital − baseline) / gain; the invalid-sample code has no value.
        out[i] = d === invalid ? Number.NaN : (d - spec.baseline) / spec.gain
      }
      return out
    },
  }
}
