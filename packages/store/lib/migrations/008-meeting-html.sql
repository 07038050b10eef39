-- minutes-kb store, schema version 8: each meeting's minutes as HTML, rendered once at ingest.
-- (007 is another change's; the migration runner applies whichever a database lacks.)
-- The parse workers render a meeting's lines (remark-rehype → rehype-sanitize, line anchors,
-- problems marked at their lines) from the parse the extraction made, and the web app's meeting
-- page embeds the HTML instead of parsing the markdown on every request. A table of its own, not a
-- column of `meetings`: the lists scan meetings, and kilobytes of HTML in each row would spread
-- them over many more pages.
-- `version` is the renderer's (`minutesHtmlVersion`): HTML of another version is not used (the
-- page renders the minutes itself), and the next ingest parses those meetings' files again. A
-- meeting without a row (this migration adds none) is the same: the next ingest renders it.
-- `html` is NULL when rendering failed at ingest; the page then renders the minutes itself.

CREATE TABLE meeting_html (
  meeting_id  INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  html        TEXT
);
