import { describe, expect, it } from 'vitest'
import { resolveDbPath, userDataDir } from './app-paths.js'

describe('app paths', () => {
  it('matches Electron userData for "ECG SSL Workbench" on each platform', () => {
    expect(userDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/ECG SSL Workbench')
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/ECG SSL Workbench')
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/ana')).toBe('/home/ana/.config/ECG SSL Workbench')
    expect(userDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/ECG SSL Workbench')
    expect(userDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\ECG SSL Workbench')
  })

  it('takes --db, then ECG_SSL_DB, then <userData>/workbench.sqlite', () => {
    expect(resolveDbPath('/x/cli.sqlite', { ECG_SSL_DB: '/y/env.sqlite' }, 'linux', '/h')).toBe('/x/cli.sqlite')
    expect(resolveDbPath(undefined, { ECG_SSL_DB: '/y/env.sqlite' }, 'linux', '/h')).toBe('/y/env.sqlite')
    expect(resolveDbPath(undefined, {}, 'linux', '/h')).toBe('/h/.config/ECG SSL Workbench/workbench.sqlite')
    expect(resolveDbPath(undefined, { APPDATA: 'D:\\AD' }, 'win32', 'D:\\h')).toBe('D:\\AD\\ECG SSL Workbench\\workbench.sqlite')
  })
})
