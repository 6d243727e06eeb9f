/**
 * Which channel of a CSV, EDF or WFDB file holds the ECG.
 *
 * `--channel` picks by name (case-insensitive) or 0-based index. Without it:
 * 1. channels whose name contains ECG or EKG; if none,
 * 2. channels named like a standard lead (I, II, III, aVR, aVL, aVF, V, V1–V6, MLI, MLII, MLIII,
 *    MV1…, MCL1…, CM5) — e.g. MIT-BIH's "MLII" and "V5";
 * 3. among several candidates, the one that is lead II (II, MLII, "ECG II"): lead II is the
 *    usual rhythm lead and the one single-lead ECG work (including the paper) uses;
 * 4. a file with a single channel uses it, whatever its name.
 * Anything still ambiguous is an InputError listing the channels and asking for --channel.
 */
import { InputError } from '../../common/input-error.js'
import type { ChannelInfo } from '../types.js'
import { term } from '../../common/wording.js'

/** How the channel was chosen, for the import notes ('default': a fixed layout's default, channel-rules.ts). */
export type ChannelChoice = 'requested' | 'ecg name' | 'lead name' | 'lead II' | 'only channel' | 'default'

export interface ChosenChannel {
  readonly channel: ChannelInfo
  readonly how: ChannelChoice
}

// 'V' is a precordial lead of unnamed position (MIT-BIH), MCLn a modified chest lead, CM5 a
// bipolar chest lead; all are ECG.
const LEAD_NAMES = new Set([
  'i', 'ii', 'iii', 'avr', 'avl', 'avf', 'v', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'mli', 'mlii', 'mliii',
  'mv1', 'mv2', 'mv3', 'mv4', 'mv5', 'mv6', 'mcl1', 'mcl2', 'mcl3', 'mcl4', 'mcl5', 'mcl6', 'cm5',
])
const LEAD_II = new Set(['ii', 'mlii'])

/** The name without "ECG"/"EKG"/"lead" words and separators, lower case: "ECG Lead II" → "ii". */
function leadKey(name: string): string {
  return name.toLowerCase().replace(/ecg|ekg|lead/g, '').replace(/[^a-z0-9]/g, '')
}

/** "0 'MLII', 1 'V5'" — the channel list shown in messages. */
export function describeChannels(channels: readonly ChannelInfo[]): string {
  return channels.map((c) => `${c.index} '${c.name}'`).join(', ')
}

/**
 * Picks the ECG channel of a file (see the module comment for the rule).
 * Throws InputError when the requested channel does not exist or the choice is ambiguous.
 */
export function chooseChannel(channels: readonly ChannelInfo[], requested: string | number | undefined, file: string): ChosenChannel {
  if (channels.length === 0) throw new InputError('the file has no signal channels; there is nothing to import.', file)
  if (requested !== undefined) return { channel: requestedChannel(channels, requested, file), how: 'requested' }
  const ecg = channels.filter((c) => /ecg|ekg/i.test(c.name))
  const leads = channels.filter((c) => LEAD_NAMES.has(leadKey(c.name)))
  const candidates = ecg.length > 0 ? ecg : leads
  const how: ChannelChoice = ecg.length > 0 ? 'ecg name' : 'lead name'
  if (candidates.length === 1) return { channel: candidates[0] as ChannelInfo, how }
  if (candidates.length > 1) {
    const leadII = candidates.filter((c) => LEAD_II.has(leadKey(c.name)))
    if (leadII.length === 1) return { channel: leadII[0] as ChannelInfo, how: 'lead II' }
    throw new InputError(
      `several channels could be the ECG (${describeChannels(candidates)}); ${term('pass-channel')} with a name or 0-based index to choose one.`,
      file,
    )
  }
  if (channels.length === 1) return { channel: channels[0] as ChannelInfo, how: 'only channel' }
  throw new InputError(`no channel is named like an ECG (channels: ${describeChannels(channels)}); ${term('pass-channel')} with a name or 0-based index.`, file)
}

function requestedChannel(channels: readonly ChannelInfo[], requested: string | number, file: string): ChannelInfo {
  if (typeof requested === 'string') {
    const wanted = requested.trim().toLowerCase()
    const byName = channels.filter((c) => c.name.trim().toLowerCase() === wanted)
    if (byName.length === 1) return byName[0] as ChannelInfo
    if (byName.length > 1) {
      throw new InputError(`${byName.length} channels are named '${requested}' (${describeChannels(byName)}); ${term('pass-channel')} with the 0-based index of one of them.`, file)
    }
    if (!/^\d+$/.test(wanted)) {
      throw new InputError(`there is no channel named '${requested}'; the channels are ${describeChannels(channels)}; ${term('pass-channel')} with one of these names or indexes.`, file)
    }
  }
  const index = Number(requested)
  const channel = Number.isInteger(index) ? channels[index] : undefined
  if (channel === undefined) {
    throw new InputError(`there is no channel ${String(requested)}; the channels are ${describeChannels(channels)}; ${term('pass-channel')} with one of these names or indexes.`, file)
  }
  return channel
}
