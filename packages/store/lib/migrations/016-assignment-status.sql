-- minutes-kb store, schema version 16: each assignment carries its item's status.
-- "What is still open for @x?" (`/api/actions?assignee=…&status=open`, `minutes actions --assignee`)
-- walked the person's index (migration 007) and joined every item and its thread to keep the open
-- ones: for someone with many items done, a page read and dropped many rows (a person's page 53 µs in
-- one process against 34 for a meetings page). The status is the thread's, or the item's own done flag
-- without a thread (`actionStatus`, lists.ts); it is copied here and kept by the triggers below, and an
-- index per order reads a person's open (or done) items where the cursor left off, from the index alone.
ALTER TABLE action_assignees ADD COLUMN item_status TEXT NOT NULL DEFAULT 'open';

UPDATE action_assignees AS x SET item_status = COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END)
  FROM action_items a LEFT JOIN action_threads t ON t.id = a.thread_id
 WHERE a.id = x.action_id;

CREATE INDEX action_assignees_person_status_newest ON action_assignees (person_id, item_status, COALESCE(meeting_date, '') DESC, meeting_path, item_line, action_id);
CREATE INDEX action_assignees_person_status_dated ON action_assignees (person_id, item_status, COALESCE(meeting_date, '~'), meeting_path, item_line, action_id);

-- A new assignment takes its item's status as it is now.
CREATE TRIGGER action_assignees_item_status_insert AFTER INSERT ON action_assignees BEGIN
  UPDATE action_assignees
     SET item_status = (SELECT COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END)
                          FROM action_items a LEFT JOIN action_threads t ON t.id = a.thread_id WHERE a.id = new.action_id)
   WHERE action_id = new.action_id AND person_id = new.person_id;
END;
-- An item joined to another thread (each rebuild of its series' threads), or left without one (its
-- thread deleted: ON DELETE SET NULL is an update of thread_id), or its done flag changed.
CREATE TRIGGER action_items_item_status AFTER UPDATE OF thread_id, done ON action_items BEGIN
  UPDATE action_assignees
     SET item_status = COALESCE((SELECT status FROM action_threads WHERE id = new.thread_id), CASE new.done WHEN 1 THEN 'done' ELSE 'open' END)
   WHERE action_id = new.id;
END;
-- A thread's status changed in place, or a thread deleted under items that name it (the ingest
-- deletes and inserts a series' threads, and joins the items to the new ones: the trigger above).
CREATE TRIGGER action_threads_item_status_update AFTER UPDATE OF status ON action_threads BEGIN
  UPDATE action_assignees SET item_status = new.status WHERE action_id IN (SELECT id FROM action_items WHERE thread_id = new.id);
END;
CREATE TRIGGER action_threads_item_status_delete AFTER DELETE ON action_threads BEGIN
  UPDATE action_assignees
     SET item_status = (SELECT CASE a.done WHEN 1 THEN 'done' ELSE 'open' END FROM action_items a WHERE a.id = action_assignees.action_id)
   WHERE action_id IN (SELECT id FROM action_items WHERE thread_id = old.id);
END;

-- Statistics for the new indexes (the samples a plain ANALYZE keeps are dropped right after the
-- migrations, database.ts).
ANALYZE action_assignees;
