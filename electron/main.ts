/**
 * The desktop shell: app lifecycle, the window, and the IPC binding of the one API router. All
 * domain work lives in src/; imports run in utility processes (electron/utility-job-host.ts).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain, powerSaveBlocker, session } from 'electron'
import { API_CHANNELS } from '../src/contracts/api.js'
import { PRODUCT_NAME, resolveDbPath } from '../src/services/app-paths.js'
import { wireServices } from '../src/services/wire-services.js'
import { openStore } from '../src/store/store.js'
import { CONTENT_SECURITY_POLICY, isAppUrl, rendererUrl, secureWebPreferences } from './security.js'
import { createRunIndicators } from './run-indicators.js'
import { utilityJobProcess } from './utility-job-host.js'

const here = path.dirname(fileURLToPath(import.meta.url)) // out/electron
const appRoot = path.resolve(here, '..', '..')
const appUrl = rendererUrl(appRoot)

app.setName(PRODUCT_NAME)
if (!app.requestSingleInstanceLock()) app.quit()

let mainWindow: BrowserWindow | undefined

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: PRODUCT_NAME,
    icon: path.join(appRoot, 'resources', 'icon.png'),
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  void win.loadURL(appUrl)
  return win
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))

  const dbPath = resolveDbPath(undefined, process.env)
  const store = openStore(dbPath)
  let keepAwake: number | undefined
  const keepAwakeWhileBusy = (): void => {
    // Lab PCs run long jobs unattended: keep the machine awake while any job or run is going.
    const queue = runs.state()
    const busy = jobs.running().length > 0 || queue.running !== null || queue.queued.length > 0
    if (busy && keepAwake === undefined) keepAwake = powerSaveBlocker.start('prevent-app-suspension')
    if (!busy && keepAwake !== undefined) {
      powerSaveBlocker.stop(keepAwake)
      keepAwake = undefined
    }
  }
  const indicators = createRunIndicators(path.join(appRoot, 'resources', 'icon.png'), () => mainWindow, () => {
    const queue = runs.state()
    return queue.running !== null || queue.queued.length > 0
  })
  // Wired as browser mode is (one batching policy); a batch reaches the page one event at a time.
  // The worker files are the job host's and the run queue's own defaults (locateWorker).
  const { jobs, runs, router } = wireServices({
    store,
    dbPath,
    spawn: utilityJobProcess,
    deliver: (channel, payloads) => {
      for (const payload of payloads) mainWindow?.webContents.send(channel, payload)
    },
    observe: (event) => {
      if (event.channel === 'runs:event') indicators.onRunEvent(event.payload)
      keepAwakeWhileBusy()
    },
  })
  for (const channel of API_CHANNELS) {
    ipcMain.handle(`api:${channel}`, (event, input: unknown) => {
      if (!isAppUrl(event.senderFrame?.url, appUrl)) return { ok: false, error: 'Request refused: it did not come from the workbench window.' }
      return router.handle(channel, input)
    })
  }
  mainWindow = createWindow()
  mainWindow.on('close', (event) => {
    // A run in progress keeps going with the window hidden; the tray icon brings it back.
    if (!indicators.keepRunning()) return
    event.preventDefault()
    mainWindow?.hide()
  })
  app.on('second-instance', () => {
    mainWindow?.show()
    mainWindow?.focus()
  })
  app.on('window-all-closed', () => {
    store.close()
    app.quit()
  })
})
