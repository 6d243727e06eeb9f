/**
 * Who may talk to the browser-mode server: a page that knows the random token printed at start
 * (in the URL, then kept in an HttpOnly cookie), reaching us by a loopback host name (a DNS
 * rebinding page would send its own host), and, for the socket, from our own origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The cookie that carries the token after the first page load. */
export const TOKEN_COOKIE = 'ecg_ssl_token'

/** A fresh random token (48 hex digits). */
export function newToken(): string {
  return randomBytes(24).toString('hex')
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The token a request carries: `?token=` first, else the cookie. */
export function requestToken(req: IncomingMessage): string | undefined {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const fromQuery = url.searchParams.get('token')
  if (fromQuery !== null) return fromQuery
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return rest.join('=')
  }
  return undefined
}

/** True when the Host header names this server by a loopback name and the right port. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

/** True when a socket's Origin is this server's own page (browsers always send Origin on WebSockets). */
export function isOwnOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`
}
