import { describe, expect, it } from 'vitest'
import { amigosAdapter } from '../../src/formats/adapters/amigos.js'
import { dreamerAdapter } from '../../src/formats/adapters/dreamer.js'
import { csvAdapter, edfAdapter, wfdbAdapter } from '../../src/formats/adapters/generic.js'
import { getAdapter } from '../../src/formats/adapters/index.js'
import { swellAdapter } from '../../src/formats/adapters/swell.js'
import { wesadAdapter } from '../../src/formats/adapters/wesad.js'
import { DATASET_KINDS } from '../../src/formats/types.js'
import { DatasetKind } from '../../src/contracts/import.js'

describe('adapter registry', () => {
  it('maps every dataset kind to its adapter', async () => {
    const expected = { amigos: amigosAdapter, dreamer: dreamerAdapter, swell: swellAdapter, wesad: wesadAdapter, csv: csvAdapter, edf: edfAdapter, wfdb: wfdbAdapter }
    for (const kind of DATASET_KINDS) expect(await getAdapter(kind)).toBe(expected[kind])
  })

  it('lists the same kinds in the contracts as in the readers', () => {
    expect(DatasetKind.options).toEqual([...DATASET_KINDS])
  })
})
