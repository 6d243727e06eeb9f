/**
 * Transformation tuning (issue 4): the original window and its six METHOD §3 transformations
 * under parameters the user is adjusting, redrawn on every change. The transformer (scratch
 * buffers and interpolation tables) is kept for the last parameters, since a user usually moves
 * the seed or one slider at a time and the same window is asked for again and again.
 */
import type { ApiRequest } from '../contracts/api.js'
import type { TransformPreview } from '../contracts/index.js'
import { VARIANT_COUNT, VARIANT_NAMES, WindowTransformer } from '../transforms/transforms.js'
import type { Store } from '../store/store.js'
import { readWindow, requireDataset } from './dataset-service.js'

let cached: { key: string; transformer: WindowTransformer } | undefined

type PreviewRequest = ApiRequest<'transforms:preview'>

function transformerFor(n: number, params: PreviewRequest['params']): WindowTransformer {
  const key = JSON.stringify([n, params])
  if (cached?.key !== key) cached = { key, transformer: new WindowTransformer(n, params) }
  return cached.transformer
}

/**
 * The seven variants (original first) of window `index` of dataset `name`. The random choices are
 * those training would draw for this window at epoch 0 of a run with this seed, so what the user
 * sees is what the network would be shown. The request arrives validated (the router's): parameters
 * within their ranges, the seed's default filled in.
 */
export function transformPreview(store: Store, q: PreviewRequest): TransformPreview {
  const dataset = requireDataset(store, q.name)
  const x = readWindow(store, dataset.name, q.index)
  const n = x.length
  const transformer = transformerFor(n, q.params)
  const out = new Float32Array(VARIANT_COUNT * n)
  transformer.transform(x, q.seed, 0, q.index, out)
  // One array per variant, each with its own buffer, so each crosses IPC or the socket alone.
  const variants = Array.from({ length: VARIANT_COUNT }, (_, k) => out.slice(k * n, (k + 1) * n))
  return { names: [...VARIANT_NAMES], fs: dataset.fs, variants, params: { ...transformer.params } }
}
