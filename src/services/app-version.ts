/**
 * The app version recorded with every import: read from the project's package.json, found by
 * walking up from this module, so it works from src/ (tests), out/src/ (built CLI) and app.asar.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = 'ecg-ssl-workbench'
let cached: string | undefined

/** The workbench's version, e.g. "0.1.0" ("unknown" if package.json cannot be found). */
export function appVersion(): string {
  if (cached !== undefined) return cached
  cached = 'unknown'
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = path.join(dir, 'package.json')
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown }
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') {
        cached = pkg.version
        break
      }
    } catch {
      // no package.json here (or unreadable): keep walking up
    }
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return cached
}
