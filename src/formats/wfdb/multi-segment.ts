/**
 * Multi-segment WFDB records (long Holter and ICU recordings, e.g. MIMIC waveforms): a master
 * header lists segments, each an ordinary single-segment record beside it, read one after
 * another as one continuous signal per channel.
 *
 * - Fixed layout: every segment has the same signals; channel i is signal i of every segment.
 * - Variable layout: the first segment is a layout header of 0 samples (`<name>_layout`, data
 *   file `~`) listing every signal of the record; a segment holds any subset of them, matched by
 *   name. A channel absent from a segment has no samples there.
 * - Null segments (`~ n`) are n frames with no signal at all.
 *
 * Stretches without samples are NaN, as an invalid sample is: the record keeps its time axis,
 * the import flags (and by default leaves out) the windows that touch them, and `gaps` plus a
 * warning say where the null segments are. Each segment's samples are scaled with its own gain
 * and baseline, so physical values join without a step.
 */
import { basename, dirname, join } from 'node:path'
import { InputError } from '../../common/input-error.js'
import type { ChannelInfo, RecordingGap, SignalFile } from '../types.js'
import { parseWfdbHeader, parseWfdbMasterHeader, wfdbStartTime, type WfdbMasterHeader, type WfdbSignalSpec } from './header.js'
import { openSingleSegment, readWfdbHeaderText, type WfdbRecord } from './record.js'

/** An opened multi-segment record. Channel i is signal i of the layout (or of the first segment). */
export interface WfdbMultiRecord extends SignalFile {
  readonly format: 'wfdb'
  readonly master: WfdbMasterHeader
  /** The master header, the layout header, and every segment's header and data files. */
  readonly files: readonly string[]
}

/** One segment as read: its place on the record's time axis and which signal feeds each channel. */
interface PlacedSegment {
  readonly name: string
  /** First frame of the segment on the record's time axis. */
  readonly start: number
  readonly frames: number
  /** undefined for a null segment. */
  readonly record: WfdbRecord | undefined
  /** Per channel, the segment's signal index, or -1 when the segment does not have it. */
  readonly source: readonly number[]
}

/** A description of the channels every segment is matched against. */
interface ChannelPlan {
  readonly specs: readonly WfdbSignalSpec[]
  readonly variable: boolean
}

/** Opens a multi-segment record from its master header's path and text. */
export async function openMultiSegment(path: string, text: string): Promise<WfdbMultiRecord> {
  const master = parseWfdbMasterHeader(text, path)
  const dir = dirname(path)
  const files = [path]
  const segmentPath = (name: string): string => join(dir, `${name}.hea`)
  const [firstSpec, ...restSpecs] = master.segments
  const variable = firstSpec !== undefined && firstSpec.sampleCount === 0 && firstSpec.name !== '~'

  let plan: ChannelPlan | undefined
  if (variable) {
    const layout = await readWfdbHeaderText(segmentPath(firstSpec.name)).catch(() => {
      throw new InputError(`the layout header ${firstSpec.name}.hea of this multi-segment record is missing; put it in the same folder as the master header.`, path)
    })
    plan = { specs: parseWfdbHeader(layout.text, layout.path).signals, variable: true }
    files.push(layout.path)
  }
  const segments: PlacedSegment[] = []
  let start = 0
  for (const spec of variable ? restSpecs : master.segments) {
    let record: WfdbRecord | undefined
    if (spec.name !== '~') {
      const header = await readWfdbHeaderText(segmentPath(spec.name)).catch(() => {
        throw new InputError(`segment ${spec.name} of this multi-segment record has no header ${spec.name}.hea; put every segment's files in the same folder as the master header.`, path)
      })
      record = await openSingleSegment(header.path, header.text)
      files.push(...record.files)
      checkSegment(record, spec.name, spec.sampleCount, master.fs, path)
      plan ??= { specs: record.header.signals, variable: false }
    }
    segments.push({ name: spec.name, start, frames: spec.sampleCount, record, source: [] })
    start += spec.sampleCount
  }
  if (plan === undefined) {
    throw new InputError('every segment of this multi-segment record is a null segment (~), so it holds no signal; choose another record.', path)
  }
  const channelPlan = plan
  const placed = segments.map((s) => ({ ...s, source: s.record === undefined ? [] : matchSignals(channelPlan, s.record, s.name, path) }))
  const totalFrames = start

  const channels: ChannelInfo[] = channelPlan.specs.map((spec, index) => ({
    index,
    name: spec.description,
    unit: spec.units,
    fs: master.fs * spec.samplesPerFrame,
    sampleCount: totalFrames * spec.samplesPerFrame,
  }))
  const gaps: RecordingGap[] = placed
    .filter((s) => s.record === undefined && s.frames > 0)
    .map((s) => ({ startS: s.start / master.fs, durationS: s.frames / master.fs }))
  const warnings = describeHoles(placed, channels, gaps, master)
  if (master.sampleCount !== undefined && master.sampleCount !== totalFrames) {
    warnings.push(`the master header gives ${master.sampleCount} samples per signal but its segments add up to ${totalFrames}; the segments' lengths were used.`)
  }

  return {
    path,
    format: 'wfdb',
    master,
    files: [...new Set(files)],
    channels,
    events: [],
    gaps,
    startTime: wfdbStartTime(master.baseTime, master.baseDate),
    warnings,
    async readChannel(index: number): Promise<Float64Array> {
      const spec = Number.isInteger(index) ? channelPlan.specs[index] : undefined
      if (spec === undefined) {
        throw new InputError(`channel ${index} does not exist; the record has ${channels.length} channels, numbered 0 to ${channels.length - 1}.`, path)
      }
      const spf = spec.samplesPerFrame
      const out = new Float64Array(totalFrames * spf).fill(Number.NaN)
      for (const segment of placed) {
        const source = segment.source[index] ?? -1
        if (segment.record === undefined || source < 0) continue
        const values = await segment.record.readChannel(source)
        out.set(values.subarray(0, segment.frames * spf), segment.start * spf)
      }
      return out
    },
  }
}

