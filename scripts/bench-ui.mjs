// Measures what window review and tuning cost on the API side (issue 4 "Measured, not timed in
// tests"): showing a window (windows:detail with R peaks), moving to the next one (its detail and
// flag history, which the review store fetches ahead), flagging, the overview of a 1 h recording
// at 256 Hz (whole, and zoomed to full resolution), and a transformation preview.
//
// Run after `npm run build`:  node scripts/bench-ui.mjs [--minutes 60] [--json]
// It imports the seeded demo ECG (one subject, two recordings of --minutes each) into a temporary
// store, calls the same API router the app uses, and prints median and 95th percentile per call.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(ROOT, 'out/src')
if (!fs.existsSync(path.join(OUT, 'services/api-router.js'))) {
  console.error('The compiled app is missing; run `npm run build` first, then `node scripts/bench-ui.mjs`.')
  process.exit(1)
}
const { createApiRouter } = await import(path.join(OUT, 'services/api-router.js'))
const { importDataset } = await import(path.join(OUT, 'services/import-service.js'))
const { demoAdapterWith } = await import(path.join(OUT, 'demo/demo-dataset.js'))
const { openStore } = await import(path.join(OUT, 'store/store.js'))

const args = process.argv.slice(2)
const minutes = Number(args[args.indexOf('--minutes') + 1] ?? 60) || 60
const json = args.includes('--json')

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
  return { n: s.length, medianMs: +q(0.5).toFixed(2), p95Ms: +q(0.95).toFixed(2), maxMs: +s[s.length - 1].toFixed(2) }
}

async function time(router, channel, input) {
  const t = performance.now()
  const r = await router.handle(channel, input)
  const ms = performance.now() - t
  if (!r.ok) throw new Error(`${channel}: ${r.error}`)
  return { ms, value: r.value }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-bench-ui-'))
const store = openStore(path.join(dir, 'bench.sqlite'))
try {
  const t0 = performance.now()
  await importDataset(store, { kind: 'csv', path: dir, name: 'bench' }, { adapters: { csv: demoAdapterWith({ subjects: 1, trialsPerSubject: 2, trialSeconds: minutes * 60, fs: 256, seed: 1 }) } })
  const importS = (performance.now() - t0) / 1000
  const router = createApiRouter({ store })
  const recs = (await time(router, 'recordings:list', { name: 'bench' })).value
  const rec = recs[0]
  const windows = rec.windows

  // warm-up: first statements are prepared and the file pages read once
  for (let i = 0; i < 5; i++) await time(router, 'windows:detail', { name: 'bench', index: i })

  const detail = []
  const move = []
  for (let k = 0; k < 200; k++) {
    const index = Math.floor((k * 7919) % (windows - 1))
    detail.push((await time(router, 'windows:detail', { name: 'bench', index })).ms)
    // what a move costs when nothing was fetched ahead: the next window and its flag history
    const a = await time(router, 'windows:detail', { name: 'bench', index: index + 1 })
    const b = await time(router, 'windows:flag-history', { name: 'bench', index: index + 1 })
    move.push(a.ms + b.ms)
  }
  const flag = []
  for (let k = 0; k < 100; k++) flag.push((await time(router, 'windows:flag', { name: 'bench', index: k, flag: k % 2 === 0 ? 'good' : 'noisy', annotator: 'bench' })).ms)
  const page = []
  for (let k = 0; k < 50; k++) page.push((await time(router, 'windows:page', { name: 'bench', offset: k * 10, limit: 200, flag: 'unreviewed' })).ms)

  const whole = []
  let wholePoints = 0
  for (let k = 0; k < 20; k++) {
    const r = await time(router, 'recordings:overview', { name: 'bench', recordingId: rec.id, maxPoints: 4000 })
    whole.push(r.ms)
    wholePoints = r.value.values.length
  }
  const zoom = []
  let zoomPoints = 0
  for (let k = 0; k < 50; k++) {
    const fromS = (k * 67) % (minutes * 60 - 15)
    const r = await time(router, 'recordings:overview', { name: 'bench', recordingId: rec.id, fromS, toS: fromS + 15, maxPoints: 4000 })
    zoom.push(r.ms)
    zoomPoints = r.value.values.length
    if (r.value.downsampled) throw new Error('a 15 s zoom should come back at full resolution')
  }
  const preview = []
  for (let k = 0; k < 50; k++) preview.push((await time(router, 'transforms:preview', { name: 'bench', index: k, seed: k, params: { permutePieces: 10 + (k % 5) } })).ms)

  const result = {
    recordingMinutes: minutes,
    windowsPerRecording: windows,
    importSeconds: +importS.toFixed(1),
    windowDetail: stats(detail),
    moveWithoutPrefetch: stats(move),
    flag: stats(flag),
    filteredPage200: stats(page),
    overviewWholeRecording: { ...stats(whole), points: wholePoints },
    overviewZoom15s: { ...stats(zoom), points: zoomPoints },
    transformPreview: stats(preview),
    node: process.version,
    cpus: os.cpus().length,
  }
  if (json) console.log(JSON.stringify(result, null, 2))
  else {
    console.log(`Demo ECG: 2 recordings of ${minutes} min at 256 Hz (${windows} windows each), imported in ${result.importSeconds} s; Node ${process.version}, ${result.cpus} CPUs`)
    for (const [name, s] of Object.entries(result)) if (typeof s === 'object') console.log(`${name.padEnd(24)} median ${String(s.medianMs).padStart(7)} ms   p95 ${String(s.p95Ms).padStart(7)} ms${s.points === undefined ? '' : `   ${s.points} points`}`)
  }
} finally {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
}
