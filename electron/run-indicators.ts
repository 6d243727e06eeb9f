/**
 * The shell's signs of a training run: a tray icon whose tooltip shows progress and ETA, the
 * taskbar progress bar, and a desktop notification when a run ends. Closing the window while a
 * run trains hides it to the tray instead of stopping the run (lab PCs train overnight).
 */
import { Menu, Notification, Tray, app, nativeImage, type BrowserWindow } from 'electron'
import type { RunEvent } from '../src/contracts/runs.js'
import { IDLE_INDICATOR, indicatorFor, notificationFor } from './run-indicator-text.js'

export interface RunIndicators {
  onRunEvent(event: RunEvent, runName?: string): void
  /** Whether closing the window should hide it to the tray (a run is training). */
  keepRunning(): boolean
}

export function createRunIndicators(iconPath: string, window: () => BrowserWindow | undefined, busy: () => boolean): RunIndicators {
  let tray: Tray | undefined
  const show = (): void => {
    const w = window()
    if (w === undefined) return
    w.show()
    w.focus()
  }
  try {
    tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }))
    tray.setToolTip(IDLE_INDICATOR.tooltip)
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: 'Show ECG SSL Workbench', click: show },
      { type: 'separator' },
      { label: 'Quit (stops training; resume it later)', click: () => app.exit(0) },
    ]))
    tray.on('click', show)
  } catch {
    // Some Linux desktops have no tray; progress still shows in the window and the taskbar.
    tray = undefined
  }
  return {
    onRunEvent(event, runName) {
      const indicator = indicatorFor(event)
      if (indicator !== undefined) {
        tray?.setToolTip(indicator.tooltip)
        window()?.setProgressBar(indicator.progress)
      }
      const note = notificationFor(event, runName)
      if (note !== undefined && Notification.isSupported()) new Notification({ ...note, icon: iconPath }).show()
    },
    keepRunning: () => busy() && tray !== undefined,
  }
}
