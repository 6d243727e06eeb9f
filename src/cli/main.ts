/**
 * The `ecg-ssl` command line: the same services the desktop app uses, over a terminal.
 * `main` never throws and never calls process.exit: it returns the exit code.
 */
import { Command, CommanderError } from 'commander'
import { appVersion } from '../services/app-version.js'
import { registerBench } from './commands/bench.js'
import { registerBrowse } from './commands/browse.js'
import { registerChannels } from './commands/channels.js'
import { registerDoctor } from './commands/doctor.js'
import { registerExport } from './commands/export.js'
import { registerImport } from './commands/import.js'
import { registerReport } from './commands/report.js'
import { registerDemo } from './commands/demo.js'
import { registerRuns } from './commands/runs.js'
import { registerServe } from './commands/serve.js'
import { registerTransforms } from './commands/transforms.js'
import { describeError, EXIT_OK } from './errors.js'
import { processIo, type CliIo } from './io.js'
import { CliRuntime } from './runtime.js'

function buildProgram(rt: CliRuntime): Command {
  const program = new Command('ecg-ssl')
    .description('ECG SSL Workbench on the command line: import ECG datasets, browse and export their windows')
    .version(appVersion(), '-V, --version')
    .option('--db <file>', 'database file (default: env ECG_SSL_DB, else the desktop app\'s per-user database)')
    .option('--json', 'print exactly one JSON document on stdout (shapes: see the README)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => rt.io.stdout(s),
      writeErr: (s) => rt.io.stderr(s),
      // Commander errors are printed by main() as one line, like every other error.
      outputError: () => undefined,
    })
  registerImport(program, rt)
  registerChannels(program, rt)
  registerBrowse(program, rt)
  registerExport(program, rt)
  registerTransforms(program, rt)
  registerBench(program, rt)
  registerServe(program, rt)
  registerRuns(program, rt)
  registerReport(program, rt)
  registerDoctor(program, rt)
  registerDemo(program, rt)
  // Subcommands inherit the override and the output configuration.
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput())
  return program
}

/** Runs the CLI with `argv` (without node and script) and returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const rt = new CliRuntime(io)
  const program = buildProgram(rt)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return EXIT_OK
  } catch (err) {
    if (err instanceof CommanderError && (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')) {
      return EXIT_OK
    }
    const report = describeError(err, rt.cancelledLine, io.env.ECG_SSL_DEBUG === '1')
    rt.io.stderr(report.line + '\n')
    if (report.debug !== undefined) rt.io.stderr(report.debug + '\n')
    return report.exitCode
  } finally {
    rt.close()
  }
}
