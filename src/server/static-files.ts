/**
 * Serves the built renderer (out/renderer) read-only: only files inside that folder, only GET and
 * HEAD, the desktop app's Content-Security-Policy on every answer, nothing cached across versions.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
}

/**
 * The file under `root` a URL path names, or undefined when it would leave `root` (`..`, encoded
 * slashes, NUL, absolute tricks) or does not exist as a regular file.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  if (relative.split('/').some((part) => part === '..')) return undefined
  const base = path.resolve(root)
  const file = path.resolve(base, relative)
  if (file !== base && !file.startsWith(base + path.sep)) return undefined
  try {
    // realpath: a symlink inside the build may not point outside it.
    const real = fs.realpathSync(file)
    const realBase = fs.realpathSync(base)
    if (!real.startsWith(realBase + path.sep)) return undefined
    return fs.statSync(real).isFile() ? real : undefined
  } catch {
    return undefined
  }
}

/** Common security headers for every answer of the server. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
}

/** Answers one static request; `extra` headers (e.g. the token cookie) are added to a 200. */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, csp: string, extra: Record<string, string> = {}): void {
  const headers = securityHeaders(csp)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed.\n')
    return
  }
  const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
  const file = resolveStaticPath(root, urlPath)
  if (file === undefined) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n')
    return
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  res.writeHead(200, { ...headers, ...extra, 'Content-Type': type, 'Cache-Control': 'no-cache', 'Content-Length': fs.statSync(file).size })
  if (req.method === 'HEAD') res.end()
  else fs.createReadStream(file).pipe(res)
}
