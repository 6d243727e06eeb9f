import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/common/input-error.js'
import { NdArray, pyGet, readPickle, readPickleFile } from '../../src/formats/pickle/pickle.js'
import { NpArray, PickleWriter, py2Pickle, wesadValue } from '../helpers/pickle-writer.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/python-pickle/', import.meta.url))
let dir: string
let counter = 0
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pickle-bad-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Reads bytes both in memory and streamed from a file; both must fail with the same InputError. */
async function failure(bytes: Uint8Array): Promise<string> {
  let memoryMessage = ''
  try {
    readPickle(bytes, 'x.pkl')
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    memoryMessage = (error as Error).message
  }
  expect(memoryMessage).not.toBe('')
  const path = join(dir, `f${counter++}.pkl`)
  await writeFile(path, bytes)
  const streamed = await readPickleFile(path, { lazyBytes: 64 }).then(
    () => undefined,
    (error: unknown) => error,
  )
  expect(streamed).toBeInstanceOf(InputError)
  return memoryMessage
}

const program = (build: (w: PickleWriter) => void): Buffer => {
  const w = new PickleWriter().op(0x80, 2)
  build(w)
  return w.bytes()
}

describe('pickle bad input', () => {
  it('refuses files that are not pickles', async () => {
    expect(await failure(Buffer.from('subject,ecg\nS2,0.1\n'))).toMatch(/not a Python pickle/)
    expect(await failure(Buffer.alloc(0))).toMatch(/empty, so it is not a pickle/)
    expect(await failure(Buffer.from([0x80, 9, 0x4e, 0x2e]))).toMatch(/not a Python pickle/)
  })

  it('refuses a truncated pickle at every cut point', async () => {
    const whole = py2Pickle(wesadValue({ subject: 'S2', ecg: [1, 2, 3], label: [0, 1, 1] }))
    for (let cut = 1; cut < whole.length; cut += 7) {
      expect(await failure(whole.subarray(0, cut))).toMatch(/truncated/)
    }
    expect(await failure(whole.subarray(0, whole.length - 1))).toMatch(/truncated/)
  })

  it('refuses any global outside the allow-list, naming it', async () => {
    const viaGlobal = program((w) => w.raw('cos\nsystem\n').str('echo hi').op(0x85, 0x52, 0x2e))
    expect(await failure(viaGlobal)).toMatch(/Python global "os.system", which the workbench does not allow/)
    const viaStack = program((w) => w.unicode('builtins').unicode('eval').op(0x93).unicode('1+1').op(0x85, 0x52, 0x2e))
    expect(await failure(viaStack)).toMatch(/"builtins.eval"/)
    const viaInst = program((w) => w.op(0x28).raw('isubprocess\nPopen\n').op(0x2e))
    expect(await failure(viaInst)).toMatch(/"subprocess.Popen"/)
    const reconstructor = program((w) => w.raw('ccopy_reg\n_reconstructor\n').op(0x2e))
    expect(await failure(reconstructor)).toMatch(/"copy_reg._reconstructor"/)
  })

  it('refuses calling an allowed class or a plain value', async () => {
    expect(await failure(program((w) => w.global('numpy', 'ndarray').op(0x29, 0x52, 0x2e)))).toMatch(/calls "numpy.ndarray"/)
    expect(await failure(program((w) => w.int(3).op(0x29, 0x52, 0x2e)))).toMatch(/calls a value that is not a function/)
  })

  it('refuses structurally broken opcode streams', async () => {
    expect(await failure(program((w) => w.op(0x2e)))).toMatch(/empty stack/)
    expect(await failure(program((w) => w.op(0x68, 9, 0x2e)))).toMatch(/memo entry 9, which was never stored/)
    expect(await failure(program((w) => w.op(0x74, 0x2e)))).toMatch(/missing MARK/)
    expect(await failure(program((w) => w.op(0xf0, 0x2e)))).toMatch(/unknown opcode 0xf0 at byte 2/)
    expect(await failure(program((w) => w.int(1).int(2).op(0x61, 0x2e)))).toMatch(/not a list or set/)
    expect(await failure(program((w) => w.op(0x5d).int(1).int(2).op(0x73, 0x2e)))).toMatch(/not a dict/)
    expect(await failure(program((w) => w.op(0x54, 0xff, 0xff, 0xff, 0xff, 0x2e)))).toMatch(/negative or impossible length/)
    expect(await failure(program((w) => w.int(1).int(2).op(0x62, 0x2e)))).toMatch(/state of an object the workbench cannot rebuild/)
    expect(await failure(Buffer.from('I12x\n.', 'latin1'))).toMatch(/unreadable integer "12x"/)
    expect(await failure(Buffer.from('Fabc\n.', 'latin1'))).toMatch(/unreadable float "abc"/)
    expect(await failure(Buffer.from('Sabc\n.', 'latin1'))).toMatch(/STRING without quotes/)
  })

  it('refuses features a data file cannot use', async () => {
    expect(await failure(program((w) => w.raw('P1\n').op(0x2e)))).toMatch(/persistent objects/)
    expect(await failure(program((w) => w.op(0x82, 1, 0x2e)))).toMatch(/extension registry/)
    expect(await failure(program((w) => w.op(0x97, 0x2e)))).toMatch(/out-of-band buffers/)
    expect(await failure(program((w) => w.op(0x8b, 0, 0, 1, 0, 0x2e)))).toMatch(/integer too large/)
  })

  it('refuses array data whose length does not match shape and dtype, when the array is read', () => {
    const bytes = program((w) => w.value({ x: new NpArray('<f8', [3], [1, 2, 3]) }).op(0x2e))
    // Claim 4 elements instead of 3: the shape tuple is written as MARK K3 t; change that 3 to 4.
    const at = bytes.indexOf(Buffer.from([0x28, 0x4b, 0x03, 0x74]))
    bytes[at + 2] = 4
    const array = pyGet(readPickle(bytes, 'x.pkl'), 'x') as NdArray
    expect(() => array.data).toThrow(InputError)
    expect(() => array.data).toThrow(/has 24 bytes of data but needs 32/)
    const strings = program((w) => w.value({ x: new NpArray('<f8', [1], [1]) }).op(0x2e))
    strings.write('S8', strings.indexOf(Buffer.from([0x55, 2, 0x66, 0x38])) + 2, 'latin1')
    expect(() => (pyGet(readPickle(strings, 'x.pkl'), 'x') as NdArray).data).toThrow(/NumPy type \|S8 cannot be read as numbers/)
  })

  it('refuses protocol 0 array text with a malformed escape or the wrong length, when the array is loaded', async () => {
    const good = new PickleWriter().op(0x28).raw('S\'x\'\n').ndarray(new NpArray('<f8', [2], [1.5, 2.5]), true).op(0x64, 0x2e).bytes()
    const text = good.toString('latin1')
    const malformed = Buffer.from(text.replace('\\x00', '\\xZ0'), 'latin1')
    expect(await failure(malformed)).toMatch(/malformed \\x escape/)
    const path = join(dir, 'malformed.pkl')
    await writeFile(path, malformed)
    const lazy = pyGet(await readPickleFile(path, { lazyBytes: 8 }), 'x') as NdArray
    await expect(lazy.load()).rejects.toThrow(/malformed \\x escape/)
    const short = Buffer.from(text.replace('\\x00\\x00', ''), 'latin1')
    await writeFile(path, short)
    await expect((pyGet(await readPickleFile(path, { lazyBytes: 8 }), 'x') as NdArray).load()).rejects.toThrow(/decodes to 14 bytes but needs 16/)
    expect(() => (pyGet(readPickle(short, 'x.pkl'), 'x') as NdArray).data).toThrow(/has 14 bytes of data but needs 16/)
  })

  it('never throws anything but InputError while streaming corrupted protocol 0 arrays', async () => {
    const source = await readFile(join(FIXTURES, 'py2-wesad-like-protocol0.pkl'))
    let seed = 7
    for (let trial = 0; trial < 60; trial++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      const bytes = Buffer.from(source)
      bytes[seed % bytes.length] = (seed >> 8) & 0xff
      const path = join(dir, `fuzz${trial}.pkl`)
      await writeFile(path, bytes)
      try {
        const ecg = pyGet(await readPickleFile(path, { lazyBytes: 100 }), 'signal', 'chest', 'ECG')
        if (ecg instanceof NdArray) await ecg.load()
      } catch (error) {
        if (!(error instanceof InputError)) throw error
      }
    }
  })

  it('refuses a missing file', async () => {
    await expect(readPickleFile(join(dir, 'nope.pkl'))).rejects.toThrow(/cannot be opened/)
  })

  it('never throws anything but InputError on corrupted bytes', async () => {
    const sources = [
      py2Pickle(wesadValue({ subject: 'S2', ecg: [1, 2, 3, 4], label: [1, 1, 2, 2] })),
      await readFile(join(FIXTURES, 'wesad-like-protocol5.pkl')),
      await readFile(join(FIXTURES, 'py2-protocol0.pkl')),
      await readFile(join(FIXTURES, 'py2-wesad-like-protocol0.pkl')),
    ]
    let seed = 99
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    for (let trial = 0; trial < 600; trial++) {
      const source = sources[trial % sources.length] ?? Buffer.alloc(0)
      const bytes = Buffer.from(source)
      const flips = 1 + Math.floor(random() * 4)
      for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
      try {
        const value = readPickle(bytes, 'x.pkl')
        const ecg = pyGet(value, 'signal', 'chest', 'ECG')
        if (ecg instanceof NdArray) void ecg.data
      } catch (error) {
        if (!(error instanceof InputError)) throw error
      }
    }
  })
})
