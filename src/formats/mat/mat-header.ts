/**
 * The 128-byte MAT-file v5 header (MathWorks, "MAT-File Format", 2019, ch. 1): 116 bytes of
 * descriptive text, 8 bytes subsystem-data offset, a 2-byte version (0x0100) and a 2-byte endian
 * indicator written as the characters 'MI' in the writer's byte order (so 'IM' on disk means
 * little-endian). Also recognises the formats this reader refuses: v7.3 (HDF5) and v4.
 */
import { basename } from 'node:path'
import { InputError } from '../../common/input-error.js'

export const MAT_HEADER_BYTES = 128

/** Bytes the header check wants to see: v7.3 files carry the HDF5 signature at offset 512. */
export const MAT_SNIFF_BYTES = 520

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]

export interface MatHeader {
  readonly description: string
  readonly littleEndian: boolean
  /** Byte offset of the subsystem-data element (function workspace), undefined when none. */
  readonly subsystemOffset: number | undefined
}

/**
 * Checks the first bytes of a file (at least MAT_SNIFF_BYTES when the file is that long) and
 * returns the header, or throws InputError saying what the file is instead and what to do.
 */
export function parseMatHeader(head: Uint8Array, fileSize: number, file: string): MatHeader {
  const name = basename(file)
  if (fileSize === 0) throw new InputError(`the file is empty (0 bytes); copy the .mat file again.`, file)
  const text = latin1(head.subarray(0, Math.min(116, head.length)))
  if (isHdf5(head, text)) {
    const stem = name.replace(/\.mat$/i, '')
    throw new InputError(
      `this is a MATLAB v7.3 file (HDF5), which the workbench cannot read; re-save it as v7 in MATLAB with s = load('${name}'); save('${stem}_v7.mat', '-struct', 's', '-v7')`,
      file,
    )
  }
  if (!text.startsWith('MATLAB')) {
    if (looksLikeV4(head)) {
      throw new InputError(
        `this is an old MATLAB v4 file, which the workbench does not read; re-save it in MATLAB with s = load('${name}'); save('${name}', '-struct', 's', '-v7')`,
        file,
      )
    }
    throw new InputError(`this is not a MATLAB .mat file (its header does not start with "MATLAB"); choose the .mat file saved by MATLAB or SciPy.`, file)
  }
  if (fileSize < MAT_HEADER_BYTES || head.length < MAT_HEADER_BYTES) {
    throw new InputError(`the file is truncated: it ends inside the 128-byte MAT-file header; copy the file again.`, file)
  }
  const endian = String.fromCharCode(head[126] ?? 0, head[127] ?? 0)
  if (endian !== 'IM' && endian !== 'MI') {
    throw new InputError(`the MAT-file header is damaged (byte-order mark "${printable(endian)}" instead of "IM" or "MI"); copy the file again.`, file)
  }
  const littleEndian = endian === 'IM'
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  const version = view.getUint16(124, littleEndian)
  if (version === 0x0200) {
    throw new InputError(`the header says this is MATLAB v7.3 (HDF5), which the workbench cannot read; re-save it as v7 in MATLAB with save(..., '-v7').`, file)
  }
  if (version !== 0x0100) {
    throw new InputError(`the MAT-file version 0x${version.toString(16).padStart(4, '0')} is unknown (expected 0x0100, MATLAB v5/v7); re-save it in MATLAB with save(..., '-v7').`, file)
  }
  return { description: text.replace(/[\0 ]+$/, ''), littleEndian, subsystemOffset: subsystemOffset(head, view, littleEndian) }
}

function isHdf5(head: Uint8Array, text: string): boolean {
  const at = (offset: number): boolean => HDF5_SIGNATURE.every((b, i) => head[offset + i] === b)
  return text.startsWith('MATLAB 7.3') || at(0) || (head.length >= 520 && at(512))
}

/**
 * A v4 file starts with a 20-byte matrix header whose first int32 is MOPT (M: machine 0–4,
 * O: 0, P: precision 0–5, T: type 0–2), in either byte order. SciPy tells v4 from v5 by a zero
 * among the first four bytes, which every small MOPT value has.
 */
function looksLikeV4(head: Uint8Array): boolean {
  if (head.length < 20 || !head.subarray(0, 4).includes(0)) return false
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  return [true, false].some((le) => {
    const mopt = view.getInt32(0, le)
    const rows = view.getInt32(4, le)
    const cols = view.getInt32(8, le)
    const imagf = view.getInt32(12, le)
    const namlen = view.getInt32(16, le)
    const [m, o, p, t] = [Math.floor(mopt / 1000), Math.floor(mopt / 100) % 10, Math.floor(mopt / 10) % 10, mopt % 10]
    return mopt >= 0 && m <= 4 && o === 0 && p <= 5 && t <= 2 && rows >= 0 && cols >= 0 && (imagf === 0 || imagf === 1) && namlen > 0 && namlen < 4096
  })
}

function subsystemOffset(head: Uint8Array, view: DataView, le: boolean): number | undefined {
  const field = head.subarray(116, 124)
  if (field.every((b) => b === 0) || field.every((b) => b === 0x20)) return undefined
  const offset = Number(view.getBigUint64(116, le))
  return offset >= MAT_HEADER_BYTES ? offset : undefined
}

function latin1(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return s
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?')
}
