/**
 * Opens a URL in the user's browser, quietly: when no opener exists (a server without a desktop)
 * the printed URL is all the user needs, so failures are ignored.
 */
import { spawn } from 'node:child_process'

/** The command that opens a URL on this platform. */
export function openerCommand(platform: NodeJS.Platform = process.platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [] }
  // `start` is a cmd built-in; the empty string is its window title argument.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] }
  return { command: 'xdg-open', args: [] }
}

/** Starts the opener detached; never throws. */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const { command, args } = openerCommand(platform)
  try {
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No opener: the URL is printed.
  }
}
