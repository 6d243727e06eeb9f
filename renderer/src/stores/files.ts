// The folder picker's state: one folder listed at a time, through files:list (browser mode has no
// native dialogs, and the desktop app uses the same picker so both behave alike).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { FolderListing } from '@contracts/files.js'
import { call } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'

export const useFilesStore = defineStore('files', () => {
  const listing = useAsync<FolderListing | null>(null)
  const showHidden = ref(false)

  /** Lists `path` (the home folder when undefined); keeps the previous listing on error. */
  function open(path?: string): Promise<boolean> {
    return listing.run(() => call('files:list', { ...(path !== undefined && path !== '' && { path }), showHidden: showHidden.value }))
  }

  return { listing: listing.value, loading: listing.loading, error: listing.error, showHidden, open }
})
