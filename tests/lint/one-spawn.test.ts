/**
 * One spawn helper for every child process (docs/ARCHITECTURE.md, "Heavy work never on the
 * interface's event loop"): no shipped file but src/jobs/spawn-worker.ts forks with
 * child_process, so every job process gets the same channel and, through runWorkerEntry, the
 * parent watchdog that keeps it from outliving its parent. (Short probes that run a command and
 * wait for its output, and opening the browser, are not job processes.)
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { shippedFiles } from '../helpers/shipped-files.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const SPAWN_HELPER = path.join('src', 'jobs', 'spawn-worker.ts')

/** Whether `source` imports fork from child_process (named, or the whole module). */
function importsFork(source: string): boolean {
  const imports = [...source.matchAll(/^\s*import\s+(?!type\b)([^;]*?)\s+from\s+['"](?:node:)?child_process['"]/gm)].map((m) => m[1] ?? '')
  return imports.some((what) => /\bfork\b/.test(what) || /\*\s+as\s+\w+/.test(what) || /^\w+$/.test(what.trim()))
}

describe('one spawn helper', () => {
  it('recognises a fork import', () => {
    expect(importsFork("import { fork } from 'node:child_process'")).toBe(true)
    expect(importsFork("import { execFileSync, fork as f } from 'child_process'")).toBe(true)
    expect(importsFork("import * as cp from 'node:child_process'")).toBe(true)
    expect(importsFork("import cp from 'node:child_process'")).toBe(true)
    expect(importsFork("import { execFileSync } from 'node:child_process'")).toBe(false)
    expect(importsFork("import type { ChildProcess } from 'node:child_process'")).toBe(false)
  })

  it('no shipped file but spawn-worker.ts forks a child process', () => {
    const offenders = ['src', 'electron']
      .flatMap((d) => shippedFiles(path.join(root, d)))
      .map((f) => path.relative(root, f))
      .filter((f) => f !== SPAWN_HELPER && importsFork(fs.readFileSync(path.join(root, f), 'utf8')))
    expect(offenders).toEqual([])
  })
})
