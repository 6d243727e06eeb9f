// `npm start`: opens the desktop app. Electron >= 42 installs without its binary and fetches it
// on first launch. Where that download is impossible (an offline lab PC, a sandbox) or there is no
// display to show a window on, this says so in one sentence and opens browser mode instead
// (`ecg-ssl serve`: the same app in the default browser, from 127.0.0.1 only).
// `npm start -- --browser` asks for browser mode directly; other arguments go to `ecg-ssl serve`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const wantsBrowser = args.includes('--browser')
const serveArgs = args.filter((a) => a !== '--browser')

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'))
  } catch {
    return undefined
  }
}

function electronBinary(dir) {
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : undefined
}

/** The Electron binary, downloading it on first launch; or the sentence saying why not. */
function findElectron() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { why: 'There is no graphical display here for the desktop window, so the workbench opens in browser mode instead.' }
  }
  const dir = electronDir()
  if (dir === undefined) return { why: 'Electron is not installed (npm install --omit=dev leaves it out), so the workbench opens in browser mode instead.' }
  let binary = electronBinary(dir)
  if (binary === undefined) {
    console.error('Downloading Electron for the first launch…')
    const download = spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8' })
    binary = download.status === 0 ? electronBinary(dir) : undefined
  }
  if (binary === undefined) return { why: 'The Electron binary could not be downloaded on this machine (it comes from GitHub on first launch), so the workbench opens in browser mode instead.' }
  return { binary }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', cwd: root })
  child.on('close', (code) => process.exit(code ?? 1))
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
}

const found = wantsBrowser ? { why: undefined } : findElectron()
if (found.binary !== undefined) {
  run(found.binary, ['.'])
} else {
  if (found.why !== undefined) console.error(found.why)
  run(process.execPath, [join(root, 'bin', 'ecg-ssl.js'), 'serve', ...serveArgs])
}
