/**
 * Human-readable output of the CLI: aligned tables and short summaries. JSON output does not pass
 * through here.
 */
import type { DatasetDetail, DatasetSummary, ExportResult, ImportReport, WindowPage } from '../contracts/index.js'

/** Left-aligned columns separated by two spaces; numbers right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => String(c)))
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)))
  const numeric = headers.map((_h, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'))
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()
  return [line(headers), ...cells.map(line)].join('\n') + '\n'
}

/** "30.1 min", "2.5 h", "45 s". */
export function formatDuration(seconds: number): string {
  if (seconds >= 7200) return `${(seconds / 3600).toFixed(1)} h`
  if (seconds >= 120) return `${(seconds / 60).toFixed(1)} min`
  return `${seconds.toFixed(1)} s`
}

function list(title: string, items: readonly string[]): string {
  if (items.length === 0) return ''
  return `${title}\n${items.map((i) => `  - ${i}`).join('\n')}\n`
}

/** Summary printed after `ecg-ssl import`. */
export function formatImportReport(r: ImportReport): string {
  const ranges = Object.entries(r.labelRanges).map(([n, v]) => `${n} ${v.min}–${v.max}`)
  const labelText = r.labelNames.length === 0 ? 'none' : r.labelNames.join(', ')
  const rows: [string, string][] = [
    ['subjects', String(r.subjects)],
    ['recordings', String(r.recordings)],
    ['windows', `${r.windows} of ${r.windowSamples} samples at ${r.fs} Hz (${r.excluded} excluded: NaN, flat or clipped${r.flagged !== r.excluded ? `; ${r.flagged} flagged but kept` : ''})`],
    ['overlap', `${r.overlapPercent} %`],
    ['duration', formatDuration(r.durationS)],
    ['labels', labelText],
  ]
  if (ranges.length > 0) rows.push(['label ranges', ranges.join(', ')])
  rows.push(['took', `${r.elapsedS.toFixed(1)} s`])
  const width = Math.max(...rows.map(([k]) => k.length))
  return (
    `Imported "${r.dataset}" (${r.kind}).\n` +
    rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n') + '\n' +
    list(`Skipped ${r.skipped.length} item${r.skipped.length === 1 ? '' : 's'}:`, r.skipped.map((s) => `${s.item}: ${s.reason}`)) +
    list('Notes:', r.notes)
  )
}

/** Table printed by `ecg-ssl datasets`. */
export function formatDatasetList(datasets: readonly DatasetSummary[], dbPath: string): string {
  if (datasets.length === 0) return `No datasets in ${dbPath}; import one with \`ecg-ssl import <kind> <path> --name <name>\`.\n`
  return table(
    ['NAME', 'KIND', 'SUBJECTS', 'RECORDINGS', 'WINDOWS', 'EXCLUDED', 'IMPORTED', 'SOURCE'],
    datasets.map((d) => [d.name, d.kind, d.subjects, d.recordings, d.windows, d.excluded, d.createdAt.slice(0, 16).replace('T', ' '), d.sourcePath]),
  )
}

/** Details printed by `ecg-ssl datasets <name>`. */
export function formatDatasetDetail(d: DatasetDetail): string {
  const rows: [string, string][] = [
    ['kind', d.kind],
    ['imported', `${d.createdAt} by version ${d.appVersion}`],
    ['source', d.sourcePath],
    ['content hash', d.contentHash],
    ['subjects', String(d.subjects)],
    ['recordings', String(d.recordings)],
    ['windows', `${d.windows} (${d.excluded} excluded)`],
    ['duration', formatDuration(d.durationS)],
    ['preprocessing', Object.entries(d.preprocessing).map(([k, v]) => `${k}=${v}`).join(', ')],
    ['labels', d.labelNames.join(', ') || 'none'],
  ]
  const width = Math.max(...rows.map(([k]) => k.length))
  return (
    `Dataset "${d.name}"\n` +
    rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n') + '\n' +
    (d.perSubject.length > 0 ? '\n' + table(['SUBJECT', 'RECORDINGS', 'WINDOWS', 'EXCLUDED', 'FLAGGED'], d.perSubject.map((s) => [s.subject, s.recordings, s.windows, s.excluded, s.flagged])) : '') +
    list(`Skipped ${d.skipped.length} item${d.skipped.length === 1 ? '' : 's'}:`, d.skipped.map((s) => `${s.item}: ${s.reason}`)) +
    list('Notes:', d.notes) +
    list(`Source files (${d.sources.length}):`, d.sources.map((s) => `${s.path} (${s.bytes} bytes, sha256 ${s.sha256.slice(0, 16)}…)`))
  )
}

function labelsText(labels: Readonly<Record<string, number | string | null>>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v ?? ''}`).join(' ')
}

/** Table printed by `ecg-ssl windows`. */
export function formatWindowPage(p: WindowPage): string {
  if (p.windows.length === 0) return `Dataset "${p.dataset}" has ${p.total} windows; none from offset ${p.offset}.\n`
  const first = p.windows[0]?.index ?? 0
  const last = p.windows[p.windows.length - 1]?.index ?? 0
  return (
    `Dataset "${p.dataset}": ${p.windows.length} of ${p.total} windows (index ${first}–${last})\n` +
    table(
      ['INDEX', 'SUBJECT', 'TRIAL', 'START_S', 'QUALITY', 'EXCLUDED', 'LABELS'],
      p.windows.map((w) => [w.index, w.subject, w.trial, w.startS, w.quality, w.excluded ? 'yes' : 'no', labelsText(w.labels)]),
    )
  )
}

/** Summary printed by `ecg-ssl export`. */
export function formatExportResult(r: ExportResult): string {
  return `Exported ${r.windows} windows of "${r.dataset}":\n  ${r.npy}  (${r.windows} × ${r.windowSamples} float32)\n  ${r.csv}\n`
}
