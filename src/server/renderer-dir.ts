/** Where the built renderer lives: out/renderer under the package root (vite.config.ts). */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError } from '../common/input-error.js'

/** The package root: the nearest folder above this module with a package.json. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir)
    if (up === dir) throw new Error('package.json not found above the server module')
    dir = up
  }
  return dir
}

/** The built renderer folder; throws an InputError naming the fix when it was never built. */
export function builtRendererDir(root: string = packageRoot()): string {
  const dir = path.join(root, 'out', 'renderer')
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new InputError('The app\'s pages are not built yet; run "npm run build" first.')
  return dir
}
