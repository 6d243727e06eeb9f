/**
 * A real backend for renderer store and view tests: a temporary store holding the seeded demo
 * dataset, the API router over it, and a transport that hands calls straight to the router (as
 * Electron IPC or the socket would, minus the serialisation), logging every call.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Transport } from '../../renderer/src/api/transport.js'
import { demoAdapterWith } from '../../src/demo/demo-dataset.js'
import { createApiRouter, type ApiContext } from '../../src/services/api-router.js'
import { importDataset } from '../../src/services/import-service.js'
import { openStore, type Store } from '../../src/store/store.js'

/** 2 subjects × 2 trials × 3 windows of 10 s. */
export const DEMO = { subjects: 2, trialsPerSubject: 2, trialSeconds: 30, fs: 256, seed: 11 }
export const DEMO_WINDOWS = 12

export interface ReviewBackend {
  readonly store: Store
  readonly transport: Transport
  /** Channel and input of every call, in order. */
  readonly calls: { channel: string; input: unknown }[]
  close(): void
}

/** Opens a temporary store, imports the demo dataset as `name` and serves it. */
export async function startReviewBackend(name = 'demo'): Promise<ReviewBackend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-renderer-'))
  const store = openStore(path.join(dir, 'workbench.sqlite'))
  await importDataset(store, { kind: 'csv', path: dir, name }, { adapters: { csv: demoAdapterWith(DEMO) } })
  const router = createApiRouter({ store } as unknown as ApiContext)
  const calls: { channel: string; input: unknown }[] = []
  const transport: Transport = {
    invoke(channel, input) {
      calls.push({ channel, input })
      return router.handle(channel, input)
    },
    subscribe: () => () => undefined,
  }
  return {
    store,
    transport,
    calls,
    close() {
      store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
