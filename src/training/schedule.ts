/**
 * How long a run's work takes on the wall clock when several processes share the machine: each
 * process works through its own queue in order; an item may wait for another (a fine-tune for its
 * pretext model); an item may use several threads (data-parallel pretext steps). While more
 * threads are busy than there are cores, every busy thread slows down in proportion (the cores
 * are shared fairly). Pure: used for the estimate before a run and for the ETA during one.
 */

/** One piece of work of a process. */
export interface ScheduleItem {
  /** The process (shard) that does it; its items run in the order given. */
  readonly process: number
  /** Seconds it takes with its threads on cores of its own (including their parallel efficiency). */
  readonly seconds: number
  /** Threads it keeps busy (1 unless data-parallel). */
  readonly threads: number
  /** Index of an item that must finish first, if any. */
  readonly after?: number
}

/** When each item ends (seconds from the start) and when the last one does. */
export interface ScheduleResult {
  readonly seconds: number
  readonly ends: Float64Array
}

/**
 * Simulates the items on `cores` cores from time 0. A dependency that finished before (outside
 * the simulation) is simply left out of `after`.
 */
export function simulateSchedule(items: readonly ScheduleItem[], cores: number): ScheduleResult {
  const ends = new Float64Array(items.length).fill(NaN)
  const queues = new Map<number, number[]>()
  items.forEach((item, i) => {
    const q = queues.get(item.process)
    if (q === undefined) queues.set(item.process, [i])
    else q.push(i)
  })
  const heads = new Map<number, number>([...queues.keys()].map((p) => [p, 0]))
  const left = Float64Array.from(items, (it) => Math.max(0, it.seconds))
  let now = 0
  const capacity = Math.max(1, cores)
  for (;;) {
    // The running item of each process: its queue's head, unless it waits for another item.
    const running: number[] = []
    let pending = false
    for (const [p, q] of queues) {
      const at = heads.get(p)!
      if (at >= q.length) continue
      pending = true
      const i = q[at]!
      const after = items[i]!.after
      if (after === undefined || !Number.isNaN(ends[after]!)) running.push(i)
    }
    if (!pending) break
    if (running.length === 0) throw new Error('the schedule waits on an item that never runs')
    const threads = running.reduce((s, i) => s + Math.max(1, items[i]!.threads), 0)
    const speed = Math.min(1, capacity / threads)
    // Advance to the first completion among the running items.
    let step = Infinity
    for (const i of running) step = Math.min(step, left[i]! / speed)
    now += step
    for (const i of running) {
      left[i] = left[i]! - step * speed
      if (left[i] <= 1e-9) {
        ends[i] = now
        const p = items[i]!.process
        heads.set(p, heads.get(p)! + 1)
      }
    }
  }
  return { seconds: now, ends }
}
