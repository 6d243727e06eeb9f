/**
 * A short calibration of the active tfjs backend, for the time estimate of a run (issue 8): how
 * long one training sample of the pretext network takes, one end-to-end (encoder + classifier)
 * training sample, one encoder forward sample (embedding, prediction) and one frozen-classifier
 * training sample. Each cost is measured with the real networks (pretext-model.ts, encoder.ts,
 * classifiers.ts) at two small sizes and fitted as `fixed + n × per-sample`, so a pass of the real
 * trainer's size (64 samples on WebAssembly) is extrapolated with its fixed overhead counted once
 * per pass, not once per sample. On a 2-core CPU with WebAssembly it takes about 5 s.
 *
 * The caller activates the backend first (selectBackend) and caches the result (the service
 * layer: services/calibration-cache.ts); this module does no I/O.
 */
import os from 'node:os'
import * as tf from '@tensorflow/tfjs'
import type { BackendChoice } from './backend-choices.js'
import { buildClassifierHead, buildTransferModel } from './classifiers.js'
import { buildEncoder, EMBEDDING_SIZE, WINDOW_LENGTH } from './encoder.js'
import { buildPretextModel, PRETEXT_TASKS } from './pretext-model.js'

/** Seconds of one call over n samples: `fixedSeconds + n × sampleSeconds`. */
export interface LinearCost {
  readonly fixedSeconds: number
  readonly sampleSeconds: number
}

/** Bumped when the measurement changes meaning, so older cached calibrations are remeasured. */
export const CALIBRATION_FORMAT = 1

/** What {@link calibrateBackend} measured; the estimate of a run is computed from it. */
export interface BackendCalibration {
  readonly format: number
  readonly backend: BackendChoice
  /** The device in words, as the backend selection reports it. */
  readonly device: string
  readonly appVersion: string
  /** {@link machineKey} of the machine it was measured on. */
  readonly machine: string
  /** ISO time of the measurement. */
  readonly measuredAt: string
  /** Window length the costs are for (they scale about linearly with it). */
  readonly windowLength: number
  /** Samples per forward/backward pass the `…SampleSeconds` below assume (the trainer's). */
  readonly passSize: number
  /** Seconds per pretext training sample (forward + backward + update) in passes of `passSize`. */
  readonly pretextSampleSeconds: number
  /** Seconds per end-to-end (encoder + classifier) training sample in passes of `passSize`. */
  readonly endToEndSampleSeconds: number
  /** Seconds per encoder forward sample (embedding, prediction) in calls of 64 windows. */
  readonly embedSampleSeconds: number
  /** Seconds per frozen-classifier training sample in steps of 16 embeddings. */
  readonly classifierSampleSeconds: number
  /** The fits behind them, per pass / call / step. */
  readonly pretextPass: LinearCost
  readonly endToEndPass: LinearCost
  readonly forward: LinearCost
  readonly classifierStep: LinearCost
  /** Building the networks of one evaluation unit (encoder + classifier). */
  readonly setupSeconds: number
  /** How long the calibration itself took. */
  readonly calibrationSeconds: number
}

/** The measurements a calibration makes; tests inject fakes. Every method returns seconds. */
export interface CalibrationProbe {
  /** One pretext training pass (forward + backward + Adam update) over n samples. */
  pretextPass(n: number): Promise<number>
  /** One end-to-end training pass over n windows. */
  endToEndPass(n: number): Promise<number>
  /** One encoder forward call over n windows, results read back. */
  forward(n: number): Promise<number>
  /** One frozen-classifier training step over n embeddings (with the trainer's yield). */
  classifierStep(n: number): Promise<number>
  /** Building an encoder and a classifier. */
  setup(): Promise<number>
  dispose(): void
}

/** Options of {@link calibrateBackend}. */
export interface CalibrationOptions {
  /** Recorded in the result (src/services/app-version.ts; the model layer cannot read it). */
  readonly appVersion?: string
  /** The device in words (from the backend selection); default tfjs's backend name. */
  readonly device?: string
  /** The trainer's samples per pass (training/passes.ts); default 64. */
  readonly passSize?: number
  /** Window length to measure at; default 2560. */
  readonly windowLength?: number
  /** The two sizes of the end-to-end and pretext fits; default by backend (small on CPUs). */
  readonly sizes?: readonly [number, number]
  /** Timed repetitions per size (the fastest counts); default 2. */
  readonly repeats?: number
  readonly probe?: CalibrationProbe
  readonly now?: () => Date
  readonly machine?: string
}

