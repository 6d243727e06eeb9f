/** The text `ecg-ssl run --estimate` prints (its --json form is the RunEstimate itself). */
import { costAdvice, unitShares, type RunEstimate } from '../contracts/estimate.js'
import { formatDuration, table } from './format.js'

/** Total, each kind of work with its share, backend, device, processes and the calibration's origin. */
export function formatEstimate(e: RunEstimate): string {
  const shares = new Map(unitShares(e).map((s) => [s.kind, s.share]))
  const rows = e.units.map((u) => [u.kind, String(u.count), formatDuration(u.seconds), `${Math.round((shares.get(u.kind) ?? 0) * 100)} %`])
  const top = unitShares(e)[0]
  const lines = [
    `Estimated time: ${formatDuration(e.seconds)} on this machine`,
    `Backend: ${e.backend} on ${e.device}; ${e.processes} process${e.processes === 1 ? '' : 'es'}${e.pretextWorkers > 1 ? `, ${e.pretextWorkers} workers per pretext step` : ''}`,
    `Calibration: ${e.calibration === 'cached' ? `cached (measured ${e.measuredAt})` : 'just measured'}`,
    '',
    table(['work', 'units', 'time', 'share'], rows).trimEnd(),
  ]
  if (e.processes > 1) lines.push('(the processes work side by side, so the times of the kinds add up to more than the total)')
  if (top !== undefined && top.share >= 0.5) lines.push(`The biggest cost is ${top.kind} (${Math.round(top.share * 100)} %): ${costAdvice(top.kind, e.backend)}.`)
  return lines.join('\n') + '\n'
}
