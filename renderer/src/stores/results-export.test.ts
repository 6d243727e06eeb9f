// @vitest-environment happy-dom
// Exports: the file the service wrote, the format shown as busy meanwhile, a refusal as its sentence.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTransport } from '../api/client.js'
import { scriptedTransport } from '../api/scripted-transport.test-util.js'
import { useResultsExportStore } from './results-export.js'

beforeEach(() => {
  useTransport(scriptedTransport({
    'runs:export': (input) => {
      if (input.format === 'latex') throw new Error('Run 3 has no results yet; export it once a fold has finished.')
      return { fileName: `run-${String(input.id)}.csv`, mime: 'text/csv', text: 'dataset,task\n' }
    },
  }).transport)
  setActivePinia(createPinia())
})

describe('results export store', () => {
  it('answers the file, says which format is busy meanwhile, and keeps a refusal as its sentence', async () => {
    const s = useResultsExportStore()
    const busy = s.exportAs(3, 'csv')
    expect(s.exporting).toBe('csv')
    expect((await busy)?.fileName).toBe('run-3.csv')
    expect([s.exporting, s.error]).toEqual([null, null])
    expect(await s.exportAs(3, 'latex')).toBeNull()
    expect(s.error).toBe('Run 3 has no results yet; export it once a fold has finished.')
  })
})
