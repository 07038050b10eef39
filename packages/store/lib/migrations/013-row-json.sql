-- minutes-kb store, schema version 13: each list row's JSON, and most of each meeting's detail, kept.
-- A page of meetings, action items or links was built by `json_object` over each of its rows on
-- every request: two microseconds a row, half of a page's time. The rows change only at ingest, so
-- each keeps the JSON the lists send (`row_json`, exactly what `json_object` made: queries.ts holds
-- the expressions) and a page is its rows' JSON joined. NULL means "to be made": new rows are
-- NULL, the triggers below set it back to NULL when anything a row shows changes, and the end of
-- each ingest fills every NULL (`refreshRowJson`, queries.ts) in the same transaction. A reader
-- that meets a NULL (a database migrated but not yet ingested) builds that page's rows as before.
-- A meeting's detail (`/api/meetings/:id`) built six lists with `json_object` per row and their
-- people's handles: its participants, topics, action items and decisions are kept the same way
-- (`meetings.lists_json`, the members `"participants":[…],"topics":[…],"actionItems":[…],"decisions":[…]`),
-- its links are their kept rows.

ALTER TABLE meetings ADD COLUMN row_json TEXT;
ALTER TABLE action_items ADD COLUMN row_json TEXT;
ALTER TABLE links ADD COLUMN row_json TEXT;
ALTER TABLE meetings ADD COLUMN lists_json TEXT;

-- The rows still to make, found without reading the tables.
CREATE INDEX meetings_row_json_stale ON meetings (id) WHERE row_json IS NULL;
CREATE INDEX action_items_row_json_stale ON action_items (id) WHERE row_json IS NULL;
CREATE INDEX links_row_json_stale ON links (id) WHERE row_json IS NULL;
CREATE INDEX meetings_lists_json_stale ON meetings (id) WHERE lists_json IS NULL;

-- Not made here: the meetings whose byte range (migration 011) the next ingest fills in, which it
-- looked for by reading every meeting.
CREATE INDEX meetings_bytes_unfilled ON meetings (id) WHERE raw_start IS NULL;

-- A meeting shows its own columns and its counts (meeting_counts, kept by migration 006's triggers):
-- a row added to or removed from any of its lists changes a count.
CREATE TRIGGER meetings_row_json_counts AFTER UPDATE ON meeting_counts BEGIN
  UPDATE meetings SET row_json = NULL, lists_json = NULL WHERE id = new.meeting_id AND (row_json IS NOT NULL OR lists_json IS NOT NULL);
END;
-- Meetings are written anew, not updated, but for their byte ranges; should one be, what its items
-- and links show of it (path, series, date) is made again.
CREATE TRIGGER meetings_row_json_update AFTER UPDATE OF path, series, date, title ON meetings BEGIN
  UPDATE meetings SET row_json = NULL, lists_json = NULL WHERE id = new.id;
  UPDATE action_items SET row_json = NULL WHERE meeting_id = new.id AND row_json IS NOT NULL;
  UPDATE links SET row_json = NULL WHERE meeting_id = new.id AND row_json IS NOT NULL;
END;

-- An action item shows its thread's status (threads are rebuilt at ingest and their items linked
-- again) and its assignees' handles or names; its meeting's detail shows the same, so each of these
-- makes both again.
CREATE TRIGGER action_items_row_json_update AFTER UPDATE OF thread_id, topic, text, line, done ON action_items BEGIN
  UPDATE action_items SET row_json = NULL WHERE id = new.id AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL WHERE id = new.meeting_id AND lists_json IS NOT NULL;
END;
CREATE TRIGGER action_threads_row_json_insert AFTER INSERT ON action_threads BEGIN
  UPDATE action_items SET row_json = NULL WHERE thread_id = new.id AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL WHERE id IN (SELECT meeting_id FROM action_items WHERE thread_id = new.id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER action_threads_row_json_update AFTER UPDATE OF status ON action_threads BEGIN
  UPDATE action_items SET row_json = NULL WHERE thread_id = new.id AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL WHERE id IN (SELECT meeting_id FROM action_items WHERE thread_id = new.id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER action_threads_row_json_delete AFTER DELETE ON action_threads BEGIN
  UPDATE action_items SET row_json = NULL WHERE thread_id = old.id AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL WHERE id IN (SELECT meeting_id FROM action_items WHERE thread_id = old.id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER action_assignees_row_json_insert AFTER INSERT ON action_assignees BEGIN
  UPDATE action_items SET row_json = NULL WHERE id = new.action_id AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL WHERE id = (SELECT meeting_id FROM action_items WHERE id = new.action_id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER action_assignees_row_json_delete AFTER DELETE ON action_assignees BEGIN
  UPDATE action_items SET row_json = NULL WHERE id = old.action_id AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL WHERE id = (SELECT meeting_id FROM action_items WHERE id = old.action_id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER action_assignees_row_json_update AFTER UPDATE OF person_id, action_id ON action_assignees BEGIN
  UPDATE action_items SET row_json = NULL WHERE id IN (old.action_id, new.action_id) AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL WHERE id IN (SELECT meeting_id FROM action_items WHERE id IN (old.action_id, new.action_id)) AND lists_json IS NOT NULL;
END;

-- A link shows its own columns and its meeting's path and date.
CREATE TRIGGER links_row_json_update AFTER UPDATE OF url, text, line, topic, host, owner, repo, kind, number, meeting_id ON links BEGIN
  UPDATE links SET row_json = NULL WHERE id = new.id AND row_json IS NOT NULL;
END;

-- A meeting's detail shows its participants and its topics' owners by handle or name.
CREATE TRIGGER attendance_lists_json_update AFTER UPDATE OF person_id, written, line, name, affiliation, abbreviation ON attendance BEGIN
  UPDATE meetings SET lists_json = NULL WHERE id IN (old.meeting_id, new.meeting_id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER topic_owners_lists_json_insert AFTER INSERT ON topic_owners BEGIN
  UPDATE meetings SET lists_json = NULL WHERE id = (SELECT meeting_id FROM topics WHERE id = new.topic_id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER topic_owners_lists_json_delete AFTER DELETE ON topic_owners BEGIN
  UPDATE meetings SET lists_json = NULL WHERE id = (SELECT meeting_id FROM topics WHERE id = old.topic_id) AND lists_json IS NOT NULL;
END;
CREATE TRIGGER topic_owners_lists_json_update AFTER UPDATE OF person_id, topic_id ON topic_owners BEGIN
  UPDATE meetings SET lists_json = NULL WHERE id IN (SELECT meeting_id FROM topics WHERE id IN (old.topic_id, new.topic_id)) AND lists_json IS NOT NULL;
END;

-- Nothing renames a person in place today (aliases re-point mentions to another person); should
-- something, what shows the name is made again.
CREATE TRIGGER people_row_json_update AFTER UPDATE OF handle, name ON people BEGIN
  UPDATE action_items SET row_json = NULL WHERE id IN (SELECT action_id FROM action_assignees WHERE person_id = new.id) AND row_json IS NOT NULL;
  UPDATE meetings SET lists_json = NULL
   WHERE id IN (SELECT meeting_id FROM attendance WHERE person_id = new.id
                UNION SELECT t.meeting_id FROM topic_owners o JOIN topics t ON t.id = o.topic_id WHERE o.person_id = new.id
                UNION SELECT a.meeting_id FROM action_assignees x JOIN action_items a ON a.id = x.action_id WHERE x.person_id = new.id)
     AND lists_json IS NOT NULL;
END;
