/**
 * SQL only in src/store/ (docs/ARCHITECTURE.md): outside it no shipped file opens a database,
 * prepares a statement, sets a pragma or writes an SQL statement. Services compose repository
 * functions (and may scope them in one db.transaction()); the tables and their SQL stay behind
 * the store's functions, so a schema change touches one folder. Tests may still write SQL to set up
 * or damage a store.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { shippedFiles } from '../helpers/shipped-files.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

const SQL_SIGNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'imports better-sqlite3 (a type-only import is fine)', pattern: /^\s*import\s+(?!type\b)[^;]*from\s+['"]better-sqlite3['"]/m },
  { what: 'prepares a statement', pattern: /\.prepare\s*[<(]/ },
  { what: 'sets a pragma', pattern: /\.pragma\s*\(/ },
  // A statement's first word and what follows it ('SELECT' alone is also an HTML tag name).
  { what: 'writes an SQL statement', pattern: /['"`]\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH)\s+[\w*(`$]/ },
  { what: 'ends or opens a transaction by hand', pattern: /['"`]\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM)\b/ },
]

/** What in `source` looks like SQL, one phrase each. */
function sqlSigns(source: string): string[] {
  return SQL_SIGNS.filter((s) => s.pattern.test(source)).map((s) => s.what)
}

describe('SQL only in src/store', () => {
  it('recognises each sign of SQL', () => {
    expect(sqlSigns("import Database from 'better-sqlite3'")).toHaveLength(1)
    expect(sqlSigns("import type Database from 'better-sqlite3'")).toEqual([])
    expect(sqlSigns("db.prepare<[number], Row>('SELECT id FROM runs WHERE id = ?')")).toHaveLength(2)
    expect(sqlSigns("if (tag === 'TEXTAREA' || tag === 'SELECT') return true")).toEqual([])
    expect(sqlSigns("db.pragma('busy_timeout = 5')")).toHaveLength(1)
    expect(sqlSigns('const q = `SELECT name FROM datasets`')).toHaveLength(1)
    expect(sqlSigns("db.exec('BEGIN IMMEDIATE')")).toHaveLength(1)
    expect(sqlSigns("const m = /^(\\d+)$/.exec(text) // select the number")).toEqual([])
  })

  it('no file outside src/store holds SQL', () => {
    const offenders = ['src', 'electron', 'renderer']
      .flatMap((d) => shippedFiles(path.join(root, d), /\.(ts|cts|mts|vue)$/))
      .filter((f) => !f.startsWith(path.join(root, 'src', 'store') + path.sep))
      .map((f) => ({ file: path.relative(root, f), signs: sqlSigns(fs.readFileSync(f, 'utf8')) }))
      .filter((o) => o.signs.length > 0)
      .map((o) => `${o.file}: ${o.signs.join(', ')}`)
    expect(offenders).toEqual([])
  })
})
