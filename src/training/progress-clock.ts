/**
 * Progress of a run in work units (pretext epochs and evaluated folds) with an ETA from the pace
 * of the units finished in this session (a resumed run does not count the stored ones as fast).
 */
export class ProgressClock {
  private readonly started = performance.now()
  private readonly startDone: number

  constructor(readonly total: number, public done: number, private readonly now: () => number = () => performance.now()) {
    this.startDone = done
  }

  /** One more unit finished. */
  advance(): void {
    this.done++
  }

  /** Done (with `partial` of the current unit), total and the estimated seconds left. */
  status(partial: number): { done: number; total: number; etaSeconds: number | null } {
    const done = this.done + Math.min(1, Math.max(0, partial))
    const progressed = done - this.startDone
    const elapsed = (this.now() - this.started) / 1000
    const etaSeconds = progressed > 0.05 && elapsed > 1 ? (elapsed / progressed) * Math.max(0, this.total - done) : null
    return { done, total: this.total, etaSeconds }
  }
}
