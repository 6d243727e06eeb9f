/**
 * The answer to every API call, as the router gives it and every transport carries it: the value,
 * or one sentence saying why the call was refused. One definition for the router, the shells and
 * the renderer's client.
 */
export type ApiResult<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

/** True for a value shaped like the router's answer (what arrives over IPC or a socket is unchecked). */
export function isApiResult(value: unknown): value is ApiResult {
  if (value === null || typeof value !== 'object') return false
  const v = value as { ok?: unknown; error?: unknown }
  return v.ok === true || (v.ok === false && typeof v.error === 'string')
}
