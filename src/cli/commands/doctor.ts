/** `ecg-ssl doctor [--no-bench] [--backend b]` */
import { Option, type Command } from 'commander'
import { BACKEND_CHOICES, type BackendChoice } from '../../model/backend-choices.js'
import { resolveDbPath } from '../../services/app-paths.js'
import type { CliRuntime } from '../runtime.js'

/** Registers the doctor command. */
export function registerDoctor(program: Command, rt: CliRuntime): void {
  program
    .command('doctor')
    .description('check this machine: backends, GPU / CUDA / cuDNN, versions, the store and a short training benchmark')
    .option('--no-bench', 'skip the 10-step training benchmark (about half a minute on a CPU)')
    .addOption(new Option('--backend <b>', 'check this backend instead of the automatic choice').choices([...BACKEND_CHOICES]))
    .action(async (flags: { bench: boolean; backend?: BackendChoice }, cmd: Command) => {
      const { formatDoctorReport, runDoctor } = await import('../../services/doctor.js')
      const dbPath = resolveDbPath(rt.globals(cmd).db, rt.io.env)
      const report = await runDoctor({ dbPath, bench: flags.bench, ...(flags.backend !== undefined ? { backend: flags.backend } : {}) })
      rt.output(cmd, formatDoctorReport(report), report)
    })
}
