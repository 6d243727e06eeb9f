/**
 * Opens a TMSi Poly5 file (.S00) and reads its channels one at a time, block by block.
 *
 * Written by hand because no maintained JavaScript library reads Poly5 (header parsing in
 * header.ts). A SWELL-KW file is 2048 Hz × about an hour × several channels, so samples are
 * never loaded whole: `readChannel` streams the file in chunks of many blocks and keeps only the
 * asked-for channel, so peak memory is the output array plus one chunk (about 4 MiB).
 */
import { open, type FileHandle } from 'node:fs/promises'
import { InputError } from '../../common/input-error.js'
import type { ChannelInfo, SignalFile } from '../types.js'
import {
  BLOCK_HEADER_BYTES,
  DESCRIPTION_BYTES,
  HEADER_PROBE_BYTES,
  hasUsableScaling,
  parsePoly5Descriptions,
  parsePoly5Header,
  type Poly5ChannelDescription,
  type Poly5Header,
} from './header.js'

/** Bytes read per chunk (rounded to whole blocks, at least one block). */
const CHUNK_BYTES = 4 * 1024 * 1024

/** Summary of one channel over the first samples of a file, for a channel preview. */
export interface Poly5ChannelStats {
  readonly index: number
  readonly name: string
  readonly unit: string
  /** Samples the statistics cover. */
  readonly samples: number
  readonly min: number
  readonly max: number
  readonly mean: number
  readonly std: number
  /** Every stored value was exactly 0 (TMSi writes zeros for channels that were not recorded). */
  readonly allZero: boolean
}

/** An opened Poly5 file: a SignalFile plus what the SWELL adapter needs to join and preview. */
export interface Poly5File extends SignalFile {
  readonly format: 'poly5'
  readonly header: Poly5Header
  /** The full descriptions, including scaling, one per channel. */
  readonly descriptions: readonly Poly5ChannelDescription[]
  /** Reads one channel into `out` starting at `offset` (for joining a block's continuation file). */
  readChannelInto(index: number, out: Float64Array, offset: number): Promise<void>
  /** Statistics of every channel over the first `maxSamples` samples, in one pass over the file. */
  channelStats(maxSamples?: number): Promise<Poly5ChannelStats[]>
}

interface Layout {
  readonly dataStart: number
  readonly blockBytes: number
  readonly periodsPerBlock: number
  readonly channelCount: number
  /** Sample periods the reader will deliver (bounded by the header and by the bytes present). */
  readonly totalPeriods: number
}

/**
 * Opens a Poly5 file: reads and checks the header and signal descriptions only.
 * Throws InputError when the file is missing, not Poly5, damaged, or holds no samples.
 */
