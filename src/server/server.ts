/**
 * Browser mode: serves the built renderer and the one API router over a WebSocket, on 127.0.0.1
 * only, to pages that know the random token (as Jupyter does). The services are wired as in the
 * desktop app (services/wire-services.ts): jobs in child processes, their events batched to every
 * connected page.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeWire, encodeWire, WireRequest, type WireMessage } from '../contracts/wire.js'
import type { JobHost, SpawnJobProcess } from '../jobs/job-host.js'
import { InputError } from '../common/input-error.js'
import type { ApiRouter } from '../services/api-router.js'
import type { BatchedEvent } from '../services/event-batcher.js'
import { wireServices } from '../services/wire-services.js'
import type { Store } from '../store/store.js'
import { isLoopbackHost, isOwnOrigin, newToken, requestToken, sameToken, TOKEN_COOKIE } from './auth.js'
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js'
import { securityHeaders, serveStatic } from './static-files.js'

export interface ServerOptions {
  readonly store: Store
  readonly dbPath: string
  /** The built renderer (out/renderer). */
  readonly rendererDir: string
  /** 0 (default) picks a free port. */
  readonly port?: number
  /** A fixed token (tests); a random one by default. */
  readonly token?: string
  readonly spawn?: SpawnJobProcess
  /** The compiled import worker; the job host's default when absent. */
  readonly workerFile?: string
  /** The compiled training worker; the run queue's default (locateWorker) when absent. */
  readonly runWorkerFile?: string
  /** Event batching interval in ms. */
  readonly eventIntervalMs?: number
}

export interface WorkbenchServer {
  /** The URL to open, token included. */
  readonly url: string
  readonly port: number
  readonly token: string
  readonly jobs: JobHost
  readonly router: ApiRouter
  /** Pushes an event to every connected page (batched). */
  broadcast(event: BatchedEvent): void
  /** Cancels running jobs, disconnects the pages and stops listening. */
  close(): Promise<void>
}

/** The only interface browser mode listens on. */
export const LOOPBACK = '127.0.0.1'
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024

const refuse = (res: http.ServerResponse, status: number, sentence: string): void => {
  res.writeHead(status, { ...securityHeaders(CONTENT_SECURITY_POLICY), 'Content-Type': 'text/plain; charset=utf-8' }).end(sentence + '\n')
}

/** Starts the server; resolves once it listens. */
export async function startWorkbenchServer(options: ServerOptions): Promise<WorkbenchServer> {
  const token = options.token ?? newToken()
  const sockets = new Set<WebSocket>()
  const services = wireServices({
    store: options.store,
    dbPath: options.dbPath,
    deliver: (channel, payloads) => {
      const frame = encodeWire({ kind: 'events', channel, payloads } satisfies WireMessage)
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(frame)
    },
    ...(options.spawn !== undefined && { spawn: options.spawn }),
    ...(options.workerFile !== undefined && { importWorkerFile: options.workerFile }),
    ...(options.runWorkerFile !== undefined && { runWorkerFile: options.runWorkerFile }),
    ...(options.eventIntervalMs !== undefined && { eventIntervalMs: options.eventIntervalMs }),
  })
  const { jobs, router } = services

  let port = 0
  const httpServer = http.createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host, port)) return refuse(res, 403, 'Refused: the workbench answers only at 127.0.0.1 or localhost.')
    const given = requestToken(req)
    if (!sameToken(given, token)) return refuse(res, 403, 'This page needs the link printed by "ecg-ssl serve" (it carries a token); open that link.')
    // Keep the token for later loads of the same page (reload, assets) without it in the URL.
    const cookie = { 'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` }
    serveStatic(options.rendererDir, req, res, CONTENT_SECURITY_POLICY, cookie)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  httpServer.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const allowed = path === '/api' && isLoopbackHost(req.headers.host, port) && isOwnOrigin(req.headers.origin, port) && sameToken(requestToken(req), token)
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      let request: WireRequest
      try {
        if (!isBinary) throw new Error('text frame')
        request = WireRequest.parse(decodeWire(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)))
      } catch {
        // Not our page talking: there is no call to answer, so end the conversation.
        ws.close(1008, 'not a workbench message')
        return
      }
      void router.handle(request.channel, request.input).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeWire({ kind: 'result', id: request.id, result } satisfies WireMessage))
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => {
      const wanted = options.port ?? 0
      reject(error.code === 'EADDRINUSE'
        ? new InputError(`Port ${wanted} is already in use; choose another with --port, or leave --port out to take a free one.`)
        : new InputError(`The workbench server could not listen on ${LOOPBACK}:${wanted} (${error.message}).`))
    })
    httpServer.listen(options.port ?? 0, LOOPBACK, () => resolve())
  })
  port = (httpServer.address() as AddressInfo).port

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    jobs,
    router,
    broadcast: (event) => services.push(event),
    async close() {
      services.close()
      for (const socket of sockets) socket.terminate()
      wss.close()
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      httpServer.closeAllConnections()
      await closed
    },
  }
}
