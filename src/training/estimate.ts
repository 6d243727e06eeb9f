/**
 * How long a run will take (issue 8), computed before it starts from its plan and a calibration of
 * the backend (model/calibration.ts): every pretext epoch (train windows × 7 variants in passes of
 * the trainer's size, plus the held-out evaluation), every embedding of a dataset through a
 * frozen encoder, every transfer, fine-tune and baseline fold (its classifier epochs over its
 * training rows, plus the prediction of its test rows), laid on the processes of the run as the
 * runner lays them (experiment-runner.ts: shard 0 pretrains and transfers, helpers train the
 * end-to-end folds) and simulated on the machine's cores (schedule.ts). Pure: no I/O, no tfjs.
 * The running ETA (progress-clock.ts) uses the same items.
 */
import { UNIT_KINDS, type UnitKind } from '../contracts/estimate.js'
import { PRETEXT_TASK_NAMES, type ExperimentConfig } from '../contracts/runs.js'
import type { BackendCalibration, LinearCost } from '../model/calibration.js'
import { shardUnits } from './experiment-runner.js'
import type { EvalUnit, ExperimentPlan } from './experiment-plan.js'
import { simulateSchedule, type ScheduleItem } from './schedule.js'
import { balancedPasses, passRanges } from './passes.js'

export { UNIT_KINDS, type UnitKind }

/**
 * Data-parallel pretext training (N worker threads share each step): assumed throughput is the
 * calibrated single worker's × N × this efficiency (the split of a step's passes is not perfectly
 * even, and gradients are summed in one place). The one place that models it until the
 * calibration itself runs through the data-parallel trainer.
 */
export const DATA_PARALLEL_EFFICIENCY = 0.9

/** Speed-up of a pretext step shared by `workers` threads. */
export function dataParallelSpeedup(workers: number): number {
  return workers <= 1 ? 1 : workers * DATA_PARALLEL_EFFICIENCY
}

/** One piece of work of the run, where it runs and what it costs. */
export interface EstimateItem extends ScheduleItem {
  readonly kind: UnitKind
  /** `epoch|<variant>|<epoch>`, `embed|<dataset index>|<variant>`, or the evaluation unit's key. */
  readonly key: string
}

/** The sizes the estimate needs of each dataset of the run (config order). */
export interface DatasetSize {
  readonly rows: number
  readonly length: number
}

/** How the run will execute. */
export interface EstimateOptions {
  /** Processes sharing the run (executeRun's `processes`). */
  readonly processes: number
  /** Threads that share each pretext step (data parallel); 1 without. */
  readonly pretextWorkers: number
  /** Threads that share each end-to-end (fine-tune, baseline) step; default 1. */
  readonly endToEndWorkers?: number
  /** Cores of the machine; the processes and workers share them. */
  readonly cores: number
  /** Units already stored (a resumed run): left out. */
  readonly doneUnits?: ReadonlySet<string>
  /** Epochs already stored per pretext variant: left out. */
  readonly doneEpochs?: ReadonlyMap<string, number>
}

/** Wall seconds and cost per unit kind of a plan. */
export interface RunEstimate {
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number
  readonly processes: number
  readonly pretextWorkers: number
  /**
   * Per kind: how many units and their seconds (each unit's own duration, summed: units of
   * different processes overlap, so these add up to more than `seconds` when processes > 1).
   */
  readonly units: { kind: UnitKind; count: number; seconds: number }[]
  /** The kind with the largest share of the summed seconds, and that share (0–1). */
  readonly biggest: { kind: UnitKind; share: number } | null
  readonly items: EstimateItem[]
}

/**
 * Seconds of one training step of `samples` samples computed in passes of at most `passSize`,
 * laid out as the trainer lays them (pretext steps: {@link balancedPasses}, which cuts more and
 * smaller passes so data-parallel workers share them evenly; each pass pays the fixed cost).
 */
function passesSeconds(samples: number, passSize: number, pass: LinearCost, scale: number, layout: (total: number, perPass: number) => unknown[] = passRanges): number {
  if (samples <= 0) return 0
  return layout(samples, passSize).length * pass.fixedSeconds + samples * pass.sampleSeconds * scale
}

/** Seconds of `epochs` epochs over `rows` rows in batches of `batch`, given the cost of one step of b rows. */
function epochsSeconds(rows: number, batch: number, epochs: number, step: (b: number) => number): number {
  if (rows <= 0) return 0
  const full = Math.floor(rows / batch)
  const rest = rows - full * batch
  return epochs * (full * step(batch) + (rest > 0 ? step(rest) : 0))
}

/** Seconds of calls over `rows` rows at most `per` at a time. */
function callsSeconds(rows: number, per: number, cost: LinearCost, scale: number): number {
  return passesSeconds(rows, per, cost, scale)
}

