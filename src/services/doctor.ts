/**
 * `ecg-ssl doctor` (issue 3 §8): what this machine offers the workbench and what to do about what
 * is missing — backends installed and chosen, GPU / CUDA / cuDNN with concrete advice, every WebGPU
 * adapter Dawn finds (and which one training would use), versions,
 * the store (path, size, schema, free disk) and a short training benchmark with an estimate of a
 * full pretext epoch. It never creates or migrates the database: it only looks.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { PRESETS } from '../contracts/presets.js'
import { BACKEND_CHOICES, BACKEND_MODULES, describeSelection, selectBackend, type BackendChoice, type BackendHost, type BackendSelection } from '../model/backend.js'
import { runModelBench } from '../model/bench-model.js'
import { CUDA_LIBRARIES, probeCuda, type CudaProbe } from '../model/cuda-probe.js'
import { chooseAdapter, DAWN_BACKEND_LABELS, DAWN_MODULE, describeAdapterLine, noHardwareAdapterReason, probeWebgpu, type WebgpuAdapter, type WebgpuProbe } from '../model/webgpu-adapters.js'
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.js'
import { readStoreCounts } from '../store/store-counts.js'
import { appVersion } from './app-version.js'

/** One line of the checklist: fine, or worth the user's attention. */
export interface DoctorCheck {
  readonly status: 'ok' | 'warn'
  readonly topic: 'versions' | 'backend' | 'gpu' | 'webgpu' | 'store' | 'disk' | 'bench'
  readonly text: string
}

/** An optional backend package and whether it is installed. */
export interface BackendPackage {
  readonly backend: Exclude<BackendChoice, 'cpu'>
  readonly module: string
  /** Installed version, or null when the package is absent. */
  readonly version: string | null
}

/** What `ecg-ssl doctor --json` prints. */
export interface DoctorReport {
  readonly versions: {
    readonly app: string; readonly node: string; readonly tfjs: string; readonly electron: string | null
    readonly os: string; readonly arch: string
  }
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryBytes: number; readonly freeMemoryBytes: number }
  readonly backends: {
    readonly packages: BackendPackage[]
    readonly chosen: { readonly backend: BackendChoice; readonly tfBackend: string; readonly device: string } | null
    readonly fallbacks: BackendSelection['fallbacks']
    /** Why no backend could start, when none could. */
    readonly error: string | null
  }
  readonly gpu: { readonly gpus: string[] | null; readonly missingLibraries: string[]; readonly inUse: boolean; readonly advice: string }
  readonly webgpu: {
    /** Why Dawn's Node binding could not load, else null. */
    readonly error: string | null
    /** Every adapter Dawn finds, in order of preference. */
    readonly adapters: WebgpuAdapter[]
    /** Dawn backends tried, and those not tried for want of a system library. */
    readonly tried: WebgpuProbe['tried']
    readonly skipped: WebgpuProbe['skipped']
    /** The adapter the webgpu backend would train on (a software one only when asked for), or null. */
    readonly trainingAdapter: string | null
    /** Whether the automatic choice may use it (hardware adapters only). */
    readonly usedByAuto: boolean
  }
  readonly store: {
    readonly path: string; readonly exists: boolean; readonly sizeBytes: number
    readonly schemaVersion: number | null; readonly latestSchemaVersion: number
    readonly datasets: number | null; readonly windows: number | null; readonly runs: number | null
    readonly freeDiskBytes: number | null; readonly error: string | null
  }
  readonly bench: {
    readonly backend: string; readonly batch: number; readonly steps: number; readonly length: number; readonly windowsPerS: number
    /** Original windows the epoch estimate assumes (the store's, or 10 000 when it has none). */
    readonly epochWindows: number
    /** Rough seconds of one sarkar2020 pretext epoch: every training window as 7 variants. */
    readonly sarkar2020EpochSeconds: number
  } | null
  readonly checks: DoctorCheck[]
}

