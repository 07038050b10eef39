-- Indexes on the two foreign keys that had none. Without them, every meeting removed or replaced
-- scanned all problems (ON DELETE CASCADE) and, for each of its topics, all action items (ON DELETE
-- SET NULL); and counting a meeting's problems in a list scanned the whole table.
CREATE INDEX problems_meeting ON problems (meeting_id);
CREATE INDEX action_items_topic ON action_items (topic_id);
