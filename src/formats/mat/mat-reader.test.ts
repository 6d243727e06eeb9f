import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  matCell,
  matChar,
  matColumns,
  matEmpty,
  matMatrix,
  matNumber,
  matRow,
  matStruct,
  writeMat,
  writeMatFile,
} from '../../../tests/helpers/mat-writer.js'
import { InputError } from '../../common/input-error.js'
import { asNumber, asText, cellAt, field, getColumn, isEmpty, numberAt, variable } from './mat-access.js'
import { parseMat, readMatFile } from './mat-reader.js'
import type { MatFile, MatValue } from './mat-types.js'

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/scipy-mat/', import.meta.url))

/** Turns a MatValue into plain JSON in the shape tests/python/make_mat_fixtures.py writes. */
function plain(value: MatValue): unknown {
  const num = (x: number): number | string => (Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x)
  switch (value.kind) {
    case 'numeric': {
      const out: Record<string, unknown> = { kind: 'numeric', class: value.class, dims: [...value.dims], real: Array.from(value.real, num) }
      if (value.imag !== undefined) out.imag = Array.from(value.imag, num)
      return out
    }
    case 'char':
      return { kind: 'char', dims: [...value.dims], rows: [...value.rows] }
    case 'cell':
      return { kind: 'cell', dims: [...value.dims], items: value.items.map(plain) }
    case 'struct':
      return {
        kind: 'struct',
        dims: [...value.dims],
        fieldNames: [...value.fieldNames],
        elements: value.elements.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, plain(v)]))),
      }
    default:
      return value
  }
}

function plainFile(mat: MatFile): Record<string, unknown> {
  return Object.fromEntries([...mat.variables].map(([k, v]) => [k, plain(v)]))
}

describe('MAT reader against files written by SciPy savemat', async () => {
  const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8')) as { files: Record<string, Record<string, unknown>> }
  const names = Object.keys(expected.files)

  it('has the fixtures the script writes, compressed and not', () => {
    expect(names.sort()).toEqual(['amigos_like.mat', 'amigos_like_z.mat', 'containers.mat', 'containers_z.mat', 'numeric.mat', 'numeric_z.mat', 'text.mat', 'text_z.mat', 'unsupported.mat', 'unsupported_z.mat'])
  })

  for (const name of names) {
    it(`parseMat reads ${name} exactly`, async () => {
      const mat = parseMat(await readFile(join(FIXTURES, name)), name)
      expect(plainFile(mat)).toEqual(expected.files[name])
    })
    it(`readMatFile streams ${name} exactly`, async () => {
      const mat = await readMatFile(join(FIXTURES, name))
      expect(plainFile(mat)).toEqual(expected.files[name])
      expect(mat.littleEndian).toBe(true)
      expect(mat.description.startsWith('MATLAB 5.0 MAT-file')).toBe(true)
    })
  }
})

