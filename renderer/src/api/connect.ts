/**
 * Picks the transport at start: the desktop app's preload bridge when present, else the
 * browser-mode WebSocket of the server that served this page.
 */
import { createElectronTransport, findBridge } from './electron-transport.js'
import type { Transport } from './transport.js'
import { createWebSocketTransport, socketUrl, type SocketLike } from './ws-transport.js'

/** The transport for this page. */
export function connectTransport(scope: Window): Transport {
  const bridge = findBridge(scope)
  if (bridge !== undefined) return createElectronTransport(bridge)
  const transport = createWebSocketTransport(socketUrl(scope.location.href), (url) => new WebSocket(url) as unknown as SocketLike)
  hideToken(scope)
  return transport
}

/**
 * Takes the token out of the address bar once it is known: the server has set it as an HttpOnly
 * cookie with the page, so reloads and the socket still authenticate, while the visible URL (and
 * a screenshot or a shared screen of it) no longer carries it.
 */
function hideToken(scope: Window): void {
  const url = new URL(scope.location.href)
  if (!url.searchParams.has('token')) return
  url.searchParams.delete('token')
  scope.history.replaceState(scope.history.state, '', url.href)
}
