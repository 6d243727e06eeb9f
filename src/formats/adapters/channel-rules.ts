/**
 * Which channel of a dataset is the ECG, one rule per dataset kind: the channel preview
 * (services/channel-preview.ts) and every adapter's import ask {@link chooseKindChannel}, so the
 * preview cannot name one channel and the import take another. The kinds' other facts (title,
 * what to pick, classifier head, published numbers) are in contracts/dataset-kinds.ts.
 *
 * - AMIGOS, DREAMER and WESAD have a fixed layout: every file holds the same ECG channels, known
 *   before a file is opened (the adapters' header comments say where in the files they are).
 * - SWELL's Poly5 files name their channels: the channel option by exact name or 0-based index,
 *   else the first channel whose name says ECG/EKG.
 * - csv, edf and wfdb files name their channels too: generic-channel.ts's rule (ECG name, lead
 *   names, lead II, the only channel).
 */
import { InputError } from '../../common/input-error.js'
import { term } from '../../common/wording.js'
import { DATASET_KIND_INFO, type DatasetKindName } from '../../contracts/dataset-kinds.js'
import type { ChannelInfo } from '../types.js'
import { chooseChannel, type ChannelChoice, type ChosenChannel } from './generic-channel.js'

/** A channel every file of a fixed-layout kind holds. */
export interface FixedChannel extends ChannelInfo {
  /** What a channel option may say for it: lower case without spaces, '-' or '_' (the index among them). */
  readonly aliases: readonly string[]
}

/** The ECG channels of a fixed-layout kind, and which one an import takes without a channel option. */
interface FixedLayout {
  readonly layout: 'fixed'
  readonly channels: readonly FixedChannel[]
  /** Index of the channel taken by default. */
  readonly byDefault: number
  /** Why the default is the default, as the preview says it. */
  readonly defaultWhy: string
  /** The refusal of a channel option that names none of the channels. */
  readonly refusal: (wanted: string) => string
}

/** The rule of a kind whose files name their own channels. */
interface PerFileRule {
  readonly layout: 'per file'
  readonly choose: (channels: readonly ChannelInfo[], requested: string | number | undefined, file: string) => ChosenChannel
}

type ChannelRule = FixedLayout | PerFileRule

/** A channel option that does not fit the dataset: the user's to fix, so an import never skips it silently. */
export class ChannelError extends InputError {}

/** A fixed-layout channel; its sample count is known only once a file is read (0 until then). */
const fixed = (index: number, name: string, fs: number, aliases: readonly string[]): FixedChannel => ({ index, name, unit: '', fs, sampleCount: 0, aliases })

const normalise = (wanted: string | number): string => String(wanted).trim().toLowerCase().replace(/[\s_-]+/g, '')

/** Channel option by name (exact, case-insensitive) or 0-based index, else the first channel whose name says ECG/EKG. */
function chooseSwellChannel(channels: readonly ChannelInfo[], wanted: string | number | undefined, file: string): ChosenChannel {
  const list = channels.map((c, i) => `${i} "${c.name}"`).join(', ')
  if (wanted === undefined) {
    const found = channels.find((c) => /ecg|ekg/i.test(c.name))
    if (found !== undefined) return { channel: found, how: 'ecg name' }
    throw new ChannelError(`no channel is named ECG (channels: ${list}); ${term('pass-channel')} with the heart signal's name or 0-based index (SWELL's own MATLAB reader uses channel 8 counted from 1, i.e. index 7).`, file)
  }
  const byName = typeof wanted === 'string' ? channels.find((c) => c.name.toLowerCase() === wanted.trim().toLowerCase()) : undefined
  if (byName !== undefined) return { channel: byName, how: 'requested' }
  const index = typeof wanted === 'number' ? wanted : /^\s*\d+\s*$/.test(wanted) ? Number(wanted) : NaN
  const byIndex = Number.isInteger(index) ? channels[index] : undefined
  if (byIndex !== undefined) return { channel: byIndex, how: 'requested' }
  throw new ChannelError(`channel "${wanted}" is not in this file (channels: ${list}); ${term('pass-channel')} with one of these names or 0-based indexes.`, file)
}

const generic: PerFileRule = { layout: 'per file', choose: chooseChannel }

