/**
 * Test helper: reads the SciPy oracle written by tests/python/make_signal_oracles.py
 * (tests/fixtures/scipy-signal) and compares arrays.
 */
import { afterAll, beforeAll, describe } from 'vitest'
import { setWasmDspEnabled } from './dsp-wasm.js'
import { readFileSync } from 'node:fs'

const DIR = new URL('../../tests/fixtures/scipy-signal/', import.meta.url)

export interface PeerStats {
  mean: number
  sd: number
  lo: number
  hi: number
  n: number
}
export interface BinRef {
  file: string
  length: number
}
export interface Manifest {
  scipy: string
  butter: { order: number; edgeHz: number; fs: number; btype: 'highpass' | 'lowpass'; sos: number[][] }[]
  resample: (BinRef & { fsIn: number; up: number; down: number; n: number; seed: number })[]
  sosfiltfilt: (BinRef & { order: number; edgeHz: number; fs: number; n: number; seed: number; padlen: number; stats: PeerStats })[]
  zscore: (PeerStats & { kind: string; seed: number; round: number; spikeEvery: number; spike: number })[]
  peerPreprocess: BinRef & { fsIn: number; n: number; seed: number; windows: number; windowLength: number; stats: PeerStats }
}

export const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')) as Manifest

/** A float64 little-endian oracle array. */
export function readBin(ref: BinRef): Float64Array {
  const buf = readFileSync(new URL(ref.file, DIR))
  if (buf.length !== ref.length * 8) throw new Error(`${ref.file}: expected ${ref.length} float64 values`)
  const out = new Float64Array(ref.length)
  for (let i = 0; i < ref.length; i++) out[i] = buf.readDoubleLE(i * 8)
  return out
}

/** max |a − b| / max |b| over [from, to). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = b.length): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`)
  let scale = 0
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!))
  let err = 0
  for (let i = from; i < to; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!))
  return scale === 0 ? err : err / scale
}

/** Runs `body` twice: on the WebAssembly kernels and on the JavaScript fallback loops. */
export function describeOnBothKernels(body: () => void): void {
  describe.each([
    { kernels: true, name: 'WebAssembly kernels' },
    { kernels: false, name: 'JavaScript loops' },
  ])('with the $name', ({ kernels }) => {
    beforeAll(() => setWasmDspEnabled(kernels))
    afterAll(() => setWasmDspEnabled(true))
    body()
  })
}
