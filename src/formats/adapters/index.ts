/**
 * The adapter registry: which adapter turns which dataset kind into recordings.
 *
 * Adapters are loaded on first use (dynamic import) so that importing a WFDB record does not load
 * the MATLAB, pickle and Poly5 readers.
 */
import { InputError } from '../input-error.js'
import type { DatasetAdapter, DatasetKind } from '../types.js'

/** Loads a module whose file may not exist in this build (adapters still being written). */
async function loadOptional(file: string, exportName: string, kind: DatasetKind): Promise<DatasetAdapter> {
  const missing = new InputError(`This build of the workbench cannot import "${kind}" datasets yet (no adapter); use another kind or update the workbench.`)
  let mod: Record<string, unknown>
  try {
    mod = (await import(file)) as Record<string, unknown>
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && err instanceof Error && err.message.includes(file.slice(2))) throw missing
    throw err
  }
  const adapter = mod[exportName]
  if (typeof adapter !== 'function') throw missing
  return adapter as DatasetAdapter
}

const LOADERS: Readonly<Record<DatasetKind, () => Promise<DatasetAdapter>>> = {
  amigos: async () => (await import('./amigos.js')).amigosAdapter,
  dreamer: async () => (await import('./dreamer.js')).dreamerAdapter,
  swell: () => loadOptional('./swell.js', 'swellAdapter', 'swell'),
  wesad: async () => (await import('./wesad.js')).wesadAdapter,
  csv: async () => (await import('./generic.js')).csvAdapter,
  edf: async () => (await import('./generic.js')).edfAdapter,
  wfdb: async () => (await import('./generic.js')).wfdbAdapter,
}

/** The adapter for `kind`. Throws InputError when this build has no adapter for it. */
export function getAdapter(kind: DatasetKind): Promise<DatasetAdapter> {
  return LOADERS[kind]()
}
