/**
 * Sequential byte sources for the streaming .mat reader: a byte range of an open file, and the
 * decompressed bytes of an miCOMPRESSED element (zlib), produced chunk by chunk so that only what
 * the decoder is working on is ever in memory.
 */
import { createReadStream } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { pipeline } from 'node:stream'
import { createInflate, type Inflate } from 'node:zlib'
import { InputError, throwIfCancelled } from '../../common/input-error.js'

export interface ByteSource {
  /** Exactly n bytes, or an InputError when the data ends first. */
  read(n: number): Promise<Uint8Array>
  skip(n: number): Promise<void>
}

const CHUNK = 1 << 20
/** Reads at least this large get their own freshly allocated (8-byte aligned) buffer. */
const OWN_BUFFER = 1 << 16

/** Bytes [start, end) of an open file. The caller has checked that the file is that long. */
export class FileRangeSource implements ByteSource {
  private pos: number
  private buf = new Uint8Array(0)
  private bufStart = 0

  constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
    start: number,
    private readonly end: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.pos = start
  }

  async read(n: number): Promise<Uint8Array> {
    this.check(n)
    const inBuf = this.pos - this.bufStart
    if (inBuf >= 0 && inBuf + n <= this.buf.length) {
      this.pos += n
      return this.buf.subarray(inBuf, inBuf + n)
    }
    throwIfCancelled(this.signal)
    if (n >= OWN_BUFFER) {
      const out = new Uint8Array(n)
      await this.readFully(out, this.pos)
      this.pos += n
      return out
    }
    this.buf = new Uint8Array(Math.min(CHUNK, this.end - this.pos))
    this.bufStart = this.pos
    await this.readFully(this.buf, this.pos)
    this.pos += n
    return this.buf.subarray(0, n)
  }

  skip(n: number): Promise<void> {
    this.check(n)
    this.pos += n
    return Promise.resolve()
  }

  private check(n: number): void {
    if (this.pos + n > this.end) {
      throw new InputError(`the file is truncated: a variable needs ${this.pos + n - this.end} bytes more than the file holds; copy the file again.`, this.file)
    }
  }

  private async readFully(target: Uint8Array, position: number): Promise<void> {
    let done = 0
    while (done < target.length) {
      const { bytesRead } = await this.handle.read(target, done, target.length - done, position + done)
      if (bytesRead === 0) {
        throw new InputError(`the file became shorter while it was being read; copy the file again.`, this.file)
      }
      done += bytesRead
    }
  }
}

/** The decompressed contents of the zlib stream at bytes [start, end) of a file. */
export class InflateSource implements ByteSource {
  private readonly inflater: Inflate
  private readonly chunks: Buffer[] = []
  private head = 0
  private available = 0
  private ended = false
  private readonly iterator: AsyncIterator<Buffer>

  constructor(
    private readonly file: string,
    start: number,
    end: number,
    private readonly index: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.inflater = createInflate({ chunkSize: 1 << 18 })
    if (end > start) {
      const input = createReadStream(file, { start, end: end - 1, highWaterMark: CHUNK })
      pipeline(input, this.inflater, () => undefined)
    } else {
      this.inflater.end()
    }
    this.iterator = this.inflater[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  }

  async read(n: number): Promise<Uint8Array> {
    await this.fill(n)
    const first = this.chunks[0]
    if (first !== undefined && n < OWN_BUFFER && this.head + n <= first.length) {
      const out = first.subarray(this.head, this.head + n)
      this.consume(n)
      return out
    }
    const out = new Uint8Array(n)
    let filled = 0
    while (filled < n) {
      const chunk = this.chunks[0]
      if (chunk === undefined) break
      const take = Math.min(n - filled, chunk.length - this.head)
      out.set(chunk.subarray(this.head, this.head + take), filled)
      filled += take
      this.consume(take)
    }
    return out
  }

  async skip(n: number): Promise<void> {
    let left = n
    while (left > 0) {
      if (this.available === 0 && !(await this.pull())) this.fail(left)
      const take = Math.min(left, this.available)
      this.consume(take)
      left -= take
    }
  }

  /** True when the decompressed stream has no more bytes. */
  async atEnd(): Promise<boolean> {
    while (this.available === 0) {
      if (!(await this.pull())) return true
    }
    return false
  }

  close(): void {
    this.inflater.destroy()
  }

  private async fill(n: number): Promise<void> {
    while (this.available < n) {
      if (!(await this.pull())) this.fail(n - this.available)
    }
  }

  private consume(n: number): void {
    this.available -= n
    this.head += n
    while (this.chunks[0] !== undefined && this.head >= this.chunks[0].length) {
      this.head -= this.chunks[0].length
      this.chunks.shift()
    }
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false
    throwIfCancelled(this.signal)
    let step: IteratorResult<Buffer>
    try {
      step = await this.iterator.next()
    } catch (error) {
      this.ended = true
      // A stream cut short without its final check bytes: the decoder decides if what came is enough.
      if ((error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') return false
      throw new InputError(
        `the file is damaged: the compressed data of variable ${this.index + 1} cannot be decompressed (${(error as Error).message}); copy the file again or re-save it in MATLAB.`,
        this.file,
      )
    }
    if (step.done === true) {
      this.ended = true
      return false
    }
    if (step.value.length > 0) {
      this.chunks.push(step.value)
      this.available += step.value.length
    }
    return true
  }

  private fail(missing: number): never {
    throw new InputError(
      `the file is truncated or damaged: the compressed data of variable ${this.index + 1} ends ${missing} bytes too early; copy the file again.`,
      this.file,
    )
  }
}
