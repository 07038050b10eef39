-- minutes-kb store, schema version 15: each meeting's whole detail kept.
-- With its lists kept (013) a meeting's detail (`/api/meetings/:id`) was still one statement of
-- six parts per request: its head with the file's meeting count, its lines cut from the file
-- and quoted (the whole file read, for a year file), its links' rows joined in their order, its
-- problems built, and the parts joined in JavaScript. Nothing in it changes but at ingest, so the
-- answer is kept as it is sent (`json`, the bytes `meetingJson` makes, queries.ts) and a request
-- reads one value. NULL means "to be made": a new meeting's row is NULL, the triggers below set it
-- back to NULL when anything the detail shows changes, and the end of each ingest makes every
-- NULL one (`refreshRowJson`) in the same transaction, after the rows' JSON and the lists. A
-- reader that meets a NULL (a database migrated but not yet ingested) builds the detail as before.
-- A table of its own, not a column of `meetings`: the lists' reads of `meetings` stay on few pages.

CREATE TABLE meeting_details (
  meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
  json TEXT
);
-- The details still to make, found without reading the table.
CREATE INDEX meeting_details_stale ON meeting_details (meeting_id) WHERE json IS NULL;

INSERT INTO meeting_details (meeting_id) SELECT id FROM meetings;

-- A new meeting has a detail to make, and the other meetings of its file show one more meeting
-- in it (`meetingsInFile`); a removed one one less (its own row goes with it).
CREATE TRIGGER meeting_details_insert AFTER INSERT ON meetings BEGIN
  INSERT INTO meeting_details (meeting_id) VALUES (new.id);
  UPDATE meeting_details SET json = NULL WHERE meeting_id IN (SELECT id FROM meetings WHERE file_id = new.file_id) AND json IS NOT NULL;
END;
CREATE TRIGGER meeting_details_delete AFTER DELETE ON meetings BEGIN
  UPDATE meeting_details SET json = NULL WHERE meeting_id IN (SELECT id FROM meetings WHERE file_id = old.file_id) AND json IS NOT NULL;
END;

-- Meetings are written anew, not updated, but for their byte ranges and their kept JSON. Its head
-- and lines, and its lists: everything that makes `lists_json` again (013: a count, an item, its
-- thread or assignees, a participant or a topic owner re-pointed, a person renamed) makes the
-- detail again.
CREATE TRIGGER meeting_details_meeting_update AFTER UPDATE OF path, position, first_line, last_line, raw_start, raw_end, series, date, title, canceled, lists_json ON meetings
  WHEN new.lists_json IS NULL OR old.lists_json IS NOT NULL
BEGIN
  UPDATE meeting_details SET json = NULL WHERE meeting_id = new.id AND json IS NOT NULL;
END;
CREATE TRIGGER meeting_details_meeting_file AFTER UPDATE OF file_id ON meetings BEGIN
  UPDATE meeting_details SET json = NULL WHERE meeting_id IN (SELECT id FROM meetings WHERE file_id IN (old.file_id, new.file_id)) AND json IS NOT NULL;
END;
CREATE TRIGGER meeting_details_file_update AFTER UPDATE OF path, content_hash, raw ON files BEGIN
  UPDATE meeting_details SET json = NULL WHERE meeting_id IN (SELECT id FROM meetings WHERE file_id = new.id) AND json IS NOT NULL;
END;

-- A link's and a problem's own columns (a row added or removed changes the meeting's counts, above).
CREATE TRIGGER meeting_details_link_update AFTER UPDATE OF url, text, line, topic, host, owner, repo, kind, number, meeting_id, row_json ON links BEGIN
  UPDATE meeting_details SET json = NULL WHERE meeting_id IN (old.meeting_id, new.meeting_id) AND json IS NOT NULL;
END;
CREATE TRIGGER meeting_details_problem_update AFTER UPDATE ON problems BEGIN
  UPDATE meeting_details SET json = NULL WHERE meeting_id IN (old.meeting_id, new.meeting_id) AND json IS NOT NULL;
END;
