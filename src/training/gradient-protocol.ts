/**
 * Messages between a trainer and its data-parallel worker threads (gradient-pool.ts), and what a
 * "pass computer" is: the trainer's own model or a worker's replica, computing the gradients of
 * some passes of a step. Two networks are trained this way: the pretext network
 * (pretext-passes.ts) and the end-to-end classifier of fine-tuning and the baseline
 * (classifier-passes.ts).
 */
import type { BackendChoice } from '../model/backend-choices.js'
import type { ClassifierNetSpec } from './classifier-passes.js'
import type { PretextNetSpec } from './pretext-passes.js'

/** Which network a worker replicates. */
export type NetSpec = ({ readonly kind: 'pretext' } & PretextNetSpec) | ({ readonly kind: 'classifier' } & ClassifierNetSpec)

/** What every pass job has: the step, its sample count, and the share's passes in step rows. */
export interface SharedPassJob {
  readonly step: number
  readonly total: number
  /** Row of the step at which the share's data starts. */
  readonly rowStart: number
  /** [start, end) of each pass, in rows of the whole step, inside the share. */
  readonly passes: readonly (readonly [number, number])[]
}

/** What every pass result has: per pass, each trainable variable's gradient and the loss value. */
export interface SharedPassResult {
  readonly grads: Float32Array[][]
  readonly values: number[]
}

/** The trainer's model or a worker's replica. */
export interface PassComputer<J extends SharedPassJob, R extends SharedPassResult> {
  setWeights(values: readonly Float32Array[]): void
  weights(): Promise<Float32Array[]>
  /** Stops between passes (CancelledError) once `signal` aborts. */
  run(job: J, signal?: AbortSignal): Promise<R>
}

/** A worker's start-up data. */
export interface GradientWorkerInit {
  readonly backend: BackendChoice
  readonly spec: NetSpec
}

/** Compute `job` with these trainable weights (trainable order). */
export interface GradientRequest {
  readonly id: number
  readonly weights: readonly Float32Array[]
  readonly job: SharedPassJob
}

/** The outcome of one request. */
export type GradientReply =
  | { readonly id: number; readonly ok: true; readonly result: SharedPassResult & { readonly probs?: Float32Array } }
  | { readonly id: number; readonly ok: false; readonly error: string }
