/** One numbered schema change. Migrations only ever get added, never edited once released. */
export interface Migration {
  readonly version: number
  readonly name: string
  /** SQL run inside the migration's transaction. */
  readonly sql: string
}
