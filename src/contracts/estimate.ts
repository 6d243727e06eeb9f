/**
 * The time estimate of a run before it starts (issue 8): the API's `runs:estimate` answer, the
 * shape `ecg-ssl run --estimate --json` prints, and the sentence the experiment form shows.
 */
import { z } from 'zod'

/** The kinds of work a run is made of (training/estimate.ts). */
export const UNIT_KINDS = ['pretext', 'embedding', 'transfer', 'fine-tune', 'baseline'] as const
export const UnitKind = z.enum(UNIT_KINDS)
export type UnitKind = z.infer<typeof UnitKind>

/** Estimate a draft config (validated by the service with ExperimentConfig). */
export const RunEstimateRequest = z.object({ config: z.unknown() }).strict()
export type RunEstimateRequest = z.infer<typeof RunEstimateRequest>

export const RunEstimate = z.object({
  /** Wall-clock seconds of the whole run. */
  seconds: z.number(),
  backend: z.string(),
  device: z.string(),
  /** Processes sharing the run. */
  processes: z.number().int(),
  /** Threads sharing each pretext step (data parallel). */
  pretextWorkers: z.number().int(),
  /** Per kind: units and their seconds summed (processes overlap, so the sum can exceed `seconds`). */
  units: z.array(z.object({ kind: UnitKind, count: z.number().int(), seconds: z.number() })),
  /** Whether the calibration came from the cache or was just measured, and when it was measured. */
  calibration: z.enum(['cached', 'measured']),
  measuredAt: z.string(),
})
export type RunEstimate = z.infer<typeof RunEstimate>

/**
 * The answer of `runs:estimate`: the estimate, or that this machine's speed is being measured (ask
 * again); with what may make the run's results less telling (training/plan-checks.ts), if anything.
 */
export const RunEstimateReply = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready'), estimate: RunEstimate, warnings: z.array(z.string()).optional() }),
  z.object({ status: z.literal('measuring'), warnings: z.array(z.string()).optional() }),
])
export type RunEstimateReply = z.infer<typeof RunEstimateReply>

/** Each kind's share of the summed unit seconds, largest first. */
export function unitShares(estimate: Pick<RunEstimate, 'units'>): { kind: UnitKind; share: number }[] {
  const sum = estimate.units.reduce((s, u) => s + u.seconds, 0)
  if (sum <= 0) return []
  return estimate.units.map((u) => ({ kind: u.kind, share: u.seconds / sum })).sort((a, b) => b.share - a.share)
}

/** What would make the biggest cost smaller, in the app's words. */
export function costAdvice(kind: UnitKind, backend: string): string {
  switch (kind) {
    case 'pretext':
      return backend === 'gpu' ? 'consider fewer pretext epochs' : 'consider a GPU or fewer epochs'
    case 'baseline':
    case 'fine-tune':
      return 'consider fewer folds, label fractions or end-to-end epochs'
    case 'transfer':
      return 'consider fewer classifier epochs or folds'
    case 'embedding':
      return 'consider fewer windows per dataset'
  }
}

/** The processes and workers in words: "", ", 2 workers". */
function workers(e: Pick<RunEstimate, 'processes' | 'pretextWorkers'>): string {
  const n = Math.max(e.processes, e.pretextWorkers)
  return n > 1 ? `, ${n} workers` : ''
}

/**
 * "About 2 h 10 min on CPU (WebAssembly), 2 workers — pretext: 83 % — consider a GPU or fewer
 * epochs": the advice only when one kind takes at least half. `duration` formats seconds.
 */
export function describeEstimate(e: RunEstimate, duration: (seconds: number) => string): string {
  const parts = [`About ${duration(e.seconds)} on ${e.device}${workers(e)}`]
  const top = unitShares(e)[0]
  if (top !== undefined) {
    parts.push(`${top.kind}: ${Math.round(top.share * 100)} %`)
    if (top.share >= 0.5) parts.push(costAdvice(top.kind, e.backend))
  }
  return parts.join(' — ')
}
