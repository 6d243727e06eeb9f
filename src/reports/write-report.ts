/**
 * Writing a run's report to disk: the HTML page plus `<base>.csv` and `<base>.tex` beside it.
 * Each file is written to a temporary name in the same folder and renamed into place, so a reader
 * (or a crash) never sees half a report; nothing is replaced unless the caller allows it.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { RunDetail } from '../contracts/runs.js'
import { InputError } from '../common/input-error.js'
import { renderHtmlReport } from './html-report.js'
import { buildReportRows, rowsToCsv, rowsToLatex } from './tables.js'

/** The three files of a report. */
export interface ReportPaths {
  readonly html: string
  readonly csv: string
  readonly tex: string
}

/** What {@link writeRunReport} wrote. */
export interface ReportWritten extends ReportPaths {
  readonly run: number
  /** Rows of the results table. */
  readonly rows: number
  /** Rows that have the paper's numbers beside them. */
  readonly paperRows: number
}

/** The report's paths for `--out`, which must name an .html (or .htm) file. */
export function reportPaths(out: string): ReportPaths {
  const resolved = path.resolve(out)
  const ext = path.extname(resolved)
  if (!/^\.html?$/i.test(ext)) {
    throw new InputError(`The report file ${out} must end in .html (the CSV and LaTeX tables are written beside it); pass e.g. --out report.html.`)
  }
  const base = resolved.slice(0, -ext.length)
  return { html: resolved, csv: `${base}.csv`, tex: `${base}.tex` }
}

function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
  try {
    fs.writeFileSync(tmp, text, { encoding: 'utf8', flush: true })
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

/**
 * Renders and writes the report of `run`. `kinds` maps dataset names to their kinds (for the
 * paper's numbers); `generatedAt` is printed in the page. Refuses to replace existing files unless
 * `overwrite`, and says in one sentence what went wrong with the folder.
 */
export function writeRunReport(
  run: RunDetail,
  options: { readonly out: string; readonly kinds: Readonly<Record<string, string>>; readonly overwrite: boolean; readonly generatedAt?: string },
): ReportWritten {
  const paths = reportPaths(options.out)
  const dir = path.dirname(paths.html)
  const dirStat = fs.statSync(dir, { throwIfNoEntry: false })
  if (dirStat !== undefined && !dirStat.isDirectory()) throw new InputError(`Cannot write the report into ${dir}: it is a file, not a folder; pass another --out.`)
  if (fs.statSync(paths.html, { throwIfNoEntry: false })?.isDirectory() === true) {
    throw new InputError(`${paths.html} is a folder; pass a file name ending in .html with --out.`)
  }
  if (!options.overwrite) {
    const existing = [paths.html, paths.csv, paths.tex].filter((f) => fs.existsSync(f))
    if (existing.length > 0) throw new InputError(`${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}; pass --force to replace, or choose another --out.`)
  }
  const rows = buildReportRows(run, options.kinds)
  const html = renderHtmlReport(run, {
    kinds: options.kinds,
    ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
    exports: { csv: path.basename(paths.csv), tex: path.basename(paths.tex) },
  })
  const caption = `Run #${run.id} "${run.name}" (ECG SSL Workbench ${run.appVersion}): mean and sd over folds.`
  try {
    fs.mkdirSync(dir, { recursive: true })
    writeAtomic(paths.csv, rowsToCsv(rows))
    writeAtomic(paths.tex, rowsToLatex(rows, caption))
    writeAtomic(paths.html, html)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new InputError(`Cannot write the report to ${dir} (${e.code ?? e.message}); check that the folder is writable or pass another --out.`)
  }
  return { ...paths, run: run.id, rows: rows.length, paperRows: rows.filter((r) => r.paper !== undefined).length }
}
