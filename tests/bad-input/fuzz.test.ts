/**
 * Seeded fuzzing of the real fixtures in ../shared/data (WFDB, EDF, text): random bit flips and
 * truncations of a private copy, then the real import. Each mutated dataset either imports or
 * is refused with ONE InputError sentence, and a refusal leaves nothing in the store.
 *
 * Every case is named by its seed; rerun one with FUZZ_SEED=<seed> (FUZZ_CASES=1) to reproduce.
 */
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetKind } from '../../src/formats/types.js'
import { expectPreviewSafe, importOrRefuse, openRefusalBench, type RefusalBench } from '../helpers/import-refusal.js'
import { sharedData } from '../helpers/shared-data.js'

const BASE_SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_0100)
const CASES = Number(process.env.FUZZ_CASES ?? 200)
/** Wall-clock bound: on a busy machine the cases after it are skipped (and counted in the log). */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 25_000)

interface Fixture {
  readonly name: string
  readonly kind: DatasetKind
  /** Folder (or file) in shared/data. */
  readonly source: string
  /** Files of the fixture, copied for each case; the mutation hits one of them. */
  readonly files: readonly string[]
  readonly channel?: string | number
  /** Import the single file rather than the folder. */
  readonly single?: string
}

const FIXTURES: readonly Fixture[] = [
  { name: 'WFDB macecgdb (format 16)', kind: 'wfdb', source: 'wfdb/macecgdb_test01_00s', files: ['test01_00s.hea', 'test01_00s.dat'], channel: 0 },
  { name: 'WFDB mitdb 100 (format 212)', kind: 'wfdb', source: 'wfdb/mitdb_100', files: ['100.hea', '100.dat'] },
  { name: 'WFDB ptbdb s0010 (two data files)', kind: 'wfdb', source: 'wfdb/ptbdb_s0010_re', files: ['s0010_re.hea', 's0010_re.dat', 's0010_re.xyz'] },
  { name: 'EDF+ pyedflib', kind: 'edf', source: 'edf', files: ['pyedflib_test_subsecond.edf'], single: 'pyedflib_test_subsecond.edf' },
  { name: 'text biosppy', kind: 'csv', source: 'text', files: ['biosppy_ecg.txt'], single: 'biosppy_ecg.txt' },
]

/** xorshift32: small, seeded, the same on every machine. */
function xorshift(seed: number): (k: number) => number {
  let s = seed >>> 0 || 1
  return (k: number): number => {
    s ^= s << 13; s >>>= 0
    s ^= s >>> 17
    s ^= s << 5; s >>>= 0
    return s % k
  }
}

/** What the case did to the file, for the failure message. */
function mutate(bytes: Buffer, rand: (k: number) => number): { bytes: Buffer; what: string } {
  const kind = rand(4)
  if (kind === 0) {
    const at = rand(bytes.length)
    return { bytes: bytes.subarray(0, at), what: `truncated to ${at} bytes` }
  }
  const out = Buffer.from(bytes)
  const flips = 1 + rand(kind === 3 ? 64 : 8)
  const spots: number[] = []
  for (let i = 0; i < flips; i++) {
    // Headers are where lengths and counts live: half the flips land in the first KiB.
    const at = rand(2) === 0 ? rand(Math.min(1024, out.length)) : rand(out.length)
    out[at] = out[at]! ^ (1 << rand(8))
    spots.push(at)
  }
  return { bytes: out, what: `${flips} bit flips at ${spots.slice(0, 8).join(', ')}${flips > 8 ? ', …' : ''}` }
}

let bench: RefusalBench
const originals = new Map<string, Buffer>()
const outcomes: string[] = []
let started = 0
let skipped = 0

beforeAll(async () => {
  bench = await openRefusalBench('ecg-fuzz-')
  started = performance.now()
  for (const f of FIXTURES) for (const file of f.files) originals.set(`${f.source}/${file}`, await readFile(sharedData(`${f.source}/${file}`)))
})
afterAll(async () => {
  await bench.close()
  const refused = outcomes.filter((o) => o !== 'ok').length
  console.log(`fuzz: ${outcomes.length} cases from seed ${BASE_SEED}, ${outcomes.length - refused} imported, ${refused} refused with one sentence, ${skipped} skipped past the ${BUDGET_MS} ms budget`)
})

describe('fuzzed real fixtures import or are refused with one sentence, storing nothing; the channel preview never crashes', () => {
  const seeds = Array.from({ length: CASES }, (_v, i) => BASE_SEED + i)
  it.for(seeds)('seed %i', async (seed, ctx) => {
    if (performance.now() - started > BUDGET_MS) {
      skipped++
      ctx.skip()
    }
    const rand = xorshift(seed)
    const fixture = FIXTURES[seed % FIXTURES.length]!
    const target = fixture.files[rand(fixture.files.length)]!
    const dir = await bench.folder({})
    let what = ''
    for (const file of fixture.files) {
      const original = originals.get(`${fixture.source}/${file}`)!
      if (file === target) {
        const m = mutate(original, rand)
        what = `${fixture.name}: ${file} ${m.what}`
        await writeFile(join(dir, file), m.bytes)
      } else {
        await copyFile(sharedData(`${fixture.source}/${file}`), join(dir, file))
      }
    }
    expect((await readdir(dir)).sort()).toEqual([...fixture.files].sort())
    const path = fixture.single === undefined ? dir : join(dir, fixture.single)
    const request = { kind: fixture.kind, path, ...(fixture.channel === undefined ? {} : { channel: fixture.channel }) }
    const outcome = await importOrRefuse(bench, request, `seed ${seed}, ${what}`)
    await expectPreviewSafe(request)
    if (outcome !== 'ok') expect(outcome, what).toContain(basename(dir))
    outcomes.push(outcome)
  })
})
