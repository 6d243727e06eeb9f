// Minimal interface of the foundation: import a dataset and list what the store holds. The Vue
// workbench (issue 4) replaces this page; it talks to the same API through `window.workbench`.
const api = window.workbench
const form = document.getElementById('import-form')
const cancelButton = document.getElementById('cancel')
const progress = document.getElementById('progress')
const report = document.getElementById('report')
const status = document.getElementById('status')
let currentJob

async function call(channel, input) {
  const result = await api.invoke(channel, input)
  if (!result.ok) throw new Error(result.error)
  return result.value
}

async function refresh() {
  const datasets = await call('datasets:list', {})
  const body = document.querySelector('#datasets tbody')
  body.replaceChildren(...datasets.map((d) => {
    const row = document.createElement('tr')
    for (const value of [d.name, d.kind, d.subjects, d.recordings, d.windows, d.excluded, d.createdAt.slice(0, 16).replace('T', ' ')]) {
      const cell = document.createElement('td')
      cell.textContent = String(value)
      row.append(cell)
    }
    return row
  }))
  status.textContent = `${datasets.length} dataset${datasets.length === 1 ? '' : 's'}`
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  const data = new FormData(form)
  const request = { kind: data.get('kind'), path: data.get('path'), name: data.get('name') }
  const labels = data.get('labels')
  if (labels) request.labels = labels
  const channel = String(data.get('channel') ?? '').trim()
  if (channel) request.channel = /^\d+$/.test(channel) ? Number(channel) : channel
  if (data.get('fs')) request.fs = Number(data.get('fs'))
  request.overlapPercent = Number(data.get('overlapPercent') || 0)
  report.classList.remove('error')
  report.textContent = 'Starting import…'
  call('datasets:import', request).then(({ jobId }) => {
    currentJob = jobId
    cancelButton.disabled = false
    progress.hidden = false
  }).catch(showError)
})

cancelButton.addEventListener('click', () => {
  if (currentJob) call('jobs:cancel', { jobId: currentJob }).catch(showError)
})

api.onJobEvent((event) => {
  if (event.jobId !== currentJob) return
  if (event.type === 'progress') {
    progress.max = Math.max(event.progress.total, 1)
    progress.value = event.progress.done
    report.textContent = event.progress.message
    return
  }
  currentJob = undefined
  cancelButton.disabled = true
  progress.hidden = true
  if (event.type === 'failed') return showError(new Error(event.message))
  const r = event.report
  const skipped = r.skipped.map((s) => `  - ${s.item}: ${s.reason}`).join('\n')
  report.textContent = `Imported "${r.dataset}": ${r.subjects} subjects, ${r.recordings} recordings, ${r.windows} windows (${r.excluded} excluded).` +
    (r.notes.length ? `\nNotes:\n  - ${r.notes.join('\n  - ')}` : '') + (skipped ? `\nSkipped:\n${skipped}` : '')
  refresh().catch(showError)
})

function showError(error) {
  report.classList.add('error')
  report.textContent = error.message
}

refresh().catch(showError)
