/**
 * What a text signal file's two layouts (channels as columns, index.ts; channels as rows,
 * row-channels.ts) build alike once they have scanned the file: the "holds no numbers" warning
 * and the TextSignalFile itself.
 */
import type { TextSignalFile } from './index.js'
import type { TextLayout } from './layout.js'

/** "column 'II' holds no numbers …" / "rows 3, 5 hold no numbers …" for channels without a number. */
export function noNumbersWarning(kind: 'column' | 'row', names: readonly string[]): string {
  const many = names.length > 1
  return `${kind}${many ? 's' : ''} ${names.join(', ')} hold${many ? '' : 's'} no numbers (all empty or NaN).`
}

/** The TextSignalFile of a scanned text file (no events, gaps or start time in text files). */
export function textSignalFile(
  path: string,
  layout: TextLayout,
  scanned: Pick<TextSignalFile, 'channels' | 'warnings' | 'nanCounts' | 'fsSource' | 'readChannel'>,
): TextSignalFile {
  const { channels, warnings, nanCounts, fsSource, readChannel } = scanned
  return { path, format: 'csv', channels, events: [], gaps: [], startTime: undefined, warnings, nanCounts, fsSource, delimiter: layout.delimiter, readChannel }
}