/** The machine a calibration belongs to: CPU model, cores and total memory. */
export function machineKey(cpus: readonly { model: string }[] = os.cpus(), totalMemory: number = os.totalmem()): string {
  const model = (cpus[0]?.model ?? 'unknown CPU').trim().replace(/\s+/g, ' ')
  return `${model} × ${cpus.length}, ${Math.round(totalMemory / 1024 ** 3)} GiB`
}

/** Sizes for the two-point fits: fast backends afford more samples, a CPU only a few. */
function defaultSizes(tfBackend: string, device = ''): [number, number] {
  // A software GPU (Mesa llvmpipe, SwiftShader) is ~20× slower than WebAssembly: the GPU sizes
  // would take minutes there.
  if (tfBackend === 'cpu' || device.startsWith('software')) return [1, 3]
  if (tfBackend === 'wasm') return [2, 6]
  return [8, 32]
}

/**
 * Fits `fixed + n × sample` through the fastest time at two sizes. When noise makes the larger size
 * no slower than the smaller, half the larger size's average per sample stands in for the slope;
 * the fixed part is never negative.
 */
export function fitLinear(n1: number, t1: number, n2: number, t2: number): LinearCost {
  const slope = (t2 - t1) / (n2 - n1)
  const sampleSeconds = slope > 0 ? slope : (0.5 * t2) / n2
  return { fixedSeconds: Math.max(0, t2 - n2 * sampleSeconds), sampleSeconds }
}

/** Per-sample seconds of calls of n samples. */
export function perSample(cost: LinearCost, n: number): number {
  return cost.fixedSeconds / n + cost.sampleSeconds
}

/** One measurement: a probe at two sizes. */
interface Series {
  readonly run: (n: number) => Promise<number>
  readonly sizes: readonly [number, number]
}

/**
 * Fits every series from the fastest of `repeats` rounds. The rounds interleave the series, so a
 * burst of load from another program slows all of them alike instead of one (the costs are
 * compared with each other: pretext and end-to-end passes share the encoder).
 */
async function fitAll(series: readonly Series[], repeats: number): Promise<LinearCost[]> {
  // warm-up: kernel compilation and memory growth are not part of a step
  for (const s of series) await s.run(s.sizes[1])
  const best = series.map(() => [Infinity, Infinity])
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < 2; k++) {
      for (const [i, s] of series.entries()) best[i]![k] = Math.min(best[i]![k]!, await s.run(s.sizes[k]!))
    }
  }
  return series.map((s, i) => fitLinear(s.sizes[0], best[i]![0]!, s.sizes[1], best[i]![1]!))
}

/**
 * Measures the currently active tfjs backend (the caller has activated `choice`'s). The costs are
 * for one process computing alone; a run's processes and workers are the estimate's business.
 */
export async function calibrateBackend(choice: BackendChoice, options: CalibrationOptions = {}): Promise<BackendCalibration> {
  const started = performance.now()
  const windowLength = options.windowLength ?? WINDOW_LENGTH
  const passSize = options.passSize ?? 64
  const sizes = options.sizes ?? defaultSizes(tf.getBackend(), options.device)
  const repeats = options.repeats ?? 2
  const probe = options.probe ?? createTfProbe(windowLength)
  try {
    const setupSeconds = await probe.setup()
    const [pretextPass, endToEndPass, forward, classifierStep] = await fitAll([
      { run: (n) => probe.pretextPass(n), sizes },
      { run: (n) => probe.endToEndPass(n), sizes },
      { run: (n) => probe.forward(n), sizes: [sizes[0], sizes[1] + 2] },
      { run: (n) => probe.classifierStep(n), sizes: [8, 64] },
    ], repeats) as [LinearCost, LinearCost, LinearCost, LinearCost]
    return {
      format: CALIBRATION_FORMAT,
      backend: choice,
      device: options.device ?? tf.getBackend(),
      appVersion: options.appVersion ?? 'unknown',
      machine: options.machine ?? machineKey(),
      measuredAt: (options.now?.() ?? new Date()).toISOString(),
      windowLength,
      passSize,
      pretextSampleSeconds: perSample(pretextPass, passSize),
      endToEndSampleSeconds: perSample(endToEndPass, passSize),
      embedSampleSeconds: perSample(forward, 64),
      classifierSampleSeconds: perSample(classifierStep, 16),
      pretextPass,
      endToEndPass,
      forward,
      classifierStep,
      setupSeconds,
      calibrationSeconds: (performance.now() - started) / 1000,
    }
  } finally {
    probe.dispose()
  }
}