export async function openPoly5(path: string): Promise<Poly5File> {
  const handle = await openFile(path)
  let header: Poly5Header
  let descriptions: Poly5ChannelDescription[]
  let fileSize: number
  const warnings: string[] = []
  try {
    fileSize = (await handle.stat()).size
    const probe = Buffer.alloc(Math.min(HEADER_PROBE_BYTES, fileSize))
    await readFully(handle, probe, 0, path)
    header = parsePoly5Header(probe, path)
    warnings.push(...header.warnings)
    const descriptionBytes = header.signalCount * DESCRIPTION_BYTES
    if (fileSize < header.descriptionsStart + descriptionBytes) {
      throw new InputError(`the Poly5 file ends inside its ${header.signalCount} signal descriptions; the file is truncated, copy it again from the source.`, path)
    }
    const described = Buffer.alloc(descriptionBytes)
    await readFully(handle, described, header.descriptionsStart, path)
    descriptions = parsePoly5Descriptions(described, header.signalCount, path, warnings)
  } finally {
    await handle.close()
  }
  const layout = computeLayout(header, fileSize, path, warnings)
  descriptions.forEach((d, i) => {
    if (!hasUsableScaling(d)) warnings.push(`Channel ${i} "${d.name}" has no usable scaling (ADC range ${d.adcLow}..${d.adcHigh}); it cannot be read.`)
  })
  const channels: ChannelInfo[] = descriptions.map((d, index) => ({ index, name: d.name, unit: d.unit, fs: header.fs, sampleCount: layout.totalPeriods }))
  const reportedZero = new Set<number>()
  const noteAllZero = (index: number): void => {
    if (reportedZero.has(index)) return
    reportedZero.add(index)
    warnings.push(`Channel ${index} "${descriptions[index]?.name ?? ''}" holds only zeros: it was not recorded.`)
  }

  const readChannelInto = async (index: number, out: Float64Array, offset: number): Promise<void> => {
    const d = checkedChannel(descriptions, index, path)
    if (offset < 0 || offset + layout.totalPeriods > out.length) throw new RangeError('readChannelInto: output array too small')
    let anyNonZero = false
    await forEachBlock(path, layout, layout.totalPeriods, (view, base, first, count) => {
      const stride = 4 * layout.channelCount
      let at = base + 4 * index
      for (let j = 0; j < count; j++, at += stride) {
        const x = view.getFloat32(at, true)
        if (x !== 0) anyNonZero = true
        // Physical value, DATASETS.md: (x − ADCLow)/(ADCHigh − ADCLow)·(UnitHigh − UnitLow) + UnitLow.
        out[offset + first + j] = ((x - d.adcLow) / (d.adcHigh - d.adcLow)) * (d.unitHigh - d.unitLow) + d.unitLow
      }
    })
    if (!anyNonZero) noteAllZero(index)
  }

  return {
    path,
    format: 'poly5',
    channels,
    events: [],
    gaps: [],
    startTime: header.startTime,
    warnings,
    header,
    descriptions,
    readChannelInto,
    async readChannel(index: number): Promise<Float64Array> {
      checkedChannel(descriptions, index, path)
      const out = new Float64Array(layout.totalPeriods)
      await readChannelInto(index, out, 0)
      return out
    },
    async channelStats(maxSamples = layout.totalPeriods): Promise<Poly5ChannelStats[]> {
      const stats = await computeStats(path, layout, descriptions, Math.max(1, Math.min(maxSamples, layout.totalPeriods)))
      if (maxSamples >= layout.totalPeriods) stats.forEach((s) => s.allZero && noteAllZero(s.index))
      return stats
    },
  }
}

/** Where the blocks are and how many complete sample periods the file really holds. */
function computeLayout(header: Poly5Header, fileSize: number, path: string, warnings: string[]): Layout {
  const channelCount = header.signalCount / 2
  const periodBytes = 4 * channelCount
  const blockBytes = BLOCK_HEADER_BYTES + header.blockDataBytes
  // Block g starts at 217 + NS·136 + g·(86 + SD) (one byte later in version 2.04).
  const dataStart = header.descriptionsStart + header.signalCount * DESCRIPTION_BYTES
  const available = Math.max(0, fileSize - dataStart)
  const fullBlocks = Math.floor(available / blockBytes)
  const rest = available - fullBlocks * blockBytes
  const partial = rest > BLOCK_HEADER_BYTES ? Math.min(header.periodsPerBlock, Math.floor((rest - BLOCK_HEADER_BYTES) / periodBytes)) : 0
  const present = fullBlocks * header.periodsPerBlock + partial
  let totalPeriods = present
  if (header.samplesPerChannel > 0) {
    totalPeriods = Math.min(header.samplesPerChannel, present)
    if (header.samplesPerChannel > present) {
      warnings.push(`The header promises ${header.samplesPerChannel} samples per channel but the file holds only ${present} complete sample periods (truncated file?); the samples present were read.`)
    }
  } else {
    warnings.push(`The header does not state the number of samples (recording not closed properly?); all ${present} complete sample periods present were read.`)
  }
  if (totalPeriods === 0) {
    throw new InputError('the Poly5 file holds no complete sample period after its header; the file is truncated or empty, copy it again from the source.', path)
  }
  return { dataStart, blockBytes, periodsPerBlock: header.periodsPerBlock, channelCount, totalPeriods }
}

/**
 * Streams the first `periods` sample periods of the file in chunks of whole blocks and calls
 * `visit` per block with the byte offset of its sample data in `view`, the index of its first
 * sample period and how many periods of it to use.
 */