/** The costs of each kind of work for one run, from the calibration. */
export function unitCosts(config: ExperimentConfig, plan: ExperimentPlan, sizes: readonly DatasetSize[], cal: BackendCalibration) {
  const length = sizes[0]?.length ?? cal.windowLength
  const scale = length / cal.windowLength
  /** One epoch of a pretext model over `windows` windows (its plan's count), `dropped` transformations left out. */
  const pretextEpoch = (dropped: number, windows: number): { training: number; heldOut: number } => {
    const held = Math.round(config.pretext.heldOut * windows)
    const train = windows - held
    const kept = PRETEXT_TASK_NAMES.length - dropped
    const step = (b: number): number => passesSeconds(b * kept, cal.passSize, cal.pretextPass, scale, balancedPasses)
    const training = epochsSeconds(train, config.pretext.batch, 1, step)
    const heldOut = callsSeconds(held * kept, config.pretext.batch * kept, cal.forward, scale)
    return { training, heldOut }
  }
  const classifier = config.evaluation.classifier
  const endToEnd = config.evaluation.endToEnd ?? classifier
  const unit = (u: EvalUnit): number => {
    if (u.method === 'transfer') {
      const fit = epochsSeconds(u.train.length, classifier.batch, classifier.epochs, (b) => cal.classifierStep.fixedSeconds + b * cal.classifierStep.sampleSeconds)
      return cal.setupSeconds + fit + callsSeconds(u.test.length, 256, cal.classifierStep, 1)
    }
    const fit = epochsSeconds(u.train.length, endToEnd.batch, endToEnd.epochs, (b) => passesSeconds(b, cal.passSize, cal.endToEndPass, scale))
    return cal.setupSeconds + fit + callsSeconds(u.test.length, 256, cal.forward, scale)
  }
  const embedding = (datasetIndex: number): number => callsSeconds(sizes[datasetIndex]?.rows ?? 0, 64, cal.forward, scale)
  return { pretextEpoch, unit, embedding }
}

/**
 * The run's work as schedule items, in the order its processes do it: shard 0 trains every
 * pretext variant, then its units (an embedding before the first transfer unit of each dataset
 * and encoder); helpers do their baselines, then their fine-tunes, each fine-tune after its
 * variant's last epoch.
 */
export function estimateItems(config: ExperimentConfig, plan: ExperimentPlan, sizes: readonly DatasetSize[], cal: BackendCalibration, options: EstimateOptions): EstimateItem[] {
  const costs = unitCosts(config, plan, sizes, cal)
  const items: EstimateItem[] = []
  const lastEpoch = new Map<string, number>()
  const speedup = dataParallelSpeedup(options.pretextWorkers)
  for (const v of plan.variants) {
    const { training, heldOut } = costs.pretextEpoch(v.dropTasks.length, v.windows)
    for (let e = options.doneEpochs?.get(v.name) ?? 0; e < config.pretext.epochs; e++) {
      lastEpoch.set(v.name, items.length)
      items.push({ kind: 'pretext', key: `epoch|${v.name}|${e}`, process: 0, threads: options.pretextWorkers, seconds: training / speedup + heldOut })
    }
  }
  const done = options.doneUnits ?? new Set<string>()
  const embedded = new Set<string>()
  for (let shard = 0; shard < options.processes; shard++) {
    for (const u of shardUnits(plan.units, { index: shard, count: options.processes })) {
      if (done.has(u.key)) continue
      const embedKey = `embed|${u.datasetIndex}|${u.encoder}`
      if (u.method === 'transfer' && !embedded.has(embedKey)) {
        embedded.add(embedKey)
        items.push({ kind: 'embedding', key: embedKey, process: shard, threads: 1, seconds: costs.embedding(u.datasetIndex) })
      }
      const after = u.method === 'fine-tune' && shard > 0 ? lastEpoch.get(u.encoder) : undefined
      const threads = u.method === 'transfer' ? 1 : Math.max(1, options.endToEndWorkers ?? 1)
      items.push({ kind: u.method, key: u.key, process: shard, threads, seconds: costs.unit(u) / dataParallelSpeedup(threads), ...(after !== undefined && { after }) })
    }
  }
  return items
}

/** The estimate of a run: its items, simulated on the machine, summed per kind. */
export function estimateRun(config: ExperimentConfig, plan: ExperimentPlan, sizes: readonly DatasetSize[], cal: BackendCalibration, options: EstimateOptions): RunEstimate {
  const items = estimateItems(config, plan, sizes, cal, options)
  const { seconds } = simulateSchedule(items, options.cores)
  const units = UNIT_KINDS.map((kind) => {
    const of = items.filter((i) => i.kind === kind)
    return { kind, count: of.length, seconds: of.reduce((s, i) => s + i.seconds, 0) }
  }).filter((u) => u.count > 0)
  const sum = units.reduce((s, u) => s + u.seconds, 0)
  const top = units.reduce<(typeof units)[number] | undefined>((best, u) => (best === undefined || u.seconds > best.seconds ? u : best), undefined)
  return {
    seconds,
    processes: options.processes,
    pretextWorkers: options.pretextWorkers,
    units,
    biggest: top === undefined || sum <= 0 ? null : { kind: top.kind, share: top.seconds / sum },
    items,
  }
}
