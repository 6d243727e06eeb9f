/**
 * The renderer's one API client. Only stores call it. `call` resolves with the channel's typed
 * output or throws an Error whose message is the router's sentence, ready to show as is.
 */
import type { ApiChannel, ApiInput, ApiOutput, EventChannel, events } from '@contracts/api.js'
import type { Transport } from './transport.js'

export type EventPayload<E extends EventChannel> = ReturnType<(typeof events)[E]['parse']>

let transport: Transport | undefined

/** Chooses the transport once, at start (main.ts), or a test's transport. */
export function useTransport(next: Transport): void {
  transport = next
}

function current(): Transport {
  if (transport === undefined) throw new Error('The app is not connected yet; reload the page.')
  return transport
}

/** Calls one API channel. */
export async function call<C extends ApiChannel>(channel: C, input: ApiInput<C>): Promise<ApiOutput<C>> {
  const result = await current().invoke(channel, input)
  if (!result.ok) throw new Error(result.error)
  return result.value as ApiOutput<C>
}

/** Listens to one event channel; returns the function that stops listening. */
export function onEvent<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
  return current().subscribe(channel, listener as (payload: unknown) => void)
}
