/** `ecg-ssl import <kind> <path> --name <name> …` */
import { Argument, type Command } from 'commander'
import { DATASET_KINDS } from '../../contracts/dataset-kinds.js'
import { ImportRequest, parseChannelChoice } from '../../contracts/import.js'
import { importDataset } from '../../services/import-service.js'
import { parseOrInputError } from '../../services/request-validation.js'
import { formatImportReport } from '../format.js'
import { createProgressView } from '../progress-bar.js'
import { numberOption, type CliRuntime } from '../runtime.js'

interface ImportFlags {
  name: string
  labels?: string
  channel?: string
  fs?: string
  overlap?: string
  keepFlagged?: boolean
}

/** A channel given as digits is an index; anything else a name (the wizard's rule too). */
export const channelOption = parseChannelChoice

/** Registers the import command. */
export function registerImport(program: Command, rt: CliRuntime): void {
  program
    .command('import')
    .description('import a dataset folder or file into the store (one transaction: all or nothing)')
    .addArgument(new Argument('<kind>', 'dataset kind').choices(DATASET_KINDS))
    .argument('<path>', 'dataset folder or recording file')
    .requiredOption('--name <name>', 'name to give the dataset in the store')
    .option('--labels <file>', 'separate labels file (spreadsheet or CSV)')
    .option('--channel <name|index>', 'ECG channel by name or 0-based index')
    .option('--fs <hz>', 'sampling rate, for files that do not state it')
    .option('--overlap <percent>', 'overlap of consecutive 10 s windows in percent (default 0)')
    .option('--keep-flagged', 'keep windows flagged NaN / flat / clipped as usable instead of excluding them')
    .action(async (kind: string, path: string, flags: ImportFlags, cmd: Command) => {
      const { json } = rt.globals(cmd)
      const store = rt.openStore(cmd)
      // The command line is where this request enters: validated here, once (names trimmed).
      const request = parseOrInputError(ImportRequest, {
        kind,
        path,
        name: flags.name,
        ...(flags.labels !== undefined && { labels: flags.labels }),
        ...(flags.channel !== undefined && { channel: channelOption(flags.channel) }),
        ...(flags.fs !== undefined && { fs: numberOption(flags.fs) }),
        ...(flags.overlap !== undefined && { overlapPercent: numberOption(flags.overlap) }),
        ...(flags.keepFlagged === true && { keepFlagged: true }),
      }, 'import request')
      rt.cancelledLine = 'Import cancelled; nothing was written.'
      const view = createProgressView(rt.io, json)
      try {
        const report = await rt.interruptible((signal) => importDataset(store, request, { onProgress: view.onProgress, signal }))
        view.stop()
        rt.output(cmd, formatImportReport(report), report)
        for (const warning of report.warnings ?? []) rt.io.stderr(`warning: ${warning}\n`)
      } finally {
        view.stop()
      }
    })
}
