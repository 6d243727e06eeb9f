import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, isAppUrl, rendererUrl, secureWebPreferences } from './security.js'

describe('desktop shell security policy', () => {
  it('turns on isolation and the sandbox and keeps Node out of the renderer', () => {
    const prefs = secureWebPreferences('/app/out/electron/preload.cjs')
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
  })

  it('allows no remote scripts, styles or connections', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|https?:/)
  })

  it('trusts only the app page as an IPC sender or navigation target', () => {
    const app = rendererUrl('/opt/ECG SSL Workbench/resources/app')
    // The Vite build, not the sources, is what the window loads.
    expect(app).toBe('file:///opt/ECG%20SSL%20Workbench/resources/app/out/renderer/index.html')
    expect(isAppUrl(app, app)).toBe(true)
    expect(isAppUrl(`${app}#/datasets`, app)).toBe(true)
    expect(isAppUrl('https://evil.example/renderer/index.html', app)).toBe(false)
    expect(isAppUrl('file:///tmp/renderer/index.html', app)).toBe(false)
    expect(isAppUrl(undefined, app)).toBe(false)
    expect(isAppUrl('not a url', app)).toBe(false)
  })
})
