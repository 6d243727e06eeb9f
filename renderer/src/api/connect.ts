/**
 * Picks the transport at start: the desktop app's preload bridge when present, else the
 * browser-mode WebSocket of the server that served this page.
 */
import { createElectronTransport, findBridge } from './electron-transport.js'
import type { Transport } from './transport.js'
import { createWebSocketTransport, socketUrl } from './ws-transport.js'

/** The transport for this page. */
export function connectTransport(scope: Window): Transport {
  const bridge = findBridge(scope)
  if (bridge !== undefined) return createElectronTransport(bridge)
  return createWebSocketTransport(socketUrl(scope.location.href), (url) => new WebSocket(url) as unknown as ReturnType<Parameters<typeof createWebSocketTransport>[1]>)
}
