import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { forEachLine, forEachPiece } from './line-reader.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'line-reader-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let n = 0
function file(content: string | Buffer): string {
  const p = path.join(dir, `f${n++}.txt`)
  fs.writeFileSync(p, content)
  return p
}
async function lines(p: string): Promise<string[]> {
  const out: string[] = []
  await forEachLine(p, (line) => void out.push(line))
  return out
}

describe('forEachLine (forEachPiece with the pieces joined)', () => {
  it('reads LF, CRLF and bare-CR files alike, with or without a final line break', async () => {
    for (const sep of ['\n', '\r\n', '\r']) {
      expect(await lines(file(['a,1', 'b,2', '', 'c,3'].join(sep)))).toEqual(['a,1', 'b,2', '', 'c,3'])
      expect(await lines(file(['a', 'b'].join(sep) + sep))).toEqual(['a', 'b'])
    }
  })

  it('joins a line that crosses a read chunk, and a CRLF split between chunks ends one line', async () => {
    const long = 'x'.repeat((1 << 20) - 1)
    expect(await lines(file(`${long}\r\nnext\r\n`))).toEqual([long, 'next'])
    // Starts 5 bytes in, so it crosses the first chunk's end (a line may be up to a chunk long).
    const longer = 'y'.repeat((1 << 20) - 5)
    expect(await lines(file(`head\n${longer}\ntail`))).toEqual(['head', longer, 'tail'])
  })

  it('stops when the callback says so and numbers lines from 1', async () => {
    const seen: [string, number][] = []
    const result = await forEachLine(file('a\nb\nc\n'), (line, k) => {
      seen.push([line, k])
      return k < 2
    })
    expect(seen).toEqual([['a', 1], ['b', 2]])
    expect(result).toEqual({ lastLine: 2, complete: false })
  })

  it('refuses a line over a million characters with one sentence, where forEachPiece reads it', async () => {
    const p = file(`ok\n${'9'.repeat((1 << 20) + 1)}\n`)
    await expect(forEachLine(p, () => true)).rejects.toThrow(/line 2 is longer than 1048576 characters/)
    let chars = 0
    const result = await forEachPiece(p, (piece) => void (chars += piece.length))
    expect(result.complete).toBe(true)
    expect(chars).toBe(2 + (1 << 20) + 1)
  })

  it('refuses a binary file', async () => {
    await expect(forEachLine(file(Buffer.from([0x41, 0x00, 0x42, 0x0a])), () => true)).rejects.toThrow(/binary file/)
  })
})
