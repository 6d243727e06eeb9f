import { describe, expect, it } from 'vitest'
import { encodeWire, decodeWire, type WireMessage } from '@contracts/wire.js'
import { call, onEvent, useTransport } from './client.js'
import { createElectronTransport, findBridge } from './electron-transport.js'
import { scriptedTransport } from './scripted-transport.test-util.js'
import { createWebSocketTransport, socketUrl, type SocketLike } from './ws-transport.js'

/** A socket the test drives: it records frames sent and lets the test open, answer or drop it. */
class FakeSocket implements SocketLike {
  binaryType = 'blob'
  readyState = 0
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  readonly sent: Array<{ id: number; channel: string; input: unknown }> = []
  send(data: Uint8Array): void {
    this.sent.push(decodeWire(data) as { id: number; channel: string; input: unknown })
  }
  close(): void {
    this.drop()
  }
  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  deliver(message: WireMessage): void {
    const frame = encodeWire(message)
    this.onmessage?.({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) })
  }
  drop(): void {
    this.readyState = 3
    this.onclose?.({})
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('API client', () => {
  it('resolves with the value and throws the router sentence as the Error message', async () => {
    const scripted = scriptedTransport({
      'datasets:list': () => [],
      'datasets:get': (input) => {
        throw new Error(`There is no dataset "${String(input.name)}"; run the list to see the names.`)
      },
    })
    useTransport(scripted.transport)
    expect(await call('datasets:list', {})).toEqual([])
    await expect(call('datasets:get', { name: 'nope' })).rejects.toThrow('There is no dataset "nope"; run the list to see the names.')
    expect(scripted.refused).toEqual([])
  })

  it('delivers events until the listener stops', () => {
    const scripted = scriptedTransport({})
    useTransport(scripted.transport)
    const seen: unknown[] = []
    const stop = onEvent('jobs:event', (event) => seen.push(event.jobId))
    scripted.emit('jobs:event', { type: 'failed', jobId: 'job-1', message: 'x', cancelled: true })
    stop()
    scripted.emit('jobs:event', { type: 'failed', jobId: 'job-2', message: 'x', cancelled: true })
    expect(seen).toEqual(['job-1'])
  })
})

describe('Electron transport', () => {
  it('uses the preload bridge when present and turns a malformed answer into a sentence', async () => {
    expect(findBridge({})).toBeUndefined()
    const bridge = { invoke: (channel: string) => Promise.resolve(channel === 'datasets:list' ? { ok: true, value: [1] } : 'garbage'), on: () => () => undefined }
    const found = findBridge({ workbench: bridge })
    expect(found).toBe(bridge)
    const transport = createElectronTransport(bridge)
    expect(await transport.invoke('datasets:list', {})).toEqual({ ok: true, value: [1] })
    expect(await transport.invoke('datasets:get', {})).toEqual({ ok: false, error: 'The desktop app gave no usable answer to "datasets:get"; restart it and report this if it happens again.' })
  })
})

describe('WebSocket transport', () => {
  it('derives the socket URL from the page, keeping the token', () => {
    expect(socketUrl('http://127.0.0.1:8123/?token=abc#/datasets')).toBe('ws://127.0.0.1:8123/api?token=abc')
    expect(socketUrl('http://127.0.0.1:8123/')).toBe('ws://127.0.0.1:8123/api')
  })

  it('waits for the socket, pairs answers by id in any order, keeps Float32Array, dispatches batched events', async () => {
    const sockets: FakeSocket[] = []
    const transport = createWebSocketTransport('ws://x/api', () => {
      const s = new FakeSocket()
      sockets.push(s)
      return s
    })
    const events: unknown[] = []
    transport.subscribe('jobs:event', (p) => events.push(p))
    const first = transport.invoke('windows:samples', { name: 'a', index: 0 })
    const second = transport.invoke('datasets:list', {})
    expect(sockets).toHaveLength(1)
    const socket = sockets[0]!
    expect(socket.binaryType).toBe('arraybuffer')
    socket.open()
    await tick()
    expect(socket.sent.map((m) => m.channel)).toEqual(['windows:samples', 'datasets:list'])
    const [a, b] = socket.sent
    socket.deliver({ kind: 'result', id: b!.id, result: { ok: true, value: [] } })
    socket.deliver({ kind: 'result', id: a!.id, result: { ok: true, value: new Float32Array([1.5, -2]) } })
    socket.deliver({ kind: 'events', channel: 'jobs:event', payloads: [{ n: 1 }, { n: 2 }] })
    expect(await second).toEqual({ ok: true, value: [] })
    const samples = await first
    expect(samples.ok && samples.value).toEqual(new Float32Array([1.5, -2]))
    expect(events).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('fails waiting calls with a sentence when the connection drops, and reconnects on the next call', async () => {
    const sockets: FakeSocket[] = []
    const transport = createWebSocketTransport('ws://x/api', () => {
      const s = new FakeSocket()
      sockets.push(s)
      return s
    })
    const pending = transport.invoke('datasets:list', {})
    sockets[0]!.open()
    await tick()
    sockets[0]!.drop()
    const lost = await pending
    expect(lost).toEqual({ ok: false, error: expect.stringMatching(/^The connection to the workbench server was lost; check that "ecg-ssl serve" is still running, then reload the page\.$/) as unknown })
    const again = transport.invoke('datasets:list', {})
    expect(sockets).toHaveLength(2)
    sockets[1]!.open()
    await tick()
    sockets[1]!.deliver({ kind: 'result', id: sockets[1]!.sent[0]!.id, result: { ok: true, value: ['back'] } })
    expect(await again).toEqual({ ok: true, value: ['back'] })
  })

  it('answers with the sentence when the server cannot be reached at all', async () => {
    const transport = createWebSocketTransport('ws://x/api', () => {
      const s = new FakeSocket()
      setTimeout(() => s.drop(), 0)
      return s
    })
    expect(await transport.invoke('datasets:list', {})).toMatchObject({ ok: false, error: expect.stringMatching(/connection to the workbench server was lost/) as unknown })
  })
})
