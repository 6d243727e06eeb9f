// The only bridge between the sandboxed page and the app: a fixed list of API channels (checked
// against src/contracts/api.ts by tests/jobs/api-and-jobs.test.ts) and one event stream. Never
// raw ipcRenderer. Sandboxed preloads cannot import project modules, hence the literal list.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

const CHANNELS = ['datasets:list', 'datasets:get', 'datasets:delete', 'datasets:preview-channels', 'datasets:import', 'jobs:cancel', 'windows:page', 'windows:samples']

contextBridge.exposeInMainWorld('workbench', {
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (!CHANNELS.includes(channel)) return Promise.resolve({ ok: false, error: `Unknown request "${channel}".` })
    return ipcRenderer.invoke(`api:${channel}`, input)
  },
  onJobEvent(listener: (event: unknown) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on('jobs:event', wrapped)
    return () => ipcRenderer.off('jobs:event', wrapped)
  },
})
