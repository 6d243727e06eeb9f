import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../common/input-error.js'
import { labelRowItem, observedLabelScales, parseLabelsCsv, readLabelsCsv } from './labels-csv.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labels-csv-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('readLabelsCsv', () => {
  it('reads key columns, numeric and text labels, empty cells as null, and line numbers', async () => {
    const path = join(dir, 'labels.csv')
    const text = [
      'File,Subject,Start_s,End_s,Arousal,Valence,Condition',
      'S01/rest.csv,S01,0,60,3,5.5,rest',
      '',
      'S01/task.csv,S01,,,7,,"stress, high"',
      ',S02,10,20,1,2,rest',
    ].join('\r\n')
    await writeFile(path, `\ufeff${text}\r\n`)
    const table = await readLabelsCsv(path)
    expect(table.labelNames).toEqual(['Arousal', 'Valence', 'Condition'])
    expect(table.labelKinds).toEqual({ Arousal: 'number', Valence: 'number', Condition: 'text' })
    expect(table.rows).toEqual([
      { line: 2, file: 'S01/rest.csv', subject: 'S01', trial: undefined, startS: 0, endS: 60, event: undefined, labels: { Arousal: 3, Valence: 5.5, Condition: 'rest' } },
      { line: 4, file: 'S01/task.csv', subject: 'S01', trial: undefined, startS: undefined, endS: undefined, event: undefined, labels: { Arousal: 7, Valence: null, Condition: 'stress, high' } },
      { line: 5, file: undefined, subject: 'S02', trial: undefined, startS: 10, endS: 20, event: undefined, labels: { Arousal: 1, Valence: 2, Condition: 'rest' } },
    ])
    expect(labelRowItem(table, table.rows[2]!)).toBe('labels.csv line 5')
    expect(observedLabelScales(table)).toEqual({ Arousal: { min: 1, max: 7 }, Valence: { min: 2, max: 5.5 } })
  })

  it('semicolon files with decimal commas, an Excel sep= line, events and a multi-line quoted cell', () => {
    const table = parseLabelsCsv('sep=;\nsubject;trial;event;score;note\nP1;a;Stimulus 1;4,5;"two\nlines"\nP1;b;Stimulus 2;6;x\n', '/x/l.csv')
    expect(table.rows.map((r) => [r.line, r.subject, r.trial, r.event, r.labels.score])).toEqual([
      [3, 'P1', 'a', 'Stimulus 1', 4.5],
      [5, 'P1', 'b', 'Stimulus 2', 6],
    ])
    expect(table.rows[0]?.labels.note).toBe('two\nlines')
  })

  it('a file-only table has no labels', () => {
    const table = parseLabelsCsv('file\na.csv\nb.csv\n', 'l.csv')
    expect(table.labelNames).toEqual([])
    expect(table.rows.map((r) => r.file)).toEqual(['a.csv', 'b.csv'])
  })
})

describe('bad labels files', () => {
  const bad = (text: string): (() => unknown) => () => parseLabelsCsv(text, '/d/labels.csv')

  it('empty', () => {
    expect(bad('')).toThrow(InputError)
    expect(bad('')).toThrow('/d/labels.csv: the labels file is empty')
  })
  it('no header row', () => {
    expect(bad('1,2,3\n4,5,6\n')).toThrow('the labels file has no header row; add a first line naming the columns')
  })
  it('no key column', () => {
    expect(bad('name,arousal\na,1\n')).toThrow("the labels file has no 'file' or 'subject' column (its header is: name, arousal)")
  })
  it('row with neither file nor subject', () => {
    expect(bad('file,subject,arousal\na.csv,,1\n,,2\n')).toThrow('line 3 of the labels file has neither a file nor a subject')
  })
  it('non-numeric, negative or reversed time range', () => {
    expect(bad('file,start_s,end_s\na.csv,abc,10\n')).toThrow("line 2 of the labels file: start_s 'abc' is not a time in seconds")
    expect(bad('file,start_s,end_s\na.csv,-1,10\n')).toThrow("start_s '-1' is not a time in seconds")
    expect(bad('file,start_s,end_s\na.csv,0,10\nb.csv,20,10\n')).toThrow('line 3 of the labels file: the range ends (10 s) before it starts (20 s)')
  })
  it('too many cells and duplicate columns', () => {
    expect(bad('file,a\nx.csv,1,2\n')).toThrow('line 2 of the labels file has 3 cells but the header has 2')
    expect(bad('file,a,A2,a\nx,1,2,3\n')).toThrow("names the column 'a' twice")
  })
  it('missing file', async () => {
    await expect(readLabelsCsv(join(dir, 'nope.csv'))).rejects.toThrow('the labels file cannot be read')
  })
})
