/**
 * SWELL-KW adapter: one recording per participant × block from the Mobi Poly5 files
 * (`0 - Raw data/D - Physiology - raw data/Mobi signals (raw and filtered)/*.S00`, 2048 Hz).
 *
 * Choices, for the import report:
 * - File names are irregular (`pp10_8-10-2012-c2.S00`, `pp12_9-10-212_c1.S00`,
 *   `pp23_1-11-2012_c2_cont.S00`): participant and block come from `pp?(\d+)…[_-]c(\d+)`; a name
 *   with `cont` after the block continues that block and its samples are appended after the
 *   main file (same sampling rate required). Names that do not match are skipped with a reason.
 * - Channel: `channel` option by name or 0-based index, else the channel whose name says ECG/EKG;
 *   when none does, an InputError lists the channels (`previewSwellChannels` shows them with
 *   statistics so a user can choose).
 * - Labels are optional: without a label workbook the recordings serve self-supervised
 *   pretraining only. With `labels` (behavioral-labels.xlsx): valence (Valence_rc), arousal
 *   (Arousal_rc), stress (the self-reported Stress score) and the other ratings, plus `block` and
 *   `condition` ('neutral' | 'interruption' | 'time pressure', the paper's 3-class SWELL stress
 *   task) when the condition mapping is available (see swell-labels.ts). The files do not state
 *   the rating scales, so labelScales are the ranges observed in the data (reported in a note).
 * - Trial is `c<block>`, subject `PP<n>`.
 */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { findFiles } from '../find-files.js'
import { InputError, throwIfCancelled } from '../../common/input-error.js'
import { openPoly5, type Poly5ChannelStats, type Poly5File } from '../poly5/poly5.js'
import type { AdapterOptions, DatasetAdapter, DatasetScan, LabelScale, LabelValue, RecordingRef, SkippedItem } from '../types.js'
import { ChannelError, chooseKindChannel } from './channel-rules.js'
import { blockKey, readSwellLabels, type SwellLabels } from './swell-labels.js'

const NAME = /^pp?(\d+)(?:[_-].*)?[_-]c(\d+)(.*)\.s00$/i
const MAX_DEPTH = 5
const PREVIEW_SECONDS = 60

interface BlockFiles {
  readonly participant: number
  readonly block: number
  main: string | undefined
  readonly conts: string[]
}

