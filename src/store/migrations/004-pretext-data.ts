/**
 * Schema version 4: what each run's pretext models learn from (issue 9 §1–§2), recorded when the
 * run is created, so its report can name every pretext dataset with its windows and content hash
 * and say how many windows each encoder saw, whatever happens to the datasets later.
 */
import type { Migration } from './migration.js'

export const migration004: Migration = {
  version: 4,
  name: 'pretext-data',
  sql: `
-- JSON: [{ "model", "variant", "windows", "datasets": [{ "name", "windows" }] }]; '[]' for runs
-- created before this version (their one model learned from every window of every dataset)
ALTER TABLE runs ADD COLUMN pretext_models_json TEXT NOT NULL DEFAULT '[]';
`,
}
