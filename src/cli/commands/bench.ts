/** `ecg-ssl bench --suite <preprocess|transforms|pretext|train|forward> [--minutes n] [--windows n] [--backend b] [--steps n] [--batch n] [--processes n]` */
import { Option, type Command } from 'commander'
import { InputError } from '../../common/input-error.js'
import { BACKEND_CHOICES, type BackendChoice } from '../../model/backend-choices.js'
import { numberOption, type CliRuntime } from '../runtime.js'

/** Registers the bench command. */
export function registerBench(program: Command, rt: CliRuntime): void {
  program
    .command('bench')
    .description('measure how fast the pipeline runs (same work as the SciPy peer script)')
    .addOption(new Option('--suite <name>', 'what to measure').choices(['preprocess', 'transforms', 'pretext', 'train', 'forward']).makeOptionMandatory())
    .option('--minutes <n>', 'minutes of synthetic ECG at 2048 Hz to process (default 30)')
    .option('--windows <n>', 'transforms: number of 2560-sample windows (default 2000)')
    .addOption(new Option('--backend <b>', 'pretext/train/forward: tfjs backend (default: the fastest available)').choices([...BACKEND_CHOICES]))
    .option('--steps <n>', 'pretext: timed steps (default 4); train/forward: timed steps of 64 windows (default 3); after one warm-up step')
    .option('--batch <n>', 'pretext: original windows per step, 7 inputs each (default 16)')
    .option('--processes <n>', 'pretext: data-parallel workers sharing each step (default: what the machine offers); train/forward: run the benchmark in n processes at once and add up their throughput (default 1)')
    .action(async (flags: { suite: string; minutes?: string; windows?: string; backend?: BackendChoice; steps?: string; batch?: string; processes?: string }, cmd: Command) => {
      if (flags.suite === 'pretext') {
        await pretextBench(flags, cmd, rt)
        return
      }
      const processes = flags.processes === undefined ? 1 : numberOption(flags.processes)
      if (!Number.isSafeInteger(processes) || processes < 1 || processes > 64) {
        throw new InputError(`--processes must be a whole number from 1 to 64 (got "${flags.processes ?? ''}"); pass e.g. --processes 2.`)
      }
      if (processes > 1 && flags.suite !== 'train' && flags.suite !== 'forward') {
        throw new InputError(`--processes applies to the pretext, train and forward suites only (got --suite ${flags.suite}); drop it or pass --suite pretext.`)
      }
      if (flags.suite === 'train' || flags.suite === 'forward') {
        const steps = flags.steps === undefined ? 3 : numberOption(flags.steps)
        if (!Number.isSafeInteger(steps) || steps < 1 || steps > 1000) {
          throw new InputError(`--steps must be a whole number from 1 to 1000 (got "${flags.steps ?? ''}"); pass e.g. --steps 3.`)
        }
        if (processes > 1) {
          const [{ runParallelBench }, { forkBenchChild }] = await Promise.all([import('../../model/parallel-bench.js'), import('../../jobs/bench-processes.js')])
          const p = await runParallelBench(processes, { options: { suite: flags.suite, steps }, ...(flags.backend === undefined ? {} : { backend: flags.backend }) }, forkBenchChild())
          const human = `${p.suite}: ${p.processes} processes at once, each ${p.steps} steps of ${p.batch} windows of 2560 samples on ${p.backend} (${p.device}): ` +
            `${p.windows_per_s.toFixed(1)} windows/s together (${p.per_process.map((r) => r.windows_per_s.toFixed(1)).join(' + ')} on their own; ` +
            `timed phases overlapped ${Math.round(p.overlap * 100)} %; ${p.cpu_seconds.toFixed(0)} CPU s in ${p.wall_seconds.toFixed(0)} s)\n`
          rt.output(cmd, human, p)
          return
        }
        const { selectBackend } = await import('../../model/backend.js')
        const { runModelBench } = await import('../../model/bench-model.js')
        const selection = await selectBackend(flags.backend === undefined ? {} : { override: flags.backend })
        const r = await runModelBench({ suite: flags.suite, steps })
        const result = { ...r, backend: selection.backend, device: selection.device, processes: 1 }
        rt.output(cmd, `${r.suite}: ${r.steps} steps of ${r.batch} windows of 2560 samples on ${selection.backend} (${selection.device}) at ${result.windows_per_s.toFixed(1)} windows/s\n`, result)
        return
      }
      if (flags.suite === 'transforms') {
        const windows = flags.windows === undefined ? 2000 : numberOption(flags.windows)
        if (!Number.isSafeInteger(windows) || windows < 1 || windows > 1_000_000) {
          throw new InputError(`--windows must be a whole number from 1 to 1000000 (got "${flags.windows ?? ''}"); pass e.g. --windows 2000.`)
        }
        const { runTransformsBench } = await import('../../transforms/bench-transforms.js')
        const result = runTransformsBench({ windows })
        rt.output(cmd, `transforms: ${result.windows} windows of 2560 samples (7 variants each) at ${Math.round(result.windows_per_s)} windows/s\n`, result)
        return
      }
      let minutes: number | undefined
      if (flags.minutes !== undefined) {
        minutes = numberOption(flags.minutes)
        if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
          throw new InputError(`--minutes must be a number of minutes between 0 and 1440 (got "${flags.minutes}"); pass e.g. --minutes 30.`)
        }
      }
      const { runPreprocessBench } = await import('../../signal/bench-preprocess.js')
      const result = runPreprocessBench(minutes === undefined ? {} : { minutes })
      rt.output(
        cmd,
        `preprocess: ${(result.signal_seconds / 60).toFixed(1)} min of synthetic ECG (2048 Hz -> 256 Hz, high-pass, z-score, ${result.windows} windows) at ${Math.round(result.realtime_factor)}x real time\n`,
        result,
      )
    })
}

/** A whole number flag within [min, max], or `fallback` when absent. */
function wholeFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  const n = numberOption(value)
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InputError(`--${name} must be a whole number from ${min} to ${max} (got "${value}"); pass e.g. --${name} ${fallback}.`)
  return n
}

async function pretextBench(flags: { backend?: BackendChoice; steps?: string; batch?: string; processes?: string }, cmd: Command, rt: CliRuntime): Promise<void> {
  const steps = wholeFlag('steps', flags.steps, 4, 1, 1000)
  const batch = wholeFlag('batch', flags.batch, 16, 1, 1024)
  const { selectBackend } = await import('../../model/backend.js')
  const { dataParallelWorkers } = await import('../../model/parallel.js')
  const { runPretextBench } = await import('../../training/bench-pretext.js')
  const selection = await selectBackend(flags.backend === undefined ? {} : { override: flags.backend })
  const workers = wholeFlag('processes', flags.processes, dataParallelWorkers({ backend: selection.backend }).processes, 1, 64)
  const r = await runPretextBench({ backend: selection.backend, workers, batch, steps })
  const result = { suite: r.suite, backend: selection.backend, device: selection.device, processes: r.processes, batch: r.batch, steps: r.steps, windows_per_s: r.windows_per_s, max_rss_mb: r.max_rss_mb }
  rt.output(cmd, `pretext: ${r.steps} steps of ${r.batch} windows x 7 variants on ${selection.backend} (${selection.device}), ${r.processes} worker${r.processes === 1 ? '' : 's'}: ${r.windows_per_s.toFixed(1)} windows/s, peak ${Math.round(r.max_rss_mb)} MB\n`, result)
}
