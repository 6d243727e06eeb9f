/**
 * A training checkpoint as one binary blob: the model's weights and the optimizer's state, bit
 * for bit, so that a run resumed from it continues exactly as if it had never stopped.
 * Layout: "ECGCKPT1", uint32 header length, UTF-8 JSON header, then float32 little-endian data
 * of every tensor in header order, 4-byte aligned. The byte format alone, without tfjs, so the
 * store can read and trim checkpoints without loading TensorFlow.
 */

/** A saved Adam optimizer state: the step count and the moments, in variable order. */
export interface AdamState {
  readonly step: number
  readonly m: Float32Array[]
  readonly v: Float32Array[]
}

const MAGIC = 'ECGCKPT1'

interface TensorEntry {
  readonly name: string
  readonly shape: number[]
}

interface Header {
  readonly weights: TensorEntry[]
  readonly optimizer: { step: number; count: number } | null
}

/** What a checkpoint holds once decoded. */
export interface Checkpoint {
  readonly weights: ReadonlyMap<string, { shape: number[]; values: Float32Array }>
  readonly optimizer: AdamState | null
}

/** One named weight tensor, as stored. */
export interface NamedWeight {
  readonly name: string
  readonly shape: number[]
  readonly values: Float32Array
}

/** Encodes weights (in order) and an optional optimizer state into one blob. */
export function encodeCheckpointArrays(named: readonly NamedWeight[], optimizer: AdamState | null): Buffer {
  const arrays: Float32Array[] = named.map((w) => w.values)
  const weights: TensorEntry[] = named.map((w) => ({ name: w.name, shape: w.shape }))
  if (optimizer !== null) arrays.push(...optimizer.m, ...optimizer.v)
  const header: Header = { weights, optimizer: optimizer === null ? null : { step: optimizer.step, count: optimizer.m.length } }
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const headerBytes = 8 + 4 + json.length
  const pad = (4 - (headerBytes % 4)) % 4
  const total = arrays.reduce((n, a) => n + a.length, 0)
  const out = Buffer.alloc(headerBytes + pad + total * 4)
  out.write(MAGIC, 0, 'ascii')
  out.writeUInt32LE(json.length, 8)
  json.copy(out, 12)
  let offset = headerBytes + pad
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, offset)
    offset += a.byteLength
  }
  return out
}

/** Decodes a blob written by {@link encodeCheckpointArrays}. */
export function decodeCheckpoint(blob: Uint8Array): Checkpoint {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)
  if (buf.length < 12 || buf.toString('ascii', 0, 8) !== MAGIC) throw new Error('not a workbench checkpoint')
  const jsonLength = buf.readUInt32LE(8)
  const header = JSON.parse(buf.toString('utf8', 12, 12 + jsonLength)) as Header
  const headerBytes = 12 + jsonLength
  let offset = headerBytes + ((4 - (headerBytes % 4)) % 4)
  // Copy into a fresh aligned buffer: the blob from SQLite may start at any byte offset.
  const take = (count: number): Float32Array => {
    const out = new Float32Array(count)
    new Uint8Array(out.buffer).set(buf.subarray(offset, offset + count * 4))
    offset += count * 4
    return out
  }
  const weights = new Map<string, { shape: number[]; values: Float32Array }>()
  const shapes: number[][] = []
  for (const w of header.weights) {
    const size = w.shape.reduce((a, b) => a * b, 1)
    weights.set(w.name, { shape: w.shape, values: take(size) })
    shapes.push(w.shape)
  }
  let optimizer: AdamState | null = null
  if (header.optimizer !== null) {
    const sizes = shapes.slice(0, header.optimizer.count).map((s) => s.reduce((a, b) => a * b, 1))
    const m = sizes.map((n) => take(n))
    const v = sizes.map((n) => take(n))
    optimizer = { step: header.optimizer.step, m, v }
  }
  if (offset !== buf.length) throw new Error('checkpoint has trailing or missing data')
  return { weights, optimizer }
}

/**
 * The same checkpoint without its optimizer state (weights only): older epochs keep only what
 * evaluating them needs, the newest keeps everything a resume needs.
 */
export function stripOptimizer(blob: Uint8Array): Buffer {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)
  const jsonLength = buf.readUInt32LE(8)
  const header = JSON.parse(buf.toString('utf8', 12, 12 + jsonLength)) as Header
  if (header.optimizer === null) return Buffer.from(buf)
  const oldStart = 12 + jsonLength + ((4 - ((12 + jsonLength) % 4)) % 4)
  const weightBytes = header.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0)
  const json = Buffer.from(JSON.stringify({ ...header, optimizer: null }), 'utf8')
  const headerBytes = 12 + json.length
  const start = headerBytes + ((4 - (headerBytes % 4)) % 4)
  const out = Buffer.alloc(start + weightBytes)
  out.write(MAGIC, 0, 'ascii')
  out.writeUInt32LE(json.length, 8)
  json.copy(out, 12)
  buf.copy(out, start, oldStart, oldStart + weightBytes)
  return out
}
