/**
 * The one event batching policy of the interface (Electron's window and browser mode's pages,
 * wired by wire-services.ts): progress of a job is coalesced to its latest value and
 * sent at most every `intervalMs` (docs/ARCHITECTURE.md: 100–250 ms); a job's final event flushes
 * at once, after the progress queued before it, so the page never sees "done" then "progress".
 */
export interface BatchedEvent {
  readonly channel: string
  readonly payload: unknown
  /** Events with the same key replace each other within a batch (latest progress wins). */
  readonly coalesceKey?: string
  /** Flush now instead of waiting for the timer. */
  readonly urgent?: boolean
}

export interface EventBatcher {
  push(event: BatchedEvent): void
  /** Sends what is queued and stops the timer. */
  close(): void
}

/** Creates a batcher that calls `send(channel, payloads)` once per channel per flush. */
export function createEventBatcher(send: (channel: string, payloads: unknown[]) => void, intervalMs = 150): EventBatcher {
  let queue: BatchedEvent[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const batch = queue
    queue = []
    const byChannel = new Map<string, unknown[]>()
    for (const event of batch) {
      let list = byChannel.get(event.channel)
      if (list === undefined) byChannel.set(event.channel, (list = []))
      list.push(event.payload)
    }
    for (const [channel, payloads] of byChannel) send(channel, payloads)
  }

  return {
    push(event) {
      if (event.coalesceKey !== undefined) {
        const at = queue.findIndex((e) => e.coalesceKey === event.coalesceKey)
        if (at >= 0) queue.splice(at, 1)
      }
      queue.push(event)
      if (event.urgent === true) flush()
      else timer ??= setTimeout(flush, intervalMs)
    },
    close: flush,
  }
}
