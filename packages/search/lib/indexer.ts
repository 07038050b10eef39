import type {DB, IngestChanges} from '@minutes-kb/store'
import {ShardBuilder} from './builder-pool.ts'
import {buildShard, type IndexedSection} from './lunr-index.ts'
import {buildImpacts, flushFts, ftsSegments, indexVersionSql, type ImpactOptions} from './impacts.ts'
import {defaultLunrMaxSections} from './search.ts'
import {meetingSections, type Section} from './sections.ts'

export interface IndexOptions {
  /**
   * Lunr shards: `always` build them, `never` (FTS5 only), or `auto` (default): only while the
   * collection is small enough for the Lunr engine (`lunrMaxSections`). The FTS5 index is always kept.
   */
  lunr?: 'auto' | 'always' | 'never'
  lunrMaxSections?: number
  threads?: number
  onShard?: (done: number, total: number) => void
}

export interface IndexSummary {
  sections: number
  shardsBuilt: number
  shardsRemoved: number
  seconds: number
}

/**
 * Bring the search index up to date with an ingest run, inside its transaction: replace the
 * sections of the meetings it wrote or removed, and rebuild only the Lunr shards those meetings
 * were or are in. When the aliases changed every section's people change, so everything is redone.
 */
export async function updateSearchIndex(db: DB, changes: IngestChanges, options: IndexOptions = {}): Promise<IndexSummary> {
  const t0 = performance.now()
  const touched = new Set<string>()
  const oldShards = db.prepare('SELECT DISTINCT shard FROM search_sections WHERE meeting_id = ?').pluck()
  const drop = db.prepare('DELETE FROM search_sections WHERE meeting_id = ?')
  const insert = db.prepare(
    `INSERT INTO search_sections (meeting_id, shard, position, topic, line, title, body, people, series, date)
     VALUES (@meetingId, @shard, @position, @topic, @line, @title, @body, @people, @series, @date)`,
  )
  const write = (id: number) => {
    for (const s of meetingSections(db, id)) {
      insert.run(s)
      touched.add(s.shard)
    }
  }
  if (changes.aliasesChanged || db.prepare('SELECT count(*) FROM search_sections').pluck().get() === 0) {
    // Everything: a first build, or people resolved differently.
    for (const shard of db.prepare('SELECT shard FROM search_shards').pluck().all() as string[]) touched.add(shard)
    const ids = db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]
    withoutFtsTriggers(db, () => {
      db.prepare('DELETE FROM search_sections').run()
      for (const id of ids) write(id)
    })
    db.prepare("INSERT INTO search_fts (search_fts) VALUES ('rebuild')").run()
  } else {
    for (const {id} of changes.removed) {
      for (const shard of oldShards.all(id) as string[]) touched.add(shard)
      drop.run(id)
    }
    for (const id of changes.written) {
      for (const shard of oldShards.all(id) as string[]) touched.add(shard)
      drop.run(id)
    }
    for (const id of changes.written) write(id)
  }
  const sections = db.prepare('SELECT count(*) FROM search_sections').pluck().get() as number
  const mode = options.lunr ?? 'auto'
  const wanted = mode === 'always' || (mode === 'auto' && sections <= (options.lunrMaxSections ?? defaultLunrMaxSections))
  let summary: {shardsBuilt: number; shardsRemoved: number}
  if (!wanted) {
    summary = {shardsBuilt: 0, shardsRemoved: db.prepare('DELETE FROM search_shards').run().changes}
  } else {
    // Shards missing (a collection that just became small enough, or built without Lunr) are built too.
    const missing = db.prepare('SELECT DISTINCT shard FROM search_sections WHERE shard NOT IN (SELECT shard FROM search_shards)').pluck().all() as string[]
    summary = await rebuildShards(db, [...new Set([...touched, ...missing])], options)
  }
  return {...summary, sections, seconds: (performance.now() - t0) / 1000}
}

/**
 * Run `write` with the triggers that keep the FTS5 index in step with `search_sections` row by row
 * dropped, and put them back as they were (their SQL from the schema), inside the caller's
 * transaction: a whole index is then built by FTS5's 'rebuild' from the sections, in one pass.
 * Row by row, inside the transaction of a large first ingest, FTS5 re-reads its segments through
 * pages the ingest has pushed out of the cache: the search index of the 30× corpus took 69 s of
 * inserts, against 1.1 s of inserts and 1.8 s of 'rebuild' (docs/scaling.md). Readers re-prepare
 * their statements once after the commit (the schema cookie changes), which a full rebuild can afford.
 */
