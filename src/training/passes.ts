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

/**
 * Most samples per pass on each tfjs backend: 64 on WebAssembly and cpu (≈ 1.4 GB peak per
 * training process, the figure parallel.ts plans processes with), 256 on native TensorFlow
 * (CPU or GPU; ≈ 2 GB of activations fits the smaller GPUs).
 */
export function samplesPerPass(backendName: string = tf.getBackend()): number {
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
