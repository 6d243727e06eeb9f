/**
 * Electron transport: the preload (electron/preload.cts) exposes `window.workbench` with exactly
 * the contract's channels; the main process validates every input and checks the sender frame.
 */
import { isApiResult, type ApiResult, type Transport } from './transport.js'

/** The bridge the preload puts on `window`. */
export interface WorkbenchBridge {
  invoke(channel: string, input: unknown): Promise<unknown>
  on(channel: string, listener: (payload: unknown) => void): () => void
}

/** The bridge when running inside the desktop app, else undefined. */
export function findBridge(scope: object): WorkbenchBridge | undefined {
  const candidate = (scope as { workbench?: Partial<WorkbenchBridge> }).workbench
  return typeof candidate?.invoke === 'function' && typeof candidate.on === 'function' ? (candidate as WorkbenchBridge) : undefined
}

/** A transport over the preload bridge. */
export function createElectronTransport(bridge: WorkbenchBridge): Transport {
  return {
    async invoke(channel, input): Promise<ApiResult> {
      const result = await bridge.invoke(channel, input)
      return isApiResult(result) ? result : { ok: false, error: `The desktop app gave no usable answer to "${channel}"; restart it and report this if it happens again.` }
    },
    subscribe: (channel, listener) => bridge.on(channel, listener),
  }
}