function withoutFtsTriggers(db: DB, write: () => void): void {
  const triggers = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_sections' ORDER BY name")
    .all() as Array<{name: string; sql: string}>
  // A savepoint inside the caller's transaction (a transaction of its own without one): the
  // triggers come back, or nothing happened.
  db.transaction(() => {
    for (const {name} of triggers) db.exec(`DROP TRIGGER "${name}"`)
    write()
    for (const {sql} of triggers) db.exec(sql)
  })()
}

/**
 * Rebuild the impact lists (impacts.ts) when they are not those of the FTS5 index as it is now, in
 * a transaction of their own: after the ingest's commit, so that an edit is searchable as soon as
 * it is ingested (FTS5 ranks alone until the lists follow: 1.3 s at 10×, 17 s at 100×). `undefined`
 * when they were up to date. A run that dies in between leaves lists the searcher does not use, and
 * the next call rebuilds them.
 */
export function refreshImpacts(db: DB, options: ImpactOptions = {}): {terms: number; seconds: number} | undefined {
  return db.transaction(() => {
    // FTS5 keeps a transaction's writes in memory until it commits; 'flush' writes them now, so
    // that its records say what readers will see (a caller may hold a transaction open).
    flushFts(db)
    const state = db.prepare('SELECT version FROM search_impact_state').pluck().get() as string | undefined
    if (state === (db.prepare(indexVersionSql).pluck().get() as string)) return undefined
    // The index in one segment first, as the lists are rebuilt anyway: every query reads each
    // segment's part of a term's list (an ingest leaves 8–14 of them; FTS5's automerge keeps them
    // few, not one). Searches 0.90–0.95× the time at 1× and 10×, for 0.02 s and 0.19 s here.
    if (ftsSegments(db) > 1) db.prepare("INSERT INTO search_fts (search_fts) VALUES ('optimize')").run()
    const built = buildImpacts(db, options)
    return {terms: built.terms, seconds: built.seconds}
  })()
}

/** Rebuild the named Lunr shards (all when omitted) on worker threads; empty shards are removed. */
export async function rebuildShards(db: DB, shards?: string[], options: IndexOptions = {}): Promise<{shardsBuilt: number; shardsRemoved: number}> {
  const names = shards ?? (db.prepare('SELECT DISTINCT shard FROM search_sections UNION SELECT shard FROM search_shards').pluck().all() as string[])
  let built = 0
  let removed = 0
  const rows = db.prepare('SELECT id, title, body, people, series FROM search_sections WHERE shard = ? ORDER BY id')
  const save = db.prepare(
    `INSERT INTO search_shards (shard, sections, bytes, built_at, lunr) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (shard) DO UPDATE SET sections = excluded.sections, bytes = excluded.bytes, built_at = excluded.built_at, lunr = excluded.lunr`,
  )
  const remove = db.prepare('DELETE FROM search_shards WHERE shard = ?')
  // One shard (an edit, `serve --watch`) builds here: starting worker threads would take longer.
  const builder = names.length > 1 ? await ShardBuilder.start(options.threads) : {build: async (_shard: string, sections: IndexedSection[]) => buildShard(sections), close: async () => {}}
  try {
    const inFlight = new Set<Promise<void>>()
    for (const shard of names) {
      const sections = rows.all(shard) as Array<Pick<Section, 'title' | 'body' | 'people' | 'series'> & {id: number}>
      if (sections.length === 0) {
        removed += remove.run(shard).changes
        continue
      }
      const job = builder.build(shard, sections).then(({blob, bytes}) => {
        save.run(shard, sections.length, bytes, new Date().toISOString(), blob)
        built++
        options.onShard?.(built, names.length)
      })
      const tracked = job.finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
      // Bounded memory: a few shards' sections between the database and the workers.
      while (inFlight.size >= 4) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
  } finally {
    await builder.close()
  }
  return {shardsBuilt: built, shardsRemoved: removed}
}
