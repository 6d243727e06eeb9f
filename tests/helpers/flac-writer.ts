/**
 * Encodes FLAC streams for the tests with libflacjs (MIT; the reference libFLAC encoder compiled
 * to JavaScript), so the FLAC-compressed WFDB formats are tested on what a real encoder writes
 * (fixed and LPC predictors, Rice-coded residuals) and decoded by another library than the one
 * that wrote them. Only its encoder is used: its decoder's output path is not exact.
 */
import { createRequire } from 'node:module'

interface LibFlac {
  isReady(): boolean
  on(event: 'ready', listener: () => void): void
  create_libflac_encoder(rate: number, channels: number, bps: number, level: number, totalSamples: number, verify: boolean, blockSize: number): number
  init_encoder_stream(encoder: number, write: (data: Uint8Array) => void): number
  FLAC__stream_encoder_process_interleaved(encoder: number, samples: Int32Array, frames: number): boolean
  FLAC__stream_encoder_finish(encoder: number): boolean
  FLAC__stream_encoder_delete(encoder: number): void
}

let loaded: Promise<LibFlac> | undefined

function libflac(): Promise<LibFlac> {
  loaded ??= new Promise((resolve) => {
    // The asm.js build: the WebAssembly build fetches its .wasm by URL, which Node cannot.
    const flac = (createRequire(import.meta.url)('libflacjs') as (variant: string) => LibFlac)('min')
    if (flac.isReady()) resolve(flac)
    else flac.on('ready', () => resolve(flac))
  })
  return loaded
}

/**
 * A FLAC stream of `channels` (equal lengths) at `bits` bits per sample. `blockSize` 0 lets the
 * encoder choose; a small one makes many frames, so truncation cuts inside the stream.
 */
export async function encodeFlac(channels: readonly Int32Array[], bits: number, options: { rate?: number; blockSize?: number } = {}): Promise<Uint8Array> {
  const flac = await libflac()
  const frames = channels[0]?.length ?? 0
  const encoder = flac.create_libflac_encoder(options.rate ?? 250, channels.length, bits, 5, frames, false, options.blockSize ?? 0)
  if (encoder === 0) throw new Error('libflacjs could not create an encoder')
  const pieces: Uint8Array[] = []
  if (flac.init_encoder_stream(encoder, (data) => pieces.push(Uint8Array.from(data))) !== 0) throw new Error('libflacjs could not start the encoder')
  const interleaved = new Int32Array(frames * channels.length)
  channels.forEach((channel, c) => channel.forEach((v, i) => { interleaved[i * channels.length + c] = v }))
  if (!flac.FLAC__stream_encoder_process_interleaved(encoder, interleaved, frames)) throw new Error('libflacjs could not encode the samples')
  flac.FLAC__stream_encoder_finish(encoder)
  flac.FLAC__stream_encoder_delete(encoder)
  return Buffer.concat(pieces)
}
