-- Search: sections (a topic heading and its content; a meeting without topics is one section),
-- their full-text index (SQLite FTS5), and the sharded Lunr indexes built from them.

CREATE TABLE search_sections (
  id          INTEGER PRIMARY KEY,
  meeting_id  INTEGER NOT NULL,                -- no cascade: the indexer reads a removed meeting's shard before it goes
  shard       TEXT    NOT NULL,                -- series/year: iaas/2023
  position    INTEGER NOT NULL,
  topic       TEXT,                            -- NULL for a meeting without topics
  line        INTEGER NOT NULL,
  title       TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  people      TEXT    NOT NULL,                -- handles and names, space-separated
  series      TEXT    NOT NULL,
  date        TEXT
);
CREATE INDEX search_sections_meeting ON search_sections (meeting_id);
CREATE INDEX search_sections_shard ON search_sections (shard);

CREATE VIRTUAL TABLE search_fts USING fts5 (
  title, body, people, series,
  content = 'search_sections', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_fts, 'row');
-- Rank as Lunr boosts: a title match counts ten times a body match (ORDER BY rank uses it).
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 2.0, 1.0)');

CREATE TRIGGER search_sections_insert AFTER INSERT ON search_sections BEGIN
  INSERT INTO search_fts (rowid, title, body, people, series) VALUES (new.id, new.title, new.body, new.people, new.series);
END;
CREATE TRIGGER search_sections_delete AFTER DELETE ON search_sections BEGIN
  INSERT INTO search_fts (search_fts, rowid, title, body, people, series) VALUES ('delete', old.id, old.title, old.body, old.people, old.series);
END;

-- One serialized Lunr index per shard (gzip-compressed JSON), rebuilt only when its meetings change.
CREATE TABLE search_shards (
  shard     TEXT    PRIMARY KEY,
  sections  INTEGER NOT NULL,
  bytes     INTEGER NOT NULL,                  -- size of the serialized index before compression
  built_at  TEXT    NOT NULL,
  lunr      BLOB    NOT NULL
);
