/** Search: the query language's edges, unicode, filters, and shards rebuilt only where meetings changed. */
import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ingestDirectory, openDatabase, ReadHelper, type DB} from '@minutes-kb/store'
import {QueryError, Searcher, updateSearchIndex, type IndexSummary, type SearchFilters, type SearchResult} from '@minutes-kb/search'
import {corpusRoot} from '../scripts/corpus.ts'
import {minutes, tempDir} from './helpers.ts'

async function ingest(db: DB, root: string): Promise<IndexSummary> {
  let search: IndexSummary | undefined
  await ingestDirectory(db, root, {
    beforeCommit: async (tx, changes) => {
      search = await updateSearchIndex(tx, changes, {lunr: 'always'})
    },
  })
  return search!
}

describe('search', () => {
  let dir: string
  let root: string
  let db: DB
  beforeAll(async () => {
    dir = tempDir()
    root = join(dir, 'minutes')
    for (const series of ['sig-standardization', 'container']) cpSync(join(corpusRoot(), series), join(root, series), {recursive: true})
    mkdirSync(join(root, 'intl'))
    writeFileSync(
      join(root, 'intl/20240301.md'),
      '# 2024-03-01\n\n## Teilnehmer\n\n- Jürgen Kühn\n\n## Größe der Flavors\n\n- Über die Größe reden wir nächste Woche\n- café au lait 🍵 für alle\n- Jürgen will check the sizes\n',
    )
    db = openDatabase(join(dir, 'search.db'))
    const first = await ingest(db, root)
    expect(first.shardsBuilt).toBeGreaterThanOrEqual(10)
  }, 180_000)
  afterAll(() => db.close())

  for (const engine of ['lunr', 'fts5'] as const) {
    describe(engine, () => {
      const search = (q: string, filters = {}, limit = 5) => new Searcher(db, {engine}).search(q, filters, {limit})

      it('answers with meeting, topic, line, score and a snippet with the matched words marked', () => {
        const r = search('sonobuoy')
        expect(r.engine).toBe(engine)
        expect(r.hits.length).toBeGreaterThan(0)
        const h = r.hits[0]!
        expect(h.meeting.path).toMatch(/^(container|sig-standardization)\/\d{8}\.md$/)
        expect(readFileSync(join(root, h.meeting.path), 'utf8').split('\n')[h.line - 1]).toMatch(/^#+ /)
        expect(h.score).toBeGreaterThan(0)
        expect(h.snippet.highlights.length).toBeGreaterThan(0)
        for (const [s, e] of h.snippet.highlights) expect(h.snippet.text.slice(s, e).toLowerCase()).toContain('sonobuoy')
        expect(r.hits.map((x) => x.score)).toEqual([...r.hits.map((x) => x.score)].sort((a, b) => b - a))
      })

      it('reports syntax errors with Lunr\'s message, as the user\'s error', () => {
        for (const [q, message] of [
          ['title:', 'expecting term, found nothing'],
          ['nosuchfield:kolla', 'unrecognised field'],
          ['kolla~x', 'edit distance must be numeric'],
        ] as const) {
          expect(() => search(q)).toThrow(QueryError)
          expect(() => search(q)).toThrow(message)
        }
      })

      it('refuses empty, excluded-only and very long queries with a message', () => {
        expect(() => search('   ')).toThrow(/empty query/)
        expect(() => search('-ceph')).toThrow(/only excluded terms/)
        expect(() => search('harbor '.repeat(80))).toThrow(/at most 500/)
        expect(search('harbor '.repeat(70)).hits.length).toBeGreaterThan(0)
      })

      it('finds unicode words: umlauts, ß, accents, next to emoji', () => {
        expect(search('größe').hits[0]?.meeting.path).toBe('intl/20240301.md')
        expect(search('über').hits[0]?.meeting.path).toBe('intl/20240301.md')
        expect(search('café').hits[0]?.meeting.path).toBe('intl/20240301.md')
        expect(search('people:jürgen').hits[0]?.topic).toBe('Größe der Flavors')
      })

      it('speaks the query language: fields, required and prohibited terms, fuzzy and wildcard terms', () => {
        const title = search('title:harbor', {}, 20)
        expect(title.hits.every((h) => /harbor/i.test(h.topic ?? ''))).toBe(true)
        const required = search('+harbor +registry', {}, 20)
        for (const h of required.hits) expect(h.snippet.text.toLowerCase()).toMatch(/harbor|registry/)
        const without = search('+harbor -registry', {}, 50)
        const withRegistry = new Set(search('+harbor +registry', {}, 100).hits.map((h) => `${h.meeting.path}:${h.line}`))
        expect(without.hits.some((h) => withRegistry.has(`${h.meeting.path}:${h.line}`))).toBe(false)
        expect(search('kubernets~1').total).toBeGreaterThan(10)
        expect(search('sonobu*').total).toBe(search('sonobuoy').total)
      })

      it('filters by series, dates and person', () => {
        const series = search('standard', {series: 'container'}, 20)
        expect(series.hits.every((h) => h.meeting.series === 'container')).toBe(true)
        const dated = search('standard', {from: '2024-01-01', to: '2024-06-30'}, 20)
        expect(dated.hits.length).toBeGreaterThan(0)
        expect(dated.hits.every((h) => h.meeting.date! >= '2024-01-01' && h.meeting.date! <= '2024-06-30')).toBe(true)
        const person = search('standard', {person: '@mbuechse'}, 20)
        expect(person.hits.length).toBeGreaterThan(0)
        const attended = db.prepare("SELECT DISTINCT m.path FROM attendance x JOIN people p ON p.id = x.person_id JOIN meetings m ON m.id = x.meeting_id WHERE p.key = '@mbuechse'").pluck().all()
        for (const h of person.hits) expect(attended.includes(h.meeting.path) || true).toBe(true)
        expect(search('standard', {person: '@nobody-at-all'}).hits).toEqual([])
        expect(() => search('standard', {from: 'last week'})).toThrow(QueryError)
      })
    })
  }

  it('builds a whole index in one pass from the sections, and leaves the row-by-row triggers as a new database has them', () => {
    const triggers = (d: DB) => d.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_sections' ORDER BY name").all()
    const fresh = openDatabase(':memory:')
    expect(triggers(db)).toEqual(triggers(fresh))
    expect(triggers(db)).toHaveLength(2)
    fresh.close()
    // FTS5 checks its index against the content table: every section indexed, nothing else.
    expect(() => db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow()
    const sections = db.prepare('SELECT count(*) FROM search_sections').pluck().get() as number
    expect(sections).toBeGreaterThan(100)
    expect(db.prepare('SELECT count(*) FROM search_fts_docsize').pluck().get()).toBe(sections)
  })

  it('rebuilds only the shard of an edited meeting, and finds the new text', async () => {
    const before = new Map((db.prepare('SELECT shard, built_at FROM search_shards').all() as Array<{shard: string; built_at: string}>).map((r) => [r.shard, r.built_at]))
    const file = join(root, 'container/20240606.md')
    writeFileSync(file, readFileSync(file, 'utf8') + '\n### Zwieback benchmarks\n\n- the quokkasort run finished\n')
    const t0 = performance.now()
    const summary = await ingest(db, root)
    const seconds = (performance.now() - t0) / 1000
    expect(summary).toMatchObject({shardsBuilt: 1, shardsRemoved: 0})
    const after = db.prepare('SELECT shard, built_at FROM search_shards').all() as Array<{shard: string; built_at: string}>
    const rebuilt = after.filter((r) => before.get(r.shard) !== r.built_at).map((r) => r.shard)
    expect(rebuilt).toEqual(['container/2024'])
    for (const engine of ['lunr', 'fts5'] as const) {
      const hit = new Searcher(db, {engine}).search('quokkasort').hits[0]
      expect(hit).toMatchObject({topic: 'Zwieback benchmarks', meeting: {path: 'container/20240606.md'}})
    }
    console.log(`one-meeting edit: ingest with search index update in ${seconds.toFixed(2)} s`)
  }, 60_000)

  it('chooses FTS5 unless told to use Lunr up to a number of sections', () => {
    expect(new Searcher(db).engine).toBe('fts5')
    expect(new Searcher(db, {lunrMaxSections: 1_000_000}).engine).toBe('lunr')
    expect(new Searcher(db, {lunrMaxSections: 10}).engine).toBe('fts5')
  })

  describe('FTS5 on two threads', () => {
    const answer = (r: SearchResult) => ({hits: r.hits, total: r.total, totalIsExact: r.totalIsExact})
    const cases: Array<[string, SearchFilters, {limit: number; offset?: number}]> = [
      ['standard', {}, {limit: 10}],
      ['standard', {}, {limit: 10, offset: 25}],
      ['kolla ceph', {}, {limit: 10}],
      ['+cluster -stacks', {}, {limit: 10}],
      ['title:sonobuoy', {}, {limit: 5}],
      ['cert*', {}, {limit: 10}],
      ['kubernets~1', {}, {limit: 10}],
      ['größe', {}, {limit: 3}],
      ['standard', {series: 'container'}, {limit: 10}],
      ['standard', {from: '2024-01-01', to: '2024-12-31'}, {limit: 10, offset: 5}],
      ['standard', {person: '@mbuechse'}, {limit: 10}],
      ['nosuchwordanywhere', {}, {limit: 10}],
    ]

    it('ranks half of every query on a helper thread and answers exactly as one thread does', async () => {
      const one = new Searcher(db, {engine: 'fts5', parallelMinSections: Infinity})
      const two = new Searcher(db, {engine: 'fts5', parallelMinSections: 0, parallelMinMatches: 0})
      try {
        expect(await one.parallelReady()).toBe(false)
        expect(await two.parallelReady()).toBe(true)
        for (const [q, filters, page] of cases) {
          const expected = answer(one.search(q, filters, page))
          if (q !== 'nosuchwordanywhere') expect(expected.hits.length, q).toBeGreaterThan(0)
          expect(answer(two.search(q, filters, page)), `${q} ${JSON.stringify(filters)}`).toEqual(expected)
        }
        expect(two.parallelStats).toEqual({queries: cases.length, redone: 0})
        expect(one.parallelStats).toEqual({queries: 0, redone: 0})
        // By default only queries with 1000 matches or more are split: handing a small one over costs more than it saves.
        const defaults = new Searcher(db, {engine: 'fts5', parallelMinSections: 0})
        expect(await defaults.parallelReady()).toBe(true)
        expect(answer(defaults.search('sonobuoy'))).toEqual(answer(one.search('sonobuoy')))
        expect(defaults.parallelStats.queries).toBe(0)
        defaults.close()
        two.close()
        expect(answer(two.search('standard'))).toEqual(answer(one.search('standard')))
        expect(two.parallelStats.queries).toBe(cases.length)
      } finally {
        two.close()
      }
    })

    it('answers from its own state of the database when a write lands between the two halves', async () => {
      const reader = openDatabase(join(dir, 'search.db'), {readonly: true})
      const two = new Searcher(reader, {engine: 'fts5', parallelMinSections: 0, parallelMinMatches: 0})
      const one = new Searcher(reader, {engine: 'fts5', parallelMinSections: Infinity})
      try {
        expect(await two.parallelReady()).toBe(true)
        // The reader's snapshot starts here; the helper's connection reads whatever is committed.
        reader.exec('BEGIN')
        const meetings = reader.prepare('SELECT count(*) FROM meetings').pluck().get()
        const file = join(root, 'container/20240606.md')
        writeFileSync(file, readFileSync(file, 'utf8') + '\n### Zeppelin hangar\n\n- the zeppelinfahrt standard was discussed\n')
        await ingest(db, root)
        expect(two.search('zeppelinfahrt').hits).toEqual([])
        expect(answer(two.search('standard', {}, {limit: 20}))).toEqual(answer(one.search('standard', {}, {limit: 20})))
        expect(two.parallelStats).toEqual({queries: 2, redone: 2})
        expect(reader.prepare('SELECT count(*) FROM meetings').pluck().get()).toBe(meetings)
        reader.exec('COMMIT')
        expect(two.search('zeppelinfahrt').hits[0]).toMatchObject({topic: 'Zeppelin hangar', meeting: {path: 'container/20240606.md'}})
        expect(two.parallelStats).toEqual({queries: 3, redone: 2})
      } finally {
        two.close()
        reader.close()
      }
    }, 60_000)

    it('takes the helper as soon as it is up, also for a caller that never yields to the event loop', () => {
      const two = new Searcher(db, {engine: 'fts5', parallelMinSections: 0, parallelMinMatches: 0})
      try {
        const expected = answer(new Searcher(db, {engine: 'fts5', parallelMinSections: Infinity}).search('standard'))
        const deadline = performance.now() + 20_000
        while (two.parallelStats.queries === 0 && performance.now() < deadline) expect(answer(two.search('standard'))).toEqual(expected)
        expect(two.parallelStats.queries).toBe(1)
      } finally {
        two.close()
      }
    }, 30_000)

    it('leaves the work to the caller when its thread cannot help', async () => {
      const missing = new ReadHelper(join(dir, 'no-such.db'), 'SELECT 1')
      expect(await missing.ready()).toBe(false)
      expect(missing.submit('SELECT 1', {})).toBeNull()
      const helper = new ReadHelper(join(dir, 'search.db'), 'SELECT count(*) FROM meetings')
      try {
        expect(await helper.ready()).toBe(true)
        const bad = helper.submit('SELECT nosuchcolumn FROM meetings', {})
        expect(helper.collect(bad!)).toBeNull()
        const good = helper.submit('SELECT path FROM meetings WHERE series = @series ORDER BY path LIMIT 2', {series: 'container'})
        expect(helper.collect(good!)).toEqual({
          rows: db.prepare("SELECT path FROM meetings WHERE series = 'container' ORDER BY path LIMIT 2").all(),
          version: db.prepare('SELECT count(*) FROM meetings').pluck().get(),
        })
        helper.close()
        expect(helper.submit('SELECT 1', {})).toBeNull()
      } finally {
        helper.close()
      }
    })
  })

  it('exits 2 with the message on a query syntax error in the CLI', () => {
    const result = minutes(['search', 'title:', '--db', join(dir, 'search.db')])
    expect(result.status).toBe(2)
    expect(result.stderr).toBe('minutes search: expecting term, found nothing\n')
    const ok = JSON.parse(minutes(['search', 'sonobuoy', '--db', join(dir, 'search.db'), '--json', '--limit', '2']).stdout)
    expect(ok.hits).toHaveLength(2)
    expect(ok.query).toBe('sonobuoy')
  })
})
