import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CALIBRATION_FORMAT, type BackendCalibration } from '../model/calibration.js'
import { isFresh, readAutoBackend, readCalibration, writeAutoBackend, writeCalibration } from './calibration-cache.js'

let dir: string
let file: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-cal-'))
  file = path.join(dir, 'sub', 'calibration.json')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const cost = { fixedSeconds: 0.1, sampleSeconds: 0.05 }
function calibration(over: Partial<BackendCalibration> = {}): BackendCalibration {
  return {
    format: CALIBRATION_FORMAT, backend: 'wasm', device: 'CPU', appVersion: '1.0.0', machine: 'm', measuredAt: '2026-03-01T00:00:00.000Z', windowLength: 2560, passSize: 64,
    pretextSampleSeconds: 0.05, endToEndSampleSeconds: 0.05, embedSampleSeconds: 0.02, classifierSampleSeconds: 0.001,
    pretextPass: cost, endToEndPass: cost, forward: cost, classifierStep: cost, setupSeconds: 0, calibrationSeconds: 3, ...over,
  }
}
const key = { backend: 'wasm', appVersion: '1.0.0', machine: 'm' } as const
const march = (day: number) => new Date(`2026-03-${String(day).padStart(2, '0')}T00:00:00Z`)

describe('calibration cache', () => {
  it('finds a calibration of the same machine, backend and app version until it is 30 days old', () => {
    expect(readCalibration(file, key)).toBeUndefined()
    writeCalibration(file, calibration())
    expect(readCalibration(file, key, march(20))?.device).toBe('CPU')
    expect(readCalibration(file, key, new Date('2026-04-01T00:00:00Z'))).toBeUndefined()
    expect(readCalibration(file, { ...key, backend: 'cpu' }, march(2))).toBeUndefined()
    expect(readCalibration(file, { ...key, appVersion: '1.0.1' }, march(2))).toBeUndefined()
    expect(readCalibration(file, { ...key, machine: 'other' }, march(2))).toBeUndefined()
    expect(isFresh(calibration({ format: CALIBRATION_FORMAT - 1 }), key, march(2))).toBe(false)
  })

  it('replaces the calibration of the same machine and backend and keeps the others', () => {
    writeCalibration(file, calibration())
    writeCalibration(file, calibration({ backend: 'cpu', device: 'slow' }))
    writeCalibration(file, calibration({ device: 'newer', measuredAt: '2026-03-05T00:00:00.000Z' }))
    expect(readCalibration(file, key, march(6))?.device).toBe('newer')
    expect(readCalibration(file, { ...key, backend: 'cpu' }, march(6))?.device).toBe('slow')
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { calibrations: unknown[] }).calibrations).toHaveLength(2)
  })

  it('remembers what "auto" chose, and treats a damaged file as empty', () => {
    writeAutoBackend(file, '1.0.0', 'wasm', 'CPU (WebAssembly)', 'm')
    expect(readAutoBackend(file, '1.0.0', 'm')).toEqual({ backend: 'wasm', device: 'CPU (WebAssembly)' })
    expect(readAutoBackend(file, '2.0.0', 'm')).toBeUndefined()
    fs.writeFileSync(file, '{not json')
    expect(readCalibration(file, key)).toBeUndefined()
    writeCalibration(file, calibration())
    expect(readCalibration(file, key, march(2))).toBeDefined()
  })
})
