/** Messages between the trainer and its data-parallel worker threads (gradient-pool.ts). */
import type { BackendChoice } from '../model/backend-choices.js'
import type { PassJob, PassResult, PretextNetSpec } from './pretext-passes.js'

/** A worker's start-up data. */
export interface GradientWorkerInit {
  readonly backend: BackendChoice
  readonly spec: PretextNetSpec
}

/** Compute `job` with these trainable weights (trainable order). */
export interface GradientRequest {
  readonly id: number
  readonly weights: readonly Float32Array[]
  readonly job: PassJob
}

/** The outcome of one request. */
export type GradientReply =
  | { readonly id: number; readonly ok: true; readonly result: PassResult }
  | { readonly id: number; readonly ok: false; readonly error: string }
