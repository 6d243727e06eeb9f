import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { py2Pickle, PickleWriter, wesadValue, type WesadSpec } from '../../../tests/helpers/pickle-writer.js'
import { InputError } from '../../common/input-error.js'
import { wesadAdapter } from './wesad.js'

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/python-pickle/', import.meta.url))
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wesad-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Label runs as [code, samples]; 7000 samples = 10 s at 700 Hz. */
function labelsOf(runs: readonly (readonly [number, number])[]): number[] {
  return runs.flatMap(([code, n]) => Array<number>(n).fill(code))
}

const S2_RUNS = [[0, 700], [1, 7000], [0, 100], [2, 7700], [6, 300], [3, 7000], [4, 7000], [0, 50], [4, 7001], [5, 10], [4, 3500]] as const
const S3_RUNS = [[1, 7100], [7, 5], [2, 7000]] as const

async function writeSubject(folder: string, spec: WesadSpec, name = spec.subject): Promise<string> {
  await mkdir(join(folder, name), { recursive: true })
  const path = join(folder, name, `${name}.pkl`)
  await writeFile(path, py2Pickle(wesadValue(spec)))
  return path
}

const ecgOf = (n: number, scale: number): Float64Array => Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 10007) / scale - 0.5)

describe('wesadAdapter', () => {
  it('turns each contiguous condition run of each subject into a recording with exact samples', async () => {
    const root = join(dir, 'WESAD')
    const ecg2 = ecgOf(labelsOf(S2_RUNS).length, 5000)
    const ecg3 = ecgOf(labelsOf(S3_RUNS).length, 3000)
    const p3 = await writeSubject(root, { subject: 'S3', ecg: ecg3, label: labelsOf(S3_RUNS), labelDescr: '<i8' })
    const p2 = await writeSubject(root, { subject: 'S2', ecg: ecg2, label: labelsOf(S2_RUNS) })
    await writeFile(join(root, 'S3', 'S3_quest.csv'), 'not read')
    const scan = await wesadAdapter({ path: root })
    expect(scan.kind).toBe('wesad')
    expect(scan.sourceFiles).toEqual([p2, p3])
    expect(scan.labelNames).toEqual(['condition', 'stress'])
    expect(scan.labelScales).toEqual({ stress: { min: 0, max: 1 } })
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.sampleCount, r.labels])).toEqual([
      ['S2', 'baseline', 7000, { condition: 'baseline', stress: 0 }],
      ['S2', 'stress', 7700, { condition: 'stress', stress: 1 }],
      ['S2', 'amusement', 7000, { condition: 'amusement', stress: 0 }],
      ['S2', 'meditation-1', 7000, { condition: 'meditation', stress: 0 }],
      ['S2', 'meditation-2', 7001, { condition: 'meditation', stress: 0 }],
      ['S3', 'baseline', 7100, { condition: 'baseline', stress: 0 }],
      ['S3', 'stress', 7000, { condition: 'stress', stress: 1 }],
    ])
    expect(scan.skipped).toEqual([{ item: 'S2 meditation-3', reason: 'the meditation run lasts 5.00 s, shorter than 10 s' }])
    expect(scan.recordings.every((r) => r.fs === 700 && r.channel === 'ECG')).toBe(true)
    expect(scan.recordings[0]?.sourceFiles).toEqual([p2])
    // Load out of order on purpose: S3, then S2 twice, then S3 again.
    const s3stress = await scan.recordings[6]?.load()
    expect(Array.from(s3stress ?? [])).toEqual(Array.from(ecg3.subarray(7105, 14105)))
    const s2stress = await scan.recordings[1]?.load()
    expect(Array.from(s2stress ?? [])).toEqual(Array.from(ecg2.subarray(7800, 15500)))
    const s2med2 = await scan.recordings[4]?.load()
    expect(s2med2?.length).toBe(7001)
    expect(s2med2?.[0]).toBe(ecg2[700 + 7000 + 100 + 7700 + 300 + 7000 + 7000 + 50])
    expect((await scan.recordings[5]?.load())?.[7099]).toBe(ecg3[7099])
  })

  it('reads a single subject file and uses its name when the dict has no subject', async () => {
    const path = join(dir, 'single.pkl')
    const value = wesadValue({ subject: 'S9', ecg: ecgOf(7000, 100), label: Array<number>(7000).fill(3) }) as Record<string, unknown>
    delete value.subject
    await writeFile(path, py2Pickle(value as Parameters<typeof py2Pickle>[0]))
    const scan = await wesadAdapter({ path })
    expect(scan.recordings.map((r) => [r.subject, r.trial])).toEqual([['single', 'amusement']])
  })

  it('reads a real Python pickle: every run of the 200-sample fixture is too short', async () => {
    const scan = await wesadAdapter({ path: join(FIXTURES, 'wesad-like-protocol4.pkl') })
    expect(scan.recordings).toEqual([])
    expect(scan.skipped).toEqual([
      { item: 'S2 baseline', reason: 'the baseline run lasts 0.09 s, shorter than 10 s' },
      { item: 'S2 stress', reason: 'the stress run lasts 0.06 s, shorter than 10 s' },
      { item: 'S2 meditation', reason: 'the meditation run lasts 0.06 s, shorter than 10 s' },
    ])
  })

  it('skips a broken subject in a folder but refuses a broken single file', async () => {
    const root = join(dir, 'mixed')
    await writeSubject(root, { subject: 'S4', ecg: ecgOf(7000, 10), label: Array<number>(7000).fill(1) })
    const bad = await writeSubject(root, { subject: 'S5', ecg: ecgOf(10, 10), label: Array<number>(10).fill(1), omitEcg: true })
    const scan = await wesadAdapter({ path: root })
    expect(scan.recordings.map((r) => r.subject)).toEqual(['S4'])
    expect(scan.skipped).toHaveLength(1)
    expect(scan.skipped[0]?.item).toBe('S5.pkl')
    expect(scan.skipped[0]?.reason).toMatch(/^the pickle has no numeric signal\.chest\.ECG array/)
    await expect(wesadAdapter({ path: bad })).rejects.toThrow(/no numeric signal\.chest\.ECG array/)
  })

  it('refuses bad input with one clear InputError', async () => {
    const cases: [string, Uint8Array, RegExp][] = [
      ['text.pkl', Buffer.from('hello, world\n'), /not a Python pickle/],
      ['cut.pkl', py2Pickle(wesadValue({ subject: 'S2', ecg: [1, 2], label: [1, 1] })).subarray(0, 120), /truncated/],
      ['evil.pkl', new PickleWriter().op(0x80, 2).raw('cposix\nsystem\n').str('ls').op(0x85, 0x52, 0x2e).bytes(), /"posix.system"/],
      ['noecg.pkl', py2Pickle(wesadValue({ subject: 'S2', ecg: [1], label: [1], omitEcg: true })), /no numeric signal\.chest\.ECG/],
      ['length.pkl', py2Pickle(wesadValue({ subject: 'S2', ecg: [1, 2, 3], label: [1, 1] })), /label array has 2 samples but the chest ECG has 3/],
      ['nolabel.pkl', py2Pickle({ signal: { chest: (wesadValue({ subject: 'S', ecg: [1], label: [1] }) as { signal: { chest: Record<string, never> } }).signal.chest } }), /no numeric label array/],
    ]
    for (const [name, bytes, message] of cases) {
      const path = join(dir, name)
      await writeFile(path, bytes)
      const error = await wesadAdapter({ path }).then(() => undefined, (e: unknown) => e)
      expect(error, name).toBeInstanceOf(InputError)
      expect((error as Error).message, name).toMatch(message)
    }
    await expect(wesadAdapter({ path: join(dir, 'missing') })).rejects.toThrow(/does not exist/)
    await mkdir(join(dir, 'empty'))
    await expect(wesadAdapter({ path: join(dir, 'empty') })).rejects.toThrow(/no WESAD subject files/)
  })
})
