-- minutes-kb store, schema version 4: several meetings per file.
-- A file is what is read, hashed and skipped when unchanged; a meeting is a line range of it (a year
-- file holds one per dated heading). Meetings are derived data: this migration empties them, and the
-- next ingest parses every file again.

DELETE FROM search_sections;
DELETE FROM search_shards;
DELETE FROM action_threads;
DELETE FROM problems;
DROP TABLE meetings; -- with foreign keys on, its rows go first and take everything extracted with them

CREATE TABLE files (
  id            INTEGER PRIMARY KEY,
  path          TEXT    NOT NULL UNIQUE,       -- relative to the ingested root: meetings/2019/2019-03-04.md
  content_hash  TEXT    NOT NULL,              -- sha256 of the file's bytes
  size          INTEGER NOT NULL,
  raw           TEXT    NOT NULL,              -- the markdown as read
  meetings      INTEGER NOT NULL,              -- how many meetings it holds; 0 for a file that is not minutes
  not_minutes   TEXT,                          -- why it is not minutes (a README, a template), NULL for minutes
  ingested_at   TEXT    NOT NULL
);

CREATE TABLE meetings (
  id          INTEGER PRIMARY KEY,
  file_id     INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  path        TEXT    NOT NULL,                -- the file's path, repeated for readers and queries
  position    INTEGER NOT NULL,                -- order in the file, from 0
  first_line  INTEGER NOT NULL,                -- the meeting's line range in the file
  last_line   INTEGER NOT NULL,
  series      TEXT    NOT NULL,                -- the folder holding the meeting files, year folders skipped
  date        TEXT,                            -- ISO date, NULL when none was found
  title       TEXT,
  canceled    INTEGER NOT NULL DEFAULT 0 CHECK (canceled IN (0, 1)),
  UNIQUE (file_id, position)
);
CREATE INDEX meetings_series_date ON meetings (series, date);
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_path ON meetings (path);

-- Participants keep what the minutes say beside the name: the organisation and a table's abbreviation.
ALTER TABLE attendance ADD COLUMN affiliation TEXT;
ALTER TABLE attendance ADD COLUMN abbreviation TEXT;
ALTER TABLE attendance ADD COLUMN name TEXT;    -- the name written beside a handle (`Jane Doe (@jdoe)`)

-- An alias comes from the aliases file, or is learned from the minutes: a participant written with
-- both name and handle (`Joe Sepi (@joesepi)`) joins that name to the handle for the collection.
ALTER TABLE aliases ADD COLUMN source TEXT NOT NULL DEFAULT 'file' CHECK (source IN ('file', 'learned'));
