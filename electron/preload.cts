// The only bridge between the sandboxed page and the app: a fixed list of API channels and event
// channels. Never raw ipcRenderer. Sandboxed preloads cannot import project modules, hence the
// literal lists: they are written from src/contracts/api.ts by scripts/preload-channels.mjs (run
// by `npm run build`), and electron/preload.test.ts fails when they differ. Do not edit them here.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

const CHANNELS = ['runs:list', 'runs:get', 'runs:create', 'runs:start', 'runs:cancel', 'runs:delete', 'runs:queue', 'runs:export', 'runs:estimate', 'runs:task-balance', 'demo:start', 'demo:run', 'datasets:list', 'datasets:get', 'datasets:delete', 'datasets:rename', 'datasets:label-balance', 'datasets:preview-channels', 'datasets:import', 'files:list', 'datasets:preview-signal', 'jobs:cancel', 'windows:page', 'windows:samples', 'windows:flag', 'windows:flag-history', 'windows:detail', 'windows:at-time', 'recordings:list', 'recordings:overview', 'transforms:preview']
const EVENTS = ['jobs:event', 'runs:event']

contextBridge.exposeInMainWorld('workbench', {
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (!CHANNELS.includes(channel)) return Promise.resolve({ ok: false, error: `Unknown request "${channel}".` })
    return ipcRenderer.invoke(`api:${channel}`, input)
  },
  on(channel: string, listener: (payload: unknown) => void): () => void {
    if (!EVENTS.includes(channel)) return () => undefined
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.off(channel, wrapped)
  },
})
