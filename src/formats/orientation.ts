/**
 * Which way a table of numbers holds its channels, for every reader that meets both (text,
 * .mat, spreadsheets): MATLAB and spreadsheet exports store a recording as a row vector (1 × N)
 * or a channels × samples matrix as readily as one column per channel.
 */

/**
 * Channels stored as rows: at most this many rows, each with at least WIDE_RATIO times as many
 * values as there are rows.
 */
export const MAX_ROW_CHANNELS = 256
export const WIDE_RATIO = 10

/**
 * 'rows' when a rows × cols matrix is channels × samples, 'columns' when it is samples ×
 * channels, undefined when neither side is much longer than the other (not a signal).
 */
export function matrixOrientation(rows: number, cols: number): 'rows' | 'columns' | undefined {
  if (rows >= 1 && rows <= MAX_ROW_CHANNELS && cols >= WIDE_RATIO * rows) return 'rows'
  if (cols >= 1 && cols <= MAX_ROW_CHANNELS && rows >= WIDE_RATIO * cols) return 'columns'
  return undefined
}
