/**
 * Schema version 2: annotator flags on windows (issue 4 "Window review").
 *
 * `windows.flag` is the current verdict (NULL = not reviewed yet); windows flagged noisy, artifact
 * or unusable are left out of training (TRAINABLE_WINDOW_CONDITION in window-flags-repo.ts).
 * `window_flag_events` keeps every change — who set which flag when, NULL flag meaning "cleared" —
 * forever, because a reviewed data set must be able to say why a window was dropped.
 */
import type { Migration } from './migration.js'

export const migration002: Migration = {
  version: 2,
  name: 'window-flags',
  sql: `
ALTER TABLE windows ADD COLUMN flag TEXT CHECK (flag IN ('good', 'noisy', 'artifact', 'unusable'));

CREATE TABLE window_flag_events (
  id         INTEGER PRIMARY KEY,
  window_id  INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
  -- NULL: the annotator cleared the flag
  flag       TEXT CHECK (flag IN ('good', 'noisy', 'artifact', 'unusable')),
  annotator  TEXT NOT NULL,
  -- ISO 8601 UTC time of the change
  at         TEXT NOT NULL
);
CREATE INDEX window_flag_events_window ON window_flag_events(window_id, id);
-- filtering a review page by flag
CREATE INDEX windows_flag ON windows(dataset_id, flag);
`,
}
