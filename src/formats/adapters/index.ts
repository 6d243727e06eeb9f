/**
 * The adapter registry: which adapter turns which dataset kind into recordings.
 *
 * Adapters are loaded on first use (dynamic import) so that importing a WFDB record does not load
 * the MATLAB, pickle and Poly5 readers.
 */
import { InputError } from '../input-error.js'
import type { DatasetAdapter, DatasetKind } from '../types.js'

/** Module file and export name of each kind's adapter. */
const ADAPTER_MODULES: Readonly<Record<DatasetKind, { readonly file: string; readonly exportName: string }>> = {
  amigos: { file: './amigos.js', exportName: 'amigosAdapter' },
  dreamer: { file: './dreamer.js', exportName: 'dreamerAdapter' },
  swell: { file: './swell.js', exportName: 'swellAdapter' },
  wesad: { file: './wesad.js', exportName: 'wesadAdapter' },
  csv: { file: './generic.js', exportName: 'csvAdapter' },
  edf: { file: './generic.js', exportName: 'edfAdapter' },
  wfdb: { file: './generic.js', exportName: 'wfdbAdapter' },
}

/** The adapter for `kind`. Throws InputError when this build has no adapter for it. */
export async function getAdapter(kind: DatasetKind): Promise<DatasetAdapter> {
  const entry = ADAPTER_MODULES[kind]
  let mod: Record<string, unknown>
  try {
    mod = (await import(entry.file)) as Record<string, unknown>
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'ERR_MODULE_NOT_FOUND' && !(err instanceof Error && /Cannot find module|Failed to load url/.test(err.message))) throw err
    throw new InputError(`This build of the workbench cannot import "${kind}" datasets yet (no adapter); use another kind or update the workbench.`)
  }
  const adapter = mod[entry.exportName]
  if (typeof adapter !== 'function') {
    throw new InputError(`This build of the workbench cannot import "${kind}" datasets yet (no adapter); use another kind or update the workbench.`)
  }
  return adapter as DatasetAdapter
}
