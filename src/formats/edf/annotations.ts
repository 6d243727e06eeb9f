/**
 * EDF+ time-stamped annotation lists (TALs), EDF+ specification section 2.2:
 *
 *   +onset[\x15duration]\x14text\x14text\x14…\x14\x00
 *
 * An `EDF Annotations` signal's bytes in one data record hold one or more TALs; unused bytes
 * are \x00. The first TAL of the first annotation signal in each record is the record's
 * time-keeping TAL: its first text is empty and its onset is the record's start in seconds
 * after the header's start date and time.
 */

/** One TAL: an onset (s after the file start), an optional duration and its texts. */
export interface Tal {
  readonly onset: number
  readonly duration: number | undefined
  /** Texts in order; the time-keeping TAL's first text is ''. */
  readonly texts: readonly string[]
}

/** Thrown by parseTals on malformed bytes; the reader turns it into an InputError. */
export class TalError extends Error {}

const ONSET = /^[+-]\d+(\.\d*)?$/
const DURATION = /^\d+(\.\d*)?$/
const utf8 = new TextDecoder('utf-8')

/** Splits `bytes` at every `sep` byte. */
function split(bytes: Uint8Array, sep: number): Uint8Array[] {
  const parts: Uint8Array[] = []
  let start = 0
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === sep) {
      parts.push(bytes.subarray(start, i))
      start = i + 1
    }
  }
  parts.push(bytes.subarray(start))
  return parts
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
}

/** Parses all TALs in one annotation signal's bytes of one data record. Throws TalError. */
export function parseTals(bytes: Uint8Array): Tal[] {
  const tals: Tal[] = []
  let i = 0
  while (i < bytes.length) {
    if (bytes[i] === 0) {
      i++
      continue
    }
    let end = bytes.indexOf(0, i)
    if (end < 0) end = bytes.length
    const tal = bytes.subarray(i, end)
    i = end + 1
    // A TAL ends with \x14 before its \x00, so the last part after splitting is empty.
    const parts = split(tal, 0x14)
    const stamp = parts[0]
    if (stamp === undefined || parts.length < 2 || parts.at(-1)?.length !== 0) {
      throw new TalError(`a TAL does not end with the 0x14 0x00 bytes EDF+ requires ("${latin1(tal.subarray(0, 40))}")`)
    }
    const [onsetBytes, durationBytes, ...extra] = split(stamp, 0x15)
    const onsetText = latin1(onsetBytes ?? new Uint8Array())
    if (!ONSET.test(onsetText) || extra.length > 0) {
      throw new TalError(`the TAL onset "${latin1(stamp.subarray(0, 40))}" is not a signed number of seconds`)
    }
    let duration: number | undefined
    if (durationBytes !== undefined) {
      const durationText = latin1(durationBytes)
      if (!DURATION.test(durationText)) throw new TalError(`the TAL duration "${durationText.slice(0, 40)}" is not a number of seconds`)
      duration = Number.parseFloat(durationText)
    }
    tals.push({
      onset: Number.parseFloat(onsetText),
      duration,
      texts: parts.slice(1, -1).map((p) => utf8.decode(p)),
    })
  }
  return tals
}