const seconds = (start: number): number => (performance.now() - start) / 1000

function disposeWeights(model: tf.LayersModel): void {
  for (const w of model.weights) w.dispose()
}

/**
 * The real measurements: the pretext network of METHOD §4 and an AMIGOS-shaped classifier (the
 * deepest), trained as the trainers do (variable gradients of the loss + the model's own
 * regularisers, then an Adam update; a frozen-classifier step yields to the event loop as
 * fitClassifier does). Inputs are random: the cost does not depend on the values.
 */
export function createTfProbe(length: number = WINDOW_LENGTH): CalibrationProbe {
  const pretext = buildPretextModel({ inputLength: length, seed: 1, l2: 1e-4 })
  const pretextVars = pretext.model.trainableWeights.map((w) => w.read() as tf.Variable)
  const encoder = buildEncoder({ inputLength: length, seed: 2 })
  const joined = buildTransferModel(encoder, buildClassifierHead({ dataset: 'AMIGOS', classes: 2, seed: 3 }), { fineTune: true })
  const joinedVars = joined.trainableWeights.map((w) => w.read() as tf.Variable)
  const head = buildClassifierHead({ dataset: 'AMIGOS', classes: 2, seed: 4 })
  const headVars = head.trainableWeights.map((w) => w.read() as tf.Variable)
  const optimizers = [tf.train.adam(1e-3), tf.train.adam(1e-3), tf.train.adam(1e-3)] as const

  const trainPass = async (model: tf.LayersModel, variables: tf.Variable[], optimizer: tf.Optimizer, x: tf.Tensor, targets: tf.Tensor[], yieldAfter: boolean): Promise<void> => {
    const { value, grads } = tf.variableGrads(() => {
      const outs = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[]
      const list = Array.isArray(outs) ? outs : [outs]
      const terms = list.map((p, i) => tf.losses.logLoss(targets[i]!, p))
      return tf.addN([...terms, ...model.calculateLosses()]) as tf.Scalar
    }, variables)
    optimizer.applyGradients(grads)
    await value.data()
    tf.dispose([value, ...Object.values(grads)])
    if (yieldAfter) await new Promise<void>((resolve) => setImmediate(resolve))
  }
  const timed = async (n: number, width: number, windows: boolean, outputs: number, run: (x: tf.Tensor, targets: tf.Tensor[]) => Promise<void>): Promise<number> => {
    const x = windows ? tf.randomNormal([n, width, 1]) : tf.randomNormal([n, width])
    const targets = Array.from({ length: outputs }, () => tf.tidy(() => tf.randomUniform([n, 1]).round()))
    const start = performance.now()
    try {
      await run(x, targets)
      return seconds(start)
    } finally {
      tf.dispose([x, ...targets])
    }
  }
  return {
    pretextPass: (n) => timed(n, length, true, PRETEXT_TASKS.length, (x, t) => trainPass(pretext.model, pretextVars, optimizers[0], x, t, false)),
    endToEndPass: (n) => timed(n, length, true, 1, (x, t) => trainPass(joined, joinedVars, optimizers[1], x, t, true)),
    classifierStep: (n) => timed(n, EMBEDDING_SIZE, false, 1, (x, t) => trainPass(head, headVars, optimizers[2], x, t, true)),
    forward: (n) => timed(n, length, true, 0, async (x) => {
      const pooled = encoder.probe.predict(x) as tf.Tensor[]
      await Promise.all(pooled.map((p) => p.data()))
      tf.dispose(pooled)
    }),
    setup: () => {
      const start = performance.now()
      const e = buildEncoder({ inputLength: length, seed: 5 })
      const model = buildTransferModel(e, buildClassifierHead({ dataset: 'AMIGOS', classes: 2, seed: 6 }), { fineTune: true })
      const took = seconds(start)
      disposeWeights(model)
      return Promise.resolve(took)
    },
    dispose: () => {
      for (const o of optimizers) o.dispose()
      // The pretext model holds every weight of its encoder views; the joined model its encoder's
      // and head's (disposing a view's layers twice would throw).
      disposeWeights(pretext.model)
      disposeWeights(joined)
      disposeWeights(head)
    },
  }
}
