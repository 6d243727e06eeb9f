import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_CHANNELS, EVENT_CHANNELS } from '../src/contracts/api.js'

/** The literal list named `name` in the preload (sandboxed preloads cannot import the contract). */
function literalList(name: string): string[] {
  const preload = fs.readFileSync(new URL('./preload.cts', import.meta.url), 'utf8')
  const declared = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(preload)?.[1]
  if (declared === undefined) throw new Error(`electron/preload.cts has no "const ${name} = [...]" list`)
  return [...declared.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '')
}

/** A failure message that says exactly what to change. */
function drift(name: string, listed: string[], declared: readonly string[]): string {
  const missing = declared.filter((c) => !listed.includes(c))
  const extra = listed.filter((c) => !declared.includes(c))
  const parts: string[] = []
  if (missing.length > 0) parts.push(`add ${missing.map((c) => `'${c}'`).join(', ')} to ${name} in electron/preload.cts`)
  if (extra.length > 0) parts.push(`remove ${extra.map((c) => `'${c}'`).join(', ')} from ${name} in electron/preload.cts (not in src/contracts/api.ts)`)
  return parts.join('; ')
}

describe('preload bridge', () => {
  it('exposes exactly the API channels of src/contracts/api.ts', () => {
    expect(drift('CHANNELS', literalList('CHANNELS'), API_CHANNELS)).toBe('')
  })

  it('forwards exactly the event channels of src/contracts/api.ts', () => {
    expect(drift('EVENTS', literalList('EVENTS'), EVENT_CHANNELS)).toBe('')
  })
})
