/**
 * Browser-mode transport: one WebSocket to `ecg-ssl serve` (127.0.0.1 only), authorised by the
 * token in the page's URL (as Jupyter does). Messages are binary frames of src/contracts/wire.ts
 * so Float32Array samples arrive as Float32Array. A dropped connection fails the waiting calls
 * with a sentence and is reopened on the next call.
 */
import { decodeWire, encodeWire, type WireMessage } from '@contracts/wire.js'
import { isApiResult, type ApiResult, type Transport } from './transport.js'

/** The part of the WebSocket API used here (the browser's, or the `ws` package's in tests). */
export interface SocketLike {
  binaryType: string
  readonly readyState: number
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  send(data: Uint8Array): void
  close(): void
}
export type SocketFactory = (url: string) => SocketLike

const OPEN = 1
const LOST = 'The connection to the workbench server was lost; check that "ecg-ssl serve" is still running, then reload the page.'

/** The socket URL for a page served at `pageUrl` (keeps the page's token). */
export function socketUrl(pageUrl: string): string {
  const page = new URL(pageUrl)
  const url = new URL('/api', page)
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:'
  const token = page.searchParams.get('token')
  if (token !== null) url.searchParams.set('token', token)
  return url.href
}

/** A transport over a (re)connecting WebSocket. */
export function createWebSocketTransport(url: string, open: SocketFactory): Transport {
  let socket: SocketLike | undefined
  let ready: Promise<SocketLike> | undefined
  let nextId = 1
  const pending = new Map<number, (result: ApiResult) => void>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()

  const failAll = (error: string): void => {
    for (const resolve of pending.values()) resolve({ ok: false, error })
    pending.clear()
  }

  const onFrame = (data: unknown): void => {
    let message: WireMessage
    try {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : undefined
      if (bytes === undefined) return
      message = decodeWire(bytes) as WireMessage
    } catch {
      return
    }
    if (message.kind === 'result') {
      const resolve = pending.get(message.id)
      pending.delete(message.id)
      resolve?.(isApiResult(message.result) ? message.result : { ok: false, error: 'The workbench server gave no usable answer.' })
    } else if (message.kind === 'events') {
      for (const payload of message.payloads) listeners.get(message.channel)?.forEach((listener) => listener(payload))
    }
  }

  const connect = (): Promise<SocketLike> => {
    if (ready !== undefined && socket !== undefined && socket.readyState <= OPEN) return ready
    ready = new Promise<SocketLike>((resolve, reject) => {
      const s = open(url)
      socket = s
      s.binaryType = 'arraybuffer'
      s.onopen = () => resolve(s)
      s.onmessage = (event) => onFrame(event.data)
      s.onerror = () => undefined
      s.onclose = () => {
        if (socket === s) {
          socket = undefined
          ready = undefined
        }
        reject(new Error(LOST))
        failAll(LOST)
      }
    })
    // The rejection is handled by whoever awaits; keep it from being reported as unhandled.
    ready.catch(() => undefined)
    return ready
  }

  return {
    async invoke(channel, input) {
      let s: SocketLike
      try {
        s = await connect()
      } catch {
        return { ok: false, error: LOST }
      }
      const id = nextId++
      const answer = new Promise<ApiResult>((resolve) => pending.set(id, resolve))
      s.send(encodeWire({ id, channel, input }))
      return answer
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (set === undefined) listeners.set(channel, (set = new Set()))
      set.add(listener)
      // Events flow only over an open socket: open one even if no call was made yet.
      connect().catch(() => undefined)
      return () => set.delete(listener)
    },
  }
}
