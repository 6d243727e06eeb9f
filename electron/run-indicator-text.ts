/**
 * What the tray icon, the taskbar progress and the desktop notifications say about training
 * runs. Pure, so it is tested without Electron.
 */
import type { RunEvent } from '../src/contracts/runs.js'

/** What the shell shows for the run in progress, or for none. */
export interface RunIndicator {
  readonly tooltip: string
  /** Taskbar / dock progress 0–1, or -1 to remove it (Electron's convention). */
  readonly progress: number
}

export const IDLE_INDICATOR: RunIndicator = { tooltip: 'ECG SSL Workbench — no training running', progress: -1 }

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return ''
  if (seconds < 90) return ', about a minute left'
  if (seconds < 5400) return `, about ${Math.round(seconds / 60)} min left`
  return `, about ${(seconds / 3600).toFixed(1)} h left`
}

/** The indicator after `event`, or undefined when the event does not change it. */
export function indicatorFor(event: RunEvent): RunIndicator | undefined {
  if (event.type === 'progress') {
    const share = event.total > 0 ? Math.min(1, event.done / event.total) : 0
    return { tooltip: `Training run ${event.runId}: ${Math.floor(share * 100)} %${eta(event.etaSeconds)} — ${event.message}`.slice(0, 127), progress: share }
  }
  if (event.type === 'state' && event.state !== 'running') return IDLE_INDICATOR
  return undefined
}

/** The desktop notification for a run that ended, or undefined for other events. */
export function notificationFor(event: RunEvent, runName?: string): { title: string; body: string } | undefined {
  if (event.type !== 'state') return undefined
  const name = runName === undefined ? `Run ${event.runId}` : `Run ${event.runId} "${runName}"`
  switch (event.state) {
    case 'done':
      return { title: 'Training finished', body: `${name} is complete; its results are in the Results view.` }
    case 'failed':
      return { title: 'Training failed', body: `${name} stopped: ${event.error ?? 'unknown error'}` }
    case 'interrupted':
      return { title: 'Training stopped', body: `${name} was stopped; its completed epochs are kept and it can be resumed from the Experiments view.` }
    default:
      return undefined
  }
}
