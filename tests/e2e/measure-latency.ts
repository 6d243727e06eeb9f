/**
 * Measures (does not assert) the UI's API round-trip latency in browser mode, idle and while jobs
 * run in their own processes: the demo import, then a `quick` training run on it. Uses the
 * renderer's own WebSocket transport against a real `ecg-ssl serve`.
 *
 *   npm run build && npx node out/tests/e2e/measure-latency.js [seconds per phase]
 *
 * Prints one JSON line per phase: {"phase", "calls", "p50_ms", "p95_ms", "max_ms"}.
 */
import { registerHooks } from 'node:module'
import { WebSocket } from 'ws'
import type { RunEvent } from '../../src/contracts/runs.js'
import type { JobEvent } from '../../src/contracts/api.js'
import { presetConfig } from '../../src/contracts/presets.js'
import type { SocketLike } from '../../renderer/src/api/ws-transport.js'
import type { Transport } from '../../renderer/src/api/transport.js'
import { startServer } from './harness.js'

// The renderer's transport imports the core as @contracts/… (renderer-aliases.ts), which only the
// bundler resolves; run from out/, map the aliases to the compiled src/ beside this file, before
// the transport is loaded (hence the dynamic import).
registerHooks({
  resolve: (specifier, context, next) => {
    const alias = /^@(contracts|common)\/(.+)$/.exec(specifier)
    return next(alias ? new URL(`../../src/${alias[1]}/${alias[2]}`, import.meta.url).href : specifier, context)
  },
})
const { createWebSocketTransport, socketUrl } = await import('../../renderer/src/api/ws-transport.js')

const seconds = Number(process.argv[2] ?? 20)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Calls `datasets:list` and `windows:samples` (once the demo exists) in turn (with 20 ms pauses, as a UI would) for `ms`. */
async function sample(transport: Transport, phase: string, ms: number, busy: () => boolean, withSamples = true): Promise<void> {
  const times: number[] = []
  const end = performance.now() + ms
  let i = 0
  while (performance.now() < end && busy()) {
    const t0 = performance.now()
    const result = i % 2 === 0 || !withSamples ? await transport.invoke('datasets:list', {}) : await transport.invoke('windows:samples', { name: 'demo', index: i % 50 })
    if (!result.ok) throw new Error(result.error)
    times.push(performance.now() - t0)
    i++
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  times.sort((a, b) => a - b)
  const round = (x: number): number => Math.round(x * 10) / 10
  console.log(JSON.stringify({ phase, calls: times.length, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), max_ms: round(times.at(-1) ?? Number.NaN) }))
}

const server = await startServer()
try {
  const origin = `http://127.0.0.1:${server.port}`
  const transport = createWebSocketTransport(socketUrl(server.url), (url) => new WebSocket(url, { origin }) as unknown as SocketLike)
  let importing = false
  let training = false
  let demoDone!: () => void
  const demoFinished = new Promise<void>((resolve) => (demoDone = resolve))
  transport.subscribe('jobs:event', (payload) => {
    if ((payload as JobEvent).type !== 'progress') {
      importing = false
      demoDone()
    }
  })
  transport.subscribe('runs:event', (payload) => {
    const event = payload as RunEvent
    if (event.type === 'state' && event.state !== 'running' && event.state !== 'queued') training = false
  })

  const demo = await transport.invoke('demo:start', {})
  if (!demo.ok) throw new Error(demo.error)
  importing = true
  await sample(transport, 'during demo import (datasets:list only)', seconds * 1000, () => importing, false)
  await demoFinished
  await sample(transport, 'idle', seconds * 1000, () => true)

  const config = presetConfig('quick', 'latency', [{ name: 'demo', tasks: [{ label: 'arousal' }] }])
  const created = await transport.invoke('runs:create', { config, start: true })
  if (!created.ok) throw new Error(created.error)
  training = true
  await new Promise((resolve) => setTimeout(resolve, 3000))
  await sample(transport, 'during quick training run', seconds * 1000, () => training)
  const runId = (created.value as { runId: number }).runId
  await transport.invoke('runs:cancel', { id: runId })
} finally {
  await server.stop()
}
