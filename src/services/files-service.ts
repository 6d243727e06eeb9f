/**
 * Lists a folder for the import wizard's folder picker (browser mode has no native dialogs).
 * Read-only: names, kinds and sizes, never contents. Entries that cannot be inspected (broken
 * links, no permission) are left out rather than failing the whole listing.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FileEntry, FilesListRequest, FolderListing } from '../contracts/files.js'
import { InputError } from '../common/input-error.js'
import { wfdbRecordPath } from '../formats/wfdb/record-name.js'

/** More entries than anyone scrolls through in a picker; a folder of 100 000 files stays quick. */
export const MAX_ENTRIES = 5000

/** Lists one folder, folders first then files, each sorted by name. */
export function listFolder(request: FilesListRequest, home: string = os.homedir()): FolderListing {
  const typed = path.resolve(request.path ?? home)
  const record = wfdbRecordPath(typed)
  if (record !== typed) return { ...listFolder({ ...request, path: path.dirname(record) }, home), selected: record }
  const folder = typed
  let stat: fs.Stats
  try {
    stat = fs.statSync(folder)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`${folder} cannot be read (permission denied); pick another folder.`)
    throw new InputError(`There is no folder at ${folder}; pick another folder.`)
  }
  if (!stat.isDirectory()) throw new InputError(`${folder} is a file, not a folder; pick the folder that holds it.`)
  let dirents: fs.Dirent[]
  try {
    dirents = fs.readdirSync(folder, { withFileTypes: true })
  } catch {
    throw new InputError(`${folder} cannot be read (permission denied); pick another folder.`)
  }
  const entries: FileEntry[] = []
  for (const dirent of dirents) {
    if (request.showHidden !== true && dirent.name.startsWith('.')) continue
    const full = path.join(folder, dirent.name)
    try {
      // stat follows symbolic links, so a link to a folder browses like a folder.
      const s = fs.statSync(full)
      if (s.isDirectory()) entries.push({ name: dirent.name, path: full, kind: 'folder', bytes: 0 })
      else if (s.isFile()) entries.push({ name: dirent.name, path: full, kind: 'file', bytes: s.size })
    } catch {
      // A broken link or an unreadable entry: not something to import.
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'folder' ? -1 : 1))
  const parent = path.dirname(folder)
  return { path: folder, parent: parent === folder ? null : parent, entries: entries.slice(0, MAX_ENTRIES), truncated: entries.length > MAX_ENTRIES }
}
