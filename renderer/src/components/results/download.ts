// Saving what the user exports: text (CSV, LaTeX, HTML, SVG) through a Blob link, pictures (PNG)
// from their data URL. The browser (or Electron's download handling) asks where to save.

/** Offers `text` as a file download. */
export function saveText(fileName: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }))
  try {
    saveUrl(fileName, url)
  } finally {
    // Revoked after the click has been handled, so the download has its bytes.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}

/** Offers a URL (blob: or data:) as a file download. */
export function saveUrl(fileName: string, url: string): void {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
}

/** A file name from free text: letters, digits, dot, dash and underscore only. */
export function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'chart'
}
