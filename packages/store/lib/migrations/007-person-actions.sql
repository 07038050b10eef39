-- minutes-kb store, schema version 7: a person's action items in list order.
-- `/api/actions?assignee=…` (and `minutes actions --assignee`) reads one person's items newest
-- first. Their order (meeting date, path, line) lives in two other tables, so a page either sorted
-- all of the person's items (12 600–15 200 for the most active people at 100×: 40–150 ms) or walked
-- every meeting's items checking each. The assignment rows now carry their item's sort key, written
-- with them (writer.ts; a meeting is never updated in place, an ingest writes it anew), and an index
-- per order reads a person's page where the cursor left off, at the same cost at every size.
ALTER TABLE action_assignees ADD COLUMN meeting_date TEXT;
ALTER TABLE action_assignees ADD COLUMN meeting_path TEXT NOT NULL DEFAULT '';
ALTER TABLE action_assignees ADD COLUMN item_line INTEGER NOT NULL DEFAULT 0;

UPDATE action_assignees AS x SET meeting_date = m.date, meeting_path = m.path, item_line = a.line
  FROM action_items a JOIN meetings m ON m.id = a.meeting_id
 WHERE a.id = x.action_id;

-- Newest first (the default order, lists.ts actionOrder) and oldest first with undated ones last (sort=date).
CREATE INDEX action_assignees_person_newest ON action_assignees (person_id, COALESCE(meeting_date, '') DESC, meeting_path, item_line, action_id);
CREATE INDEX action_assignees_person_dated ON action_assignees (person_id, COALESCE(meeting_date, '~'), meeting_path, item_line, action_id);
-- The old index on person_id alone is a prefix of these.
DROP INDEX action_assignees_person;
ANALYZE action_assignees;
