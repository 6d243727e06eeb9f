/**
 * Which channels a dataset's files hold and which one an import would use, before importing:
 * the researcher checks the ECG channel (SWELL's is not always named) without a trial import.
 * The channel is chosen by the kind's rule in formats/adapters/channel-rules.ts, the one the
 * import's adapters ask, so the preview names the channel the import takes. The reader's warnings
 * about the file (a null segment read as NaN, an incomplete last record…) come with it, in the
 * reader's own sentences (the ones the import notes), so the researcher sees them before importing.
 */
import { existsSync } from 'node:fs'
import { DATASET_KIND_INFO, type DatasetKindName } from '../contracts/dataset-kinds.js'
import type { ChannelPreview, ChannelPreviewRequest } from '../contracts/preview.js'
import { chooseKindChannel, fixedChannels, whyChosen, type FixedChannel } from '../formats/adapters/channel-rules.js'
import { findDatasetFiles, openSignalFile, type GenericKind } from '../formats/adapters/generic-files.js'
import { previewSwellChannels } from '../formats/adapters/swell.js'
import { InputError } from '../common/input-error.js'
import type { ChannelInfo } from '../formats/types.js'
import { checkSamplingRate } from './rate-plausibility.js'

/**
 * Lists the channels of the first file at `path` and the one an import would take. The request
 * arrives validated, by the router or by `ecg-ssl channels`.
 */
export async function previewChannels(req: ChannelPreviewRequest): Promise<ChannelPreview> {
  const fixed = fixedChannels(req.kind)
  if (fixed !== undefined) return previewFixed(req.kind, fixed, req)
  switch (req.kind) {
    case 'swell':
      return previewSwell(req)
    case 'csv':
    case 'edf':
    case 'wfdb':
      return previewGeneric(req.kind, req)
    default:
      throw new Error(`the ${req.kind} kind has neither a fixed channel layout nor a preview of its files`)
  }
}

/** The chosen channel as the preview states it, or the problem with the channel option. */
function choose(kind: DatasetKindName, req: ChannelPreviewRequest, file?: { path: string; channels: readonly ChannelInfo[] }): Pick<ChannelPreview, 'chosen' | 'problem'> {
  try {
    const { channel, how } = chooseKindChannel(kind, req.channel, file)
    return { chosen: { index: channel.index, name: channel.name, why: whyChosen(kind, how) }, problem: null }
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { chosen: null, problem: error.reason }
  }
}

/** AMIGOS, DREAMER, WESAD: the layout's channels, known without reading a file. */
function previewFixed(kind: DatasetKindName, fixed: readonly FixedChannel[], req: ChannelPreviewRequest): ChannelPreview {
  if (!existsSync(req.path)) throw new InputError(`there is no file or folder here; check the path to the ${DATASET_KIND_INFO[kind].title} data.`, req.path)
  const channels = fixed.map(({ index, name, unit, fs, sampleCount }) => ({ index, name, unit, fs, sampleCount }))
  return { kind, file: req.path, channels, ...choose(kind, req) }
}

async function previewSwell(req: ChannelPreviewRequest): Promise<ChannelPreview> {
  const preview = await previewSwellChannels(req.path)
  const channels = preview.channels.map((c) => ({
    index: c.index, name: c.name, unit: c.unit, fs: preview.fs, sampleCount: preview.sampleCount,
    stats: { min: c.min, max: c.max, mean: c.mean, std: c.std, allZero: c.allZero },
  }))
  return { kind: 'swell', file: preview.file, channels, ...choose('swell', req, { path: preview.file, channels }), ...withWarnings(preview.warnings) }
}

async function previewGeneric(kind: GenericKind, req: ChannelPreviewRequest): Promise<ChannelPreview> {
  const { files } = await findDatasetFiles(req.path, kind, [])
  const first = files[0]
  if (first === undefined) throw new InputError(`no ${kind} files were found; check the path or the dataset kind.`, req.path)
  const file = await openSignalFile(kind, first.path, { fs: req.fs })
  const channels = file.channels.map((c) => ({ index: c.index, name: c.name, unit: c.unit, fs: c.fs, sampleCount: c.sampleCount }))
  const { chosen, problem } = choose(kind, req, file)
  if (chosen === null) return { kind, file: file.path, channels, chosen, problem, ...withWarnings(file.warnings) }
  const channel = file.channels.find((c) => c.index === chosen.index) as ChannelInfo
  // The heart rate at the rate given, from the channel's first minutes (never a refusal).
  const rate = checkSamplingRate(await file.readChannel(channel.index), channel.fs, `channel '${channel.name}'`)
  return {
    kind, file: file.path, channels, chosen, problem: null,
    ...withWarnings([...file.warnings, ...(rate === undefined ? [] : [rate.message])]),
  }
}

/** The `warnings` field when there is any: an answer without warnings leaves it out. */
function withWarnings(warnings: readonly string[]): Pick<ChannelPreview, 'warnings'> {
  return warnings.length === 0 ? {} : { warnings: [...warnings] }
}