/** Options of {@link runDoctor}; tests inject the probe and a tiny benchmark. */
export interface DoctorOptions {
  readonly dbPath: string
  /** Run the training smoke benchmark (default true). */
  readonly bench?: boolean
  /** Benchmark shape; default 10 steps of 8 windows of 2560 samples. */
  readonly benchShape?: { readonly steps: number; readonly batch: number; readonly length: number }
  /** Force a backend instead of the automatic choice. */
  readonly backend?: BackendChoice
  readonly probe?: () => CudaProbe
  readonly host?: Partial<BackendHost>
  readonly platform?: NodeJS.Platform
}

const require = createRequire(import.meta.url)

/** What to do about a missing native CPU backend (the GPU has its own advice line). */
const NATIVE_HINT: Readonly<Record<string, string>> = {
  'Not using webgpu': '; see the WebGPU lines below',
  'Not using node': '; npm install @tensorflow/tfjs-node gives native TensorFlow CPU training where its download is reachable',
}

function packageVersion(name: string): string | null {
  try {
    const pkg = JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: unknown }
    return typeof pkg.version === 'string' ? pkg.version : null
  } catch {
    return null
  }
}

/** Bytes as "1.2 GB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let v = bytes
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u] ?? 'B'}`
}

/** Seconds as "42 s", "12 min", "3.4 h", "12.5 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`
  return `${(seconds / 86400).toFixed(1)} days`
}

/**
 * What to do about the GPU, in one or two sentences: tfjs-node-gpu 4.22 runs TensorFlow 2.9,
 * which loads only CUDA 11.2 and cuDNN 8.1 (see cuda-probe.ts); anything else means the CPU.
 */
export function gpuAdvice(probe: CudaProbe, gpuPackageInstalled: boolean, gpuInUse: boolean, platform: NodeJS.Platform = process.platform, webgpuDevice?: string): string {
  if (gpuInUse) return `Training runs on the GPU (${probe.gpus?.[0] ?? 'CUDA'}).`
  // With a WebGPU adapter in use, the advice still says why CUDA is not, but not that training is on the CPU.
  const cpu = webgpuDevice === undefined ? 'training runs on the CPU.' : `CUDA is not used; training runs on ${webgpuDevice} instead.`
  if (platform === 'darwin') return `tfjs-node-gpu has no CUDA build for macOS; ${cpu}`
  if (probe.gpus === null) return `No NVIDIA driver found (nvidia-smi is not available), so ${cpu} To train on an NVIDIA GPU, install its driver, CUDA 11.2 and cuDNN 8.1, then run npm install @tensorflow/tfjs-node-gpu.`
  if (probe.gpus.length === 0) return `nvidia-smi lists no CUDA device, so ${cpu}`
  const gpu = probe.gpus[0] ?? 'an NVIDIA GPU'
  const libs = CUDA_LIBRARIES[platform]
  if (probe.missingLibraries.length > 0) {
    const where = platform === 'win32' ? 'add their bin folders to PATH' : 'add their lib64 folders to LD_LIBRARY_PATH (e.g. /usr/local/cuda-11.2/lib64)'
    return `Found ${gpu}, but ${probe.missingLibraries.join(', ')} ${probe.missingLibraries.length === 1 ? 'is' : 'are'} missing, so ${cpu} ` +
      `tfjs-node-gpu 4.22 needs exactly CUDA 11.2 and cuDNN 8.1 (a newer CUDA is not used): install them beside any other CUDA and ${where}.`
  }
  if (!gpuPackageInstalled) return `Found ${gpu} with ${libs?.join(', ') ?? 'the CUDA libraries'}, but @tensorflow/tfjs-node-gpu is not installed, so ${cpu} Run npm install @tensorflow/tfjs-node-gpu.`
  return `Found ${gpu} and the CUDA 11.2 / cuDNN 8.1 libraries, but TensorFlow did not use the GPU, so ${cpu} Run with TF_CPP_MIN_LOG_LEVEL=0 to see TensorFlow's reason.`
}