/** Scans a SWELL-KW folder (or one .S00 file) into one recording per participant × block. */
export const swellAdapter: DatasetAdapter = async (options: AdapterOptions): Promise<DatasetScan> => {
  const skipped: SkippedItem[] = []
  const notes: string[] = []
  const { blocks, single } = await findBlocks(options.path, skipped)
  const labels = options.labels === undefined ? undefined : await readSwellLabels(options.labels)
  const recordings: RecordingRef[] = []
  const sourceFiles: string[] = []
  const unlabelled: string[] = []
  let firstError: InputError | undefined

  for (const group of blocks) {
    throwIfCancelled(options.signal)
    const subject = `PP${group.participant}`
    const trial = `c${group.block}`
    if (group.main === undefined) {
      group.conts.forEach((c) => skipped.push({ item: basename(c), reason: `continuation file without a main file for ${subject} block ${group.block}` }))
      continue
    }
    let parts: { file: Poly5File; channel: number }[]
    try {
      parts = [await openPart(group.main, options.channel)]
      for (const cont of group.conts) {
        const part = await openPart(cont, options.channel)
        const main = parts[0]
        if (main && part.file.header.fs !== main.file.header.fs) {
          skipped.push({ item: basename(cont), reason: `sampled at ${part.file.header.fs} Hz but ${basename(group.main)} at ${main.file.header.fs} Hz, so it cannot continue that block` })
          continue
        }
        if (main && part.file.channels[part.channel]?.name !== main.file.channels[main.channel]?.name) {
          notes.push(`${basename(cont)} continues ${basename(group.main)} with channel "${part.file.channels[part.channel]?.name ?? ''}" instead of "${main.file.channels[main.channel]?.name ?? ''}".`)
        }
        parts.push(part)
      }
    } catch (error) {
      if (!(error instanceof InputError) || single || isChannelError(error)) throw error
      firstError ??= error
      skipped.push({ item: `${subject} ${trial}`, reason: error.reason })
      continue
    }
    for (const { file } of parts) file.warnings.forEach((w) => notes.push(`${basename(file.path)}: ${w}`))
    const first = parts[0]
    if (!first) continue
    const key = blockKey(group.participant, group.block)
    const row = labels?.rows.get(key)
    if (labels && row === undefined) unlabelled.push(`${subject} block ${group.block}`)
    const recordingLabels: Record<string, LabelValue> = { block: group.block }
    if (labels) {
      for (const name of labels.scoreNames) recordingLabels[name] = row?.[name] ?? null
      recordingLabels.condition = labels.conditions.get(key) ?? null
    }
    const counts = parts.map((p) => p.file.channels[p.channel]?.sampleCount ?? 0)
    const total = counts.reduce((a, b) => a + b, 0)
    const files = parts.map((p) => p.file.path)
    sourceFiles.push(...files)
    recordings.push({
      subject,
      trial,
      fs: first.file.header.fs,
      channel: first.file.channels[first.channel]?.name ?? '',
      sampleCount: total,
      labels: recordingLabels,
      sourceFiles: [...files, ...(labels?.files ?? [])],
      load: async () => {
        // Main file then continuation(s), read straight into one array: no second copy.
        const out = new Float64Array(total)
        let offset = 0
        for (const [i, p] of parts.entries()) {
          await p.file.readChannelInto(p.channel, out, offset)
          offset += counts[i] ?? 0
        }
        return out
      },
    })
  }
  if (recordings.length === 0 && firstError) throw firstError
  if (recordings.length === 0) {
    throw new InputError('no SWELL recording could be imported (no participant/block .S00 file was readable); point the workbench at the "Mobi signals (raw and filtered)" folder.', options.path)
  }
  return finish(recordings, skipped, notes, labels, unlabelled, sourceFiles)
}

/** Label names, observed scales and notes. */
function finish(recordings: RecordingRef[], skipped: SkippedItem[], notes: string[], labels: SwellLabels | undefined, unlabelled: string[], sourceFiles: string[]): DatasetScan {
  const first = ['valence', 'arousal', 'stress']
  const labelNames = labels
    ? [...first.filter((n) => labels.scoreNames.includes(n)), 'condition', 'block', ...labels.scoreNames.filter((n) => !first.includes(n))]
    : ['block']
  const labelScales: Record<string, LabelScale> = {}
  for (const name of labelNames) {
    const values = recordings.map((r) => r.labels[name]).filter((v): v is number => typeof v === 'number')
    if (values.length > 0) labelScales[name] = { min: Math.min(...values), max: Math.max(...values) }
  }
  if (labels) {
    notes.unshift(...labels.notes)
    const scored = labels.scoreNames.filter((n) => labelScales[n] !== undefined)
    notes.push(`The SWELL files do not state the rating scales; the label scales are the ranges observed in this import: ${scored.map((n) => `${n} ${labelScales[n]?.min}–${labelScales[n]?.max}`).join(', ')}.`)
    notes.push("'stress' is the self-reported Stress rating; the paper's 3-class SWELL stress task uses 'condition' (neutral, interruption, time pressure).")
    if (unlabelled.length > 0) notes.push(`No label row for ${unlabelled.join(', ')}; imported with empty labels (usable for self-supervised pretraining).`)
    const imported = new Set(recordings.map((r) => `${r.subject.slice(2)}:${r.labels.block}`))
    const orphans = [...labels.rows.keys()].filter((k) => !imported.has(k))
    if (orphans.length > 0) notes.push(`${orphans.length} label row(s) have no recording (${orphans.slice(0, 10).map((k) => `PP${k.replace(':', ' block ')}`).join(', ')}${orphans.length > 10 ? ', …' : ''}).`)
    sourceFiles.push(...labels.files)
  } else {
    notes.push('No label workbook given: recordings are imported without affect labels, for self-supervised pretraining only (pass behavioral-labels.xlsx as labels to add them).')
  }
  return { kind: 'swell', recordings, skipped, labelNames, labelScales, notes, sourceFiles }
}

