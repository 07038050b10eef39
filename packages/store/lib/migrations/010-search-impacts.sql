-- minutes-kb store, schema version 10: impact-ordered lists of the most frequent search terms.
-- FTS5 ranks a query by computing bm25 for every section that matches it: at the 100× corpus a
-- word in half of 426 600 sections costs 100 ms however few hits are asked for. These tables let
-- the searcher find the best sections of such words without scoring all of them (Fagin's
-- threshold algorithm, packages/search/lib/impacts.ts): each frequent term's sections sorted by
-- their bm25 contribution (the best `keep` of them), and for every section the weighted frequency
-- of each frequent term in it. The scores are bm25's own, computed the way FTS5 computes them, so
-- the answer is the one FTS5 would give. Rebuilt after every ingest that changes the index (its own transaction);
-- `version` names the FTS5 index state they were built for, and the searcher does not use them
-- for any other (a database written by another tool ranks with FTS5 alone).
--   search_impact_terms.list: int32 section ids, best first (bm25 contribution down, then id up)
--   search_impact_terms.idf:  bm25's IDF of the term as FTS5 computes it
--   search_impact_docs: sections in blocks of 4096 consecutive ids (block = id / 4096), which a
--                       searcher reads once and keeps (41 MB at 100×): `sizes` int32 tokens of each
--                       section, `offsets` int32 where each section's pairs start in `terms` (4097),
--                       `terms` LEB128 varint pairs (term id, weighted frequency), the weights of the
--                       ranking (title 10, body 1, people 2, series 1)
CREATE VIRTUAL TABLE search_vocab_instance USING fts5vocab (search_fts, 'instance');

CREATE TABLE search_impact_terms (
  term      TEXT    NOT NULL PRIMARY KEY,
  id        INTEGER NOT NULL UNIQUE,
  docs      INTEGER NOT NULL,
  idf       REAL    NOT NULL,
  complete  INTEGER NOT NULL,
  list      BLOB    NOT NULL
) WITHOUT ROWID;

CREATE TABLE search_impact_docs (
  block    INTEGER NOT NULL PRIMARY KEY,
  sizes    BLOB    NOT NULL,
  offsets  BLOB    NOT NULL,
  terms    BLOB    NOT NULL
);

CREATE TABLE search_impact_state (
  version  TEXT    NOT NULL,
  rows     INTEGER NOT NULL,
  tokens   INTEGER NOT NULL
);
