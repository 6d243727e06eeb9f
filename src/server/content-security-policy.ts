/**
 * The one Content-Security-Policy of the workbench's page, used by the Electron shell
 * (electron/security.ts) and by browser mode (src/server): no remote content, no inline or
 * eval'd code; scripts, styles and connections only to the app itself ('self' also covers the
 * browser-mode WebSocket on the same host and port, per CSP Level 3).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
