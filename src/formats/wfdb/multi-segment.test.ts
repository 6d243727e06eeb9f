import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectInputError } from '../../../tests/helpers/expect-input-error.js'
import { getAdapter } from '../adapters/index.js'
import { openWfdb } from './open.js'

let root: string
let n = 0
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'wfdb-multi-')) })
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

const checksum = (values: readonly number[]): number => (values.reduce((a, b) => (a + b) | 0, 0) << 16) >> 16

interface Signal { readonly name: string; readonly gain: number; readonly baseline: number; readonly values: readonly number[] }

/** Format 16 segment record `<name>.hea/.dat` holding the signals frame by frame. */
function segment(name: string, fs: number, signals: readonly Signal[]): Record<string, string | Uint8Array> {
  const frames = signals[0]!.values.length
  const data = Buffer.alloc(2 * frames * signals.length)
  for (let f = 0; f < frames; f++) signals.forEach((s, k) => data.writeInt16LE(s.values[f]!, 2 * (f * signals.length + k)))
  const lines = signals.map((s) => `${name}.dat 16 ${s.gain}(${s.baseline})/mV 16 0 ${s.values[0]} ${checksum(s.values)} 0 ${s.name}`)
  return { [`${name}.hea`]: `${name} ${signals.length} ${fs} ${frames}\n${lines.join('\n')}\n`, [`${name}.dat`]: data }
}

async function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = join(root, `case${n++}`)
  await mkdir(dir)
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return dir
}

const ramp = (length: number, start: number, step: number): number[] => Array.from({ length }, (_, i) => start + i * step)

