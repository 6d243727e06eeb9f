/**
 * WFDB signal files in the FLAC formats 508, 516 and 524 (WFDB 10.7): the file is a FLAC stream
 * whose channels are the signals of the file, in header order, each at most 8, 16 or 24 bits.
 * Every signal of the file has the same samples per frame, and FLAC channel j holds signal j's
 * samples one after another; the `+offset` of the header counts samples, not bytes.
 *
 * Decoded by @wasm-audio-decoders/flac (MIT; the reference libFLAC compiled to WebAssembly),
 * streamed in 1 MB pieces so that only the signal asked for is kept.
 */
import { open } from 'node:fs/promises'
import { FLACDecoder } from '@wasm-audio-decoders/flac'
import { InputError } from '../../common/input-error.js'
import { readExact } from '../read-exact.js'

/** What the STREAMINFO block at the start of a FLAC file says. */
export interface FlacInfo {
  readonly channels: number
  readonly bitsPerSample: number
  /** Samples per channel, or undefined when the encoder did not know it (STREAMINFO says 0). */
  readonly totalSamples: number | undefined
}

const STREAMINFO_END = 4 + 4 + 34
const PIECE_BYTES = 1024 * 1024

/** Reads the FLAC stream header. Throws InputError when the file is not FLAC. */
export async function readFlacInfo(path: string, name: string): Promise<FlacInfo> {
  const head = new Uint8Array(STREAMINFO_END)
  let got: number
  try {
    const fh = await open(path, 'r')
    try {
      got = await readExact(fh, head, STREAMINFO_END, 0)
    } finally {
      await fh.close()
    }
  } catch {
    throw new InputError(`the data file ${name} cannot be opened; check that it exists and is readable.`, path)
  }
  const magic = String.fromCharCode(head[0] ?? 0, head[1] ?? 0, head[2] ?? 0, head[3] ?? 0)
  // The first metadata block must be STREAMINFO (type 0) of 34 bytes.
  if (got < STREAMINFO_END || magic !== 'fLaC' || (head[4]! & 0x7f) !== 0 || ((head[5]! << 16) | (head[6]! << 8) | head[7]!) !== 34) {
    throw new InputError(`the data file ${name} should be FLAC-compressed (the header gives a FLAC format, 508/516/524) but it does not start with a FLAC stream header; the file is damaged or the format number is wrong.`, path)
  }
  const s = 8 // STREAMINFO: 16+16 bits block sizes, 24+24 bits frame sizes, then the fields below.
  const channels = ((head[s + 12]! >> 1) & 0x07) + 1
  const bitsPerSample = (((head[s + 12]! & 0x01) << 4) | (head[s + 13]! >> 4)) + 1
  const total = (head[s + 13]! & 0x0f) * 2 ** 32 + ((head[s + 14]! << 24) >>> 0) + (head[s + 15]! << 16) + (head[s + 16]! << 8) + head[s + 17]!
  return { channels, bitsPerSample, totalSamples: total === 0 ? undefined : total }
}

/**
 * Runs a decoder call with console.error silenced: the decoder prints each damaged frame to the
 * console, where a CLI user would see raw libFLAC states before the one sentence that this
 * reader makes of the same errors. Its work happens synchronously inside the call, so only its
 * own printing is silenced.
 */
function quietly<T>(call: () => T): T {
  const print = console.error
  console.error = (): void => {}
  try {
    return call()
  } finally {
    console.error = print
  }
}

/** Where one signal is inside a FLAC signal file. */
export interface FlacChannelRequest {
  readonly path: string
  /** The file name as the header writes it, for messages. */
  readonly name: string
  readonly channel: number
  /** Samples of the channel to skip first (the header's `+offset`). */
  readonly skip: number
  /** Samples wanted after the skipped ones. */
  readonly count: number
}

/**
 * The stored integer samples of one FLAC channel. Throws InputError when the stream is damaged
 * or holds fewer samples than asked for.
 */
export async function readFlacChannel(req: FlacChannelRequest): Promise<Int32Array> {
  const out = new Int32Array(req.count)
  const decoder = new FLACDecoder()
  await decoder.ready
  let fh
  try {
    fh = await open(req.path, 'r')
  } catch {
    decoder.free()
    throw new InputError(`the data file ${req.name} cannot be opened; check that it exists and is readable.`, req.path)
  }
  let seen = 0
  let filled = 0
  const take = (decoded: { channelData: Float32Array[]; samplesDecoded: number; bitDepth: number; errors: readonly { message: string }[] }): void => {
    const first = decoded.errors[0]
    if (first !== undefined) {
      throw new InputError(`the FLAC data in ${req.name} is damaged (${first.message.replace(/\s+/g, ' ')}); the file is corrupt or truncated.`, req.path)
    }
    const data = decoded.channelData[req.channel]
    if (decoded.samplesDecoded === 0 || data === undefined) return
    // The decoder gives v / (2^(bits-1) - 1) as float32, which maps back to v exactly for 8 to 24 bits.
    const scale = 2 ** (decoded.bitDepth - 1) - 1
    for (let i = 0; i < decoded.samplesDecoded && filled < req.count; i++, seen++) {
      if (seen >= req.skip) out[filled++] = Math.round(data[i]! * scale)
    }
  }
  try {
    const piece = new Uint8Array(PIECE_BYTES)
    for (let position = 0; filled < req.count; position += PIECE_BYTES) {
      const got = await readExact(fh, piece, PIECE_BYTES, position)
      if (got > 0) take(await quietly(() => decoder.decode(piece.slice(0, got))))
      if (got < PIECE_BYTES) {
        take(await quietly(() => decoder.flush()))
        break
      }
    }
  } finally {
    await fh.close()
    decoder.free()
  }
  if (filled < req.count) {
    throw new InputError(`the WFDB header promises ${req.count} samples of this signal but the FLAC data file ${req.name} holds only ${filled} that decode (a frame that fails its checksum is dropped); the data file is damaged, truncated or belongs to another record.`, req.path)
  }
  return out
}