/** Opens one Poly5 file and resolves the ECG channel in it (the rule is channel-rules.ts's). */
async function openPart(path: string, channel: string | number | undefined): Promise<{ file: Poly5File; channel: number }> {
  const file = await openPoly5(path)
  return { file, channel: chooseKindChannel('swell', channel, file).channel.index }
}

/** A channel choice that does not fit: the user's to fix, so never skipped silently. */
const isChannelError = (error: unknown): boolean => error instanceof ChannelError

/** What a UI shows before import: the channels of the first SWELL file, with statistics. */
export interface SwellChannelPreview {
  readonly file: string
  readonly fs: number
  readonly sampleCount: number
  /** The channel the adapter would use without a channel option, if any is named ECG. */
  readonly defaultChannel: number | undefined
  /** Statistics over the first `seconds` of each channel. */
  readonly seconds: number
  readonly channels: readonly Poly5ChannelStats[]
  /** The reader's warnings about the file, as the import notes them. */
  readonly warnings: readonly string[]
}

/** Channel names and statistics of the first SWELL file found at `path` (folder or .S00 file). */
export async function previewSwellChannels(path: string, seconds = PREVIEW_SECONDS): Promise<SwellChannelPreview> {
  const { blocks } = await findBlocks(path, [])
  const first = blocks.find((b) => b.main !== undefined)?.main
  if (first === undefined) throw new InputError('no SWELL .S00 file with a participant and block in its name was found here.', path)
  const file = await openPoly5(first)
  const samples = Math.max(1, Math.round(seconds * file.header.fs))
  const channels = await file.channelStats(samples)
  return {
    file: first,
    fs: file.header.fs,
    sampleCount: file.channels[0]?.sampleCount ?? 0,
    defaultChannel: defaultChannelOf(file),
    seconds: Math.min(samples, file.channels[0]?.sampleCount ?? 0) / file.header.fs,
    channels,
    warnings: file.warnings,
  }
}

/** The channel an import takes without a channel option, or undefined when none is named like the ECG. */
function defaultChannelOf(file: Poly5File): number | undefined {
  try {
    return chooseKindChannel('swell', undefined, file).channel.index
  } catch (error) {
    if (error instanceof ChannelError) return undefined
    throw error
  }
}

/** Finds .S00 files (a few levels down) and groups them by participant × block. */
async function findBlocks(path: string, skipped: SkippedItem[]): Promise<{ blocks: BlockFiles[]; single: boolean }> {
  let info
  try {
    info = await stat(path)
  } catch {
    throw new InputError('the SWELL path does not exist; point the workbench at the folder of .S00 files.', path)
  }
  const files: string[] = []
  if (info.isFile()) files.push(path)
  else files.push(...(await findFiles(path, (name) => /\.s00$/i.test(name), { maxDepth: MAX_DEPTH })))
  if (files.length === 0) throw new InputError('no .S00 (Poly5) files were found in this folder or the folders below it; point the workbench at "Mobi signals (raw and filtered)".', path)
  const groups = new Map<string, BlockFiles>()
  for (const file of files.sort()) {
    const match = NAME.exec(basename(file))
    if (!match) {
      skipped.push({ item: basename(file), reason: 'the name does not say participant and block (like pp10_8-10-2012-c2.S00)' })
      continue
    }
    const participant = Number(match[1])
    const block = Number(match[2])
    const key = blockKey(participant, block)
    const group = groups.get(key) ?? { participant, block, main: undefined, conts: [] }
    groups.set(key, group)
    if (/cont/i.test(match[3] ?? '')) group.conts.push(file)
    else if (group.main === undefined) group.main = file
    else skipped.push({ item: basename(file), reason: `a second file for PP${participant} block ${block}; ${basename(group.main)} was used` })
  }
  const blocks = [...groups.values()].sort((a, b) => a.participant - b.participant || a.block - b.block)
  return { blocks, single: info.isFile() }
}
