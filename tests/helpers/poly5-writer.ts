/**
 * Writes TMSi Poly5 files (version 2.03 or 2.04) for tests, in the layout of DATASETS.md:
 * 217-byte header (218 for 2.04), NS = 2·channels signal descriptions of 136 bytes as Lo/Hi pairs,
 * then blocks of an 86-byte block header plus SD bytes of float32 samples interleaved by sample
 * period. Overrides let a test write damaged files.
 */
import { writeFile } from 'node:fs/promises'

export interface Poly5ChannelSpec {
  readonly name: string
  readonly unit?: string
  readonly unitLow?: number
  readonly unitHigh?: number
  readonly adcLow?: number
  readonly adcHigh?: number
  /** Stored float32 values (before scaling). */
  readonly raw: ArrayLike<number>
}

export interface Poly5Spec {
  readonly version?: 203 | 204
  readonly fs?: number
  readonly channels: readonly Poly5ChannelSpec[]
  readonly periodsPerBlock?: number
  /** Write the last block at full size (zero padded) instead of only its valid periods. */
  readonly padLastBlock?: boolean
  /** 'lo-hi' (usual), 'hi-lo', or 'plain' (no prefixes). */
  readonly order?: 'lo-hi' | 'hi-lo' | 'plain'
  readonly startTime?: readonly [number, number, number, number, number, number, number]
  // Header overrides for damaged files:
  readonly samplesPerChannel?: number
  readonly signalCount?: number
  readonly blockDataBytes?: number
  readonly headerPeriods?: number
  readonly deltaFlag?: number
  readonly blockCount?: number
}

/** Builds the bytes of a Poly5 file. */
export function buildPoly5(spec: Poly5Spec): Buffer {
  const version = spec.version ?? 203
  const shift = version === 204 ? 1 : 0
  const nc = spec.channels.length
  const ns = 2 * nc
  const periods = Math.max(0, ...spec.channels.map((c) => c.raw.length))
  const perBlock = spec.periodsPerBlock ?? 4
  const sd = perBlock * nc * 4
  const blocks = Math.ceil(periods / perBlock)

  const header = Buffer.alloc(217 + shift)
  header.write(version === 204 ? 'POLY SAMPLE FILE version 2.04\r\n\x1a' : 'POLY SAMPLE FILEversion 2.03\r\n\x1a', 0, 'latin1')
  header.writeInt16LE(version, 31 + shift)
  writePascal(header, 33 + shift, 81, 'test measurement')
  header.writeInt16LE(spec.fs ?? 2048, 114 + shift)
  header.writeInt16LE(spec.fs ?? 2048, 116 + shift)
  header.writeUInt8(0, 118 + shift)
  header.writeInt16LE(spec.signalCount ?? ns, 119 + shift)
  header.writeInt32LE(spec.samplesPerChannel ?? periods, 121 + shift)
  const time = spec.startTime ?? [2012, 10, 8, 1, 9, 30, 15]
  time.forEach((v, i) => header.writeInt16LE(v, 129 + shift + 2 * i))
  header.writeInt32LE(spec.blockCount ?? blocks, 143 + shift)
  header.writeUInt16LE(spec.headerPeriods ?? perBlock, 147 + shift)
  header.writeUInt16LE(spec.blockDataBytes ?? sd, 149 + shift)
  header.writeInt16LE(spec.deltaFlag ?? 0, 151 + shift)

  const descriptions = Buffer.alloc(ns * 136)
  spec.channels.forEach((c, i) => {
    const order = spec.order ?? 'lo-hi'
    const hiFirst = order === 'hi-lo'
    const lo = order === 'plain' ? c.name : `(Lo) ${c.name}`
    const hi = order === 'plain' ? c.name : `(Hi) ${c.name}`
    // The Lo description gets a useless scaling so that a reader using it instead of Hi fails.
    writeDescription(descriptions, (2 * i + (hiFirst ? 1 : 0)) * 136, lo, c.unit ?? 'uV', [0, 0, 0, 0])
    writeDescription(descriptions, (2 * i + (hiFirst ? 0 : 1)) * 136, hi, c.unit ?? 'uV', [c.unitLow ?? -1, c.unitHigh ?? 1, c.adcLow ?? -1, c.adcHigh ?? 1])
  })

  const parts: Buffer[] = [header, descriptions]
  for (let g = 0; g < blocks; g++) {
    const count = Math.min(perBlock, periods - g * perBlock)
    const block = Buffer.alloc(86 + (spec.padLastBlock || count === perBlock ? sd : count * nc * 4))
    block.writeInt32LE(g * perBlock, 0)
    time.forEach((v, i) => block.writeInt16LE(v, 8 + 2 * i))
    for (let j = 0; j < count; j++) {
      spec.channels.forEach((c, k) => block.writeFloatLE(c.raw[g * perBlock + j] ?? 0, 86 + 4 * (j * nc + k)))
    }
    parts.push(block)
  }
  return Buffer.concat(parts)
}

/** Writes a Poly5 file built by `buildPoly5`. */
export async function writePoly5(path: string, spec: Poly5Spec): Promise<void> {
  await writeFile(path, buildPoly5(spec))
}

/** The physical value a reader must produce for a stored value, computed like DATASETS.md says. */
export function poly5Physical(x: number, c: Poly5ChannelSpec): number {
  const f = Math.fround
  const [ul, uh, al, ah] = [f(c.unitLow ?? -1), f(c.unitHigh ?? 1), f(c.adcLow ?? -1), f(c.adcHigh ?? 1)]
  return ((f(x) - al) / (ah - al)) * (uh - ul) + ul
}

function writeDescription(target: Buffer, at: number, name: string, unit: string, scaling: readonly number[]): void {
  writePascal(target, at, 41, name)
  writePascal(target, at + 45, 11, unit)
  scaling.forEach((v, i) => target.writeFloatLE(v, at + 56 + 4 * i))
}

function writePascal(target: Buffer, at: number, size: number, text: string): void {
  const bytes = Buffer.from(text, 'latin1').subarray(0, size - 1)
  target.writeUInt8(bytes.length, at)
  bytes.copy(target, at + 1)
}
