/**
 * Finds a dataset's files under a folder, for the adapters. Hidden entries are ignored; an
 * unreadable folder is one clear InputError; cancellation is checked per folder.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { InputError, throwIfCancelled } from '../common/input-error.js'

export interface FindFilesOptions {
  /** Folder levels below the root to search; Infinity for all. */
  readonly maxDepth: number
  readonly signal?: AbortSignal | undefined
}

/** Every file under `root` whose name `accept` takes, in directory order. */
export async function findFiles(root: string, accept: (name: string, path: string) => boolean, options: FindFilesOptions): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string, depth: number): Promise<void> => {
    throwIfCancelled(options.signal)
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      throw new InputError('this folder cannot be read; check that it exists and that you may read it.', dir)
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (depth < options.maxDepth) await walk(full, depth + 1)
      } else if ((entry.isFile() || entry.isSymbolicLink()) && accept(entry.name, full)) {
        found.push(full)
      }
    }
  }
  await walk(root, 0)
  return found
}
