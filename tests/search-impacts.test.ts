/**
 * Impact lists (packages/search/lib/impacts.ts): queries of frequent words answered from the lists
 * the ingest keeps give exactly what FTS5 gives — the same sections in the same order, the same
 * scores bit for bit — and the lists follow the index through re-ingests, or are not used.
 */
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ingestDirectory, openDatabase, type DB} from '@minutes-kb/store'
import {ftsSegments, parseQuery, refreshImpacts, Searcher, updateSearchIndex, type SearchResult} from '@minutes-kb/search'
import {corpusRoot} from '../scripts/corpus.ts'
import {vocabularyQueries} from '../scripts/bench-queries.ts'
import {tempDir} from './helpers.ts'

// Low enough that the corpus's words get lists of every kind: complete ones, and ones cut short
// so that some queries run past their end and go back to FTS5.
const impacts = {minDocs: 40, keep: 60}

/** An ingest as `minutes ingest` runs it: the search index in its transaction, the lists after. */
async function ingest(db: DB, root: string): Promise<{terms: number; seconds: number} | undefined> {
  await ingestDirectory(db, root, {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes, {lunr: 'never'}))})
  return refreshImpacts(db, impacts)
}

const answer = (r: SearchResult) => ({hits: r.hits, total: r.total, totalIsExact: r.totalIsExact})

describe('impact lists', () => {
  let dir: string
  let root: string
  let db: DB
  let first: {terms: number; seconds: number} | undefined
  beforeAll(async () => {
    dir = tempDir()
    root = join(dir, 'minutes')
    for (const series of ['sig-standardization', 'container', 'community-call']) cpSync(join(corpusRoot(), series), join(root, series), {recursive: true})
    db = openDatabase(join(dir, 'impacts.db'))
    first = await ingest(db, root)
  }, 180_000)
  afterAll(() => db.close())

  /** Queries of every kind the lists take, and some they do not. */
  function queries(): string[] {
    return [
      ...vocabularyQueries(db, 160).map((q) => q.q),
      'standard',
      'call community',
      'community community',
      '+cluster +standard',
      '+cluster -standard',
      'cluster -kolla',
      'meeting +harbor',
      'kolla standard',
      'zzzznothing standard',
      '+zzzznothing +standard',
      'host-id',
      'title:standard',
      'stand*',
    ]
  }

  it('are built at ingest for the terms in enough sections, and name the index state they belong to', () => {
    expect(first?.terms).toBeGreaterThan(50)
    const state = db.prepare('SELECT version FROM search_impact_state').pluck().get()
    expect(state).toBe(db.prepare(`SELECT group_concat(hex(block), ':') FROM search_fts_data WHERE id IN (1, 10)`).pluck().get())
    const lists = db.prepare('SELECT term, docs, complete, length(list) / 4 AS kept FROM search_impact_terms').all() as Array<{term: string; docs: number; complete: number; kept: number}>
    expect(Math.min(...lists.map((l) => l.docs))).toBeGreaterThanOrEqual(impacts.minDocs)
    for (const l of lists) expect(l.kept).toBe(Math.min(l.docs, impacts.keep))
    expect(lists.some((l) => l.complete === 1) && lists.some((l) => l.complete === 0)).toBe(true)
  })

  it('answer every query, page and offset exactly as FTS5 alone does', () => {
    const fast = new Searcher(db, {parallelMinSections: Infinity})
    const fts5 = new Searcher(db, {impacts: false, parallelMinSections: Infinity})
    let compared = 0
    for (const q of queries()) {
      for (const page of [{limit: 10}, {limit: 20, offset: 0}, {limit: 10, offset: 30}, {limit: 100}]) {
        expect(answer(fast.search(q, {}, page)), `${q} ${JSON.stringify(page)}`).toEqual(answer(fts5.search(q, {}, page)))
        compared++
      }
    }
    // Both ways were taken: answered from the lists, and handed back to FTS5 when they ran out.
    expect(compared).toBeGreaterThan(600)
    expect(fast.impacts!.stats.answered).toBeGreaterThan(150)
    expect(fast.impacts!.stats.gaveUp).toBeGreaterThan(5)
    expect(fts5.impacts).toBeUndefined()
  })

  it('score as FTS5 does, bit for bit, in its order (rank, then id)', () => {
    const searcher = new Searcher(db, {parallelMinSections: Infinity})
    const internals = searcher as unknown as {impactQuery(c: ReturnType<typeof parseQuery>): unknown; ftsExpression(c: ReturnType<typeof parseQuery>): string}
    const fts5 = db.prepare('SELECT rowid AS id, bm25(search_fts, 10.0, 1.0, 2.0, 1.0) AS rank FROM search_fts WHERE search_fts MATCH ? ORDER BY 2, 1 LIMIT ?')
    let exact = 0
    for (const q of queries()) {
      const clauses = parseQuery(q)
      const query = internals.impactQuery(clauses)
      if (!query) continue
      const top = searcher.impacts!.top(query as never, 40)
      if (!top) continue
      expect(top, q).toEqual(fts5.all(internals.ftsExpression(clauses), 40))
      exact++
    }
    expect(exact).toBeGreaterThan(40)
  })

  it('score every listed term, alone and in pairs, as FTS5 does, bit for bit', () => {
    const searcher = new Searcher(db, {parallelMinSections: Infinity})
    const token = (searcher as unknown as {token(text: string): string | null}).token.bind(searcher)
    const fts5 = db.prepare('SELECT rowid AS id, bm25(search_fts, 10.0, 1.0, 2.0, 1.0) AS rank FROM search_fts WHERE search_fts MATCH ? ORDER BY 2, 1 LIMIT ?')
    // Terms FTS5 leaves as they are when they are asked for (most stems; `financi` is not one).
    const terms = (db.prepare('SELECT term FROM search_impact_terms ORDER BY id').pluck().all() as string[]).filter((t) => /^[a-z]+$/.test(t) && token(t) === t)
    expect(terms.length).toBeGreaterThan(300)
    let answered = 0
    terms.forEach((term, i) => {
      const pair = terms[(i * 7 + 3) % terms.length]!
      for (const tokens of [[term], [term, pair]]) {
        const top = searcher.impacts!.top({tokens, phrases: tokens.map((t) => `"${t}"`), all: false, not: [], notPhrases: []}, 25)
        if (!top) continue
        expect(top, tokens.join(' ')).toEqual(fts5.all(tokens.map((t) => `"${t}"`).join(' OR '), 25))
        answered++
      }
    })
    expect(answered).toBeGreaterThan(terms.length)
  })

  it('are rebuilt after an ingest that changes the index, kept after one that does not, and never used for another state', async () => {
    const unchanged = await ingest(db, root)
    expect(unchanged).toBeUndefined()
    const file = join(root, 'container/20240606.md')
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n### Cluster standard, cluster standard\n\n- the standard cluster\n`)
    const edited = await ingest(db, root)
    expect(edited?.terms).toBeGreaterThan(50)
    const fast = new Searcher(db, {parallelMinSections: Infinity})
    const fts5 = new Searcher(db, {impacts: false, parallelMinSections: Infinity})
    const top = fast.search('standard cluster', {}, {limit: 10})
    expect(top.hits.map((h) => h.topic)).toContain('Cluster standard, cluster standard')
    expect(answer(top)).toEqual(answer(fts5.search('standard cluster', {}, {limit: 10})))
    expect(answer(fast.search('standard', {}, {limit: 10}))).toEqual(answer(fts5.search('standard', {}, {limit: 10})))
    const answered = fast.impacts!.stats.answered
    expect(answered).toBeGreaterThanOrEqual(1)
    // A write to the index the lists did not see (another tool's, or an ingest that failed to
    // rebuild them): the lists no longer match its state, and FTS5 answers alone.
    db.prepare(`INSERT INTO search_sections (meeting_id, shard, position, topic, line, title, body, people, series, date)
                SELECT meeting_id, shard, position + 1000, 'Standard standard', line, 'Standard standard', 'standard standard standard cluster', people, series, date
                  FROM search_sections LIMIT 1`).run()
    const after = fast.search('standard', {}, {limit: 10})
    expect(fast.impacts!.stats).toMatchObject({answered})
    expect(after.hits.map((h) => h.topic)).toContain('Standard standard')
    expect(answer(after)).toEqual(answer(fts5.search('standard', {}, {limit: 10})))
  }, 120_000)
})

