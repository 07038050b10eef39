-- minutes-kb store, schema version 6: lists filtered, sorted and paged in SQL (keyset cursors).
-- (005 is another change's; the migration runner applies whichever a database lacks.)
-- Each index below leads with a list's sort key as lists.ts writes it, ending with the row id, so a
-- page is read from the index where the cursor left off, whatever the collection's size. Nullable
-- dates are COALESCEd: '' sorts before every date, '~' after (nulls last in ascending order).

-- Meetings: newest first (the default), oldest first with undated ones first (links) or last (sort=date).
CREATE INDEX meetings_newest ON meetings (COALESCE(date, '') DESC, path, id);
CREATE INDEX meetings_oldest ON meetings (COALESCE(date, ''), path, id);
CREATE INDEX meetings_dated ON meetings (COALESCE(date, '~'), path, id);
CREATE INDEX meetings_series_newest ON meetings (series, COALESCE(date, '') DESC, path, id);

-- Rows of a meeting in line order: actions and links follow their meeting's place in a list.
CREATE INDEX action_items_meeting_line ON action_items (meeting_id, line, id);
CREATE INDEX links_meeting_line ON links (meeting_id, line, id);
DROP INDEX action_items_meeting;
DROP INDEX links_meeting;

-- Text sorts join a ranking of the values (collation.ts) and look the rows up by value.
CREATE INDEX action_items_text ON action_items (text);
CREATE INDEX links_url ON links (url);
CREATE INDEX links_kind ON links (kind, host);
CREATE INDEX action_threads_text ON action_threads (text);

-- Threads: last seen first (the default), per series and per status, and the other sorts.
CREATE INDEX action_threads_newest ON action_threads (COALESCE(last_seen, '') DESC, id);
CREATE INDEX action_threads_series_newest ON action_threads (series, COALESCE(last_seen, '') DESC, id);
CREATE INDEX action_threads_status_newest ON action_threads (status, COALESCE(last_seen, '') DESC, id);
CREATE INDEX action_threads_last_seen ON action_threads (COALESCE(last_seen, '~'), id);
CREATE INDEX action_threads_first_seen ON action_threads (COALESCE(first_seen, '~'), COALESCE(last_seen, '') DESC, id);
CREATE INDEX action_threads_first_seen_desc ON action_threads (COALESCE(first_seen, '') DESC, COALESCE(last_seen, '') DESC, id);
CREATE INDEX action_threads_meetings ON action_threads (meetings, COALESCE(last_seen, '') DESC, id);
CREATE INDEX action_threads_meetings_desc ON action_threads (meetings DESC, COALESCE(last_seen, '') DESC, id);
DROP INDEX action_threads_series;

-- Problems: by file and line (the default), by rule.
CREATE INDEX problems_order ON problems (path, COALESCE(line, -1), COALESCE("column", -1), id);
CREATE INDEX problems_rule ON problems (rule_id);
DROP INDEX problems_path;

-- Series with their meetings and dates, kept by triggers: the list reads one row per series instead
-- of grouping every meeting. (Triggers here insert WHERE NOT EXISTS, not INSERT OR IGNORE: inside a
-- trigger the conflict policy of the statement that fired it can take over.)
CREATE TABLE series_stats (
  series      TEXT    PRIMARY KEY,
  meetings    INTEGER NOT NULL,
  first_date  TEXT,
  last_date   TEXT
);
CREATE INDEX series_stats_meetings ON series_stats (meetings, series);
CREATE INDEX series_stats_last ON series_stats (COALESCE(last_date, ''), series);
INSERT INTO series_stats (series, meetings, first_date, last_date) SELECT series, count(*), min(date), max(date) FROM meetings GROUP BY series;

CREATE TRIGGER series_stats_insert AFTER INSERT ON meetings BEGIN
  INSERT INTO series_stats (series, meetings) SELECT new.series, 0 WHERE NOT EXISTS (SELECT 1 FROM series_stats WHERE series = new.series);
  UPDATE series_stats SET meetings = meetings + 1,
         first_date = CASE WHEN first_date IS NULL OR new.date < first_date THEN COALESCE(new.date, first_date) ELSE first_date END,
         last_date = CASE WHEN last_date IS NULL OR new.date > last_date THEN COALESCE(new.date, last_date) ELSE last_date END
   WHERE series = new.series;
END;
CREATE TRIGGER series_stats_delete AFTER DELETE ON meetings BEGIN
  UPDATE series_stats SET meetings = meetings - 1,
         first_date = (SELECT min(date) FROM meetings WHERE series = old.series),
         last_date = (SELECT max(date) FROM meetings WHERE series = old.series)
   WHERE series = old.series;
  DELETE FROM series_stats WHERE series = old.series AND meetings = 0;
END;
CREATE TRIGGER series_stats_update AFTER UPDATE OF series, date ON meetings BEGIN
  UPDATE series_stats SET meetings = (SELECT count(*) FROM meetings WHERE series = series_stats.series),
         first_date = (SELECT min(date) FROM meetings WHERE series = series_stats.series),
         last_date = (SELECT max(date) FROM meetings WHERE series = series_stats.series)
   WHERE series IN (old.series, new.series);
  INSERT INTO series_stats (series, meetings, first_date, last_date) SELECT new.series, 1, new.date, new.date
   WHERE NOT EXISTS (SELECT 1 FROM series_stats WHERE series = new.series);
  DELETE FROM series_stats WHERE meetings = 0;
END;

-- Each meeting's counts for the meetings list, kept by triggers: six counting subqueries per row
-- were three quarters of reading a page (84 of 110 µs for 20 meetings).
CREATE TABLE meeting_counts (
  meeting_id    INTEGER NOT NULL PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
  participants  INTEGER NOT NULL DEFAULT 0,
  topics        INTEGER NOT NULL DEFAULT 0,
  actions       INTEGER NOT NULL DEFAULT 0,
  decisions     INTEGER NOT NULL DEFAULT 0,
  links         INTEGER NOT NULL DEFAULT 0,
  problems      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO meeting_counts (meeting_id, participants, topics, actions, decisions, links, problems)
SELECT m.id,
       (SELECT count(*) FROM attendance WHERE meeting_id = m.id),
       (SELECT count(*) FROM topics WHERE meeting_id = m.id),
       (SELECT count(*) FROM action_items WHERE meeting_id = m.id),
       (SELECT count(*) FROM decisions WHERE meeting_id = m.id),
       (SELECT count(*) FROM links WHERE meeting_id = m.id),
       (SELECT count(*) FROM problems WHERE meeting_id = m.id)
  FROM meetings m;
CREATE TRIGGER meeting_counts_meeting AFTER INSERT ON meetings BEGIN
  INSERT INTO meeting_counts (meeting_id) SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM meeting_counts WHERE meeting_id = new.id);
END;
CREATE TRIGGER meeting_counts_attendance_insert AFTER INSERT ON attendance BEGIN UPDATE meeting_counts SET participants = participants + 1 WHERE meeting_id = new.meeting_id; END;
CREATE TRIGGER meeting_counts_attendance_delete AFTER DELETE ON attendance BEGIN UPDATE meeting_counts SET participants = participants - 1 WHERE meeting_id = old.meeting_id; END;
CREATE TRIGGER meeting_counts_topics_insert AFTER INSERT ON topics BEGIN UPDATE meeting_counts SET topics = topics + 1 WHERE meeting_id = new.meeting_id; END;
CREATE TRIGGER meeting_counts_topics_delete AFTER DELETE ON topics BEGIN UPDATE meeting_counts SET topics = topics - 1 WHERE meeting_id = old.meeting_id; END;
CREATE TRIGGER meeting_counts_action_items_insert AFTER INSERT ON action_items BEGIN UPDATE meeting_counts SET actions = actions + 1 WHERE meeting_id = new.meeting_id; END;
CREATE TRIGGER meeting_counts_action_items_delete AFTER DELETE ON action_items BEGIN UPDATE meeting_counts SET actions = actions - 1 WHERE meeting_id = old.meeting_id; END;
CREATE TRIGGER meeting_counts_decisions_insert AFTER INSERT ON decisions BEGIN UPDATE meeting_counts SET decisions = decisions + 1 WHERE meeting_id = new.meeting_id; END;
CREATE TRIGGER meeting_counts_decisions_delete AFTER DELETE ON decisions BEGIN UPDATE meeting_counts SET decisions = decisions - 1 WHERE meeting_id = old.meeting_id; END;
CREATE TRIGGER meeting_counts_links_insert AFTER INSERT ON links BEGIN UPDATE meeting_counts SET links = links + 1 WHERE meeting_id = new.meeting_id; END;
CREATE TRIGGER meeting_counts_links_delete AFTER DELETE ON links BEGIN UPDATE meeting_counts SET links = links - 1 WHERE meeting_id = old.meeting_id; END;
CREATE TRIGGER meeting_counts_problems_insert AFTER INSERT ON problems WHEN new.meeting_id IS NOT NULL BEGIN UPDATE meeting_counts SET problems = problems + 1 WHERE meeting_id = new.meeting_id; END;
CREATE TRIGGER meeting_counts_problems_delete AFTER DELETE ON problems WHEN old.meeting_id IS NOT NULL BEGIN UPDATE meeting_counts SET problems = problems - 1 WHERE meeting_id = old.meeting_id; END;

-- Everyone's meetings, dates, open and done threads and topics: counting them for every person on
-- every request read the whole collection. Refreshed at the end of each ingest (summaries.ts) for
-- the people whose mentions changed, which these triggers note in person_stats_stale.
CREATE TABLE person_stats (
  person_id     INTEGER NOT NULL PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  person        TEXT    NOT NULL,              -- handle, or name: what lists show and sort by
  meetings      INTEGER NOT NULL,
  first_seen    TEXT,
  last_seen     TEXT,
  open          INTEGER NOT NULL,
  done          INTEGER NOT NULL,
  topics_owned  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX person_stats_meetings ON person_stats (meetings DESC, person, person_id);
-- What changed for whom: attendance, topic (owned), task (assigned), thread (rebuilt), name.
CREATE TABLE person_stats_stale (
  person_id  INTEGER NOT NULL,
  what       TEXT    NOT NULL,
  PRIMARY KEY (person_id, what)
) WITHOUT ROWID;

CREATE TRIGGER attendance_stale_insert AFTER INSERT ON attendance BEGIN INSERT INTO person_stats_stale SELECT new.person_id, 'attendance' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = new.person_id AND what = 'attendance'); END;
CREATE TRIGGER attendance_stale_delete AFTER DELETE ON attendance BEGIN INSERT INTO person_stats_stale SELECT old.person_id, 'attendance' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = old.person_id AND what = 'attendance'); END;
CREATE TRIGGER attendance_stale_update AFTER UPDATE OF person_id ON attendance BEGIN
  INSERT INTO person_stats_stale SELECT old.person_id, 'attendance' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = old.person_id AND what = 'attendance');
  INSERT INTO person_stats_stale SELECT new.person_id, 'attendance' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = new.person_id AND what = 'attendance');
