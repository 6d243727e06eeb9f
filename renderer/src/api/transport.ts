/**
 * What the API client needs from a transport: send one call and get the router's result back,
 * and subscribe to one event channel. Electron IPC and the browser-mode WebSocket both provide it,
 * so the rest of the renderer never knows which one it runs over.
 */
import type { ApiResult } from '@contracts/api-result.js'

/** The router's answer and its shape check, from the contracts the router itself uses. */
export type { ApiResult }
export { isApiResult } from '@contracts/api-result.js'

export interface Transport {
  /** Sends one call; resolves with the router's result, never rejects for a refused call. */
  invoke(channel: string, input: unknown): Promise<ApiResult>
  /** Listens to one event channel; returns the function that stops listening. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}
