/**
 * Contracts of the folder picker: browser mode cannot open the system's file dialogs, so the
 * import wizard browses folders through the API (the same picker serves the desktop app).
 */
import { z } from 'zod'

export const FilesListRequest = z.object({
  /** Folder to list; the user's home folder when absent. */
  path: z.string().min(1, { error: 'the folder to list must not be empty' }).optional(),
  /** Also list names starting with a dot. */
  showHidden: z.boolean().optional(),
}).strict()
export type FilesListRequest = z.infer<typeof FilesListRequest>

export const FileEntry = z.object({
  name: z.string(),
  /** Absolute path, ready to send back as a path. */
  path: z.string(),
  kind: z.enum(['folder', 'file']),
  /** Size in bytes (files only; 0 for folders). */
  bytes: z.number().int(),
})
export type FileEntry = z.infer<typeof FileEntry>

export const FolderListing = z.object({
  /** The folder listed, absolute. */
  path: z.string(),
  /** Its parent folder; null at a root. */
  parent: z.string().nullable(),
  /** Folders first, then files, each by name. */
  entries: z.array(FileEntry),
  /** True when the listing stopped at the entry limit. */
  truncated: z.boolean(),
  /**
   * The file the typed path stands for, already chosen: a WFDB record name without extension
   * (`…/100`) lists its folder with `100.hea` selected.
   */
  selected: z.string().optional(),
})
export type FolderListing = z.infer<typeof FolderListing>
