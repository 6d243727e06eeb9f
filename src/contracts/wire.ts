/**
 * The browser-mode wire: how API calls, answers and events cross the local WebSocket. Electron's
 * IPC uses structured clone and keeps typed arrays as they are; JSON would turn a Float32Array
 * into an object of 2560 decimal strings. So a message travels as one binary frame:
 *
 *   [u32 little-endian: header byte length][header JSON, UTF-8][zero padding to 8][buffers…]
 *
 * The header is {"v": value, "b": [[kind, elementCount], …]}; every typed array inside the value
 * is replaced by {"$bin": i}, pointing at buffer i. Each buffer starts on an 8-byte boundary so
 * the decoder views it in place. Pure (no Node, no DOM): runs in the renderer and the server.
 */
import { z } from 'zod'
import type { ApiResult } from './api-result.js'

const TYPED = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
} as const
type TypedKind = keyof typeof TYPED
type AnyTyped = InstanceType<(typeof TYPED)[TypedKind]>
const KINDS = Object.keys(TYPED) as TypedKind[]

const BIN_KEY = '$bin'

function kindOf(value: unknown): TypedKind | undefined {
  if (value === null || typeof value !== 'object') return undefined
  // Exact constructor: a Uint8ClampedArray or a Node Buffer is not silently retyped.
  return KINDS.find((kind) => value.constructor === TYPED[kind])
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8

/**
 * Encodes any JSON-like value, with typed arrays anywhere inside, as one binary frame.
 * Everything else behaves as in JSON.stringify (NaN becomes null, undefined fields vanish).
 */
export function encodeWire(value: unknown): Uint8Array {
  const parts: AnyTyped[] = []
  const table: Array<[TypedKind, number]> = []
  const v: unknown = JSON.parse(
    JSON.stringify(value, (_key, item: unknown) => {
      const kind = kindOf(item)
      if (kind === undefined) return item
      parts.push(item as AnyTyped)
      table.push([kind, (item as AnyTyped).length])
      return { [BIN_KEY]: parts.length - 1 }
    }) ?? 'null',
  )
  const head = new TextEncoder().encode(JSON.stringify({ v, b: table }))
  let size = align8(4 + head.byteLength)
  const offsets = parts.map((p) => {
    const at = size
    size = align8(size + p.byteLength)
    return at
  })
  const out = new Uint8Array(size)
  new DataView(out.buffer).setUint32(0, head.byteLength, true)
  out.set(head, 4)
  parts.forEach((p, i) => out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offsets[i]))
  return out
}

const Header = z.object({
  v: z.unknown(),
  b: z.array(z.tuple([z.enum(KINDS as [TypedKind, ...TypedKind[]]), z.number().int().min(0)])),
})

/**
 * Decodes a frame written by encodeWire. Throws an Error with one sentence when the frame is
 * truncated or malformed, so a socket that sends garbage is answered, never crashes the server.
 * The typed arrays are copies that own their memory (safe to keep after the frame is reused).
 */
export function decodeWire(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('The message is too short to be a workbench message.')
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true)
  if (4 + length > frame.byteLength) throw new Error('The message is truncated.')
  let header: z.infer<typeof Header>
  try {
    header = Header.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + length))))
  } catch {
    throw new Error('The message is not a valid workbench message.')
  }
  let at = align8(4 + length)
  const arrays = header.b.map(([kind, count]) => {
    const Ctor = TYPED[kind]
    const bytes = count * Ctor.BYTES_PER_ELEMENT
    if (at + bytes > frame.byteLength) throw new Error('The message is truncated.')
    const copy = frame.slice(at, at + bytes)
    at = align8(at + bytes)
    return new Ctor(copy.buffer, 0, count)
  })
  return revive(header.v, arrays)
}

function revive(node: unknown, arrays: AnyTyped[]): unknown {
  if (node === null || typeof node !== 'object') return node
  if (Array.isArray(node)) return node.map((item) => revive(item, arrays))
  const record = node as Record<string, unknown>
  const ref = record[BIN_KEY]
  if (typeof ref === 'number' && Object.keys(record).length === 1) {
    const found = arrays[ref]
    if (found === undefined) throw new Error('The message refers to binary data it does not carry.')
    return found
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) out[key] = revive(value, arrays)
  return out
}

/** A call from the page: `id` pairs it with its answer. */
export const WireRequest = z.object({ id: z.number().int().min(0), channel: z.string(), input: z.unknown() }).strict()
export type WireRequest = z.infer<typeof WireRequest>

/** What the server sends: the answer to a call (the router's result), or a pushed event. */
export type WireMessage =
  | { readonly kind: 'result'; readonly id: number; readonly result: ApiResult }
  | { readonly kind: 'events'; readonly channel: string; readonly payloads: readonly unknown[] }
