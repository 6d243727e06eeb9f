/** Debian's Python with NumPy, for cross-checks of files the workbench writes for Python users. */
import { execFileSync } from 'node:child_process'

export const PYTHON = '/usr/bin/python3'

/** True when `/usr/bin/python3 -c 'import numpy'` works (CI installs python3-numpy). */
export const hasNumpy = ((): boolean => {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
