/**
 * Schema version 1: datasets with their import provenance, subjects, recordings and windows.
 * Signal data are float32 little-endian BLOBs, one per window (docs/ARCHITECTURE.md "Store").
 */
import type { Migration } from './migration.js'

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE datasets (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE,
  kind                TEXT NOT NULL,
  created_at          TEXT NOT NULL,
  source_path         TEXT NOT NULL,
  fs                  REAL NOT NULL,
  window_samples      INTEGER NOT NULL,
  overlap_percent     REAL NOT NULL,
  preprocessing_json  TEXT NOT NULL,
  label_names_json    TEXT NOT NULL DEFAULT '[]',
  label_scales_json   TEXT NOT NULL DEFAULT '{}',
  label_ranges_json   TEXT NOT NULL DEFAULT '{}',
  notes_json          TEXT NOT NULL DEFAULT '[]',
  skipped_json        TEXT NOT NULL DEFAULT '[]',
  options_json        TEXT NOT NULL DEFAULT '{}',
  app_version         TEXT NOT NULL,
  content_hash        TEXT NOT NULL,
  subject_count       INTEGER NOT NULL DEFAULT 0,
  recording_count     INTEGER NOT NULL DEFAULT 0,
  window_count        INTEGER NOT NULL DEFAULT 0,
  excluded_count      INTEGER NOT NULL DEFAULT 0,
  duration_s          REAL NOT NULL DEFAULT 0
);

CREATE TABLE import_sources (
  id          INTEGER PRIMARY KEY,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  bytes       INTEGER NOT NULL,
  sha256      TEXT NOT NULL
);
CREATE INDEX import_sources_dataset ON import_sources(dataset_id);

CREATE TABLE subjects (
  id              INTEGER PRIMARY KEY,
  dataset_id      INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  code            TEXT NOT NULL,
  zscore_mean     REAL NOT NULL,
  zscore_sd       REAL NOT NULL,
  zscore_samples  INTEGER NOT NULL,
  UNIQUE (dataset_id, code)
);

CREATE TABLE recordings (
  id                 INTEGER PRIMARY KEY,
  dataset_id         INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  subject_id         INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  trial              TEXT NOT NULL,
  channel            TEXT NOT NULL,
  fs_original        REAL NOT NULL,
  sample_count       INTEGER NOT NULL,
  duration_s         REAL NOT NULL,
  labels_json        TEXT NOT NULL DEFAULT '{}',
  source_files_json  TEXT NOT NULL DEFAULT '[]',
  window_count       INTEGER NOT NULL DEFAULT 0,
  excluded_count     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (subject_id, trial)
);
CREATE INDEX recordings_dataset ON recordings(dataset_id);

CREATE TABLE windows (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  recording_id  INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  subject_id    INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  trial         TEXT NOT NULL,
  -- dataset-wide 0-based position, the row of the window in an export
  idx           INTEGER NOT NULL,
  start_s       REAL NOT NULL,
  labels_json   TEXT NOT NULL DEFAULT '{}',
  quality       TEXT NOT NULL CHECK (quality IN ('ok', 'nan', 'flat', 'clipped')),
  excluded      INTEGER NOT NULL CHECK (excluded IN (0, 1)),
  -- float32 little-endian samples
  samples       BLOB NOT NULL CHECK (length(samples) > 0 AND length(samples) % 4 = 0),
  UNIQUE (dataset_id, idx)
);
-- paging by subject (a subject belongs to one dataset) and the cascades from subjects/recordings
CREATE INDEX windows_subject ON windows(subject_id, idx);
CREATE INDEX windows_recording ON windows(recording_id);
`,
}
