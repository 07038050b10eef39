-- minutes-kb store, schema version 14: each person's action items per status, kept.
-- The first page of someone's action items (`/api/actions?assignee=…&status=open`, `minutes actions
-- --assignee`) counted their items up to 1001 for its `total`, joining each item to its thread for its
-- status: 560–680 µs of a 90 µs page at 100×. The counts change only at ingest, when the triggers of
-- migration 006 note the people whose assignments or threads changed (person_stats_stale); the end
-- of each ingest counts them again for those people (summaries.ts), with the other person_stats.
-- NULL: not counted yet (a list counts as before).

ALTER TABLE person_stats ADD COLUMN items_open INTEGER;
ALTER TABLE person_stats ADD COLUMN items_done INTEGER;

-- An item's status is its thread's, or its own done flag without a thread (queries.ts, `actionStatus` in lists.ts).
UPDATE person_stats AS s SET
  items_open = (SELECT count(*) FROM action_assignees x CROSS JOIN action_items a ON a.id = x.action_id LEFT JOIN action_threads t ON t.id = a.thread_id
                 WHERE x.person_id = s.person_id AND COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) = 'open'),
  items_done = (SELECT count(*) FROM action_assignees x CROSS JOIN action_items a ON a.id = x.action_id LEFT JOIN action_threads t ON t.id = a.thread_id
                 WHERE x.person_id = s.person_id AND COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) = 'done');
