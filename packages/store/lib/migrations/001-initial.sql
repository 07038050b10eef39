-- minutes-kb store, schema version 1.
-- One row per minutes file; everything extracted from it hangs off the meeting and goes with it.

CREATE TABLE meetings (
  id            INTEGER PRIMARY KEY,
  path          TEXT    NOT NULL UNIQUE,       -- relative to the ingested root: iaas/20231011.md
  series        TEXT    NOT NULL,              -- first folder under the root, '' at the root
  date          TEXT,                          -- ISO date, NULL when none was found
  title         TEXT,
  content_hash  TEXT    NOT NULL,              -- sha256 of the file's bytes
  size          INTEGER NOT NULL,
  raw           TEXT    NOT NULL,              -- the markdown as read
  ingested_at   TEXT    NOT NULL
);
CREATE INDEX meetings_series_date ON meetings (series, date);
CREATE INDEX meetings_date ON meetings (date);

-- People are keyed by lowercased handle ('@garloff'); a plain name stays a name ('name:kurt')
-- until an alias maps it to a handle.
CREATE TABLE people (
  id      INTEGER PRIMARY KEY,
  key     TEXT NOT NULL UNIQUE,
  handle  TEXT,                                -- '@garloff', NULL for a name nobody mapped yet
  name    TEXT                                 -- a plain name as first written
);

-- Names and old handles that stand for a handle: 'kurt' -> '@garloff'. Lowercased.
CREATE TABLE aliases (
  alias   TEXT PRIMARY KEY,
  handle  TEXT NOT NULL
);

-- Every mention keeps what was written, so aliases can re-resolve people without re-parsing.
CREATE TABLE attendance (
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  person_id   INTEGER NOT NULL REFERENCES people (id),
  written     TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;
CREATE INDEX attendance_person ON attendance (person_id);

CREATE TABLE topics (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,                -- order in the meeting, from 0
  title       TEXT    NOT NULL,
  depth       INTEGER NOT NULL,
  line        INTEGER NOT NULL
);
CREATE INDEX topics_meeting ON topics (meeting_id);

CREATE TABLE topic_owners (
  topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  person_id  INTEGER NOT NULL REFERENCES people (id),
  written    TEXT    NOT NULL,
  PRIMARY KEY (topic_id, person_id)
) WITHOUT ROWID;
CREATE INDEX topic_owners_person ON topic_owners (person_id);

-- A task as it is written in one meeting. Mentions of the same task across meetings share a thread.
CREATE TABLE action_items (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  topic_id    INTEGER REFERENCES topics (id) ON DELETE SET NULL,
  topic       TEXT,
  text        TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  done        INTEGER NOT NULL CHECK (done IN (0, 1)),
  kind        TEXT    NOT NULL CHECK (kind IN ('marked', 'unmarked')),
  thread_id   INTEGER REFERENCES action_threads (id) ON DELETE SET NULL
);
CREATE INDEX action_items_meeting ON action_items (meeting_id);
CREATE INDEX action_items_thread ON action_items (thread_id);

CREATE TABLE action_assignees (
  action_id  INTEGER NOT NULL REFERENCES action_items (id) ON DELETE CASCADE,
  person_id  INTEGER NOT NULL REFERENCES people (id),
  written    TEXT    NOT NULL,
  PRIMARY KEY (action_id, person_id)
) WITHOUT ROWID;
CREATE INDEX action_assignees_person ON action_assignees (person_id);

-- One task across meetings: first and last seen, how many meetings carried it, latest status.
CREATE TABLE action_threads (
  id             INTEGER PRIMARY KEY,
  series         TEXT    NOT NULL,
  text           TEXT    NOT NULL,             -- the latest wording
  assignees      TEXT    NOT NULL,             -- JSON array of person keys, for display
  first_seen     TEXT,
  last_seen      TEXT,
  meetings       INTEGER NOT NULL,
  status         TEXT    NOT NULL CHECK (status IN ('open', 'done')),
  first_item_id  INTEGER NOT NULL,
  last_item_id   INTEGER NOT NULL
);
CREATE INDEX action_threads_series ON action_threads (series, last_seen);

CREATE TABLE decisions (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  topic       TEXT,
  text        TEXT    NOT NULL,
  line        INTEGER NOT NULL
);
CREATE INDEX decisions_meeting ON decisions (meeting_id);

-- Every URL, with its classified reference when it is an upstream tracker item.
CREATE TABLE links (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  url         TEXT    NOT NULL,
  text        TEXT    NOT NULL,
  line        INTEGER NOT NULL,
  topic       TEXT,
  host        TEXT,
  owner       TEXT,
  repo        TEXT,
  kind        TEXT,                            -- issue, pull, commit, blob, tree, discussion, release, repo, merge_request, change, bug
  number      INTEGER,
  sha         TEXT,
  ref_name    TEXT,
  ref_path    TEXT,
  tag         TEXT
);
CREATE INDEX links_meeting ON links (meeting_id);
CREATE INDEX links_repo ON links (host, owner COLLATE NOCASE, repo COLLATE NOCASE);

-- The collection lint: vfile messages of the meetings, and files that could not be read at all.
CREATE TABLE problems (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
  path        TEXT    NOT NULL,
  line        INTEGER,
  "column"    INTEGER,
  rule_id     TEXT,
  severity    TEXT    NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  reason      TEXT    NOT NULL
);
CREATE INDEX problems_path ON problems (path);

CREATE TABLE ingest_runs (
  id           INTEGER PRIMARY KEY,
  root         TEXT    NOT NULL,
  started_at   TEXT    NOT NULL,
  finished_at  TEXT    NOT NULL,
  added        INTEGER NOT NULL,
  changed      INTEGER NOT NULL,
  unchanged    INTEGER NOT NULL,
  moved        INTEGER NOT NULL,
  removed      INTEGER NOT NULL,
  problems     INTEGER NOT NULL,
  seconds      REAL    NOT NULL
);

-- Small settings that travel with the database (own organisations, the aliases' hash).
CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
