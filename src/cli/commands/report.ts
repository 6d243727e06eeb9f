/** `ecg-ssl report <run> --out <file.html> [--force]` */
import type Database from 'better-sqlite3'
import type { Command } from 'commander'
import type { RunDetail } from '../../contracts/runs.js'
import { parseRunNumber } from '../../contracts/run-api.js'
import { InputError } from '../../common/input-error.js'
import { loadRunDetail } from '../../services/run-detail.js'
import type { CliRuntime } from '../runtime.js'

/** Reads a run with everything it recorded (`loadRunDetail`). */
export type RunLoader = (db: Database.Database, id: number) => RunDetail | undefined

/** The run number of `text` ("12" or "#12"), or an InputError saying what is expected. */
export function parseRunId(text: string): number {
  const id = parseRunNumber(text)
  if (id === null) throw new InputError(`"${text}" is not a run number; pass the number \`ecg-ssl runs\` lists, e.g. ecg-ssl report 3 --out report.html.`)
  return id
}

/** Registers the report command; `loadRun` reads a run from the store (tests inject one). */
export function registerReport(program: Command, rt: CliRuntime, loadRun: RunLoader = loadRunDetail): void {
  program
    .command('report')
    .description("write a run's report: one self-contained HTML page, plus <base>.csv and <base>.tex tables beside it")
    .argument('<run>', 'run number, as `ecg-ssl runs` lists it')
    .requiredOption('--out <file.html>', 'the HTML file to write (its folder is created when missing)')
    .option('--force', 'replace the report files if they exist')
    .action(async (runArg: string, flags: { out: string; force?: boolean }, cmd: Command) => {
      const id = parseRunId(runArg)
      const store = rt.openStore(cmd)
      const run = loadRun(store.db, id)
      if (run === undefined) throw new InputError(`There is no run #${id} in ${store.path}; \`ecg-ssl runs\` lists the runs.`)
      // The app's export and this command report a run one way (services/run-report.ts); loaded only here.
      const { writeRunReportFiles } = await import('../../services/run-report.js')
      const written = writeRunReportFiles(store, run, { out: flags.out, overwrite: flags.force === true, generatedAt: new Date().toISOString() })
      const paper = written.paperRows > 0 ? `, ${written.paperRows} with the paper's numbers beside` : ''
      rt.output(cmd, `Report of run #${id} (${run.state}): ${written.rows} result rows${paper}.\n  ${written.html}\n  ${written.csv}\n  ${written.tex}\n`, written)
    })
}