async function forEachBlock(
  path: string,
  layout: Layout,
  periods: number,
  visit: (view: DataView, base: number, first: number, count: number) => void,
): Promise<void> {
  const { blockBytes, periodsPerBlock, dataStart } = layout
  const blocksNeeded = Math.ceil(periods / periodsPerBlock)
  const blocksPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / blockBytes))
  const chunk = Buffer.allocUnsafe(Math.min(blocksPerChunk, blocksNeeded) * blockBytes)
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length)
  const handle = await openFile(path)
  try {
    for (let g0 = 0; g0 < blocksNeeded; g0 += blocksPerChunk) {
      const blocks = Math.min(blocksPerChunk, blocksNeeded - g0)
      const lastPeriods = Math.min(periodsPerBlock, periods - (g0 + blocks - 1) * periodsPerBlock)
      // The last block may be physically short: read only what its periods occupy.
      const wanted = (blocks - 1) * blockBytes + BLOCK_HEADER_BYTES + lastPeriods * 4 * layout.channelCount
      const got = await readFully(handle, chunk.subarray(0, wanted), dataStart + g0 * blockBytes, path)
      if (got < wanted) {
        throw new InputError('the Poly5 file became shorter while it was being read; make sure no other program is writing it and try again.', path)
      }
      for (let b = 0; b < blocks; b++) {
        const first = (g0 + b) * periodsPerBlock
        visit(view, b * blockBytes + BLOCK_HEADER_BYTES, first, Math.min(periodsPerBlock, periods - first))
      }
    }
  } finally {
    await handle.close()
  }
}

/** Min, max, mean, std and all-zero flag of every channel in one pass. */
async function computeStats(path: string, layout: Layout, descriptions: readonly Poly5ChannelDescription[], periods: number): Promise<Poly5ChannelStats[]> {
  const n = layout.channelCount
  const min = new Float64Array(n).fill(Infinity)
  const max = new Float64Array(n).fill(-Infinity)
  const sum = new Float64Array(n)
  const sumSq = new Float64Array(n)
  const nonZero = new Uint8Array(n)
  const usable = descriptions.map(hasUsableScaling)
  await forEachBlock(path, layout, periods, (view, base, _first, count) => {
    for (let j = 0; j < count; j++) {
      for (let c = 0; c < n; c++) {
        const x = view.getFloat32(base + 4 * (j * n + c), true)
        if (x !== 0) nonZero[c] = 1
        const d = descriptions[c]
        if (d === undefined || !usable[c]) continue
        const v = ((x - d.adcLow) / (d.adcHigh - d.adcLow)) * (d.unitHigh - d.unitLow) + d.unitLow
        if (v < (min[c] ?? 0)) min[c] = v
        if (v > (max[c] ?? 0)) max[c] = v
        sum[c] = (sum[c] ?? 0) + v
        sumSq[c] = (sumSq[c] ?? 0) + v * v
      }
    }
  })
  return descriptions.map((d, c) => {
    const mean = usable[c] ? (sum[c] ?? 0) / periods : NaN
    const variance = Math.max(0, (sumSq[c] ?? 0) / periods - mean * mean)
    return {
      index: c,
      name: d.name,
      unit: d.unit,
      samples: periods,
      min: usable[c] ? (min[c] ?? NaN) : NaN,
      max: usable[c] ? (max[c] ?? NaN) : NaN,
      mean,
      std: usable[c] ? Math.sqrt(variance) : NaN,
      allZero: nonZero[c] === 0,
    }
  })
}

function checkedChannel(descriptions: readonly Poly5ChannelDescription[], index: number, path: string): Poly5ChannelDescription {
  const d = Number.isInteger(index) ? descriptions[index] : undefined
  if (d === undefined) {
    throw new InputError(`channel ${index} does not exist; the file has channels 0 to ${descriptions.length - 1}.`, path)
  }
  if (!hasUsableScaling(d)) {
    throw new InputError(`channel ${index} "${d.name}" has no usable scaling (ADCHigh equals ADCLow or is not a number); choose another channel.`, path)
  }
  return d
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r')
  } catch {
    throw new InputError('the Poly5 file cannot be opened; check that it exists and that you may read it.', path)
  }
}

/** Reads until `target` is full or the file ends; returns the bytes read. */
async function readFully(handle: FileHandle, target: Uint8Array, position: number, path: string): Promise<number> {
  let done = 0
  try {
    while (done < target.length) {
      const { bytesRead } = await handle.read(target, done, target.length - done, position + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
  } catch {
    throw new InputError('reading the Poly5 file failed; check that the disk or network share is still available.', path)
  }
  return done
}
