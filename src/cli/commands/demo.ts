/** `ecg-ssl demo`: synthetic affect data → import → quick preset end to end → table + report. */
import path from 'node:path'
import { Option, type Command } from 'commander'
import { DEFAULT_SEED, PRESET_NAMES, type PresetName } from '../../contracts/presets.js'
import { DEMO_DATASET } from '../../demo/demo-name.js'
import { BACKEND_CHOICES, type BackendChoice } from '../../model/backend-choices.js'
import { loadRunDetail } from '../../services/run-detail.js'
import { createProgressView } from '../progress-bar.js'
import { numberOption, type CliRuntime } from '../runtime.js'
import { executeWithProgress } from './runs.js'

interface DemoFlags {
  name: string
  seed?: string
  preset: PresetName
  out: string
  backend?: BackendChoice
}

/** Registers the demo command. */
export function registerDemo(program: Command, rt: CliRuntime): void {
  program
    .command('demo')
    .description('build the synthetic demo data (a labelled set and unlabelled recordings), run the demo experiment on it end to end (self-supervised transfer vs the fully supervised baseline, 10 % and 100 % of the labels), print the results and write a report')
    .option('--name <name>', 'dataset name for the demo data', DEMO_DATASET)
    .option('--seed <n>', `seed of the data and the run (default ${DEFAULT_SEED})`)
    .addOption(new Option('--preset <name>', 'experiment preset').choices(PRESET_NAMES).default('quick'))
    .option('--out <file.html>', 'report file (CSV and LaTeX tables are written beside it)', 'ecg-ssl-demo-report.html')
    .addOption(new Option('--backend <name>', 'training backend (default: automatic)').choices(BACKEND_CHOICES))
    .action(async (flags: DemoFlags, cmd: Command) => {
      const { createDemoRun, ensureDemoDatasets, unlabeledDemoName } = await import('../../services/demo-service.js')
      const { writeRunReportFiles } = await import('../../services/run-report.js')
      const store = rt.openStore(cmd)
      const seed = flags.seed === undefined ? DEFAULT_SEED : numberOption(flags.seed)
      const view = createProgressView(rt.io, rt.globals(cmd).json)
      rt.cancelledLine = 'Demo import cancelled; nothing was written.'
      const unlabeled = unlabeledDemoName(flags.name)
      const imported = await rt.interruptible((signal) => ensureDemoDatasets(store, flags.name, seed, { onProgress: view.onProgress, signal }))
      view.stop()
      if (!rt.globals(cmd).json) {
        rt.io.stderr(imported.labelled === undefined
          ? `Using the demo dataset "${flags.name}" already in the store.\n`
          : `Demo dataset "${flags.name}": ${imported.labelled.subjects} subjects, ${imported.labelled.windows} windows of synthetic ECG with arousal and valence.\n`)
        rt.io.stderr(imported.unlabeled === undefined
          ? `Using the unlabelled demo recordings "${unlabeled}" already in the store.\n`
          : `Unlabelled demo recordings "${unlabeled}": ${imported.unlabeled.subjects} other subjects, ${imported.unlabeled.windows} windows, for the encoder to learn from.\n`)
      }
      const runId = createDemoRun(store, flags.name, flags.preset, seed)
      await executeWithProgress(rt, cmd, store, runId, flags.backend)
      // The report reads the datasets' kinds from the store, as ecg-ssl report and the app's export do.
      const written = writeRunReportFiles(store, loadRunDetail(store.db, runId)!, { out: path.resolve(flags.out), overwrite: true })
      if (!rt.globals(cmd).json) rt.io.stderr(`Report: ${written.html} (tables: ${path.basename(written.csv)}, ${path.basename(written.tex)})\n`)
    })
}
