-- minutes-kb store, schema version 9: what a person's page reads, kept at ingest or indexed.
-- The page names the spellings the minutes wrote for someone, counts their meetings per series and
-- year and lists the latest of them. All three were read from every attendance row on every
-- request: 3 ms of a 7 ms page for someone at 2 920 meetings of the 10× corpus. They are now
-- written beside `person_stats`, in the ingest's transaction, for the people whose attendance
-- changed (`person_stats_stale`, 006), by summaries.ts with the same query as below. A meeting's
-- id, date or title changes only when its file is ingested again, which rewrites its attendance,
-- so the latest meetings kept for someone are never those of an older ingest. A table of its own,
-- not columns of `person_stats`: the people list scans that one, and these rows hold JSON arrays.
--   written:    names and spellings as written, `name` column first then `written`, each sorted
--   attendance: [[series, year or null, meetings], …] by series, then year
--   latest:     the latest 20 meetings attended, [{id, date, title, path, series}, …], newest first
CREATE TABLE person_summaries (
  person_id   INTEGER NOT NULL PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  written     TEXT    NOT NULL,
  attendance  TEXT    NOT NULL,
  latest      TEXT    NOT NULL
);

INSERT INTO person_summaries (person_id, written, attendance, latest)
SELECT p.id,
       (SELECT json_group_array(w ORDER BY k, w) FROM (
          SELECT DISTINCT name AS w, 0 AS k FROM attendance WHERE person_id = p.id AND name IS NOT NULL
          UNION ALL SELECT DISTINCT written, 1 FROM attendance WHERE person_id = p.id)),
       (SELECT json_group_array(json_array(series, year, n) ORDER BY series, year) FROM (
          SELECT m.series, substr(m.date, 1, 4) AS year, count(*) AS n FROM attendance x JOIN meetings m ON m.id = x.meeting_id
           WHERE x.person_id = p.id GROUP BY m.series, year)),
       (SELECT json_group_array(json_object('id', id, 'date', date, 'title', title, 'path', path, 'series', series) ORDER BY k) FROM (
          SELECT m.id, m.date, m.title, m.path, m.series, row_number() OVER (ORDER BY m.date DESC, m.path, m.position) AS k
            FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id ORDER BY k LIMIT 20))
  FROM people p WHERE EXISTS (SELECT 1 FROM attendance x WHERE x.person_id = p.id);

-- Threads per status, refreshed at the end of each ingest (summaries.ts): a person's open or done
-- tasks are read either from their own assignments (sorting all of them) or by walking the threads
-- of that status newest first until a page of theirs is found; which costs less depends on how many
-- threads of the status there are, and counting them on each request would cost more than the page.
CREATE TABLE thread_counts (
  status   TEXT    NOT NULL PRIMARY KEY,
  threads  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO thread_counts (status, threads) SELECT status, count(*) FROM action_threads GROUP BY status;

-- The topics someone brought, newest first, from their own index: each owner row carries its
-- meeting's date and its topic's line (written with it, writer.ts), as the assignments do (007).
-- Sorting all of them read 560–1 460 topics for the most active people at 10× (0.3–0.9 ms a page).
ALTER TABLE topic_owners ADD COLUMN meeting_date TEXT;
ALTER TABLE topic_owners ADD COLUMN topic_line INTEGER NOT NULL DEFAULT 0;
UPDATE topic_owners AS o SET meeting_date = m.date, topic_line = t.line
  FROM topics t JOIN meetings m ON m.id = t.meeting_id
 WHERE t.id = o.topic_id;
CREATE INDEX topic_owners_person_newest ON topic_owners (person_id, COALESCE(meeting_date, '') DESC, topic_line, topic_id);
-- The index on person_id alone is a prefix of this one.
DROP INDEX topic_owners_person;
ANALYZE topic_owners;
