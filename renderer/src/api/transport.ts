/**
 * What the API client needs from a transport: send one call and get the router's result back,
 * and subscribe to one event channel. Electron IPC and the browser-mode WebSocket both provide it,
 * so the rest of the renderer never knows which one it runs over.
 */
export type ApiResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string }

export interface Transport {
  /** Sends one call; resolves with the router's result, never rejects for a refused call. */
  invoke(channel: string, input: unknown): Promise<ApiResult>
  /** Listens to one event channel; returns the function that stops listening. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}

/** True for a value shaped like the router's answer. */
export function isApiResult(value: unknown): value is ApiResult {
  if (value === null || typeof value !== 'object') return false
  const v = value as { ok?: unknown; error?: unknown }
  return v.ok === true || (v.ok === false && typeof v.error === 'string')
}
