import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { DatasetSummary } from '@contracts/datasets.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { useDatasetsStore } from './datasets.js'

const summary = (name: string, windows: number): DatasetSummary => ({
  name, kind: 'csv', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: `/data/${name}`, subjects: 2, recordings: 4,
  windows, excluded: 1, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'h',
})

describe('datasets store', () => {
  let scripted: Scripted
  let names: string[]
  beforeEach(() => {
    names = ['lab', 'amigos']
    scripted = scriptedTransport({
      'datasets:list': () => names.map((n) => summary(n, n === 'lab' ? 16 : 300)),
      'datasets:get': (input) => {
        if (input.name === 'amigos') throw new Error('The store could not be read.')
        return { ...summary(String(input.name), 16), durationS: 160 }
      },
      'datasets:delete': (input) => {
        if (!names.includes(String(input.name))) throw new Error(`There is no dataset "${String(input.name)}".`)
        names = names.filter((n) => n !== input.name)
        return { dataset: input.name, deleted: true, windows: 16 }
      },
    })
    useTransport(scripted.transport)
    setActivePinia(createPinia())
  })

  it('lists datasets with their duration, leaving it unknown where the detail fails', async () => {
    const store = useDatasetsStore()
    expect(store.loaded).toBe(false)
    const loading = store.refreshWithDurations()
    expect(store.loading).toBe(true)
    await loading
    expect(store.loading).toBe(false)
    expect(store.loaded).toBe(true)
    expect(store.datasets.map((d) => [d.name, d.windows, d.durationS])).toEqual([['lab', 16, 160], ['amigos', 300, null]])
    expect(store.error).toBeNull()
    expect(scripted.refused).toEqual([])
  })

  it('refreshes the shared list with one call, keeping the durations it knows; a rename carries its duration', async () => {
    const store = useDatasetsStore()
    await store.refreshWithDurations()
    scripted.calls.length = 0
    names = ['lab', 'amigos', 'wesad']
    expect(await store.refresh()).toBe(true)
    expect(scripted.calls.map((c) => c.channel)).toEqual(['datasets:list'])
    expect(store.datasets.map((d) => [d.name, d.durationS])).toEqual([['lab', 160], ['amigos', null], ['wesad', null]])
    scripted.calls.length = 0
    useTransport(scriptedTransport({ 'datasets:rename': (input) => ({ dataset: input.newName, previous: input.name, runs: 0 }) }).transport)
    expect(await store.rename('lab', 'lab-2')).toBe('lab-2')
    expect(store.datasets.map((d) => [d.name, d.durationS])).toEqual([['lab-2', 160], ['amigos', null], ['wesad', null]])
    expect(store.renaming).toBe(false)
  })

  it('keeps a refused rename as its sentence', async () => {
    useTransport(scriptedTransport({ 'datasets:rename': () => { throw new Error('A dataset named "amigos" already exists; choose another name.') } }).transport)
    const store = useDatasetsStore()
    expect(await store.rename('lab', 'amigos')).toBeNull()
    expect(store.renameError).toBe('A dataset named "amigos" already exists; choose another name.')
  })

  it('deletes one dataset and keeps the sentence when a delete is refused', async () => {
    const store = useDatasetsStore()
    await store.refresh()
    expect(await store.remove('lab')).toBe(true)
    expect(store.datasets.map((d) => d.name)).toEqual(['amigos'])
    expect(await store.remove('lab')).toBe(false)
    expect(store.error).toBe('There is no dataset "lab".')
    expect(store.deleting).toBeNull()
  })

  it('keeps a failed listing as its sentence', async () => {
    useTransport(scriptedTransport({ 'datasets:list': () => { throw new Error('The database is locked by another program; close it and try again.') } }).transport)
    const store = useDatasetsStore()
    await store.refresh()
    expect(store.error).toBe('The database is locked by another program; close it and try again.')
    expect(store.loaded).toBe(false)
  })
})
