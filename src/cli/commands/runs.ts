/** `ecg-ssl run <config.json>`, `ecg-ssl resume <run>`, `ecg-ssl runs`. */
import fs from 'node:fs'
import { Argument, Option, type Command } from 'commander'
import { PRESET_NAMES, presetConfig, type PresetName } from '../../contracts/presets.js'
import { parseRunNumber } from '../../contracts/run-api.js'
import { InputError } from '../../common/input-error.js'
import { BACKEND_CHOICES, type BackendChoice } from '../../model/backend-choices.js'
import { listRunSummaries, parseExperimentConfig } from '../../services/run-listing.js'
import { loadRunDetail } from '../../services/run-detail.js'
import type { Store } from '../../store/store.js'
import { formatEstimate } from '../format-estimate.js'
import { formatResults, formatRunEnd, formatRunList } from '../format-runs.js'
import { createProgressView } from '../progress-bar.js'
import type { CliRuntime } from '../runtime.js'

/** Reads a config file as JSON, with one sentence for a missing or malformed file. */
export function readConfigFile(file: string): unknown {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    throw new InputError(`There is no readable config file at ${file}; check the path.`, file)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InputError(`The config file ${file} is not valid JSON (${(err as Error).message}); fix it and try again.`, file)
  }
}

/** Parses a run id argument. */
export function runIdArgument(value: string): number {
  const id = parseRunNumber(value)
  if (id === null) throw new InputError(`"${value}" is not a run id; "ecg-ssl runs" lists them.`)
  return id
}

/** Executes a run with a progress bar and prints the results table (shared by run, resume, demo). */
/** `--processes`: a whole number of cores from 1 to 64. */
function processesFlag(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1 || n > 64) throw new InputError(`--processes must be a whole number from 1 to 64 (got "${value}"); pass e.g. --processes 2.`)
  return n
}

export async function executeWithProgress(rt: CliRuntime, cmd: Command, store: Store, runId: number, backend?: BackendChoice, processes?: number): Promise<void> {
  const { json } = rt.globals(cmd)
  const view = createProgressView(rt.io, json)
  rt.cancelledLine = `Run ${runId} stopped; its completed epochs and folds are kept: continue with "ecg-ssl resume ${runId}".`
  const started = performance.now()
  // The run service brings tfjs: loaded only by the commands that train.
  const { executeRun } = await import('../../services/run-service.js')
  try {
    const summary = await rt.interruptible((signal) =>
      executeRun(store, runId, {
        signal,
        ...(backend !== undefined && { backend }),
        ...(processes !== undefined && { processes }),
        onEvent: (e) => {
          if (e.type === 'progress') view.onProgress?.({ phase: e.phase, done: e.done, total: e.total, unit: 'units', message: e.message })
        },
      }),
    )
    view.stop()
    const detail = loadRunDetail(store.db, runId)!
    rt.output(cmd, formatRunEnd(summary, (performance.now() - started) / 1000) + formatResults(detail.results), {
      run: summary,
      results: detail.results.map((r) => ({ dataset: r.dataset, task: r.task, protocol: r.protocol, method: r.method, variant: r.variant, block: r.block, fraction: r.fraction, folds: r.folds, accuracy: r.accuracy, f1: r.f1, macroF1: r.macroF1 })),
    })
  } finally {
    view.stop()
  }
}

/** `run --estimate`: the estimate of a run of `config`, without creating it. */
async function printEstimate(rt: CliRuntime, cmd: Command, store: Store, input: unknown, backend?: BackendChoice): Promise<void> {
  const parsed = parseExperimentConfig(input)
  const config = backend === undefined ? parsed : { ...parsed, backend }
  // The estimate brings tfjs (the calibration measures the backend): loaded only here.
  const [{ selectAndCalibrate, estimateConfig, planFromStore }, { defaultCalibrationFile }] = await Promise.all([import('../../services/estimate-service.js'), import('../../services/calibration-cache.js')])
  const json = rt.globals(cmd).json
  const file = defaultCalibrationFile()
  // Plan first: a config naming a missing dataset fails before anything is measured.
  const planned = planFromStore(store, config)
  if (!json) rt.io.stderr('Looking up this machine\'s speed for the backend (measured once, a few seconds)…\n')
  const result = await selectAndCalibrate(config.backend, file)
  const estimate = estimateConfig(config, planned, result)
  rt.output(cmd, formatEstimate(estimate), estimate)
}

