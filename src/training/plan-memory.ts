/**
 * The memory a run's own process keeps besides training (issue 9, "a per-fold plan too large for
 * the machine's memory"): the last checkpoint of every pretext model (weights and Adam's two
 * moments, for the evaluation units that load it) and the frozen-encoder embeddings of each
 * dataset per encoder (blocks 1–3: 32 + 64 + 128 floats per window). Per-fold pretext models
 * multiply both by the number of folds.
 */
import type { ExperimentDataset, ExperimentPlan } from './experiment-plan.js'

/** Parameters of the pretext network (METHOD §4; checked in src/model/networks.test.ts). */
export const PRETEXT_PARAMETERS = 561_223

/** Bytes of one kept checkpoint: weights plus Adam's m and v, float32. */
export const CHECKPOINT_BYTES = PRETEXT_PARAMETERS * 4 * 3

/** Floats of the block 1/2/3 embeddings of one window. */
const EMBEDDING_FLOATS = 32 + 64 + 128

/** Bytes the plan's checkpoints and embeddings take in the run's process at most. */
export function planMemoryBytes(plan: ExperimentPlan, data: readonly ExperimentDataset[]): number {
  const embedded = new Set<string>()
  let bytes = plan.variants.length * CHECKPOINT_BYTES
  for (const u of plan.units) {
    const key = `${u.datasetIndex}|${u.encoder}`
    if (u.method !== 'transfer' || embedded.has(key)) continue
    embedded.add(key)
    bytes += (data[u.datasetIndex]?.keys.length ?? 0) * EMBEDDING_FLOATS * 4
  }
  return bytes
}
