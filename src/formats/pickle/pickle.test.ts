import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NpArray, PickleWriter, py2Pickle, PyUnicode, wesadValue } from '../../../tests/helpers/pickle-writer.js'
import { FileRange, NdArray, pyGet, readPickle, readPickleFile, type NumericArray, type PyValue } from './pickle.js'

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/python-pickle/', import.meta.url))
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pickle-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Converts a reader value to the JSON form make_pickle_fixture.py writes. */
async function toExpected(value: PyValue): Promise<unknown> {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of value) out[String(k)] = await toExpected(v)
    return out
  }
  if (value instanceof NdArray) {
    const data = await value.load()
    const values = Array.from(data as ArrayLike<number | bigint>, (x) => (value.dtype.kind === 'b1' ? x === 1 : scalar(x)))
    return { descr: value.descr, shape: [...value.shape], fortran: value.fortranOrder, values }
  }
  if (value instanceof Uint8Array) return { bytes: Array.from(value) }
  if (Array.isArray(value)) return Promise.all(value.map(toExpected))
  return scalar(value)
}

/** Elements of any typed array as a plain array. */
function list(a: NumericArray): (number | bigint)[] {
  return Array.from(a as ArrayLike<number | bigint>)
}

function scalar(x: unknown): unknown {
  if (typeof x === 'bigint') return Number.isSafeInteger(Number(x)) ? Number(x) : x.toString()
  if (typeof x === 'number' && !Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf'
  return x
}

describe('readPickle on pickles written by real Python', () => {
  for (const protocol of [2, 4, 5]) {
    it(`reads protocol ${protocol} from Python 3 + NumPy exactly (in memory and streamed)`, async () => {
      const expected = (JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8')) as { value: unknown }).value
      const path = join(FIXTURES, `wesad-like-protocol${protocol}.pkl`)
      const inMemory = readPickle(await readFile(path), path)
      expect(await toExpected(inMemory)).toEqual(expected)
      const streamed = await readPickleFile(path, { lazyBytes: 256 })
      expect(pyGet(streamed, 'signal', 'chest', 'ECG')).toBeInstanceOf(NdArray)
      if (protocol > 2) expect((pyGet(streamed, 'signal', 'chest', 'ECG') as NdArray).raw).toBeInstanceOf(FileRange)
      expect(await toExpected(streamed)).toEqual(expected)
    })
  }

  for (const name of ['py2-wesad-like.pkl', 'py2-wesad-like-protocol0.pkl']) {
    it(`reads ${name} from Python 2.7 cPickle (NumPy reduce stand-in) with latin-1 strings`, async () => {
    const path = join(FIXTURES, name)
    const streamed = await readPickleFile(path, { lazyBytes: 500 })
    const raw = (pyGet(streamed, 'signal', 'chest', 'ECG') as NdArray).raw
    expect(raw).toBeInstanceOf(FileRange)
    expect((raw as FileRange).escaped).toBe(name.includes('protocol0'))
    for (const value of [readPickle(await readFile(path), path), streamed]) {
      expect(pyGet(value, 'subject')).toBe('S9')
      const ecg = pyGet(value, 'signal', 'chest', 'ECG') as NdArray
      expect(ecg.descr).toBe('<f8')
      expect(ecg.shape).toEqual([100, 1])
      expect(list(await ecg.load())).toEqual(Array.from({ length: 100 }, (_, i) => ((i * 37) % 101) / 8 - 6))
      const label = pyGet(value, 'label') as NdArray
      expect(label.descr).toBe('<i4')
      expect(list(await label.load())).toEqual([...Array<number>(10).fill(0), ...Array<number>(40).fill(1), ...Array<number>(30).fill(2), ...Array<number>(20).fill(7)])
      const temp = pyGet(value, 'signal', 'chest', 'Temp') as NdArray
      expect(temp.descr).toBe('<f4')
      expect(list(await temp.toFloat64())).toEqual(Array<number>(100).fill(33.25))
      const acc = pyGet(value, 'signal', 'chest', 'ACC') as NdArray
      expect((await acc.load())[299]).toBe(299 / 4)
      expect(list(await (pyGet(value, 'signal', 'wrist', 'BVP') as NdArray).load())).toEqual([1.5, -1.5])
    }
    const asBytes = readPickle(await readFile(path), path, { encoding: 'bytes' })
    expect(pyGet(asBytes, 'subject')).toEqual(Uint8Array.from([0x53, 0x39]))
    })
  }

  it('reads a Python 2.7 protocol 0 pickle (text opcodes, escapes, longs, unicode)', async () => {
    const path = join(FIXTURES, 'py2-protocol0.pkl')
    const value = readPickle(await readFile(path), path)
    expect(value).toEqual(
      new Map<string, PyValue>([
        ['a', 'abc\x00\n\'"\\'],
        ['f', 1.5],
        ['big', 12345678901234567890n],
        ['l', [1, -2]],
        ['n', 42],
        ['u', 'caf\u00e9 \u03bb\\'],
        ['t', [true, false, null]],
      ]),
    )
    expect(await readPickleFile(path)).toEqual(value)
  })
})

describe('readPickle on pickles written like Python 2 cPickle + NumPy (test writer)', () => {
  it('rebuilds a WESAD subject dict exactly, reusing memoized dtypes', () => {
    const ecg = [0.5, -0.25, 1e-3, 3.75, -2]
    const bytes = py2Pickle(wesadValue({ subject: 'S2', ecg, label: [0, 1, 1, 2, 4] }))
    const value = readPickle(bytes, 'S2.pkl')
    expect(value).toBeInstanceOf(Map)
    expect([...(value as Map<string, PyValue>).keys()]).toEqual(['signal', 'label', 'subject'])
    expect(pyGet(value, 'subject')).toBe('S2')
    const ecgArray = pyGet(value, 'signal', 'chest', 'ECG') as NdArray
    expect(ecgArray.shape).toEqual([5, 1])
    expect(ecgArray.fortranOrder).toBe(false)
    expect(list(ecgArray.data)).toEqual(ecg)
    expect(list((pyGet(value, 'label') as NdArray).data)).toEqual([0, 1, 1, 2, 4])
    expect([...(pyGet(value, 'signal', 'chest') as Map<string, PyValue>).keys()]).toEqual(['ACC', 'ECG', 'EMG', 'EDA', 'Temp', 'Resp'])
    expect((pyGet(value, 'signal', 'chest', 'Temp') as NdArray).descr).toBe('<f4')
  })

  it('respects byte order and integer widths', () => {
    const value = readPickle(
      py2Pickle({
        be: new NpArray('>f8', [2], [1.5, -2]),
        bei: new NpArray('>i4', [2], [1, -2]),
        i8: new NpArray('<i8', [2], [-5n, 2n ** 60n]),
        u1: new NpArray('|u1', [3], [0, 128, 255]),
        i1: new NpArray('|i1', [2], [-128, 127]),
        u2: new NpArray('<u2', [1], [65535]),
        f: new NpArray('<i2', [2, 3], [0, 3, 1, 4, 2, 5], true),
        text: new PyUnicode('λ'),
      }),
      'x.pkl',
    )
    expect(list((pyGet(value, 'be') as NdArray).data)).toEqual([1.5, -2])
    expect((pyGet(value, 'be') as NdArray).descr).toBe('>f8')
    expect(list((pyGet(value, 'bei') as NdArray).data)).toEqual([1, -2])
    expect(list((pyGet(value, 'i8') as NdArray).data)).toEqual([-5n, 2n ** 60n])
    expect(list((pyGet(value, 'u1') as NdArray).data)).toEqual([0, 128, 255])
    expect((pyGet(value, 'u1') as NdArray).descr).toBe('|u1')
    expect(list((pyGet(value, 'i1') as NdArray).data)).toEqual([-128, 127])
    expect(list((pyGet(value, 'u2') as NdArray).data)).toEqual([65535])
    expect((pyGet(value, 'f') as NdArray).fortranOrder).toBe(true)
    expect(pyGet(value, 'text')).toBe('λ')
  })

  it('streams a pickle larger than its read buffer: opcodes split across pieces, a text longer than a piece', async () => {
    const w = new PickleWriter().op(0x80, 2).op(0x7d).op(0x28)
    w.str('many').op(0x5d).op(0x28)
    for (let i = 0; i < 200_000; i++) w.int(i % 70_000)
    w.op(0x65)
    w.str('strings').op(0x5d).op(0x28)
    for (let i = 0; i < 100_000; i++) w.str(`s${i}`)
    w.op(0x65)
    const long = 'é'.repeat(1_500_000)
    w.str('long').unicode(long)
    w.str('ecg').ndarray(new NpArray('<f8', [200_000], Float64Array.from({ length: 200_000 }, (_, i) => i / 3)))
    // Protocol 0 array data: an escaped STRING of several MiB, decoded piece by piece on load.
    const text = Float64Array.from({ length: 300_000 }, (_, i) => Math.sin(i) * 1e3)
    w.str('text').ndarray(new NpArray('<f8', [300_000], text), true)
    const bytes = w.op(0x75, 0x2e).bytes()
    const path = join(dir, 'big.pkl')
    await writeFile(path, bytes)
    const value = await readPickleFile(path)
    const many = pyGet(value, 'many') as number[]
    expect(many).toHaveLength(200_000)
    expect(many[199_999]).toBe(199_999 % 70_000)
    const strings = pyGet(value, 'strings') as string[]
    expect(strings.filter((x, i) => x !== `s${i}`)).toEqual([])
    expect(pyGet(value, 'long')).toBe(long)
    const ecg = pyGet(value, 'ecg') as NdArray
    expect(ecg.raw).toBeInstanceOf(FileRange)
    expect(() => ecg.data).toThrow(/load it with load\(\)/)
    const data = await ecg.load()
    expect(data[199_999]).toBe(199_999 / 3)
    expect(ecg.data).toBe(data)
    const fromText = pyGet(value, 'text') as NdArray
    expect((fromText.raw as FileRange).escaped).toBe(true)
    const mismatches = (a: ArrayLike<number | bigint>): number => text.reduce((n, x, i) => (a[i] === x ? n : n + 1), a.length === text.length ? 0 : 1)
    expect(mismatches(await fromText.load())).toBe(0)
    const inMemory = pyGet(readPickle(bytes, 'big.pkl'), 'text') as NdArray
    expect(mismatches(inMemory.data)).toBe(0)
  })
})
