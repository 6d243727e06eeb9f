/**
 * Progress of a run in work units (pretext epochs and evaluated folds) and its ETA (issue 8). The
 * ETA comes from the same model as the estimate before the run (estimate.ts): the remaining items'
 * estimated seconds, laid on the run's processes and cores (schedule.ts), times a correction
 * learnt from what this session measured. The correction is measured time over estimated time of
 * the work done so far, per family of work (a calibration may misjudge the pretext network, the
 * end-to-end folds and the frozen-encoder folds differently), shrunk towards the overall
 * correction while a family has little work done, and that towards 1 (the calibration) while the
 * run has little work done; so the ETA
 * starts at the estimate and moves towards the measured pace without swinging with each unit's
 * noise. Without items (no calibration) every unit counts the same.
 */
import { simulateSchedule } from './schedule.js'
import type { EstimateItem, UnitKind } from './estimate.js'

/**
 * Weight of the priors as shares of the session's estimated work: the calibration's (a correction
 * of 1) counts as much as the measurements at 2 % done; the overall correction, for a family of
 * work, as much as that family's measurements at 1 % (tuned on progress-clock.test.ts's runs).
 */
const PRIOR_SHARE = 0.02
const FAMILY_PRIOR_SHARE = 0.01
/** The correction never leaves [1/4, 4]: a sanity bound on a broken measurement. */
const CORRECTION_MIN = 0.25
const CORRECTION_MAX = 4

export interface ProgressClockOptions {
  /** The session's remaining work as estimated (estimateItems); absent: one second per unit. */
  readonly items?: readonly EstimateItem[]
  /** Cores shared by the processes (for the schedule of the remaining items). */
  readonly cores?: number
  /** Milliseconds clock; default performance.now. */
  readonly now?: () => number
}

/**
 * Kinds of work whose cost comes from the same measurement (calibration.ts): baselines and
 * fine-tunes train the whole network; embeddings and transfer folds use the frozen encoder.
 */
const FAMILY: Readonly<Record<UnitKind, 'pretext' | 'end-to-end' | 'frozen'>> = {
  pretext: 'pretext', baseline: 'end-to-end', 'fine-tune': 'end-to-end', embedding: 'frozen', transfer: 'frozen',
}
type Family = (typeof FAMILY)[UnitKind]

interface Observation {
  measured: number
  expected: number
}

export class ProgressClock {
  private readonly now: () => number
  private readonly started: number
  private readonly startDone: number
  private readonly items: readonly EstimateItem[] | undefined
  private readonly cores: number
  /** Estimated duration of each item in the session's schedule (with the sharing of cores). */
  private readonly expected: Float64Array
  /** Seconds after the start at which each item was seen done (NaN: not yet). */
  private readonly doneAt: Float64Array
  private readonly index = new Map<string, number>()
  /** Items per process, in order. */
  private readonly queues = new Map<number, number[]>()
  private readonly totalExpected: number

  constructor(readonly total: number, public done: number, options: ProgressClockOptions | (() => number) = {}) {
    const opts = typeof options === 'function' ? { now: options } : options
    this.now = opts.now ?? (() => performance.now())
    this.started = this.now()
    this.startDone = done
    this.items = opts.items
    this.cores = opts.cores ?? 1
    const items = this.items ?? []
    this.doneAt = new Float64Array(items.length).fill(NaN)
    items.forEach((item, i) => {
      this.index.set(item.key, i)
      const q = this.queues.get(item.process)
      if (q === undefined) this.queues.set(item.process, [i])
      else q.push(i)
    })
    const { ends } = simulateSchedule(items, this.cores)
    this.expected = new Float64Array(items.length)
    for (const q of this.queues.values()) {
      let prev = 0
      for (const i of q) {
        const after = items[i]!.after
        const start = Math.max(prev, after === undefined ? 0 : ends[after]!)
        this.expected[i] = Math.max(1e-6, ends[i]! - start)
        prev = ends[i]!
      }
    }
    this.totalExpected = this.expected.reduce((s, v) => s + v, 0)
  }

  /** One more unit finished (counts only; see {@link itemDone} for the ETA). */
  advance(): void {
    this.done++
  }

  /** The item `key` finished now, and with it every earlier item of its process. */
  itemDone(key: string): void {
    const i = this.index.get(key)
    if (i === undefined || !Number.isNaN(this.doneAt[i]!)) return
    const t = this.elapsed()
    for (const j of this.queues.get(this.items![i]!.process)!) {
      if (Number.isNaN(this.doneAt[j]!)) this.doneAt[j] = t
      if (j === i) break
    }
  }

