/**
 * Which channels a dataset's files hold and which one an import would use, before importing:
 * the researcher checks the ECG channel (SWELL's is not always named) without a trial import.
 */
import { existsSync } from 'node:fs'
import type { ChannelPreview, ChannelPreviewRequest, PreviewChannel } from '../contracts/preview.js'
import { ChannelPreviewRequest as RequestSchema } from '../contracts/preview.js'
import { chooseChannel, type ChannelChoice } from '../formats/adapters/generic-channel.js'
import { findDatasetFiles, openSignalFile, type GenericKind } from '../formats/adapters/generic-files.js'
import { previewSwellChannels, resolveChannel } from '../formats/adapters/swell.js'
import { InputError } from '../common/input-error.js'
import { openPoly5 } from '../formats/poly5/poly5.js'
import { checkSamplingRate } from './rate-plausibility.js'
import { parseOrInputError } from './request-validation.js'

/** The fixed channel sets of the .mat and pickle datasets (their adapters document the choice). */
const FIXED: Record<'amigos' | 'dreamer' | 'wesad', { channels: PreviewChannel[]; byDefault: number; why: string }> = {
  amigos: {
    channels: [
      { index: 14, name: 'ECG Right', unit: '', fs: 128, sampleCount: 0 },
      { index: 15, name: 'ECG Left', unit: '', fs: 128, sampleCount: 0 },
    ],
    byDefault: 14,
    why: 'joined_data column 15, right arm: the default',
  },
  dreamer: {
    channels: [
      { index: 0, name: 'lead1', unit: '', fs: 256, sampleCount: 0 },
      { index: 1, name: 'lead2', unit: '', fs: 256, sampleCount: 0 },
    ],
    byDefault: 0,
    why: 'first column of ECG.stimuli: the default',
  },
  wesad: {
    channels: [{ index: 0, name: 'chest ECG', unit: '', fs: 700, sampleCount: 0 }],
    byDefault: 0,
    why: "signal.chest.ECG, the dataset's only ECG",
  },
}

const WHY: Readonly<Record<ChannelChoice, string>> = {
  requested: 'chosen with the channel option',
  'ecg name': 'its name says ECG/EKG',
  'lead name': 'named like an ECG lead',
  'lead II': 'lead II, preferred among several leads',
  'only channel': "the file's only channel",
}

/** Lists the channels of the first file at `path` and the one an import would take. */
export async function previewChannels(request: ChannelPreviewRequest): Promise<ChannelPreview> {
  const req = parseOrInputError(RequestSchema, request, 'channel preview')
  switch (req.kind) {
    case 'amigos':
    case 'dreamer':
    case 'wesad': {
      if (!existsSync(req.path)) throw new InputError(`there is no file or folder here; check the path to the ${req.kind.toUpperCase()} data.`, req.path)
      const fixed = FIXED[req.kind]
      const wanted = req.channel === undefined ? fixed.byDefault : req.channel
      const chosen = fixed.channels.find((c) => c.index === wanted || (typeof wanted === 'string' && c.name.toLowerCase().includes(wanted.toLowerCase())))
      return {
        kind: req.kind,
        file: req.path,
        channels: fixed.channels,
        chosen: chosen === undefined ? null : { index: chosen.index, name: chosen.name, why: req.channel === undefined ? fixed.why : WHY.requested },
        problem: chosen === undefined ? `there is no channel '${String(req.channel)}'; choose ${fixed.channels.map((c) => `${c.index} '${c.name}'`).join(' or ')}.` : null,
      }
    }
    case 'swell':
      return previewSwell(req)
    default:
      return previewGeneric(req.kind, req)
  }
}

async function previewSwell(req: ChannelPreviewRequest): Promise<ChannelPreview> {
  const preview = await previewSwellChannels(req.path)
  const channels = preview.channels.map((c) => ({
    index: c.index, name: c.name, unit: c.unit, fs: preview.fs, sampleCount: preview.sampleCount,
    stats: { min: c.min, max: c.max, mean: c.mean, std: c.std, allZero: c.allZero },
  }))
  try {
    const index = resolveChannel(await openPoly5(preview.file), req.channel)
    const why = req.channel === undefined ? WHY['ecg name'] : WHY.requested
    return { kind: 'swell', file: preview.file, channels, chosen: { index, name: channels[index]?.name ?? '', why }, problem: null }
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { kind: 'swell', file: preview.file, channels, chosen: null, problem: error.reason }
  }
}

async function previewGeneric(kind: GenericKind, req: ChannelPreviewRequest): Promise<ChannelPreview> {
  const { files } = await findDatasetFiles(req.path, kind, [])
  const first = files[0]
  if (first === undefined) throw new InputError(`no ${kind} files were found; check the path or the dataset kind.`, req.path)
  const file = await openSignalFile(kind, first.path, { fs: req.fs })
  const channels = file.channels.map((c) => ({ index: c.index, name: c.name, unit: c.unit, fs: c.fs, sampleCount: c.sampleCount }))
  let chosen
  try {
    chosen = chooseChannel(file.channels, req.channel, file.path)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return { kind, file: file.path, channels, chosen: null, problem: error.reason }
  }
  const { channel, how } = chosen
  // The heart rate at the rate given, from the channel's first minutes (never a refusal).
  const warning = checkSamplingRate(await file.readChannel(channel.index), channel.fs, `channel '${channel.name}'`)
  return {
    kind, file: file.path, channels, chosen: { index: channel.index, name: channel.name, why: WHY[how] }, problem: null,
    ...(warning !== undefined && { warnings: [warning.message] }),
  }
}
