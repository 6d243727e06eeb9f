/** `ecg-ssl datasets [name]`, `ecg-ssl windows <name>`, `ecg-ssl delete <name>`. */
import type { Command } from 'commander'
import { WindowQuery } from '../../contracts/datasets.js'
import { deleteDataset, getDataset, listDatasets, pageWindows } from '../../services/dataset-service.js'
import { parseOrInputError } from '../../services/request-validation.js'
import { formatDatasetDetail, formatDatasetList, formatWindowPage } from '../format.js'
import { numberOption, type CliRuntime } from '../runtime.js'

/** Registers datasets, windows and delete. */
export function registerBrowse(program: Command, rt: CliRuntime): void {
  program
    .command('datasets')
    .description('list the imported datasets, or show one in detail')
    .argument('[name]', 'dataset to show in detail (provenance, subjects, skipped items)')
    .action((name: string | undefined, _flags: unknown, cmd: Command) => {
      const store = rt.openStore(cmd)
      if (name === undefined) {
        const datasets = listDatasets(store)
        rt.output(cmd, formatDatasetList(datasets, store.path), { db: store.path, datasets })
      } else {
        const detail = getDataset(store, name)
        rt.output(cmd, formatDatasetDetail(detail), detail)
      }
    })

  program
    .command('windows')
    .description("list a dataset's windows (metadata, not samples)")
    .argument('<name>', 'dataset name')
    .option('--limit <n>', 'how many windows to show', '20')
    .option('--offset <n>', 'index of the first window to show', '0')
    .option('--subject <code>', 'only windows of this subject')
    .action((name: string, flags: { limit: string; offset: string; subject?: string }, cmd: Command) => {
      const store = rt.openStore(cmd)
      // The command line is where this query enters: validated here, once.
      const query = parseOrInputError(WindowQuery, {
        name,
        limit: numberOption(flags.limit),
        offset: numberOption(flags.offset),
        ...(flags.subject !== undefined && { subject: flags.subject }),
      }, 'window query')
      const page = pageWindows(store, query)
      rt.output(cmd, formatWindowPage(page), page)
    })

  program
    .command('delete')
    .description('remove a dataset and all its windows from the store')
    .argument('<name>', 'dataset name')
    .action((name: string, _flags: unknown, cmd: Command) => {
      const result = deleteDataset(rt.openStore(cmd), name)
      rt.output(cmd, `Deleted dataset "${result.dataset}" (${result.windows} windows).\n`, result)
    })
}
