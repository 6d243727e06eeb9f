// A scripted transport for component tests: answers from handlers the test gives, but checks every
// input against the real contract (src/contracts/api.ts) first, so a store that sends what the
// router would refuse fails the test. Events are pushed with `emit`.
import { api, type ApiChannel } from '@contracts/api.js'
import type { ApiResult, Transport } from './transport.js'

export type Handler = (input: Record<string, unknown>) => unknown

export interface Scripted {
  readonly transport: Transport
  readonly calls: Array<{ channel: string; input: Record<string, unknown> }>
  /** Inputs the contract refused (a test expects none). */
  readonly refused: string[]
  emit(channel: string, payload: unknown): void
}

export function scriptedTransport(handlers: Partial<Record<ApiChannel, Handler>>): Scripted {
  const calls: Scripted['calls'] = []
  const refused: string[] = []
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const transport: Transport = {
    async invoke(channel, input): Promise<ApiResult> {
      await Promise.resolve()
      calls.push({ channel, input: input as Record<string, unknown> })
      const schema = Object.hasOwn(api, channel) ? api[channel as ApiChannel].input : undefined
      const parsed = schema?.safeParse(input)
      if (parsed === undefined || !parsed.success) {
        refused.push(`${channel}: ${parsed?.error.message ?? 'unknown channel'}`)
        return { ok: false, error: `Invalid ${channel}.` }
      }
      const handler = handlers[channel as ApiChannel]
      if (handler === undefined) return { ok: false, error: `No script for ${channel}.` }
      try {
        return { ok: true, value: handler(parsed.data) }
      } catch (e) {
        return { ok: false, error: (e as Error).message }
      }
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (set === undefined) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
  return { transport, calls, refused, emit: (channel, payload) => listeners.get(channel)?.forEach((l) => l(payload)) }
}
