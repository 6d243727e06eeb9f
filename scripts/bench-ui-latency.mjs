// Measures (does not assert) the UI's API round-trip latency over the browser-mode socket, idle and
// while a training run executes in its trainer process: `runs:list` (what the Experiments view
// polls) and `windows:page` (what Review pages through), alternating with 20 ms pauses as a UI
// would. Uses a real `ecg-ssl serve` on a temporary store with the demo dataset.
//
//   npm run build && npx node scripts/bench-ui-latency.mjs [seconds per phase, default 30]
//
// Prints one JSON object: per phase and channel, calls, p50, p95 and max in milliseconds. The
// issue's goal is p95 under 50 ms while a job runs.
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { WebSocket } from 'ws'
import { encodeWire, decodeWire } from '../out/src/contracts/wire.js'
import { presetConfig } from '../out/src/contracts/presets.js'
import { startServer } from '../out/tests/e2e/harness.js'

const seconds = Number(process.argv[2] ?? 30)
if (!Number.isFinite(seconds) || seconds <= 0) {
  console.error('error: the phase length must be a number of seconds, such as 30.')
  process.exit(2)
}

/** One socket to the server: call(channel, input) → value; events to `onEvent`. */
async function connect(server, onEvent) {
  const url = new URL('/api', server.url)
  url.protocol = 'ws:'
  url.searchParams.set('token', new URL(server.url).searchParams.get('token'))
  const ws = new WebSocket(url, { origin: `http://127.0.0.1:${server.port}` })
  ws.binaryType = 'arraybuffer'
  const pending = new Map()
  let next = 1
  ws.on('message', (data) => {
    const message = decodeWire(new Uint8Array(data))
    if (message.kind === 'result') {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.kind === 'events') {
      for (const payload of message.payloads) onEvent(message.channel, payload)
    }
  })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return {
    async call(channel, input) {
      const id = next++
      const answer = new Promise((resolve) => pending.set(id, resolve))
      ws.send(encodeWire({ id, channel, input }))
      const result = await answer
      if (!result.ok) throw new Error(`${channel}: ${result.error}`)
      return result.value
    },
    close: () => ws.close(),
  }
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const round = (x) => Math.round(x * 10) / 10

/** Alternates runs:list and windows:page for `ms` (or until `busy()` turns false). */
async function sample(api, ms, busy) {
  const times = { 'runs:list': [], 'windows:page': [] }
  const end = performance.now() + ms
  for (let i = 0; performance.now() < end && busy(); i++) {
    const channel = i % 2 === 0 ? 'runs:list' : 'windows:page'
    const input = channel === 'runs:list' ? {} : { name: 'demo', offset: (i * 7) % 300, limit: 50 }
    const t0 = performance.now()
    await api.call(channel, input)
    times[channel].push(performance.now() - t0)
    await sleep(20)
  }
  const out = {}
  for (const [channel, list] of Object.entries(times)) {
    list.sort((a, b) => a - b)
    out[channel] = { calls: list.length, p50_ms: round(pct(list, 50)), p95_ms: round(pct(list, 95)), max_ms: round(list.at(-1)) }
  }
  const all = [...times['runs:list'], ...times['windows:page']].sort((a, b) => a - b)
  out.all = { calls: all.length, p50_ms: round(pct(all, 50)), p95_ms: round(pct(all, 95)), max_ms: round(all.at(-1)) }
  return out
}

const server = await startServer()
let api
try {
  let demoDone
  const demoFinished = new Promise((resolve) => (demoDone = resolve))
  let runState = 'queued'
  let progressEvents = 0
  api = await connect(server, (channel, event) => {
    if (channel === 'jobs:event' && event.type !== 'progress') demoDone(event)
    if (channel === 'runs:event' && event.type === 'state') runState = event.state
    if (channel === 'runs:event' && event.type === 'progress') progressEvents++
  })
  const demo = await api.call('demo:start', {})
  if (demo.jobId !== null) {
    const end = await demoFinished
    if (end.type !== 'done') throw new Error(`the demo import failed: ${end.message}`)
  }
  const idle = await sample(api, seconds * 1000, () => true)

  // The quick preset on the demo data: minutes of pretext training on a busy machine.
  const config = presetConfig('quick', 'latency benchmark', [{ name: 'demo', tasks: [{ label: 'arousal' }] }])
  const { runId } = await api.call('runs:create', { config, start: true })
  const started = performance.now()
  while (runState !== 'running' && performance.now() - started < 60_000) await sleep(100)
  const training = await sample(api, seconds * 1000, () => runState === 'running')
  const trainedMs = performance.now() - started
  await api.call('runs:cancel', { id: runId })
  const stopAt = performance.now()
  while (runState === 'running' && performance.now() - stopAt < 30_000) await sleep(100)
  console.log(JSON.stringify({
    phaseSeconds: seconds,
    idle,
    duringTraining: { ...training, progressEventsSeen: progressEvents, sampledSeconds: round(trainedMs / 1000), stateAfterCancel: runState },
  }, null, 2))
} finally {
  api?.close()
  await server.stop()
}
