-- minutes-kb store, schema version 11: where each meeting's lines are in its file, in bytes.
-- A meeting's detail (the API's `/api/meetings/:id`) carries its own lines of the file as a JSON
-- string. Cut and quoted in JavaScript, they were decoded from SQLite's UTF-8, sliced, escaped and
-- encoded again for the socket: a fifth of the answer's time. With the lines' UTF-8 byte range
-- `[raw_start, raw_end)` of `files.raw`, SQLite cuts them (`substr` of the text as a blob) and
-- quotes them (`json_quote`) and the answer goes out as the bytes SQLite made.
-- NULL for meetings written before this migration until the next ingest fills them in
-- (`fillMeetingBytes`), and for a text with NUL characters (SQLite's text functions stop at them;
-- ingest refuses such files, another tool's database may not); the detail then cuts the lines in
-- JavaScript as before.

ALTER TABLE meetings ADD COLUMN raw_start INTEGER;
ALTER TABLE meetings ADD COLUMN raw_end INTEGER;
