import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { API_CHANNELS, EVENT_CHANNELS } from '../src/contracts/api.js'

const PRELOAD = fileURLToPath(new URL('./preload.cts', import.meta.url))
const CONTRACT = fileURLToPath(new URL('../src/contracts/api.ts', import.meta.url))
const GENERATOR = fileURLToPath(new URL('../scripts/preload-channels.mjs', import.meta.url))

/** The literal list named `name` in the preload (sandboxed preloads cannot import the contract). */
function literalList(name: string): string[] {
  const preload = fs.readFileSync(PRELOAD, 'utf8')
  const declared = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(preload)?.[1]
  if (declared === undefined) throw new Error(`electron/preload.cts has no "const ${name} = [...]" list`)
  return [...declared.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '')
}

/** A failure message that says exactly what to change. */
function drift(name: string, listed: string[], declared: readonly string[]): string {
  const missing = declared.filter((c) => !listed.includes(c))
  const extra = listed.filter((c) => !declared.includes(c))
  const parts: string[] = []
  if (missing.length > 0) parts.push(`${name} in electron/preload.cts lacks ${missing.map((c) => `'${c}'`).join(', ')}`)
  if (extra.length > 0) parts.push(`${name} in electron/preload.cts has ${extra.map((c) => `'${c}'`).join(', ')}, not in src/contracts/api.ts`)
  return parts.length === 0 ? '' : `${parts.join('; ')}: run "node scripts/preload-channels.mjs" (npm run build does)`
}

describe('preload bridge', () => {
  it('exposes exactly the API channels of src/contracts/api.ts', () => {
    expect(drift('CHANNELS', literalList('CHANNELS'), API_CHANNELS)).toBe('')
  })

  it('forwards exactly the event channels of src/contracts/api.ts', () => {
    expect(drift('EVENTS', literalList('EVENTS'), EVENT_CHANNELS)).toBe('')
  })
})

/** Runs the generator; returns its exit code and what it said. */
function generate(args: string[]): { code: number; said: string } {
  const result = spawnSync(process.execPath, [GENERATOR, ...args], { encoding: 'utf8' })
  return { code: result.status ?? -1, said: result.stdout + result.stderr }
}

describe('preload lists written from the contract (scripts/preload-channels.mjs)', () => {
  it('finds the committed preload in sync', () => {
    expect(generate(['--check'])).toEqual({ code: 0, said: '' })
  })

  it('refuses a drifted preload with --check and rewrites it from the contract otherwise', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-preload-'))
    try {
      const real = fs.readFileSync(PRELOAD, 'utf8')
      const drifted = path.join(dir, 'preload.cts')
      fs.writeFileSync(drifted, real.replace("'runs:list', ", '').replace("'runs:event'", "'runs:gone'"))
      expect(generate(['--check', '--preload', drifted]).code).toBe(1)
      expect(generate(['--preload', drifted]).code).toBe(0)
      expect(fs.readFileSync(drifted, 'utf8')).toBe(real)
      // a channel added to the contract reaches the preload
      const contract = path.join(dir, 'api.ts')
      fs.writeFileSync(contract, fs.readFileSync(CONTRACT, 'utf8').replace("export const api = {\n", "export const api = {\n  'runs:new-call': { input: NoInput, output: NoInput },\n"))
      expect(generate(['--contract', contract, '--preload', drifted]).code).toBe(0)
      expect(fs.readFileSync(drifted, 'utf8')).toContain("const CHANNELS = ['runs:new-call', 'runs:list', ")
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
