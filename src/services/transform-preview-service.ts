/**
 * Transformation tuning (issue 4): the original window and its six METHOD §3 transformations
 * under parameters the user is adjusting, redrawn on every change. The transformer (scratch
 * buffers and interpolation tables) is kept for the last parameters, since a user usually moves
 * the seed or one slider at a time and the same window is asked for again and again.
 */
import { TransformPreviewRequest, type TransformPreview } from '../contracts/index.js'
import { VARIANT_COUNT, VARIANT_NAMES, WindowTransformer } from '../transforms/transforms.js'
import type { Store } from '../store/store.js'
import { readWindow, requireDataset } from './dataset-service.js'
import { parseOrInputError } from './request-validation.js'

let cached: { key: string; transformer: WindowTransformer } | undefined

function transformerFor(n: number, params: TransformPreviewRequest['params']): WindowTransformer {
  const key = JSON.stringify([n, params])
  if (cached?.key !== key) cached = { key, transformer: new WindowTransformer(n, params) }
  return cached.transformer
}

/**
 * The seven variants (original first) of window `index` of dataset `name`. The random choices are
 * those training would draw for this window at epoch 0 of a run with this seed, so what the user
 * sees is what the network would be shown.
 */
export function transformPreview(store: Store, request: TransformPreviewRequest): TransformPreview {
  const q = parseOrInputError(TransformPreviewRequest, request, 'transformation preview')
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
