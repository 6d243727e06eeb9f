// @vitest-environment happy-dom
// The folder picker's store: the home folder first, a folder by path, hidden entries on request,
// and a folder that cannot be listed kept as its sentence beside the last listing.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { useFilesStore } from './files.js'

let scripted: Scripted
beforeEach(() => {
  scripted = scriptedTransport({
    'files:list': (input) => {
      if (input.path === '/root') throw new Error('The folder "/root" cannot be read: permission denied.')
      const path = typeof input.path === 'string' ? input.path : '/home/me'
      return { path, parent: '/', truncated: false, entries: [{ name: 'data', path: `${path}/data`, kind: 'folder', bytes: 0 }, ...(input.showHidden === true ? [{ name: '.cache', path: `${path}/.cache`, kind: 'folder', bytes: 0 }] : [])] }
    },
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
})

describe('files store', () => {
  it('lists the home folder, then the one asked for, with hidden entries only on request', async () => {
    const s = useFilesStore()
    await s.open()
    expect(s.listing?.path).toBe('/home/me')
    s.showHidden = true
    await s.open('/data')
    expect([s.listing?.path, s.listing?.entries.length, s.loading]).toEqual(['/data', 2, false])
    expect(scripted.calls.map((c) => c.input)).toEqual([{ showHidden: false }, { path: '/data', showHidden: true }])
  })

  it('keeps the last listing and says why a folder cannot be listed', async () => {
    const s = useFilesStore()
    await s.open('/data')
    await s.open('/root')
    expect([s.listing?.path, s.error]).toEqual(['/data', 'The folder "/root" cannot be read: permission denied.'])
  })
})