/** The nearest existing folder at or above `p` (where free space can be measured). */
function existingAncestor(p: string): string | undefined {
  let dir = path.resolve(p)
  for (;;) {
    if (fs.existsSync(dir)) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** Facts about the store at `dbPath`, read-only: a missing database is reported, not created. */
export function inspectStore(dbPath: string): DoctorReport['store'] {
  const resolved = dbPath === ':memory:' ? dbPath : path.resolve(dbPath)
  const sizeOf = (f: string): number => fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0
  const exists = fs.statSync(resolved, { throwIfNoEntry: false })?.isFile() === true
  const base = { path: resolved, exists, latestSchemaVersion: LATEST_SCHEMA_VERSION }
  let free: number | null = null
  const dir = existingAncestor(path.dirname(resolved))
  if (dir !== undefined) {
    try {
      const s = fs.statfsSync(dir)
      free = s.bavail * s.bsize
    } catch {
      free = null
    }
  }
  if (!exists) return { ...base, sizeBytes: 0, schemaVersion: null, datasets: null, windows: null, runs: null, freeDiskBytes: free, error: null }
  const sizeBytes = sizeOf(resolved) + sizeOf(`${resolved}-wal`) + sizeOf(`${resolved}-shm`)
  try {
    return { ...base, sizeBytes, ...readStoreCounts(resolved), freeDiskBytes: free, error: null }
  } catch (err) {
    const error = `cannot read it (${err instanceof Error ? err.message : String(err)})`
    return { ...base, sizeBytes, schemaVersion: null, datasets: null, windows: null, runs: null, freeDiskBytes: free, error }
  }
}

function storeChecks(s: DoctorReport['store']): DoctorCheck[] {
  const out: DoctorCheck[] = []
  if (s.error !== null) out.push({ status: 'warn', topic: 'store', text: `Store ${s.path}: ${s.error}; pass another --db or move the file away.` })
  else if (!s.exists) out.push({ status: 'ok', topic: 'store', text: `Store ${s.path} does not exist yet; the first import creates it.` })
  else {
    const contents = `${s.datasets ?? 0} dataset${s.datasets === 1 ? '' : 's'}, ${s.windows ?? 0} windows${s.runs !== null ? `, ${s.runs} run${s.runs === 1 ? '' : 's'}` : ''}`
    const schema = s.schemaVersion === s.latestSchemaVersion ? `schema ${s.schemaVersion}` : (s.schemaVersion ?? 0) > s.latestSchemaVersion
      ? `schema ${s.schemaVersion ?? '?'}, newer than this app knows (${s.latestSchemaVersion}): update the workbench`
      : `schema ${s.schemaVersion ?? 0}, upgraded to ${s.latestSchemaVersion} on next use`
    out.push({ status: (s.schemaVersion ?? 0) > s.latestSchemaVersion ? 'warn' : 'ok', topic: 'store', text: `Store ${s.path}: ${formatBytes(s.sizeBytes)}, ${schema}; ${contents}.` })
  }
  if (s.freeDiskBytes !== null) {
    const low = s.freeDiskBytes < 2e9
    out.push({ status: low ? 'warn' : 'ok', topic: 'disk', text: `${formatBytes(s.freeDiskBytes)} free on the store's disk${low ? ': imports and per-epoch checkpoints need more; free some space or use --db elsewhere' : ''}.` })
  }
  return out
}

/** The WebGPU adapters Dawn finds and the one training would use. */
async function inspectWebgpu(probeFn: BackendHost['probeWebgpu'] | undefined, platform: NodeJS.Platform): Promise<DoctorReport['webgpu']> {
  const found = await (probeFn ?? (() => probeWebgpu({ platform })))()
  const adapter = chooseAdapter(found.adapters, true)
  return {
    error: found.error, adapters: found.adapters, tried: found.tried, skipped: found.skipped,
    trainingAdapter: adapter?.name ?? null, usedByAuto: adapter?.hardware === true,
  }
}

/** The WebGPU lines: each adapter, the one training would use, what to install when there is none. */
function webgpuChecks(w: DoctorReport['webgpu'], platform: NodeJS.Platform): DoctorCheck[] {
  if (w.error !== null) return [{ status: 'warn', topic: 'webgpu', text: `WebGPU: ${w.error}; npm install ${DAWN_MODULE} adds Dawn's prebuilt binding (any Vulkan, Metal or Direct3D 12 GPU, no CUDA).` }]
  const out: DoctorCheck[] = w.adapters.map((a) => ({ status: a.hardware ? 'ok' : 'warn', topic: 'webgpu', text: `WebGPU adapter: ${describeAdapterLine(a)}.` }))
  const chosen = w.adapters.find((a) => a.name === w.trainingAdapter)
  if (chosen === undefined) {
    const install = platform === 'linux'
      ? ' Install the GPU\'s Vulkan driver and loader (e.g. mesa-vulkan-drivers and libvulkan1, or NVIDIA\'s driver).'
      : platform === 'win32' ? ' Update the GPU driver (Direct3D 12).' : ''
    out.push({ status: 'warn', topic: 'webgpu', text: `WebGPU: ${noHardwareAdapterReason(w)}.${install}` })
    return out
  }
  for (const s of w.skipped) {
    out.push({ status: 'warn', topic: 'webgpu', text: `WebGPU: Dawn's ${DAWN_BACKEND_LABELS[s.backend]} backend was not tried: ${s.missing.join(' and ')} ${s.missing.length === 1 ? 'is' : 'are'} not installed.` })
  }
  out.push(chosen.hardware
    ? { status: 'ok', topic: 'webgpu', text: `Training on the webgpu backend would use ${chosen.name}; the automatic choice considers it.` }
    : { status: 'warn', topic: 'webgpu', text: `Training on the webgpu backend would use ${chosen.name}, a software adapter: ${noHardwareAdapterReason({ error: null, adapters: [chosen], tried: [], skipped: [] }).replace(/^only a software adapter \(.*?\) was found: /, '')}.` })
  return out
}

/** Runs every check. Only the benchmark takes long (about half a minute on a 2-core CPU). */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const platform = options.platform ?? process.platform
  const probe = (options.probe ?? (() => probeCuda(platform)))()
  const checks: DoctorCheck[] = []
  const versions = {
    app: appVersion(), node: process.versions.node, tfjs: tf.version_core,
    electron: process.versions.electron ?? packageVersion('electron'), os: `${platform} ${os.release()}`, arch: process.arch,
  }
  const cpus = os.cpus()
  const machine = { cpus: os.availableParallelism(), cpuModel: cpus[0]?.model.trim() ?? 'unknown', memoryBytes: os.totalmem(), freeMemoryBytes: os.freemem() }
  checks.push({ status: 'ok', topic: 'versions', text: `ECG SSL Workbench ${versions.app}, Node ${versions.node}, tfjs ${versions.tfjs}${versions.electron !== null ? `, Electron ${versions.electron}` : ''}; ${versions.os} ${versions.arch}.` })
  checks.push({ status: 'ok', topic: 'versions', text: `${machine.cpus} CPU threads (${machine.cpuModel}), ${formatBytes(machine.memoryBytes)} memory (${formatBytes(machine.freeMemoryBytes)} free).` })

  const packages: BackendPackage[] = BACKEND_CHOICES.filter((b) => b !== 'cpu').map((b) => ({ backend: b, module: BACKEND_MODULES[b], version: packageVersion(BACKEND_MODULES[b]) }))
  packages.splice(2, 0, { backend: 'webgpu', module: DAWN_MODULE, version: packageVersion(DAWN_MODULE) })
  let selection: BackendSelection | undefined
  let backendError: string | null = null
  try {
    selection = await selectBackend({
      ...(options.backend !== undefined ? { override: options.backend } : {}),
      host: { probeCuda: () => probe, ...options.host },
    })
    const [first, ...rest] = describeSelection(selection)
    checks.push({ status: selection.backend === 'cpu' ? 'warn' : 'ok', topic: 'backend', text: `${first ?? ''}${selection.backend === 'cpu' ? ': plain JavaScript is very slow for training; reinstall to get the wasm backend' : ''}.` })
    for (const line of rest) checks.push({ status: 'warn', topic: 'backend', text: `${line}${NATIVE_HINT[line.split(':')[0] ?? ''] ?? ''}.` })
  } catch (err) {
    backendError = err instanceof Error ? err.message : String(err)
    checks.push({ status: 'warn', topic: 'backend', text: `No training backend could start: ${backendError}.` })
  }
  const gpuInUse = selection?.backend === 'gpu' && selection.device.startsWith('GPU')
  const webgpuOnGpu = selection?.backend === 'webgpu' && selection.device.startsWith('GPU') ? selection.device : undefined
  const advice = gpuAdvice(probe, packages[0]?.version !== null, gpuInUse, platform, webgpuOnGpu)
  checks.push({ status: gpuInUse || webgpuOnGpu !== undefined ? 'ok' : 'warn', topic: 'gpu', text: advice })

  const webgpu = await inspectWebgpu(options.host?.probeWebgpu, platform)
  checks.push(...webgpuChecks(webgpu, platform))

  const store = inspectStore(options.dbPath)
  checks.push(...storeChecks(store))

  let bench: DoctorReport['bench'] = null
  if (options.bench !== false && selection !== undefined) {
    const shape = options.benchShape ?? { steps: 10, batch: 8, length: 2560 }
    const r = await runModelBench({ suite: 'train', ...shape, warmup: 1 })
    const epochWindows = store.windows !== null && store.windows > 0 ? store.windows : 10_000
    const preset = PRESETS.sarkar2020.pretext
    // Each training window is seen as 7 variants (METHOD §4); per-sample cost scales with length.
    const trainWindows = Math.ceil(epochWindows * (1 - (preset.heldOut ?? 0.1)))
    const perSample2560 = (1 / r.windows_per_s) * (2560 / shape.length)
    bench = { backend: r.backend, batch: r.batch, steps: r.steps, length: shape.length, windowsPerS: r.windows_per_s, epochWindows, sarkar2020EpochSeconds: trainWindows * 7 * perSample2560 }
    const epochs = preset.epochs
    checks.push({
      status: 'ok', topic: 'bench',
      text: `Training benchmark: ${r.steps} steps of ${r.batch} windows of ${shape.length} samples on ${r.backend} at ${r.windows_per_s.toFixed(1)} windows/s; ` +
        `a sarkar2020 pretext epoch over ${epochWindows} windows${store.windows !== null && store.windows > 0 ? ' (the store\'s)' : ''} would take about ${formatDuration(bench.sarkar2020EpochSeconds)} ` +
        `(${epochs} epochs: about ${formatDuration(bench.sarkar2020EpochSeconds * epochs)}; rough, measured at a small batch).`,
    })
  }
  return {
    versions, machine,
    backends: { packages, chosen: selection === undefined ? null : { backend: selection.backend, tfBackend: selection.tfBackend, device: selection.device }, fallbacks: selection?.fallbacks ?? [], error: backendError },
    gpu: { gpus: probe.gpus, missingLibraries: probe.missingLibraries, inUse: gpuInUse, advice },
    webgpu, store, bench, checks,
  }
}

/** The report as a checklist: "✓ …" for what is fine, "! …" for what needs attention. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.checks.map((c) => `${c.status === 'ok' ? '✓' : '!'} ${c.text}`)
  const packages = report.backends.packages.map((p) => `${p.module} ${p.version ?? 'not installed'}`).join(', ')
  lines.splice(2, 0, `  Backend packages: ${packages}.`)
  return lines.join('\n') + '\n'
}
