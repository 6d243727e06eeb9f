/**
 * One report service (docs/ARCHITECTURE.md, "Where each feature lives"): the app's export,
 * `ecg-ssl report` and `ecg-ssl demo` assemble a run's report through src/services/run-report.ts,
 * which gives every dataset its kind by one rule (contracts/published.ts runDatasetKinds). A
 * command that called the reports itself would pick the kinds its own way (the demo
 * command once passed 'demo' where the store says 'csv').
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { shippedFiles } from '../helpers/shipped-files.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const REPORT_SERVICE = path.join('src', 'services', 'run-report.ts')

/** Whether `source` imports a value (not only types) from src/reports, statically or dynamically. */
function importsReports(source: string): boolean {
  return /^\s*import\s+(?!type\b)[^;]*?\s+from\s+['"][./]*reports\/[\w-]+\.js['"]/m.test(source) ||
    /import\(\s*['"][./]*reports\/[\w-]+\.js['"]\s*\)/.test(source)
}

describe('one report service', () => {
  it('recognises an import of the reports', () => {
    expect(importsReports("import { writeRunReport } from '../../reports/write-report.js'")).toBe(true)
    expect(importsReports("const { writeRunReport } = await import('../../reports/write-report.js')")).toBe(true)
    expect(importsReports("import type { ReportRow } from '../reports/tables.js'")).toBe(false)
    expect(importsReports("import { writeRunReportFiles } from '../../services/run-report.js'")).toBe(false)
  })

  it('no shipped file outside src/reports but run-report.ts imports src/reports', () => {
    const offenders = ['src', 'electron']
      .flatMap((d) => shippedFiles(path.join(root, d)))
      .map((f) => path.relative(root, f))
      .filter((f) => !f.startsWith(path.join('src', 'reports') + path.sep) && f !== REPORT_SERVICE)
      .filter((f) => importsReports(fs.readFileSync(path.join(root, f), 'utf8')))
    expect(offenders).toEqual([])
  })
})