describe('MAT reader against the test writer', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mat-reader-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const variables = {
    m: matMatrix([
      [1, 2, 3],
      [4, 5, 6.5],
    ]),
    stored_u8: matMatrix([[0, 1, 255]], { storeAs: 'auto' }),
    stored_i16: matRow([-300, 0, 12000], { storeAs: 'auto' }),
    stored_i32: matRow([-70000, 5], { storeAs: 'auto' }),
    stored_u16_as_single: matRow([0.5, 2.25], { storeAs: 'single' }),
    i64: matRow([-5, 9007199254740991], { class: 'int64' }),
    flags: matRow([1, 0, 1], { class: 'logical' }),
    empty: matEmpty(),
    empty_row: matEmpty([1, 0]),
    name: matChar('ECG Right'),
    grid: matChar(['ab', 'cd', 'ef']),
    utf: matChar('µV', 'utf8'),
    nested: matCell([matStruct({ inner: matCell([matNumber(7), matChar('x')]), score: matNumber(2.5) }), matCell([]), matEmpty()]),
    people: matStruct([{ age: matNumber(30) }, { age: matNumber(41) }]),
  }
  // The writer has no helper for complex data; build it directly.
  const all = { ...variables, z: { type: 'numeric' as const, class: 'double' as const, dims: [1, 2], data: [1, 2], imag: [-1, 0.5] } }

  const cases = [
    { label: 'little-endian, uncompressed', options: {} },
    { label: 'little-endian, compressed', options: { compress: true } },
    { label: 'big-endian, uncompressed', options: { littleEndian: false } },
    { label: 'big-endian, compressed, no small elements', options: { littleEndian: false, compress: true, smallElements: false } },
    { label: 'some variables compressed', options: { compress: (name: string) => name.length % 2 === 0 } },
  ]

  for (const { label, options } of cases) {
    it(`decodes every kind of array (${label})`, async () => {
      const bytes = writeMat(all, options)
      const path = join(dir, `${label.replace(/\W+/g, '_')}.mat`)
      await writeFile(path, bytes)
      for (const mat of [parseMat(bytes, path), await readMatFile(path)]) {
        expect(mat.littleEndian).toBe(options.littleEndian ?? true)
        expect([...mat.variables.keys()]).toEqual(Object.keys(all))
        expect(plain(variable(mat, 'm'))).toEqual({ kind: 'numeric', class: 'double', dims: [2, 3], real: [1, 4, 2, 5, 3, 6.5] })
        expect(plain(variable(mat, 'stored_u8'))).toEqual({ kind: 'numeric', class: 'double', dims: [1, 3], real: [0, 1, 255] })
        expect(plain(variable(mat, 'stored_i16'))).toEqual({ kind: 'numeric', class: 'double', dims: [1, 3], real: [-300, 0, 12000] })
        expect(plain(variable(mat, 'stored_i32'))).toEqual({ kind: 'numeric', class: 'double', dims: [1, 2], real: [-70000, 5] })
        expect(plain(variable(mat, 'stored_u16_as_single'))).toEqual({ kind: 'numeric', class: 'double', dims: [1, 2], real: [0.5, 2.25] })
        expect(plain(variable(mat, 'i64'))).toEqual({ kind: 'numeric', class: 'int64', dims: [1, 2], real: [-5, 9007199254740991] })
        expect(plain(variable(mat, 'flags'))).toEqual({ kind: 'numeric', class: 'logical', dims: [1, 3], real: [1, 0, 1] })
        expect(plain(variable(mat, 'z'))).toEqual({ kind: 'numeric', class: 'double', dims: [1, 2], real: [1, 2], imag: [-1, 0.5] })
        expect(plain(variable(mat, 'empty'))).toEqual({ kind: 'numeric', class: 'double', dims: [0, 0], real: [] })
        expect(isEmpty(variable(mat, 'empty_row'))).toBe(true)
        expect(variable(mat, 'empty_row').dims).toEqual([1, 0])
        expect(asText(variable(mat, 'name'), 'name', path)).toBe('ECG Right')
        expect(plain(variable(mat, 'grid'))).toEqual({ kind: 'char', dims: [3, 2], rows: ['ab', 'cd', 'ef'] })
        expect(asText(variable(mat, 'utf'), 'utf', path)).toBe('µV')
        const nested = variable(mat, 'nested')
        const struct = cellAt(nested, 0, 'nested', path)
        expect(asNumber(cellAt(field(struct, 'inner', 'nested{1}', path), 0, 'inner', path), 'x', path)).toBe(7)
        expect(asText(cellAt(field(struct, 'inner', 'nested{1}', path), 1, 'inner', path), 'x', path)).toBe('x')
        expect(asNumber(field(struct, 'score', 'nested{1}', path), 'score', path)).toBe(2.5)
        expect(plain(cellAt(nested, 1, 'nested', path))).toEqual({ kind: 'cell', dims: [1, 0], items: [] })
        const people = variable(mat, 'people')
        expect(asNumber(field(people, 'age', 'people', path, 1), 'age', path)).toBe(41)
      }
    })
  }

  it('streams variables larger than its read chunks, compressed and not, without changing a value', async () => {
    const n = 300_000
    const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7) * 1000 + i / 3)
    const b = Float64Array.from({ length: n }, (_, i) => (i % 977) - 400)
    for (const compress of [false, true]) {
      const path = join(dir, `large-${compress}.mat`)
      await writeMatFile(path, { before: matNumber(1), data: matColumns([a, b]), after: matChar('end') }, { compress })
      const mat = await readMatFile(path)
      expect(getColumn(variable(mat, 'data'), 0, 'data', path)).toEqual(a)
      expect(getColumn(variable(mat, 'data'), 1, 'data', path)).toEqual(b)
      expect(asText(variable(mat, 'after'), 'after', path)).toBe('end')
    }
  })

  it('select skips arrays before reading them and keep drops them after', async () => {
    const path = join(dir, 'select.mat')
    await writeMatFile(
      path,
      { big: matColumns([[1, 2, 3]]), s: matStruct({ a: matCell([matRow([1, 2]), matRow([3, 4])]), b: matChar('no') }) },
      { compress: true },
    )
    const seen: string[] = []
    const kept: string[] = []
    const mat = await readMatFile(path, {
      select: (p, info) => {
        seen.push(`${p}:${info.class}:${info.dims.join('x')}`)
        return p !== 'big' && p !== 's.b'
      },
      keep: (p) => {
        kept.push(p)
        return p !== 's.a{1}'
      },
    })
    expect(seen).toEqual(['big:double:3x1', 's:struct:1x1', 's.a:cell:1x2', 's.a{1}:double:1x2', 's.a{2}:double:1x2', 's.b:char:1x2'])
    expect(kept).toEqual(['s.a{1}', 's.a{2}', 's.a', 's'])
    expect(variable(mat, 'big')).toEqual({ kind: 'skipped', class: 'double', dims: [3, 1] })
    const a = field(variable(mat, 's'), 'a', 's', path)
    expect(cellAt(a, 0, 'a', path)).toEqual({ kind: 'skipped', class: 'double', dims: [1, 2] })
    expect(numberAt(cellAt(a, 1, 'a', path), 1, 'a{2}', path)).toBe(4)
    expect(field(variable(mat, 's'), 'b', 's', path).kind).toBe('skipped')
  })

  it('skips the subsystem-data element the header points at (MATLAB function workspace)', () => {
    const bytes = writeMat({ a: matNumber(1), __function_workspace__: matRow([9, 9]), b: matNumber(2) })
    const view = new DataView(bytes.buffer)
    const second = 128 + 8 + view.getUint32(132, true)
    view.setBigUint64(116, BigInt(second), true)
    const mat = parseMat(bytes, 'ws.mat')
    expect([...mat.variables.keys()]).toEqual(['a', 'b'])
  })

  it('accessors explain a wrong structure in one sentence naming the file and the path', () => {
    const mat = parseMat(writeMat({ c: matCell([matRow([1, 2])]), s: matStruct({ a: matNumber(1) }) }), '/data/x.mat')
    expect(() => variable(mat, 'joined_data')).toThrow(new InputError("there is no variable 'joined_data' (the file holds 'c', 's'); check that this is the expected file.", '/data/x.mat'))
    expect(() => asNumber(variable(mat, 'c'), 'c', '/data/x.mat')).toThrow('x.mat: c should be a number but is a 1×1 cell array; check that this is the expected file.')
    expect(() => cellAt(variable(mat, 'c'), 3, 'c', '/data/x.mat')).toThrow('x.mat: c{4} should be a cell but is nothing')
    expect(() => field(variable(mat, 's'), 'b', 's', '/data/x.mat')).toThrow("x.mat: s has no field 'b' (its fields are 'a')")
    expect(() => getColumn(cellAt(variable(mat, 'c'), 0, 'c', '/data/x.mat'), 2, 'c{1}', '/data/x.mat')).toThrow('x.mat: c{1} has 2 columns, so column 3 does not exist')
    expect(getColumn(cellAt(variable(mat, 'c'), 0, 'c', '/data/x.mat'), 1, 'c{1}', '/data/x.mat')).toEqual(Float64Array.of(2))
  })
})
