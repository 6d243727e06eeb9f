/**
 * The desktop shell's security policy as plain data and pure functions, so it is unit-tested
 * without an Electron binary: isolated sandboxed renderers, a strict Content-Security-Policy, no
 * navigation away from the app, no new windows, and IPC answered only for the app's own page.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** No remote content: one policy for the desktop window and browser mode. */
export { CONTENT_SECURITY_POLICY } from '../src/server/content-security-policy.js'

/** webPreferences of every window: context isolation and the sandbox on, Node off. */
export function secureWebPreferences(preloadFile: string): Electron.WebPreferences {
  return {
    preload: preloadFile,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }
}

/** The URL of the built renderer's entry page (vite builds it into out/renderer). */
export function rendererUrl(appRoot: string): string {
  return pathToFileURL(path.join(appRoot, 'out', 'renderer', 'index.html')).href
}

/** True only for the app's own page (the sender frame of an IPC call, or a navigation target). */
export function isAppUrl(url: string | undefined, appUrl: string): boolean {
  if (url === undefined || url === '') return false
  try {
    const a = new URL(url)
    const b = new URL(appUrl)
    return a.protocol === 'file:' && a.protocol === b.protocol && a.pathname === b.pathname
  } catch {
    return false
  }
}
