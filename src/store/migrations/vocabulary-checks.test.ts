// The store's CHECK constraints are written in numbered migrations, which never change once
// shipped; they must still allow exactly the values of the one vocabulary (contracts/datasets.ts).
import { describe, expect, it } from 'vitest'
import { WINDOW_FLAGS, WindowQuality } from '../../contracts/datasets.js'
import { migration001 } from './001-initial.js'
import { migration002 } from './002-window-flags.js'

/** The quoted values of `column … CHECK (column IN (…))` in `sql`. */
function checkValues(sql: string, column: string): string[] {
  const m = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql)
  return (m?.[1] ?? '').split(',').map((v) => v.trim().replace(/^'|'$/g, ''))
}

describe('the store allows exactly the vocabulary\'s values', () => {
  it('window quality and annotator flags', () => {
    expect(checkValues(migration001.sql, 'quality')).toEqual([...WindowQuality.options])
    expect(checkValues(migration002.sql, 'flag')).toEqual([...WINDOW_FLAGS])
  })
})
