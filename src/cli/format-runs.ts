/** Human-readable text of runs and their results for the CLI. */
import type { ResultRow, RunSummary } from '../contracts/runs.js'
import { formatFraction, formatMeanSd } from '../contracts/number-words.js'
import { formatProgress } from '../contracts/progress.js'
import { formatDuration, table } from './format.js'


/** The results table printed at the end of `ecg-ssl run` / `resume` / `demo`. */
export function formatResults(rows: readonly ResultRow[]): string {
  if (rows.length === 0) return 'No results yet.\n'
  const body = rows.map((r) => [
    r.dataset,
    r.task,
    r.protocol,
    r.method + (r.variant === 'full' || r.variant === 'none' ? '' : ` (${r.variant})`) + (r.block === 3 ? '' : ` block ${r.block}`),
    formatFraction(r.fraction),
    r.folds,
    formatMeanSd(r.accuracy),
    formatMeanSd(r.f1),
  ])
  return (
    table(['dataset', 'task', 'protocol', 'method', 'labels', 'folds', 'accuracy', 'F1 (authors\')'], body) +
    'window-kfold puts windows of one subject in both train and test folds (the paper\'s protocol; optimistic); subject-kfold and loso do not.\n'
  )
}

/** `ecg-ssl runs`. */
export function formatRunList(list: readonly RunSummary[]): string {
  if (list.length === 0) return 'No runs yet; start one with "ecg-ssl run <config.json>" or "ecg-ssl demo".\n'
  const rows = list.map((r) => [
    r.id,
    r.name,
    r.state + (r.state === 'interrupted' ? ' (ecg-ssl resume ' + r.id + ')' : ''),
    formatProgress(r.progress),
    r.backend === '' ? '–' : `${r.backend} (${r.device})`,
    r.updatedAt.replace('T', ' ').slice(0, 19),
  ])
  return table(['id', 'name', 'state', 'progress', 'backend', 'updated'], rows)
}

/** One line when a run ends. */
export function formatRunEnd(r: RunSummary, seconds: number): string {
  return `Run ${r.id} "${r.name}" ${r.state} in ${formatDuration(seconds)} on ${r.backend} (${r.device}).\n`
}
