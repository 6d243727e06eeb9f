/**
 * Where the workbench keeps its database. The desktop app and the CLI must agree, so the user-data
 * folder is computed exactly as Electron's `app.getPath('userData')` does for the product name
 * "ECG SSL Workbench" (appData joined with the product name): without importing electron, which
 * src/ must not do.
 */
import os from 'node:os'
import path from 'node:path'

export const PRODUCT_NAME = 'ECG SSL Workbench'
export const DB_FILE_NAME = 'workbench.sqlite'

/** Environment variables that decide the paths (a subset of process.env). */
export type PathEnv = Readonly<Record<string, string | undefined>>

/**
 * Electron's appData folder: %APPDATA% on Windows, ~/Library/Application Support on macOS,
 * $XDG_CONFIG_HOME or ~/.config elsewhere.
 */
export function appDataDir(platform: NodeJS.Platform = process.platform, env: PathEnv = process.env, home: string = os.homedir()): string {
  if (platform === 'win32') return env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support')
  const xdg = env.XDG_CONFIG_HOME
  return xdg !== undefined && xdg !== '' ? xdg : path.posix.join(home, '.config')
}

/** The user-data folder, as `app.getPath('userData')` gives it for this product. */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: PathEnv = process.env, home: string = os.homedir()): string {
  const parts = [appDataDir(platform, env, home), PRODUCT_NAME]
  return platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts)
}

/**
 * The database file to use: an explicit path (`--db`) wins, then env ECG_SSL_DB, then
 * `<userData>/workbench.sqlite`.
 */
export function resolveDbPath(explicit?: string, env: PathEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (explicit !== undefined && explicit !== '') return explicit
  const fromEnv = env.ECG_SSL_DB
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const parts = [userDataDir(platform, env, home), DB_FILE_NAME]
  return platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts)
}
