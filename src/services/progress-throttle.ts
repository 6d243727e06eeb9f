/**
 * Throttles progress events (docs/ARCHITECTURE.md: about every 100–250 ms) so a UI or a terminal bar is
 * not flooded: the first event of a phase and the one that completes it always pass.
 */
import type { ImportPhase, ImportProgress } from '../contracts/import.js'

export type ProgressListener = (p: ImportProgress) => void

/** Default minimum interval between two progress events of the same phase, in ms. */
export const PROGRESS_INTERVAL_MS = 150

/** Wraps a listener; `emit` drops events that come too soon after the previous one. */
export class ProgressThrottle {
  private lastAt = -Infinity
  private lastPhase: ImportPhase | undefined

  constructor(private readonly listener: ProgressListener | undefined, private readonly intervalMs = PROGRESS_INTERVAL_MS, private readonly now: () => number = () => performance.now()) {}

  /** Sends `p` unless it comes within the interval of the previous event of the same phase. */
  emit(p: ImportProgress): void {
    if (this.listener === undefined) return
    const t = this.now()
    const final = p.total > 0 && p.done >= p.total
    if (p.phase === this.lastPhase && !final && t - this.lastAt < this.intervalMs) return
    this.lastAt = t
    this.lastPhase = p.phase
    this.listener(p)
  }
}