END;
CREATE TRIGGER topic_owners_stale_insert AFTER INSERT ON topic_owners BEGIN INSERT INTO person_stats_stale SELECT new.person_id, 'topic' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = new.person_id AND what = 'topic'); END;
CREATE TRIGGER topic_owners_stale_delete AFTER DELETE ON topic_owners BEGIN INSERT INTO person_stats_stale SELECT old.person_id, 'topic' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = old.person_id AND what = 'topic'); END;
CREATE TRIGGER topic_owners_stale_update AFTER UPDATE OF person_id ON topic_owners BEGIN
  INSERT INTO person_stats_stale SELECT old.person_id, 'topic' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = old.person_id AND what = 'topic');
  INSERT INTO person_stats_stale SELECT new.person_id, 'topic' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = new.person_id AND what = 'topic');
END;
CREATE TRIGGER action_assignees_stale_insert AFTER INSERT ON action_assignees BEGIN INSERT INTO person_stats_stale SELECT new.person_id, 'task' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = new.person_id AND what = 'task'); END;
CREATE TRIGGER action_assignees_stale_delete AFTER DELETE ON action_assignees BEGIN INSERT INTO person_stats_stale SELECT old.person_id, 'task' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = old.person_id AND what = 'task'); END;
CREATE TRIGGER action_assignees_stale_update AFTER UPDATE OF person_id ON action_assignees BEGIN
  INSERT INTO person_stats_stale SELECT old.person_id, 'task' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = old.person_id AND what = 'task');
  INSERT INTO person_stats_stale SELECT new.person_id, 'task' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = new.person_id AND what = 'task');
