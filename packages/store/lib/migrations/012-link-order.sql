-- minutes-kb store, schema version 12: links of one kind or host read in list order from an index.
-- The links list is ordered by its meeting's date and path, then line and id; a filter on `kind`
-- (`kind=pull`) or `host` keeps a tenth of the links, so a page walked the meetings in date order
-- and checked every link of each (about 200 for a page of 20 pulls: 75–100 µs) or sorted every
-- match. Like a person's assignments (migration 007), each link keeps a copy of its meeting's date
-- and path, written with it (a meeting's links are written again whenever the meeting is), and an
-- index per filter leads with the filter and goes on in list order: a page reads its own rows.

ALTER TABLE links ADD COLUMN meeting_date TEXT;
ALTER TABLE links ADD COLUMN meeting_path TEXT;
UPDATE links SET (meeting_date, meeting_path) = (SELECT m.date, m.path FROM meetings m WHERE m.id = links.meeting_id);
CREATE INDEX links_kind_order ON links (kind, COALESCE(meeting_date, ''), meeting_path, line, id);
CREATE INDEX links_host_order ON links (host, COALESCE(meeting_date, ''), meeting_path, line, id);
