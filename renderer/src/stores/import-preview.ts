// The import wizard's preview: the channels of the first file (and which one the import would
// take, and why) and the first seconds of that ECG, for the choice the wizard hands it. An answer
// to an older choice is dropped rather than shown for the wrong files.
import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { ChannelPreview, ChannelPreviewRequest } from '@contracts/preview.js'
import type { SignalPreview } from '@contracts/signal-preview.js'
import { call } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'

/** Seconds of ECG the preview draws. */
const PREVIEW_SECONDS = 10

export const useImportPreviewStore = defineStore('import-preview', () => {
  const channels = useAsync<ChannelPreview | null>(null)
  const signal = useAsync<SignalPreview | null>(null)
  /** True from the request until its channels and, when one would be taken, its seconds are read. */
  const previewLoading = computed(() => channels.loading.value || signal.loading.value)
  // Bumped by every new request and by Stop waiting, so that only the newest request goes on from
  // its channels to their seconds.
  let asked = 0

  /** Reads the channels of `request`'s files, then (when one would be taken) its first seconds. */
  async function load(request: ChannelPreviewRequest, labels: string | undefined): Promise<void> {
    clear()
    const mine = asked
    signal.error.value = null
    const ok = await channels.run(() => call('datasets:preview-channels', request))
    const found = channels.value.value
    if (!ok || mine !== asked || found === null || found.chosen === null) return
    await signal.run(() => call('datasets:preview-signal', { ...request, ...(labels !== undefined && { labels }), seconds: PREVIEW_SECONDS }))
  }

  /** Stops waiting for a preview (the answer, when it comes, is dropped). */
  function abandon(): void {
    asked++
    channels.abandon()
    signal.abandon()
  }

  /** Forgets what was shown (the files or the format changed). */
  function clear(): void {
    abandon()
    channels.value.value = null
    signal.value.value = null
  }

  /** Forgets everything, sentences included (a new wizard). */
  function reset(): void {
    clear()
    channels.error.value = null
    signal.error.value = null
  }

  return {
    channels: channels.value, signal: signal.value, previewError: channels.error, signalError: signal.error, previewLoading,
    load, abandon, clear, reset,
  }
})