/** The rule of every kind; the `Record` type makes a kind without one a compile error. */
export const CHANNEL_RULES: Readonly<Record<DatasetKindName, ChannelRule>> = {
  // joined_data columns 15 and 16 (1-based) of the preprocessed release, at 128 Hz.
  amigos: {
    layout: 'fixed',
    channels: [
      fixed(14, 'ECG Right', 128, ['right', 'ecgright', 'rightarm', 'ecgrightarm', '14']),
      fixed(15, 'ECG Left', 128, ['left', 'ecgleft', 'leftarm', 'ecgleftarm', '15']),
    ],
    byDefault: 14,
    defaultWhy: 'joined_data column 15, right arm: the default',
    refusal: (wanted) => `AMIGOS has no ECG channel '${wanted}'; choose 'ECG Right' (index 14, joined_data column 15, the default) or 'ECG Left' (index 15, column 16).`,
  },
  // The two columns of ECG.stimuli{k}; the release neither names nor ranks them, so the first is
  // the default. DREAMER.mat states the rate (256 Hz in the release).
  dreamer: {
    layout: 'fixed',
    channels: [
      fixed(0, 'ECG lead 1', 256, ['0', 'lead1', 'ecg1', 'ecglead1']),
      fixed(1, 'ECG lead 2', 256, ['1', 'lead2', 'ecg2', 'ecglead2']),
    ],
    byDefault: 0,
    defaultWhy: 'first column of ECG.stimuli: the default',
    refusal: (wanted) => `DREAMER has no ECG channel '${wanted}'; choose 'lead1' (index 0, the default) or 'lead2' (index 1).`,
  },
  // signal.chest.ECG at 700 Hz, the rate of the chest device (the pickle does not state it).
  wesad: {
    layout: 'fixed',
    channels: [fixed(0, 'ECG', 700, ['0', 'ecg', 'chestecg', 'signalchestecg'])],
    byDefault: 0,
    defaultWhy: "signal.chest.ECG, the dataset's only ECG",
    refusal: (wanted) => `WESAD has one ECG channel, the chest ECG (signal.chest.ECG), not '${wanted}'; leave the channel empty or choose 'ECG' (index 0).`,
  },
  swell: { layout: 'per file', choose: chooseSwellChannel },
  csv: generic,
  edf: generic,
  wfdb: generic,
}

/** What the preview says about each way of choosing (a fixed layout's default says its own words). */
const WHY: Readonly<Record<Exclude<ChannelChoice, 'default'>, string>> = {
  requested: `chosen with ${term('channel-flag')}`,
  'ecg name': 'its name says ECG/EKG',
  'lead name': 'the only channel named like an ECG lead',
  'lead II': 'lead II, preferred among several ECG leads',
  'only channel': "the file's only channel",
}

/** The channels every file of `kind` holds when its layout is fixed (AMIGOS, DREAMER, WESAD); undefined when each file names its own. */
export function fixedChannels(kind: DatasetKindName): readonly FixedChannel[] | undefined {
  const rule = CHANNEL_RULES[kind]
  return rule.layout === 'fixed' ? rule.channels : undefined
}

/**
 * The ECG channel an import of `kind` takes, given the channel option (`requested`). Kinds whose
 * files name their channels need the opened `file`; a fixed layout needs none. Throws an
 * InputError that says what to choose when the option fits no channel or the choice is ambiguous.
 */
export function chooseKindChannel(kind: DatasetKindName, requested: string | number | undefined, file?: { readonly path: string; readonly channels: readonly ChannelInfo[] }): ChosenChannel {
  const rule = CHANNEL_RULES[kind]
  if (rule.layout === 'per file') {
    if (file === undefined) throw new Error(`${DATASET_KIND_INFO[kind].title} files name their own channels: the channel is chosen from an opened file`)
    return rule.choose(file.channels, requested, file.path)
  }
  const byDefault = rule.channels.find((c) => c.index === rule.byDefault) as FixedChannel
  if (requested === undefined || String(requested).trim() === '') return { channel: byDefault, how: 'default' }
  const key = normalise(requested)
  const found = rule.channels.find((c) => c.aliases.includes(key) || normalise(c.name) === key)
  if (found === undefined) throw new ChannelError(rule.refusal(String(requested)))
  return { channel: found, how: 'requested' }
}

/** Why a channel was chosen, in words (the preview's reason, the import's note). */
export function whyChosen(kind: DatasetKindName, how: ChannelChoice): string {
  const rule = CHANNEL_RULES[kind]
  return how === 'default' ? (rule.layout === 'fixed' ? rule.defaultWhy : 'the default') : WHY[how]
}
