/**
 * Saving and loading network weights together with the run's full config, and exporting the
 * encoder as NumPy files for Python users.
 *
 * A checkpoint is a directory with `weights.json` (format, config, and per weight its name, shape
 * and place in the blob) and `weights.bin` (every weight as little-endian float32, back to back).
 * One blob instead of tfjs's browser-oriented io handlers keeps a checkpoint two plain files that
 * any language can read.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { npyHeader } from '../formats/npy.js'

/** The `format` field of a checkpoint manifest. */
export const WEIGHTS_FORMAT = 'ecg-ssl-weights'
/** Version of the checkpoint layout; bump when it changes incompatibly. */
export const WEIGHTS_VERSION = 1

/** One weight in a checkpoint. */
export interface WeightEntry {
  /** The weight's layer-scoped name, e.g. `conv1a/kernel`; stable across model instances. */
  name: string
  shape: number[]
  /** Offset and length in float32 elements within `weights.bin`. */
  offset: number
  length: number
}

/** The manifest `weights.json`. */
export interface WeightsManifest<C = unknown> {
  format: typeof WEIGHTS_FORMAT
  version: number
  tfjs: string
  /** The run's full config, as the caller gave it. */
  config: C
  weights: WeightEntry[]
}

/** The weights of `models` (shared weights counted once), keyed by their layer-scoped names. */
function collectWeights(models: readonly tf.LayersModel[]): Map<string, tf.LayerVariable> {
  const byName = new Map<string, tf.LayerVariable>()
  for (const model of models) {
    for (const weight of model.weights) {
      const seen = byName.get(weight.originalName)
      if (seen === weight) continue
      // Two different weights with one name would load ambiguously: refuse rather than guess.
      if (seen !== undefined) throw new Error(`two weights are named ${weight.originalName}`)
      byName.set(weight.originalName, weight)
    }
  }
  return byName
}

/** Writes `weights.json` and `weights.bin` for `models` (e.g. the pretext model) into `dir`. */
export async function saveWeights<C>(dir: string, models: tf.LayersModel | readonly tf.LayersModel[], config: C): Promise<WeightsManifest<C>> {
  const weights = collectWeights(Array.isArray(models) ? models : [models as tf.LayersModel])
  const entries: WeightEntry[] = []
  const parts: Float32Array[] = []
  let offset = 0
  for (const [name, weight] of weights) {
    // Asynchronous: a WebGPU backend cannot read GPU memory synchronously in Node.
    const values = await weight.read().data()
    if (!(values instanceof Float32Array)) throw new Error(`weight ${name} is not float32`)
    entries.push({ name, shape: [...weight.shape] as number[], offset, length: values.length })
    parts.push(values)
    offset += values.length
  }
  const blob = new Float32Array(offset)
  entries.forEach((entry, i) => blob.set(parts[i] ?? [], entry.offset))
  const manifest: WeightsManifest<C> = { format: WEIGHTS_FORMAT, version: WEIGHTS_VERSION, tfjs: tf.version.tfjs, config, weights: entries }
  await mkdir(dir, { recursive: true })
  // Blob first: a manifest never points at a blob that was not fully written.
  await writeFile(path.join(dir, 'weights.bin'), toLittleEndianBytes(blob))
  await writeFile(path.join(dir, 'weights.json'), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

/** Reads a checkpoint's manifest (to get the config before building the models). */
export async function readWeightsManifest<C = unknown>(dir: string): Promise<WeightsManifest<C>> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'weights.json'), 'utf8')) as WeightsManifest<C>
  const format: unknown = manifest.format
  if (format !== WEIGHTS_FORMAT) throw new Error(`${dir} does not hold ${WEIGHTS_FORMAT} (format: ${String(format)})`)
  if (manifest.version > WEIGHTS_VERSION) throw new Error(`${dir} was written by a newer version (layout ${manifest.version})`)
  return manifest
}

/**
 * Loads a checkpoint into `models`, which must have been built from the same config: every weight
 * of the models must be in the checkpoint with the same shape. Returns the manifest (and config).
 */
export async function loadWeights<C = unknown>(dir: string, models: tf.LayersModel | readonly tf.LayersModel[]): Promise<WeightsManifest<C>> {
  const manifest = await readWeightsManifest<C>(dir)
  const bytes = await readFile(path.join(dir, 'weights.bin'))
  const blob = fromLittleEndianBytes(bytes)
  const stored = new Map(manifest.weights.map((e) => [e.name, e]))
  for (const [name, weight] of collectWeights(Array.isArray(models) ? models : [models as tf.LayersModel])) {
    const entry = stored.get(name)
    if (entry === undefined) throw new Error(`checkpoint ${dir} has no weight ${name}`)
    if (entry.shape.join('x') !== weight.shape.join('x')) {
      throw new Error(`weight ${name}: checkpoint shape [${entry.shape.join(', ')}], model shape [${weight.shape.join(', ')}]`)
    }
    if (entry.offset + entry.length > blob.length) throw new Error(`checkpoint ${dir}: weights.bin is truncated`)
    // The variable keeps the data by reference count; tidy drops the temporary tensor itself.
    tf.tidy(() => {
      weight.write(tf.tensor(blob.subarray(entry.offset, entry.offset + entry.length), entry.shape, 'float32'))
    })
  }
  return manifest
}

/** One exported `.npy` file and what it holds. */
export interface NpyExport {
  layer: string
  weight: string
  file: string
  shape: number[]
}

/**
 * Writes each weight of the encoder as `<layer>_<weight>.npy` (float32, NumPy format 1.0) plus
 * `encoder-weights.json` listing them. Kernels keep the tfjs / Keras layout: conv1d
 * [kernel, in, out], dense [in, out]; PyTorch's Conv1d wants `kernel.transpose(2, 1, 0)`.
 */
export async function exportEncoderNpy(dir: string, encoder: tf.LayersModel): Promise<NpyExport[]> {
  await mkdir(dir, { recursive: true })
  const exports: NpyExport[] = []
  for (const [name, weight] of collectWeights([encoder])) {
    const [layer = name, kind = 'weight'] = name.split('/')
    const file = `${layer}_${kind}.npy`
    const shape = [...weight.shape] as number[]
    const data = toLittleEndianBytes((await weight.read().data()) as Float32Array)
    await writeFile(path.join(dir, file), Buffer.concat([npyHeader(shape, '<f4'), data]))
    exports.push({ layer, weight: kind, file, shape })
  }
  const index = {
    layout: 'tfjs/Keras: conv1d kernel [kernel, in, out], dense kernel [in, out]; PyTorch Conv1d: kernel.transpose(2, 1, 0)',
    padding: "'same' with an even kernel pads (k-1)//2 before and the rest after, as TensorFlow and PyTorch do",
    files: exports,
  }
  await writeFile(path.join(dir, 'encoder-weights.json'), JSON.stringify(index, null, 2) + '\n')
  return exports
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** float32 values as little-endian bytes (a view on little-endian hosts, which are nearly all). */
function toLittleEndianBytes(values: Float32Array): Buffer {
  if (littleEndian) return Buffer.from(values.buffer, values.byteOffset, values.byteLength)
  const out = Buffer.alloc(values.length * 4)
  values.forEach((v, i) => out.writeFloatLE(v, i * 4))
  return out
}

function fromLittleEndianBytes(bytes: Buffer): Float32Array {
  const out = new Float32Array(Math.floor(bytes.length / 4))
  // Copy rather than view: the Buffer's offset in its pool need not be 4-byte aligned.
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4)
  return out
}
