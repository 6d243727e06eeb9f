/**
 * A run's report, one way for the app's export (runs:export) and `ecg-ssl report`: the same
 * dataset kinds, hence the same paper column, in the same tables and page (src/reports).
 *
 * The paper's number stands beside a row only when the store says the row's dataset is of the
 * paper's kind (contracts/published.ts decides the rest: task, protocol, method, fractions). A
 * dataset deleted since the run has no kind any more; it is reported as UNKNOWN_KIND, so its
 * cell stays empty with the reason the app gives ("the paper reports on AMIGOS and SWELL-KW only")
 * rather than a number matched on a name that may not mean the paper's dataset. The rule is
 * contracts/published.ts's runDatasetKinds, which the app's Results view applies too.
 */
import type { RunExport } from '../contracts/run-api.js'
import type { RunDetail } from '../contracts/runs.js'
import { runDatasetKinds } from '../contracts/published.js'
import { renderHtmlReport } from '../reports/html-report.js'
import { buildReportRows, rowsToCsv, rowsToLatex } from '../reports/tables.js'
import { writeRunReport, type ReportWritten } from '../reports/write-report.js'
import { findDatasetByName } from '../store/datasets-repo.js'
import type { Store } from '../store/store.js'

/** The kind of each of the run's datasets as the store knows it now, 'unknown' when deleted (runDatasetKinds). */
export function reportKinds(store: Store, run: Pick<RunDetail, 'config'>): Record<string, string> {
  return runDatasetKinds(run.config.datasets, (name) => findDatasetByName(store.db, name)?.kind)
}

/** The run's results as CSV, LaTeX or the self-contained HTML report, as text (the app saves or copies it). */
export function renderRunExport(store: Store, run: RunDetail, format: 'csv' | 'latex' | 'html'): RunExport {
  const kinds = reportKinds(store, run)
  const base = `run-${run.id}-${run.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'results'}`
  if (format === 'html') return { fileName: `${base}.html`, mime: 'text/html', text: renderHtmlReport(run, { kinds }) }
  const rows = buildReportRows(run, kinds)
  if (format === 'csv') return { fileName: `${base}.csv`, mime: 'text/csv', text: rowsToCsv(rows) }
  return { fileName: `${base}.tex`, mime: 'application/x-tex', text: rowsToLatex(rows, `Run ${run.id} "${run.name}": mean and sd over folds.`) }
}

/** Writes the run's report files (`ecg-ssl report`): the HTML page with its CSV and LaTeX tables beside it. */
export function writeRunReportFiles(store: Store, run: RunDetail, options: { readonly out: string; readonly overwrite: boolean; readonly generatedAt?: string }): ReportWritten {
  return writeRunReport(run, { ...options, kinds: reportKinds(store, run) })
}