interface RunFlags {
  preset?: PresetName
  dataset?: string[]
  task?: string
  backend?: BackendChoice
  name?: string
  estimate?: boolean
  processes?: string
}

/** Registers run, resume and runs. */
export function registerRuns(program: Command, rt: CliRuntime): void {
  program
    .command('run')
    .description('run an experiment from a config file (or from a preset with --preset and --dataset), with checkpoints every epoch')
    .argument('[config]', 'experiment config (JSON; see the README)')
    .addOption(new Option('--preset <name>', 'start from a preset instead of a config file').choices(PRESET_NAMES))
    .option('--dataset <name...>', 'with --preset: the dataset(s) to use')
    .option('--task <labels>', 'with --preset: comma-separated labels to predict', 'arousal,valence')
    .option('--name <text>', 'with --preset: the run\'s name')
    .addOption(new Option('--backend <name>', 'training backend (default: the config\'s, else automatic)').choices(BACKEND_CHOICES))
    .option('--estimate', 'print how long the run would take on this machine (from a short, cached calibration of the backend) instead of running it')
    .option('--processes <n>', 'cores the run may keep busy, shared by its data-parallel pretext workers and its helper processes (default: the config\'s, else what the machine offers); results do not depend on it')
    .action(async (file: string | undefined, flags: RunFlags, cmd: Command) => {
      let config: unknown
      if (file !== undefined) {
        if (flags.preset !== undefined) throw new InputError('Give either a config file or --preset, not both.')
        config = readConfigFile(file)
      } else {
        if (flags.preset === undefined || flags.dataset === undefined) throw new InputError('Give a config file, or --preset with --dataset (for example: ecg-ssl run --preset quick --dataset demo).')
        const tasks = (flags.task ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '').map((label) => ({ label }))
        config = presetConfig(flags.preset, flags.name ?? `${flags.preset} on ${flags.dataset.join(', ')}`, flags.dataset.map((name) => ({ name, tasks })))
      }
      if (flags.processes !== undefined) config = { ...(config as object), processes: processesFlag(flags.processes) }
      const store = rt.openStore(cmd)
      if (flags.estimate === true) {
        await printEstimate(rt, cmd, store, config, flags.backend)
        return
      }
      const { createRunFromConfig } = await import('../../services/run-service.js')
      const runId = createRunFromConfig(store, config, (warning) => rt.io.stderr(`Warning: ${warning}\n`))
      if (!rt.globals(cmd).json) rt.io.stderr(`Run ${runId} created; if it is stopped, continue it with "ecg-ssl resume ${runId}".\n`)
      await executeWithProgress(rt, cmd, store, runId, flags.backend)
    })

  program
    .command('resume')
    .description('continue an interrupted run from its last completed epoch')
    .argument('<run>', 'run id (see ecg-ssl runs)')
    .addOption(new Option('--backend <name>', 'training backend (use the same as before for identical results)').choices(BACKEND_CHOICES))
    .option('--processes <n>', 'cores the run may keep busy this time (default: the run\'s config, else what the machine offers)')
    .action(async (id: string, flags: { backend?: BackendChoice; processes?: string }, cmd: Command) => {
      const processes = flags.processes === undefined ? undefined : processesFlag(flags.processes)
      await executeWithProgress(rt, cmd, rt.openStore(cmd), runIdArgument(id), flags.backend, processes)
    })

  program
    .command('preset')
    .description('print a preset as an experiment config file to edit and run ("ecg-ssl preset quick --dataset demo > my.json")')
    .addArgument(new Argument('<name>', 'preset').choices(PRESET_NAMES))
    .option('--dataset <name...>', 'dataset(s) to put in the config', ['<dataset name>'])
    .option('--task <labels>', 'comma-separated labels to predict', 'arousal,valence')
    .action((name: PresetName, flags: { dataset: string[]; task: string }) => {
      const tasks = flags.task.split(',').map((t) => t.trim()).filter((t) => t !== '').map((label) => ({ label }))
      const config = parseExperimentConfig(presetConfig(name, `${name} on ${flags.dataset.join(', ')}`, flags.dataset.map((d) => ({ name: d, tasks }))))
      rt.io.stdout(JSON.stringify(config, null, 2) + '\n')
    })

  program
    .command('runs')
    .description('list runs and their state')
    .action((_flags: unknown, cmd: Command) => {
      const store = rt.openStore(cmd)
      const list = listRunSummaries(store.db)
      rt.output(cmd, formatRunList(list), list)
    })
}
