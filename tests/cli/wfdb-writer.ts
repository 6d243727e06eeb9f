/**
 * Writes single-channel WFDB records (format 16) of synthetic ECG for CLI tests that need large
 * or many recordings. The header carries the correct 16-bit checksum so the reader verifies it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { syntheticEcg } from '../../src/signal/synthetic-ecg.js'

/** Writes `<dir>/<name>.hea` + `.dat`: `seconds` of synthetic ECG at `fs`, gain 200 adu/mV. */
export function writeWfdbRecord(dir: string, name: string, seconds: number, fs_: number, seed = 0): void {
  const x = syntheticEcg(seconds, fs_, seed)
  const data = Buffer.alloc(x.length * 2)
  let checksum = 0
  for (let i = 0; i < x.length; i++) {
    const d = Math.max(-32768, Math.min(32767, Math.round(x[i]! * 200)))
    data.writeInt16LE(d, i * 2)
    checksum = (checksum + d) & 0xffff
  }
  const signedChecksum = checksum >= 0x8000 ? checksum - 0x10000 : checksum
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, `${name}.dat`), data)
  fs.writeFileSync(path.join(dir, `${name}.hea`), `${name} 1 ${fs_} ${x.length}\n${name}.dat 16 200/mV 16 0 ${data.readInt16LE(0)} ${signedChecksum} 0 ECG\n`)
}
