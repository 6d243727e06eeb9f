/**
 * Schema version 3: experiment runs. A run keeps its full config, seed, backend and device, app
 * version and the content hash of every dataset it read; per-epoch pretext metrics with a
 * checkpoint per epoch (weights always; the optimizer state only in the newest, which is all a
 * resume needs, to keep a 100-epoch run near 2 MB per epoch instead of 7); and one row per
 * evaluated fold. `owner_pid` tells a crashed run (owner gone) from one still running.
 */
import type { Migration } from './migration.js'

export const migration003: Migration = {
  version: 3,
  name: 'runs',
  sql: `
CREATE TABLE runs (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  state                TEXT NOT NULL CHECK (state IN ('queued', 'running', 'interrupted', 'done', 'failed', 'cancelled')),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  config_json          TEXT NOT NULL,
  seed                 INTEGER NOT NULL,
  backend              TEXT NOT NULL DEFAULT '',
  device               TEXT NOT NULL DEFAULT '',
  app_version          TEXT NOT NULL,
  dataset_hashes_json  TEXT NOT NULL DEFAULT '{}',
  progress_done        INTEGER NOT NULL DEFAULT 0,
  progress_total       INTEGER NOT NULL DEFAULT 0,
  phase                TEXT NOT NULL DEFAULT '',
  error                TEXT,
  owner_pid            INTEGER
);

CREATE TABLE run_epochs (
  run_id        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  variant       TEXT NOT NULL,
  epoch         INTEGER NOT NULL,
  metrics_json  TEXT NOT NULL,
  weights       BLOB NOT NULL,
  PRIMARY KEY (run_id, variant, epoch)
);

CREATE TABLE run_folds (
  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  unit_key     TEXT NOT NULL,
  result_json  TEXT NOT NULL,
  PRIMARY KEY (run_id, unit_key)
);
`,
}