describe('the FTS5 index after an ingest', () => {
  it('is merged into one segment when the lists are rebuilt, and answers as before', async () => {
    const root = join(tempDir(), 'minutes')
    for (const series of ['sig-standardization', 'container', 'community-call', 'iaas']) cpSync(join(corpusRoot(), series), join(root, series), {recursive: true})
    const db = openDatabase(join(tempDir(), 'segments.db'))
    await ingestDirectory(db, root, {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes, {lunr: 'never'}))})
    const fts5 = new Searcher(db, {impacts: false, parallelMinSections: Infinity})
    const qs = vocabularyQueries(db, 200).map((q) => q.q)
    const before = qs.map((q) => answer(fts5.search(q, {}, {limit: 20})))
    expect(ftsSegments(db)).toBeGreaterThan(1)
    refreshImpacts(db, impacts)
    expect(ftsSegments(db)).toBe(1)
    expect(qs.map((q) => answer(fts5.search(q, {}, {limit: 20})))).toEqual(before)
    // An edit adds a segment; the next rebuild of the lists merges it again.
    writeFileSync(join(root, 'iaas/20990101.md'), '# IaaS 2099-01-01\n\n## Attendees\n- @fkr\n\n## Notes\n- zyxwvut kept\n')
    await ingestDirectory(db, root, {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes, {lunr: 'never'}))})
    refreshImpacts(db, impacts)
    expect(ftsSegments(db)).toBe(1)
    expect(fts5.search('zyxwvut').total).toBe(1)
    fts5.close()
    db.close()
  }, 180_000)
})
