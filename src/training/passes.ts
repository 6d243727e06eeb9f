/**
 * One optimisation step over a batch computed in several forward/backward passes whose gradients
 * are summed, so that a step's memory is bounded whatever the batch. The paper's pretext step is
 * 128 windows × 7 variants = 896 samples; the activations tfjs keeps for its backward pass take
 * about 15–20 MB per 2560-sample window, so one pass over 896 samples needs more than the 4 GB a
 * WebAssembly heap can ever hold and aborts. The loss of each pass is weighted by its share of
 * the batch (every loss here is a mean over samples), so the summed gradient is the whole batch's,
 * up to float rounding; dropout masks follow the sample's row in the batch (DropoutMaskSource's
 * rowOffset), so they do not depend on the pass size either.
 */
import * as tf from '@tensorflow/tfjs'
import { webgpuSamplesPerPass } from '../model/webgpu-backend.js'

/**
 * Most samples per pass on each tfjs backend: 64 on WebAssembly and cpu (≈ 1.4 GB peak per
 * training process, the figure parallel.ts plans processes with), 256 on native TensorFlow
 * (CPU or GPU; ≈ 2 GB of activations fits the smaller GPUs), and on WebGPU 256 or fewer where the
 * adapter's largest storage binding cannot hold a pass's largest tensor.
 */
export function samplesPerPass(backendName: string = tf.getBackend()): number {
  if (backendName === 'webgpu') return webgpuSamplesPerPass()
  return backendName === 'tensorflow' ? 256 : 64
}

/** [start, end) of each pass over `total` samples, at most `perPass` each. */
export function passRanges(total: number, perPass: number): Array<[number, number]> {
  if (!(perPass >= 1)) throw new RangeError(`samples per pass must be at least 1, got ${perPass}`)
  const out: Array<[number, number]> = []
  for (let start = 0; start < total; start += perPass) out.push([start, Math.min(total, start + perPass)])
  return out
}

/**
 * Gradients of Σ over passes of `lossOfPass(start, end, share)` with respect to `variables`
 * (share = (end − start) / total, to weight a mean loss). Returns them keyed by variable name, as
 * tf.variableGrads does, and the summed loss value; the caller disposes them.
 */
export function accumulatedGradients(
  variables: readonly tf.Variable[],
  total: number,
  perPass: number,
  lossOfPass: (start: number, end: number, share: number, first: boolean) => tf.Scalar,
): { value: tf.Scalar; grads: Record<string, tf.Tensor> } {
  let value: tf.Scalar | undefined
  let grads: Record<string, tf.Tensor> | undefined
  passRanges(total, perPass).forEach(([start, end], i) => {
    const pass = tf.variableGrads(() => lossOfPass(start, end, (end - start) / total, i === 0), variables as tf.Variable[])
    if (value === undefined || grads === undefined) {
      value = pass.value
      grads = pass.grads
      return
    }
    const summed: Record<string, tf.Tensor> = {}
    for (const name of Object.keys(grads)) summed[name] = tf.add(grads[name]!, pass.grads[name]!)
    const nextValue = tf.add<tf.Scalar>(value, pass.value)
    tf.dispose([value, pass.value, ...Object.values(grads), ...Object.values(pass.grads)])
    grads = summed
    value = nextValue
  })
  if (value === undefined || grads === undefined) throw new Error('a training step needs at least one sample')
  return { value, grads }
}

/**
 * Passes are laid out so that their number is, where the batch allows, a multiple of one of these
 * (the first that fits): a step's passes are then shared evenly by 1, 2, 3, 4, 6, 8, 12, 16, 24 or
 * 48 data-parallel workers. The layout must not depend on the number of workers (the passes'
 * gradients are summed in pass order, and float addition is not associative), so it is fixed here
 * once for every worker count.
 */
export const PASS_COUNT_MULTIPLES = [48, 24, 12, 6, 4, 2] as const

/**
 * Fewest samples a pass is cut down to for the sake of balance: below this a pass's fixed costs
 * (tfjs op dispatch, reading its gradients back) start to count against its arithmetic. Measured
 * on WebAssembly (2-core Xeon, 2026-12-07): passes of 16–32 samples trained ≈ 4 % more samples per
 * CPU second than passes of 8 or 64.
 */
export const MIN_BALANCED_PASS = 16

/**
 * [start, end) of each pass over `total` samples: at most `perPass` each, sizes differing by at
 * most one, their number a multiple of the first of {@link PASS_COUNT_MULTIPLES} that keeps
 * passes of {@link MIN_BALANCED_PASS} samples. Depends only on `total` and `perPass`, never on how
 * many workers share them.
 */
export function balancedPasses(total: number, perPass: number): Array<[number, number]> {
  if (!(perPass >= 1)) throw new RangeError(`samples per pass must be at least 1, got ${perPass}`)
  if (total <= 0) return []
  const needed = Math.ceil(total / perPass)
  const limit = Math.floor(total / MIN_BALANCED_PASS)
  const multiple = PASS_COUNT_MULTIPLES.find((m) => Math.ceil(needed / m) * m <= limit)
  const count = multiple === undefined ? needed : Math.ceil(needed / multiple) * multiple
  return Array.from({ length: count }, (_, i) => [Math.floor((i * total) / count), Math.floor(((i + 1) * total) / count)] as [number, number])
}

/** Contiguous shares of `passes` for `workers` workers (some may be empty), in pass order. */
export function shareOut<T>(passes: readonly T[], workers: number): T[][] {
  const n = Math.max(1, Math.floor(workers))
  return Array.from({ length: n }, (_, k) => passes.slice(Math.floor((k * passes.length) / n), Math.floor(((k + 1) * passes.length) / n)))
}
