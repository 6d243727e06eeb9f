// `npm start`: opens the desktop app. Electron >= 42 installs without its binary and fetches it
// on first launch; where that download is impossible (an offline lab PC, a sandbox) this says so
// in one sentence instead of failing with a stack trace.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : undefined
}

let binary = electronBinary()
if (binary === undefined) {
  console.error('Downloading Electron for the first launch…')
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8' })
  binary = download.status === 0 ? electronBinary() : undefined
}
if (binary === undefined) {
  console.error('The Electron binary could not be downloaded on this machine (it comes from GitHub on first launch), so the desktop window cannot open here; the command-line tool works: run "npx ecg-ssl --help".')
  process.exit(1)
}
const child = spawn(binary, ['.'], { stdio: 'inherit' })
child.on('close', (code) => process.exit(code ?? 1))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
