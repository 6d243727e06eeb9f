// The import wizard's preview: the channels of the first file (and which one the import would
// take, and why) and the first seconds of that ECG, for the choice the wizard hands it. An answer
// to an older choice is dropped rather than shown for the wrong files.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ChannelPreview, ChannelPreviewRequest } from '@contracts/preview.js'
import type { SignalPreview } from '@contracts/signal-preview.js'
import { call } from '../api/client.js'

/** Seconds of ECG the preview draws. */
const PREVIEW_SECONDS = 10

export const useImportPreviewStore = defineStore('import-preview', () => {
  const channels = shallowRef<ChannelPreview | null>(null)
  const signal = shallowRef<SignalPreview | null>(null)
  const previewError = ref<string | null>(null)
  const signalError = ref<string | null>(null)
  const previewLoading = ref(false)
  // Each request gets a number; only the answer to the latest one is shown.
  let seq = 0

  /** Reads the channels of `request`'s files, then (when one would be taken) its first seconds. */
  async function load(request: ChannelPreviewRequest, labels: string | undefined): Promise<void> {
    const mine = ++seq
    const current = (): boolean => mine === seq
    previewLoading.value = true
    previewError.value = null
    signalError.value = null
    channels.value = null
    signal.value = null
    try {
      const found = await call('datasets:preview-channels', request)
      if (!current()) return
      channels.value = found
      if (found.chosen !== null) {
        try {
          const drawn = await call('datasets:preview-signal', { ...request, ...(labels !== undefined && { labels }), seconds: PREVIEW_SECONDS })
          if (current()) signal.value = drawn
        } catch (e) {
          if (current()) signalError.value = (e as Error).message
        }
      }
    } catch (e) {
      if (current()) previewError.value = (e as Error).message
    } finally {
      if (current()) previewLoading.value = false
    }
  }

  /** Stops waiting for a preview (the answer, when it comes, is dropped). */
  function abandon(): void {
    seq++
    previewLoading.value = false
  }

  /** Forgets what was shown (the files or the format changed). */
  function clear(): void {
    abandon()
    channels.value = null
    signal.value = null
  }

  /** Forgets everything, sentences included (a new wizard). */
  function reset(): void {
    clear()
    previewError.value = null
    signalError.value = null
  }

  return { channels, signal, previewError, signalError, previewLoading, load, abandon, clear, reset }
})
