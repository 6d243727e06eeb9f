/** `ecg-ssl export <name> --out <dir>` */
import type { Command } from 'commander'
import { ExportRequest } from '../../contracts/datasets.js'
import { exportDataset } from '../../services/export-service.js'
import { parseOrInputError } from '../../services/request-validation.js'
import { formatExportResult } from '../format.js'
import { createProgressView } from '../progress-bar.js'
import type { CliRuntime } from '../runtime.js'

/** Registers the export command. */
export function registerExport(program: Command, rt: CliRuntime): void {
  program
    .command('export')
    .description('write windows.npy (N x 2560 float32) and windows.csv for use in Python')
    .argument('<name>', 'dataset name')
    .requiredOption('--out <dir>', 'folder to write into (created when missing)')
    .option('--force', 'replace windows.npy / windows.csv if they exist')
    .action(async (name: string, flags: { out: string; force?: boolean }, cmd: Command) => {
      const store = rt.openStore(cmd)
      // The command line is where this request enters: validated here, once.
      const request = parseOrInputError(ExportRequest, { name, outDir: flags.out, overwrite: flags.force === true }, 'export request')
      rt.cancelledLine = 'Export cancelled; nothing was written.'
      const view = createProgressView(rt.io, rt.globals(cmd).json)
      try {
        const result = await rt.interruptible((signal) =>
          exportDataset(store, request, { onProgress: view.onProgress, signal }))
        view.stop()
        rt.output(cmd, formatExportResult(result), result)
      } finally {
        view.stop()
      }
    })
}
