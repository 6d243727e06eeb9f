/**
 * The adapter registry: which adapter turns which dataset kind into recordings.
 *
 * Adapters are loaded on first use (dynamic import) so that importing a WFDB record does not load
 * the MATLAB, pickle and Poly5 readers.
 */
import type { DatasetAdapter, DatasetKind } from '../types.js'

const LOADERS: Readonly<Record<DatasetKind, () => Promise<DatasetAdapter>>> = {
  amigos: async () => (await import('./amigos.js')).amigosAdapter,
  dreamer: async () => (await import('./dreamer.js')).dreamerAdapter,
  swell: async () => (await import('./swell.js')).swellAdapter,
  wesad: async () => (await import('./wesad.js')).wesadAdapter,
  csv: async () => (await import('./generic.js')).csvAdapter,
  edf: async () => (await import('./generic.js')).edfAdapter,
  wfdb: async () => (await import('./generic.js')).wfdbAdapter,
}

/** The adapter for `kind`. */
export function getAdapter(kind: DatasetKind): Promise<DatasetAdapter> {
  return LOADERS[kind]()
}