END;
-- A rebuilt thread (a new status) is linked to its items again: their assignees' counts change.
CREATE TRIGGER action_items_stale_thread AFTER UPDATE OF thread_id ON action_items BEGIN
  INSERT INTO person_stats_stale SELECT x.person_id, 'thread' FROM action_assignees x
   WHERE x.action_id = new.id AND NOT EXISTS (SELECT 1 FROM person_stats_stale s WHERE s.person_id = x.person_id AND s.what = 'thread');
END;
-- A person's handle or name shown differently (an alias applied).
CREATE TRIGGER people_stale_update AFTER UPDATE OF handle, name ON people BEGIN
  INSERT INTO person_stats_stale SELECT new.id, 'name' WHERE NOT EXISTS (SELECT 1 FROM person_stats_stale WHERE person_id = new.id AND what = 'name');
END;

-- The people of the database as it is (the same query as summaries.ts).
INSERT INTO person_stats (person_id, person, meetings, first_seen, last_seen, open, done, topics_owned)
SELECT p.id, COALESCE(p.handle, p.name, p.key),
       (SELECT count(*) FROM attendance x WHERE x.person_id = p.id),
       (SELECT min(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id),
       (SELECT max(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id),
       (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
         WHERE x.person_id = p.id AND t.status = 'open'),
       (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
         WHERE x.person_id = p.id AND t.status = 'done'),
       (SELECT count(*) FROM topic_owners o WHERE o.person_id = p.id)
  FROM people p;

-- Statistics for the planner (ingests keep them with PRAGMA optimize, summaries.ts).
ANALYZE;
