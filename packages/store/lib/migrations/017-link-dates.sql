-- minutes-kb store, schema version 17: all links read in date order from an index.
-- Without a filter, the links list (`/api/links`, `?sort=date`, `?sort=-date`) walked the meetings in
-- date order and sorted each date's links by path, line and id in a temporary b-tree (45–75 µs a
-- page of 20 at 1×, whichever the page). With the copies of each link's meeting date and path
-- (migration 012), an index per order gives a page its own rows from where the cursor left off
-- (about 21 µs). `''` puts undated meetings first (the default and `-date` orders' key), `'~'` last
-- (`date`).

CREATE INDEX links_oldest ON links (COALESCE(meeting_date, ''), meeting_path, line, id);
CREATE INDEX links_newest ON links (COALESCE(meeting_date, '') DESC, meeting_path, line, id);
CREATE INDEX links_dated ON links (COALESCE(meeting_date, '~'), meeting_path, line, id);
