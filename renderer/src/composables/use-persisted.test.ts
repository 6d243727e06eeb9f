// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { jsonCodec, textCodec, usePersisted } from './use-persisted.js'

interface Place { name: string; at: number }
const isPlace = (v: unknown): v is Place => typeof v === 'object' && v !== null && typeof (v as Place).name === 'string' && Number.isInteger((v as Place).at)

beforeEach(() => localStorage.clear())

describe('usePersisted', () => {
  it('starts from the stored value and writes every change back, deep changes too', () => {
    localStorage.setItem('k', JSON.stringify({ name: 'demo', at: 3 }))
    const place = usePersisted<Place>('k', { name: '', at: 0 }, jsonCodec(isPlace))
    expect(place.value).toEqual({ name: 'demo', at: 3 })
    place.value.at = 4
    expect(JSON.parse(localStorage.getItem('k')!)).toEqual({ name: 'demo', at: 4 })
    place.value = { name: 'other', at: 0 }
    expect(JSON.parse(localStorage.getItem('k')!)).toEqual({ name: 'other', at: 0 })
  })

  it('falls back when the stored text is not JSON or has another shape', () => {
    localStorage.setItem('a', '{not json')
    localStorage.setItem('b', JSON.stringify({ name: 7, at: 'x' }))
    expect(usePersisted<Place>('a', { name: '', at: 0 }, jsonCodec(isPlace)).value).toEqual({ name: '', at: 0 })
    expect(usePersisted<Place>('b', { name: '', at: 0 }, jsonCodec(isPlace)).value).toEqual({ name: '', at: 0 })
  })

  it('keeps plain text as it is (the annotator name stored by earlier versions)', () => {
    localStorage.setItem('name', 'Grace')
    const name = usePersisted('name', '', textCodec)
    expect(name.value).toBe('Grace')
    name.value = 'Ada'
    expect(localStorage.getItem('name')).toBe('Ada')
  })
})
