/**
 * Renaming a dataset. Windows, recordings and subjects refer to it by id; runs name it in their
 * config, dataset hashes, pretext data and fold results (whose keys hold the name, so a resumed
 * run finds its finished folds). All of these change in one transaction, or none.
 */
import { InputError } from '../common/input-error.js'
import type { DatasetRenamed, DatasetRenameRequest } from '../contracts/datasets.js'
import { nameTakenText } from '../contracts/dataset-name.js'
import type { FoldResult, PretextModelData } from '../contracts/runs.js'
import { listDatasetRows } from '../store/datasets-repo.js'
import { listFoldRows, listRunReferences, rekeyFold, setDatasetName, updateRunReferences, type RunReferenceRow } from '../store/dataset-rename-repo.js'
import { storeErrorToInputError } from '../store/store-errors.js'
import type { Store } from '../store/store.js'
import { foldKeyText } from '../training/aggregate.js'
import { requireDataset } from './dataset-service.js'

/** Runs in these states are read by a training process now; their records must not change under it. */
const ACTIVE = new Set(['queued', 'running'])

interface ConfigLike { datasets?: { name?: unknown }[] }

/**
 * Gives dataset `request.name` the name `request.newName`, with every run that names it. Both names
 * arrive validated and trimmed (the router's DatasetName); whether the new one is free only the
 * store can tell.
 */
export function renameDataset(store: Store, { name, newName }: DatasetRenameRequest): DatasetRenamed {
  const row = requireDataset(store, name)
  if (newName === row.name) return { dataset: row.name, previous: row.name, runs: 0 }
  if (listDatasetRows(store.db).some((d) => d.name === newName)) throw new InputError(`Cannot rename "${row.name}": ${nameTakenText(newName)}.`)
  if (store.db.inTransaction) throw new InputError(`An import into ${store.path} is still running; wait for it to finish before renaming "${row.name}".`)
  const rename = (n: string): string => (n === row.name ? newName : n)
  let runs = 0
  try {
    store.db.transaction(() => {
      const using = listRunReferences(store.db).filter((r) => names(r).includes(row.name))
      const busy = using.find((r) => ACTIVE.has(r.state))
      if (busy !== undefined) throw new InputError(`Run #${busy.id} is ${busy.state} and reads "${row.name}"; wait for it to finish or cancel it, then rename the dataset.`)
      setDatasetName(store.db, row.id, newName)
      for (const r of using) {
        const config = JSON.parse(r.config_json) as ConfigLike
        for (const d of config.datasets ?? []) if (typeof d.name === 'string') d.name = rename(d.name)
        const hashes = Object.fromEntries(Object.entries(JSON.parse(r.dataset_hashes_json) as Record<string, string>).map(([k, v]) => [rename(k), v]))
        const models = (JSON.parse(r.pretext_models_json) as PretextModelData[]).map((m) => ({ ...m, datasets: m.datasets.map((d) => ({ ...d, name: rename(d.name) })) }))
        updateRunReferences(store.db, r.id, { config_json: JSON.stringify(config), dataset_hashes_json: JSON.stringify(hashes), pretext_models_json: JSON.stringify(models) })
        for (const fold of listFoldRows(store.db, r.id)) {
          const result = JSON.parse(fold.result_json) as FoldResult
          if (result.dataset !== row.name) continue
          const renamed = { ...result, dataset: newName }
          rekeyFold(store.db, r.id, fold.unit_key, { unit_key: foldKeyText(renamed), result_json: JSON.stringify(renamed) })
        }
        runs++
      }
    }).immediate()
  } catch (err) {
    if (err instanceof InputError) throw err
    throw storeErrorToInputError(err, store.path)
  }
  return { dataset: newName, previous: row.name, runs }
}

function names(r: RunReferenceRow): string[] {
  const config = JSON.parse(r.config_json) as ConfigLike
  return (config.datasets ?? []).flatMap((d) => (typeof d.name === 'string' ? [d.name] : []))
}
