// The folder picker's state: one folder listed at a time, through files:list (browser mode has no
// native dialogs, and the desktop app uses the same picker so both behave alike).
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { FolderListing } from '@contracts/files.js'
import { call } from '../api/client.js'

export const useFilesStore = defineStore('files', () => {
  const listing = shallowRef<FolderListing | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const showHidden = ref(false)

  /** Lists `path` (the home folder when undefined); keeps the previous listing on error. */
  async function open(path?: string): Promise<void> {
    loading.value = true
    error.value = null
    try {
      listing.value = await call('files:list', { ...(path !== undefined && path !== '' && { path }), showHidden: showHidden.value })
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  return { listing, loading, error, showHidden, open }
})
