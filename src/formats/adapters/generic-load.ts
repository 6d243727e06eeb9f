/**
 * Loads the samples of generic-dataset recordings. Several labelled time ranges often come from
 * one long file; re-streaming a 1 h CSV for each range would be slow, so the channel last read
 * is kept until every recording that uses it has been loaded once (a use count), then dropped.
 * At most one channel is held, so memory stays at one recording's worth.
 */
import type { SignalFile } from '../types.js'

export class ChannelLoader {
  private readonly remaining = new Map<string, number>()
  private cached: { key: string; data: Promise<Float64Array> } | undefined

  /** Declares one more recording that will load this file's channel. */
  register(file: SignalFile, channel: number): void {
    const key = keyOf(file, channel)
    this.remaining.set(key, (this.remaining.get(key) ?? 0) + 1)
  }

  /** Samples [start, end) of the channel, as an array the caller owns. */
  async load(file: SignalFile, channel: number, start: number, end: number): Promise<Float64Array> {
    const key = keyOf(file, channel)
    let data: Promise<Float64Array>
    if (this.cached?.key === key) {
      data = this.cached.data
    } else {
      data = file.readChannel(channel)
      this.cached = { key, data }
    }
    const left = (this.remaining.get(key) ?? 0) - 1
    this.remaining.set(key, left)
    let full: Float64Array
    try {
      full = await data
    } catch (error) {
      if (this.cached?.key === key) this.cached = undefined
      throw error
    }
    if (left <= 0 && this.cached?.key === key) this.cached = undefined
    // The whole channel is handed over only when nobody else will read it from the cache.
    if (start === 0 && end === full.length && left <= 0) return full
    return full.slice(start, end)
  }
}

function keyOf(file: SignalFile, channel: number): string {
  return `${file.path}\u0000${channel}`
}