describe('multi-segment WFDB records', () => {
  it('a fixed layout joins its segments per channel, each scaled with its own gain and baseline', async () => {
    const a1 = ramp(30, -100, 7)
    const b1 = ramp(30, 50, -3)
    const a2 = ramp(20, 900, -11)
    const b2 = ramp(20, 0, 5)
    const dir = await folder({
      'rec.hea': 'rec/2 2 100 50 10:00:00 01/02/2003\nrec_1 30\nrec_2 20\n',
      ...segment('rec_1', 100, [{ name: 'MLII', gain: 200, baseline: 10, values: a1 }, { name: 'V5', gain: 100, baseline: 0, values: b1 }]),
      ...segment('rec_2', 100, [{ name: 'MLII', gain: 400, baseline: -20, values: a2 }, { name: 'V5', gain: 50, baseline: 3, values: b2 }]),
    })
    const rec = await openWfdb(join(dir, 'rec'))
    expect(rec.channels).toEqual([
      { index: 0, name: 'MLII', unit: 'mV', fs: 100, sampleCount: 50 },
      { index: 1, name: 'V5', unit: 'mV', fs: 100, sampleCount: 50 },
    ])
    expect(rec.startTime).toBe('2003-02-01T10:00:00')
    expect(rec.gaps).toEqual([])
    expect(Array.from(await rec.readChannel(0))).toEqual([...a1.map((v) => (v - 10) / 200), ...a2.map((v) => (v + 20) / 400)])
    expect(Array.from(await rec.readChannel(1))).toEqual([...b1.map((v) => v / 100), ...b2.map((v) => (v - 3) / 50)])
    expect([...rec.files].map((f) => f.slice(dir.length + 1)).sort()).toEqual(['rec.hea', 'rec_1.dat', 'rec_1.hea', 'rec_2.dat', 'rec_2.hea'])
  })

  it('a variable layout matches signals by name, and null segments and missing signals are NaN', async () => {
    const ii1 = ramp(40, 1, 2)
    const v1 = ramp(40, -5, 1)
    const ii2 = ramp(30, 300, -4)
    const abp3 = ramp(10, 80, 1)
    const ii3 = ramp(10, 7, 0)
    const dir = await folder({
      'icu.hea': 'icu/6 3 50 130\nicu_layout 0\n~ 25\nicu_1 40\nicu_2 30\n~ 25\nicu_3 10\n# Location: micu\n',
      'icu_layout.hea': 'icu_layout 3 50 0\n~ 0 100/mV 12 0 0 0 0 II\n~ 0 100/mV 12 0 0 0 0 V\n~ 0 1/mmHg 12 0 0 0 0 ABP\n',
      ...segment('icu_1', 50, [{ name: 'V', gain: 10, baseline: 0, values: v1 }, { name: 'II', gain: 20, baseline: 1, values: ii1 }]),
      ...segment('icu_2', 50, [{ name: 'II', gain: 40, baseline: 0, values: ii2 }]),
      ...segment('icu_3', 50, [{ name: 'ABP', gain: 2, baseline: 0, values: abp3 }, { name: 'II', gain: 20, baseline: 1, values: ii3 }]),
    })
    const rec = await openWfdb(join(dir, 'icu.hea'))
    expect(rec.channels.map((c) => [c.name, c.unit, c.fs, c.sampleCount])).toEqual([['II', 'mV', 50, 130], ['V', 'mV', 50, 130], ['ABP', 'mmHg', 50, 130]])
    expect(rec.gaps).toEqual([{ startS: 0, durationS: 0.5 }, { startS: 1.9, durationS: 0.5 }])
    expect(rec.warnings).toEqual([
      '2 null segments of icu (1 s in all) hold no signal; there every channel is NaN and the windows that touch it are flagged.',
      '"V" is missing from 2 segments (0.8 s in all); there it is NaN and the windows that touch it are flagged.',
      '"ABP" is missing from 2 segments (1.4 s in all); there it is NaN and the windows that touch it are flagged.',
    ])
    const nan = (k: number): number[] => Array<number>(k).fill(Number.NaN)
    expect(Array.from(await rec.readChannel(0))).toEqual([...nan(25), ...ii1.map((v) => (v - 1) / 20), ...ii2.map((v) => v / 40), ...nan(25), ...ii3.map((v) => (v - 1) / 20)])
    expect(Array.from(await rec.readChannel(1))).toEqual([...nan(25), ...v1.map((v) => v / 10), ...nan(65)])
    expect(Array.from(await rec.readChannel(2))).toEqual([...nan(120), ...abp3.map((v) => v / 2)])
  })

  it('a folder holding a multi-segment record imports it once, not its segments again', async () => {
    const dir = await folder({
      'long.hea': 'long/2 1 100 60\nlong_a 30\nlong_b 30\n',
      ...segment('long_a', 100, [{ name: 'ECG', gain: 200, baseline: 0, values: ramp(30, 0, 3) }]),
      ...segment('long_b', 100, [{ name: 'ECG', gain: 200, baseline: 0, values: ramp(30, 90, -3) }]),
    })
    const scan = await (await getAdapter('wfdb'))({ path: dir })
    expect(scan.recordings.map((r) => [r.subject, r.channel, r.sampleCount])).toEqual([['long', 'ECG', 60]])
    expect(scan.sourceFiles.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['long.hea', 'long_a.dat', 'long_a.hea', 'long_b.dat', 'long_b.hea'])
  })

  it('warns when the master header\'s length disagrees with its segments, and uses the segments', async () => {
    const dir = await folder({ 'w.hea': 'w/1 1 100 99\nw_1 20\n', ...segment('w_1', 100, [{ name: 'ECG', gain: 1, baseline: 0, values: ramp(20, 0, 1) }]) })
    const rec = await openWfdb(join(dir, 'w'))
    expect(rec.channels[0]?.sampleCount).toBe(20)
    expect(rec.warnings).toEqual(['the master header gives 99 samples per signal but its segments add up to 20; the segments\' lengths were used.'])
  })

  it('refuses segments that do not form one record, in one sentence', async () => {
    const one = (name: string, fs: number, frames: number, signals = 1): Record<string, string | Uint8Array> =>
      segment(name, fs, Array.from({ length: signals }, (_, k) => ({ name: `S${k}`, gain: 200, baseline: 0, values: ramp(frames, k, 1) })))
    const cases: [Record<string, string | Uint8Array>, RegExp][] = [
      [{ 'm.hea': 'm/2 1 100 20\nm_1 10\nm_2 10\n', ...one('m_1', 100, 10), ...one('m_2', 250, 10) }, /segment m_2 is sampled at 250 Hz but the multi-segment record at 100 Hz/],
      [{ 'm.hea': 'm/2 1 100 30\nm_1 10\nm_2 20\n', ...one('m_1', 100, 10), ...one('m_2', 100, 10) }, /gives segment m_2 20 samples but its files hold only 10/],
      [{ 'm.hea': 'm/2 2 100 20\nm_1 10\nm_2 10\n', ...one('m_1', 100, 10, 2), ...one('m_2', 100, 10, 1) }, /segment m_2 has 1 signals but the first segment has 2/],
      [{ 'm.hea': 'm/2 1 100 20\n~ 10\n~ 10\n' }, /every segment of this multi-segment record is a null segment/],
      [{ 'm.hea': 'm/1 1 100 10\nm_1 10\n', 'm_1.hea': 'm_1/1 1 100 10\nm_2 10\n' }, /master header of a multi-segment record where a single-segment record is expected/],
      [{ 'm.hea': 'm/1 1 100 10\nm_1 x\n' }, /number of samples of segment m_1 "x" in the WFDB header is not a whole number/],
      [{ 'm.hea': 'm/0 1 100 10\n' }, /declares 0 segments/],
    ]
    for (const [files, pattern] of cases) await expectInputError(openWfdb(join(await folder(files), 'm')), pattern)
  })
})