  /**
   * Done (with `partial` of the current unit), total and the estimated seconds left. `partial` is
   * the share done of process 0's current item (the pretext epoch being trained).
   */
  status(partial: number): { done: number; total: number; etaSeconds: number | null } {
    const share = Math.min(1, Math.max(0, partial))
    const done = this.done + share
    const elapsed = this.elapsed()
    if (this.items === undefined) {
      const progressed = done - this.startDone
      const etaSeconds = progressed > 0.05 && elapsed > 1 ? (elapsed / progressed) * Math.max(0, this.total - done) : null
      return { done, total: this.total, etaSeconds }
    }
    return { done, total: this.total, etaSeconds: this.remaining(elapsed, share) }
  }

  private elapsed(): number {
    return (this.now() - this.started) / 1000
  }

  /** When item i could start: its process's previous item ended and its dependency too. */
  private startOf(i: number, previous: number | undefined): number {
    const after = this.items![i]!.after
    const dep = after === undefined ? 0 : this.doneAt[after]!
    const prev = previous === undefined ? 0 : this.doneAt[previous]!
    return Math.max(prev, dep)
  }

  /** Measured and estimated seconds of the work done, per family. */
  private observations(elapsed: number, partial: number): Map<Family, Observation> {
    const items = this.items!
    const seen = new Map<Family, Observation>()
    const add = (kind: UnitKind, measured: number, expected: number): void => {
      const o = seen.get(FAMILY[kind]) ?? { measured: 0, expected: 0 }
      o.measured += measured
      o.expected += expected
      seen.set(FAMILY[kind], o)
    }
    for (const [process, q] of this.queues) {
      let previous: number | undefined
      for (const i of q) {
        const start = this.startOf(i, previous)
        if (Number.isNaN(start)) break
        if (!Number.isNaN(this.doneAt[i]!)) {
          add(items[i]!.kind, this.doneAt[i]! - start, this.expected[i]!)
          previous = i
          continue
        }
        // The item under way: process 0 reports how far it is.
        if (process === 0 && partial > 0) add(items[i]!.kind, elapsed - start, partial * this.expected[i]!)
        break
      }
    }
    return seen
  }

  private corrections(elapsed: number, partial: number): (kind: UnitKind) => number {
    const seen = this.observations(elapsed, partial)
    const prior = PRIOR_SHARE * this.totalExpected
    const familyPrior = FAMILY_PRIOR_SHARE * this.totalExpected
    let measured = 0
    let expected = 0
    for (const o of seen.values()) {
      measured += o.measured
      expected += o.expected
    }
    const clamp = (c: number): number => Math.min(CORRECTION_MAX, Math.max(CORRECTION_MIN, c))
    const overall = clamp((measured + prior) / (expected + prior))
    return (kind) => {
      const o = seen.get(FAMILY[kind])
      return o === undefined ? overall : clamp((o.measured + familyPrior * overall) / (o.expected + familyPrior))
    }
  }

  /** Seconds until the last item ends: the remaining items, corrected, on the run's schedule. */
  private remaining(elapsed: number, partial: number): number {
    const items = this.items!
    const correction = this.corrections(elapsed, partial)
    const left: { process: number; seconds: number; threads: number; after?: number; from: number }[] = []
    const position = new Map<number, number>()
    for (const [process, q] of this.queues) {
      let previous: number | undefined
      let head = true
      for (const i of q) {
        if (!Number.isNaN(this.doneAt[i]!)) {
          previous = i
          continue
        }
        const item = items[i]!
        let seconds = item.seconds * correction(item.kind)
        if (head) {
          const start = this.startOf(i, previous)
          if (process === 0 && partial > 0) seconds *= 1 - partial
          else if (!Number.isNaN(start)) {
            // An item under way without a reported share (a fold): what is left of it, at least a
            // tenth (it is not done yet). Its time so far is wall time, shared cores included.
            const spent = (elapsed - start) * (item.seconds / this.expected[i]!)
            seconds = Math.max(0.1 * seconds, seconds - spent)
          }
        }
        head = false
        position.set(i, left.length)
        left.push({ process, seconds, threads: item.threads, from: i })
      }
    }
    const schedule = left.map((l) => {
      const after = items[l.from]!.after
      const dep = after === undefined || !Number.isNaN(this.doneAt[after]!) ? undefined : position.get(after)
      return { process: l.process, seconds: l.seconds, threads: l.threads, ...(dep !== undefined && { after: dep }) }
    })
    return simulateSchedule(schedule, this.cores).seconds
  }
}
