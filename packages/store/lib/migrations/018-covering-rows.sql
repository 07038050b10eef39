-- minutes-kb store, schema version 18: a page's rows read from the index it walks.
-- An uncached list page read its ids from the list's index, then each row's kept JSON (migration 013)
-- by id: twenty lookups in the table, each somewhere else in the file, which a server under load
-- finds cold. The indexes that pages of meetings, links and a person's action items walk now end
-- with the row's kept JSON, so a page reads its rows where it finds them (keyset.ts, `ListSpec.json`).
-- An index holds a copy of the JSON: SQLite keeps it in step with `row_json` itself, and a
-- person's assignments keep a copy of their item's (`item_json`, by the triggers below).

DROP INDEX meetings_newest;
DROP INDEX meetings_oldest;
DROP INDEX meetings_dated;
DROP INDEX meetings_series_newest;
CREATE INDEX meetings_newest ON meetings (COALESCE(date, '') DESC, path, id, row_json);
CREATE INDEX meetings_oldest ON meetings (COALESCE(date, ''), path, id, row_json);
CREATE INDEX meetings_dated ON meetings (COALESCE(date, '~'), path, id, row_json);
CREATE INDEX meetings_series_newest ON meetings (series, COALESCE(date, '') DESC, path, id, row_json);

DROP INDEX links_kind_order;
DROP INDEX links_host_order;
DROP INDEX links_oldest;
DROP INDEX links_newest;
CREATE INDEX links_kind_order ON links (kind, COALESCE(meeting_date, ''), meeting_path, line, id, row_json);
CREATE INDEX links_host_order ON links (host, COALESCE(meeting_date, ''), meeting_path, line, id, row_json);
CREATE INDEX links_oldest ON links (COALESCE(meeting_date, ''), meeting_path, line, id, row_json);
CREATE INDEX links_newest ON links (COALESCE(meeting_date, '') DESC, meeting_path, line, id, row_json);

-- A person's assignments carry their item's kept JSON: NULL while the item's is (a reader then
-- builds the page's rows as before).
ALTER TABLE action_assignees ADD COLUMN item_json TEXT;
UPDATE action_assignees AS x SET item_json = a.row_json FROM action_items a WHERE a.id = x.action_id AND a.row_json IS NOT NULL;

CREATE TRIGGER action_assignees_item_json_insert AFTER INSERT ON action_assignees BEGIN
  UPDATE action_assignees SET item_json = (SELECT row_json FROM action_items WHERE id = new.action_id)
   WHERE action_id = new.action_id AND person_id = new.person_id;
END;
CREATE TRIGGER action_assignees_item_json_update AFTER UPDATE OF action_id ON action_assignees BEGIN
  UPDATE action_assignees SET item_json = (SELECT row_json FROM action_items WHERE id = new.action_id)
   WHERE action_id = new.action_id AND person_id = new.person_id;
END;
-- The item's JSON made (the end of each ingest) or set back to NULL (something it shows changed).
CREATE TRIGGER action_items_item_json AFTER UPDATE OF row_json ON action_items BEGIN
  UPDATE action_assignees SET item_json = new.row_json WHERE action_id = new.id;
END;

DROP INDEX action_assignees_person_newest;
DROP INDEX action_assignees_person_dated;
DROP INDEX action_assignees_person_status_newest;
DROP INDEX action_assignees_person_status_dated;
CREATE INDEX action_assignees_person_newest ON action_assignees (person_id, COALESCE(meeting_date, '') DESC, meeting_path, item_line, action_id, item_json);
CREATE INDEX action_assignees_person_dated ON action_assignees (person_id, COALESCE(meeting_date, '~'), meeting_path, item_line, action_id, item_json);
CREATE INDEX action_assignees_person_status_newest ON action_assignees (person_id, item_status, COALESCE(meeting_date, '') DESC, meeting_path, item_line, action_id, item_json);
CREATE INDEX action_assignees_person_status_dated ON action_assignees (person_id, item_status, COALESCE(meeting_date, '~'), meeting_path, item_line, action_id, item_json);

-- Statistics for the new indexes (the samples a plain ANALYZE keeps are dropped right after the
-- migrations, database.ts).
ANALYZE meetings;
ANALYZE links;
ANALYZE action_assignees;