/** Refuses a segment that does not fit its place in the master header. */
function checkSegment(record: WfdbRecord, name: string, frames: number, fs: number, masterPath: string): void {
  if (record.header.fs !== fs) {
    throw new InputError(`segment ${name} is sampled at ${record.header.fs} Hz but the multi-segment record at ${fs} Hz; every segment of a record must have the master's rate.`, masterPath)
  }
  const held = Math.min(...record.channels.map((c, i) => c.sampleCount / (record.header.signals[i]?.samplesPerFrame ?? 1)))
  if (held < frames) {
    throw new InputError(`the multi-segment header gives segment ${name} ${frames} samples but its files hold only ${held}; the segment is truncated or belongs to another record.`, masterPath)
  }
}

/** For each channel of the plan, the segment's signal that carries it (-1: none). */
function matchSignals(plan: ChannelPlan, record: WfdbRecord, name: string, masterPath: string): number[] {
  const signals = record.header.signals
  if (!plan.variable) {
    if (signals.length !== plan.specs.length) {
      throw new InputError(`segment ${name} has ${signals.length} signals but the first segment has ${plan.specs.length}; a multi-segment record without a layout header needs the same signals in every segment.`, masterPath)
    }
    return plan.specs.map((spec, i) => checkRate(spec, signals[i]!, name, masterPath, i))
  }
  const used = new Set<number>()
  return plan.specs.map((spec) => {
    // Matched by name; a name listed twice in the layout takes the segment's signals of that name in order.
    const j = signals.findIndex((s, k) => !used.has(k) && s.description === spec.description)
    if (j < 0) return -1
    used.add(j)
    return checkRate(spec, signals[j]!, name, masterPath, j)
  })
}

function checkRate(spec: WfdbSignalSpec, signal: WfdbSignalSpec, name: string, masterPath: string, index: number): number {
  if (signal.samplesPerFrame !== spec.samplesPerFrame) {
    throw new InputError(`signal "${signal.description}" of segment ${name} has ${signal.samplesPerFrame} samples per frame where the record's layout has ${spec.samplesPerFrame}; the segments do not form one record.`, masterPath)
  }
  return index
}

/** Warnings for null segments and for channels that some segments do not carry. */
function describeHoles(placed: readonly PlacedSegment[], channels: readonly ChannelInfo[], gaps: readonly RecordingGap[], master: WfdbMasterHeader): string[] {
  const warnings: string[] = []
  if (gaps.length > 0) {
    const seconds = gaps.reduce((t, g) => t + g.durationS, 0)
    const what = gaps.length === 1 ? '1 null segment' : `${gaps.length} null segments`
    warnings.push(`${what} of ${basename(master.recordName)} (${formatSeconds(seconds)} in all) ${gaps.length === 1 ? 'holds' : 'hold'} no signal; there every channel is NaN and the windows that touch it are flagged.`)
  }
  for (const channel of channels) {
    const missing = placed.filter((s) => s.record !== undefined && s.frames > 0 && (s.source[channel.index] ?? -1) < 0)
    if (missing.length === 0) continue
    const seconds = missing.reduce((t, s) => t + s.frames / master.fs, 0)
    warnings.push(`"${channel.name}" is missing from ${missing.length} segment${missing.length === 1 ? '' : 's'} (${formatSeconds(seconds)} in all); there it is NaN and the windows that touch it are flagged.`)
  }
  return warnings
}

function formatSeconds(s: number): string {
  if (s < 120) return `${Number(s.toFixed(1))} s`
  if (s < 7200) return `${Number((s / 60).toFixed(1))} min`
  return `${Number((s / 3600).toFixed(1))} h`
}
