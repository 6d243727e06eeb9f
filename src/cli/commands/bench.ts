/** `ecg-ssl bench --suite preprocess [--minutes n]` */
import { Option, type Command } from 'commander'
import { InputError } from '../../formats/input-error.js'
import { runPreprocessBench } from '../../signal/bench-preprocess.js'
import { numberOption, type CliRuntime } from '../runtime.js'

/** Registers the bench command. */
export function registerBench(program: Command, rt: CliRuntime): void {
  program
    .command('bench')
    .description('measure how fast the pipeline runs (same work as the SciPy peer script)')
    .addOption(new Option('--suite <name>', 'what to measure').choices(['preprocess']).makeOptionMandatory())
    .option('--minutes <n>', 'minutes of synthetic ECG at 2048 Hz to process (default 30)')
    .action(async (flags: { suite: string; minutes?: string }, cmd: Command) => {
      let minutes: number | undefined
      if (flags.minutes !== undefined) {
        minutes = numberOption(flags.minutes)
        if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
          throw new InputError(`--minutes must be a number of minutes between 0 and 1440 (got "${flags.minutes}"); pass e.g. --minutes 30.`)
        }
      }
      // Yield once so the terminal shows nothing stale while the synchronous benchmark runs.
      await Promise.resolve()
      const result = runPreprocessBench(minutes === undefined ? {} : { minutes })
      rt.output(
        cmd,
        `preprocess: ${(result.signal_seconds / 60).toFixed(1)} min of synthetic ECG (2048 Hz -> 256 Hz, high-pass, z-score, ${result.windows} windows) at ${Math.round(result.realtime_factor)}x real time\n`,
        result,
      )
    })
}
