import {availableParallelism} from 'node:os'
import type {DB} from '@minutes-kb/store'
import {findPerson, ReadHelper, Where} from '@minutes-kb/store'
import {loadShard, lunr, lunrInternals, presence} from './lunr-index.ts'
import {clauseMatcher, editDistance, indexTerm, parseQuery, QueryError, type Clause} from './query.ts'
import {findMatches, makeSnippet, type Snippet} from './snippet.ts'
import {ftsRank, ImpactRanker, indexStateSql, type ImpactQuery} from './impacts.ts'

// FTS5's ranking (`ftsRank`, impacts.ts) is called explicitly: `ORDER BY rank` makes FTS5 sort
// every match itself, which takes 1.6× as long as SQLite's top-N sort over the same bm25 values
// for a word in a quarter of 428 500 sections.

export interface SearchFilters {
  series?: string
  /** ISO dates, inclusive. */
  from?: string
  to?: string
  /** `@handle` or a name: sections the person attended or is named in. */
  person?: string
}

export interface SearchHit {
  meeting: {id: number; path: string; series: string; date: string | null; title: string | null}
  topic: string | null
  line: number
  score: number
  snippet: Snippet
}

export interface SearchResult {
  engine: 'lunr' | 'fts5'
  hits: SearchHit[]
  /** Matching sections (after filters); capped at `maxTotal`, then `totalIsExact` is false. */
  total: number
  totalIsExact: boolean
  tookMs: number
}

export type Engine = 'lunr' | 'fts5' | 'auto'

export interface SearchOptions {
  /**
   * `auto` (default) uses the sharded Lunr index up to `lunrMaxSections` sections (none by default:
   * FTS5 answers faster at every size, see docs/search.md) and SQLite FTS5 above; both answer the
   * same query language with the same result shape.
   */
  engine?: Engine
  lunrMaxSections?: number
  /** Memory for loaded Lunr shards, in bytes of their serialized JSON (default 64 MB). */
  cacheBytes?: number
  /**
   * From this many sections on (default `defaultParallelMinSections`), an FTS5 searcher over a
   * database file ranks each query on two threads: half the rowids on a helper thread with a
   * connection of its own. `Infinity` never does (a one-shot query would not outlast the thread's
   * start); 0 always does. The helper needs a second core.
   */
  parallelMinSections?: number
  /**
   * Split only queries with at least this many matches (default 1000; counted up to 1001): below,
   * ranking takes about a millisecond and the hand-over would cost more than it saves.
   */
  parallelMinMatches?: number
  /**
   * Rank queries of frequent words from the impact-ordered lists the ingest keeps (impacts.ts), with
   * the same hits and scores FTS5 gives, when they can answer (default true); false always asks FTS5.
   */
  impacts?: boolean
}

/**
 * Up to this many sections `auto` uses Lunr: none. Lunr was the engine up to 12 000 sections until
 * FTS5 queries cut their snippets in JavaScript (issue 14): now an uncached FTS5 query takes about a
 * third of a sharded Lunr one at 1× (0.35 against 1.0 ms), starts in milliseconds instead of loading
 * shards, and needs half the memory (docs/search.md).
 */
export const defaultLunrMaxSections = 0

/**
 * Where a second thread pays: bm25 costs ~1 µs per matching section, and a word in a quarter of
 * 30 000 sections is ~8 ms to rank alone (see docs/search.md). Only queries with 1000 matches or
 * more are split (`parallelMinMatches`).
 */
export const defaultParallelMinSections = 30_000

const maxTotal = 1000

type Statement = ReturnType<DB['prepare']>

interface Row {
  id: number
  meeting_id: number
  topic: string | null
  line: number
  title: string
  body: string
  people: string
  path: string
  series: string
  date: string | null
  mtitle: string | null
}

const sectionSql = `SELECT s.id, s.meeting_id, s.topic, s.line, s.title, s.body, s.people, m.path, m.series, m.date, m.title AS mtitle
  FROM search_sections s JOIN meetings m ON m.id = s.meeting_id`

/**
 * The best `limit` sections after `offset` by (rank, id), with their meetings, in that order. LIMIT
 * and OFFSET are written into the text, one statement per pair: SQLite prepares a statement whose
 * LIMIT is a bound parameter again each time one is bound (20–25 µs here, a fifth of a rare word's
 * search; 7 µs of a 9 µs page of meetings).
 */
const ftsPageSql = (limit: number, offset: number) => `SELECT s.id, s.meeting_id, s.topic, s.line, s.title, s.body, s.people, m.path, m.series, m.date, m.title AS mtitle, r.rank
  FROM (SELECT rowid AS id, ${ftsRank} AS rank FROM search_fts WHERE search_fts MATCH @match ORDER BY 2, 1 LIMIT ${limit} OFFSET ${offset}) r
  CROSS JOIN search_sections s ON s.id = r.id JOIN meetings m ON m.id = s.meeting_id
  ORDER BY r.rank, r.id`

/** Search over the sections of a minutes database. One per connection; cheap to create. */
export class Searcher {
  readonly engine: 'lunr' | 'fts5'
  private readonly cache = new Map<string, {index: lunr.Index; bytes: number; idf: Map<string, number>}>()
  private readonly statements
  private cached = 0
  private readonly cacheBytes: number
  private readonly shardInfo: Array<{shard: string; sections: number; bytes: number}>
  private readonly total: number
  private readonly prepared = new Map<string, Statement>()
  /** FTS5 queries ranked on two threads, and of those, the ones whose helper half was redone here. */
  readonly parallelStats = {queries: 0, redone: 0}
  private helper: ReadHelper | undefined
  private readonly parallelMinMatches: number
  /** Ranks queries of frequent words from the impact lists (its `stats`: answered, handed back to FTS5). */
  readonly impacts: ImpactRanker | undefined

  constructor(
    private readonly db: DB,
    options: SearchOptions = {},
  ) {
    this.cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024
    this.statements = {
      docFrequency: db.prepare('SELECT doc FROM search_vocab WHERE term = ?').pluck(),
      sections: db.prepare(`${sectionSql} WHERE s.id IN (SELECT value FROM json_each(?))`),
      shard: db.prepare('SELECT lunr, bytes FROM search_shards WHERE shard = ?'),
      // Which state of the index a connection reads: FTS5's averages and structure records (every
      // write to the index changes them) and the last ingest run (people and meetings change with it).
      version: db
        .prepare(
          `SELECT ${indexStateSql} || '/' || (SELECT coalesce(max(id), 0) FROM ingest_runs)`,
        )
        .pluck(),
      ftsCount: db.prepare(`SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH @match LIMIT ${maxTotal + 1})`).pluck(),
    }
    this.total = db.prepare('SELECT count(*) FROM search_sections').pluck().get() as number
    this.shardInfo = db.prepare('SELECT shard, sections, bytes FROM search_shards ORDER BY shard').all() as Array<{shard: string; sections: number; bytes: number}>
    const engine = options.engine ?? 'auto'
    const lunrReady = this.shardInfo.reduce((n, s) => n + s.sections, 0) === this.total
    if (engine === 'lunr' && !lunrReady) throw new Error('the Lunr shards are missing or out of date; ingest with the Lunr index built (or use the fts5 engine)')
    this.engine = engine === 'auto' ? (lunrReady && this.total > 0 && this.total <= (options.lunrMaxSections ?? defaultLunrMaxSections) ? 'lunr' : 'fts5') : engine
    this.parallelMinMatches = Math.min(options.parallelMinMatches ?? maxTotal, maxTotal + 1)
    if (this.engine === 'fts5' && options.impacts !== false) this.impacts = new ImpactRanker(db)
    const file = db.memory ? '' : db.name
    if (this.engine === 'fts5' && file && this.total >= (options.parallelMinSections ?? defaultParallelMinSections) && availableParallelism() > 1) {
      this.helper = new ReadHelper(file, this.statements.version.source)
    }
  }

  /** Throws `QueryError` for the user's mistakes (syntax, empty, too long). */
  search(query: string, filters: SearchFilters = {}, page: {limit?: number; offset?: number} = {}): SearchResult {
    const t0 = performance.now()
    const clauses = parseQuery(query)
    for (const [key, value] of Object.entries({from: filters.from, to: filters.to})) {
      if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new QueryError(`Unexpected ${key} date \`${value}\`, expected YYYY-MM-DD`, 'MINUTES_ERR_BAD_QUERY')
    }
    // Whole numbers: they are written into the statements' text (see `ftsPageSql`).
    const limit = Math.max(1, Math.min(Math.trunc(page.limit ?? 10) || 10, 100))
    const offset = Math.max(0, Math.trunc(page.offset ?? 0) || 0)
    const found = this.engine === 'lunr' ? this.lunrSearch(clauses, filters, limit + offset) : this.ftsSearch(clauses, filters, limit, offset)
    return {...found, hits: found.hits.slice(this.engine === 'lunr' ? offset : 0, (this.engine === 'lunr' ? offset : 0) + limit), engine: this.engine, tookMs: performance.now() - t0}
  }

  /** Shards loaded now, and their serialized size. */
  get loaded(): {shards: number; bytes: number} {
    return {shards: this.cache.size, bytes: this.cached}
  }

  /**
   * Resolves true once the helper thread ranks half of each FTS5 query (`parallelMinSections`),
   * false when this searcher has none.
   */
  parallelReady(): Promise<boolean> {
    return this.helper?.ready() ?? Promise.resolve(false)
  }

  /** Stops the helper thread and closes the tokenizer's connection; the searcher goes on answering, on this thread alone. */
  close(): void {
    this.helper?.close()
    this.helper = undefined
    this.memory?.close()
    this.memory = undefined
    this.tokenizer = undefined
  }

  /**
   * The best `n` rows of `sql` by (rank, id); `sql(half)` puts `half`, a condition on the FTS5
   * rowid, into its WHERE clause. A query with `matches` of at least `parallelMinMatches`, with a
   * helper that is up, is ranked in halves: the even rowids here and the odd ones on the helper's
   * connection at the same time. Even and odd, not lower and upper: a word's sections
   * are not spread evenly over the rowids (the minutes of later years use other words), even and odd
   * ones are. Both halves still walk the word's whole list of sections, but bm25, most of the cost,
   * is computed for the half's sections only (SQLite tests the WHERE clause first), and FTS5
   * computes bm25's collection statistics over the whole index whatever the rows asked for, so the
   * halves' scores compare. When the helper answered from another state of the database (a write
   * came in between), its half is ranked again here.
   */
  private ranked<T extends {id: number; rank: number}>(sql: (half: string) => string, params: Record<string, unknown>, n: number, matches: number): T[] {
    const helper = this.helper
    const whole = () => this.statement(sql('')).all(params) as T[]
    if (matches < this.parallelMinMatches || !helper?.available) return whole()
    const odd = sql(' AND (search_fts.rowid & 1) = 1')
    const id = helper.submit(odd, params)
    if (id === null) return whole()
    const even = this.statement(sql(' AND (search_fts.rowid & 1) = 0')).all(params) as T[]
    const answer = helper.collect(id)
    this.parallelStats.queries++
    let other: T[]
    if (answer && answer.version === this.statements.version.get()) other = answer.rows as T[]
    else {
      this.parallelStats.redone++
      other = this.statement(odd).all(params) as T[]
    }
    return mergeRanked(even, other, n)
  }

  /** Statements whose text depends on the query's filters, prepared once each. */
  private statement(sql: string): Statement {
    let statement = this.prepared.get(sql)
    if (!statement) {
      if (this.prepared.size >= 64) this.prepared.clear()
      statement = this.db.prepare(sql)
      this.prepared.set(sql, statement)
    }
    return statement
  }

  private person(filters: SearchFilters): {id: number; key: string} | null | undefined {
    if (filters.person === undefined) return undefined
    return findPerson(this.db, filters.person)
  }

  // --- SQLite FTS5 -------------------------------------------------------------------------

  private ftsSearch(clauses: Clause[], filters: SearchFilters, limit: number, offset: number): Omit<SearchResult, 'engine' | 'tookMs'> {
    // One read transaction: the count, the ranking and the page's sections from one state of the
    // database (a server's snapshot holds one already: no savepoint needed).
    if (this.db.inTransaction) return this.ftsSearchIn(clauses, filters, limit, offset)
    return this.db.transaction(() => this.ftsSearchIn(clauses, filters, limit, offset))()
  }

  /**
   * How many sections match (up to `maxTotal + 1`), given the best `n` ranked: fewer than `n` is
   * every match, and counting them again would cost a second full-text query (a fifth of a
   * search at 1×).
   */
  private countAfter(ranked: number, n: number, count: () => number): number {
    return ranked < n ? ranked : count()
  }

  private ftsSearchIn(clauses: Clause[], filters: SearchFilters, limit: number, offset: number): Omit<SearchResult, 'engine' | 'tookMs'> {
    const match = this.ftsExpression(clauses)
    const person = this.person(filters)
    if (match === null || person === null) return {hits: [], total: 0, totalIsExact: true}
    const where = addFilters(new Where().add('search_fts MATCH @match', {match}), filters, person)
    const n = limit + offset
    let rows: Array<Row & {rank: number}>
    let total: number
    // With a helper thread the count comes first: it decides whether to rank in halves. Without,
    // the ranking does (countAfter).
    const split = this.helper !== undefined
    if (where.conditions.length === 1) {
      // No filters: rank inside FTS5, then read the page's sections. Snippets are cut here, not by
      // FTS5's snippet(), which tokenizes each section again: 200 µs of a 500 µs query at 1×.
      const count = () => this.statements.ftsCount.get({match}) as number
      const query = this.impacts && this.impactQuery(clauses)
      const best = query ? this.impacts!.top(query, n) : undefined
      if (best) {
        // Frequent words: the best n from the impact lists, without bm25 over every match.
        rows = this.page(best, offset)
        total = this.countAfter(best.length, n, count)
      } else if (split) {
        total = count()
        const best = this.ranked<{id: number; rank: number}>(
          (half) => `SELECT rowid AS id, ${ftsRank} AS rank FROM search_fts WHERE search_fts MATCH @match${half} ORDER BY 2, 1 LIMIT ${n}`,
          {match},
          n,
          total,
        )
        rows = this.page(best, offset)
      } else {
        // The page's sections read by the ranking statement itself: one statement, not two.
        rows = this.statement(ftsPageSql(limit, offset)).all({match}) as Array<Row & {rank: number}>
        // Ranked: the page and the rows before it (none past the last match).
        total = rows.length > 0 || offset === 0 ? this.countAfter(offset + rows.length, n, count) : count()
      }
    } else {
      const sql = `FROM search_fts JOIN search_sections s ON s.id = search_fts.rowid JOIN meetings m ON m.id = s.meeting_id ${where.sql}`
      const count = () => this.statement(`SELECT count(*) FROM (SELECT 1 ${sql} LIMIT ${maxTotal + 1})`).pluck().get(where.params) as number
      total = split ? count() : 0
      const best = this.ranked<Row & {rank: number}>(
        (half) =>
          `SELECT s.id, s.meeting_id, s.topic, s.line, s.title, s.body, s.people, m.path, m.series, m.date, m.title AS mtitle, ${ftsRank} AS rank ${sql}${half} ORDER BY rank, s.id LIMIT ${n}`,
        where.params,
        n,
        total,
      )
      if (!split) total = this.countAfter(best.length, n, count)
      rows = best.slice(offset)
    }
    const wanted = clauses.filter((c) => c.presence !== presence.PROHIBITED)
    const matchers = wanted.map(clauseMatcher)
    const matches = (t: string) => matchers.some((m) => m(t))
    // Words can only match where they start like a term (or a fuzzy term's expansions); a leading
    // wildcard can start with anything.
    const prefixes = wanted.some((c) => c.term.startsWith('*'))
      ? undefined
      : wanted.flatMap((c) => (c.editDistance ? this.expand(c) : [c.term.replace(/\*.*$/, '')]).map((t) => t.slice(0, 3)))
    return {
      hits: rows.map((r) =>
        hit(r, -r.rank, snippetFor(r, findMatches(r.body, matches, prefixes), findMatches(r.title, matches, prefixes))),
      ),
      total: Math.min(total, maxTotal),
      totalIsExact: total <= maxTotal,
    }
  }

  /** The ranked sections after `offset`, read with their meetings. */
  private page(best: Array<{id: number; rank: number}>, offset: number): Array<Row & {rank: number}> {
    const page = best.slice(offset)
    const sections = this.sectionsById(page.map((p) => p.id))
    return page.flatMap((p) => {
      const section = sections.get(p.id)
      return section ? [{...section, rank: p.rank}] : []
    })
  }

  /**
   * The query as the impact lists take it: the phrases of `ftsExpression`, in its order, each one
   * FTS5 token; `undefined` for what only FTS5 answers (fields, wildcards, fuzzy terms, a word
   * FTS5 splits into several tokens).
   */
  private impactQuery(clauses: Clause[]): ImpactQuery | undefined {
    const {REQUIRED, PROHIBITED} = presence
    if (clauses.some((c) => c.fields.length < 4 || c.editDistance || c.term.includes('*'))) return undefined
    const required = clauses.filter((c) => c.presence === REQUIRED)
    const positive = required.length ? required : clauses.filter((c) => c.presence !== PROHIBITED)
    if (!positive.some((c) => this.impacts!.mayHaveList(c.term))) return undefined
    const prohibited = clauses.filter((c) => c.presence === PROHIBITED)
    const tokens = positive.map((c) => this.token(c.term))
    const not = prohibited.map((c) => this.token(c.term))
    if (tokens.some((t) => t === null) || not.some((t) => t === null)) return undefined
    return {
      tokens: tokens as string[],
      phrases: positive.map((c) => quote(c.term)),
      all: required.length > 0,
      not: not as string[],
      notPhrases: prohibited.map((c) => quote(c.term)),
    }
  }

  private tokenizer: ((text: string) => string[]) | undefined
  private memory: DB | undefined
  private readonly tokens = new Map<string, string | null>()

  /** The one token FTS5 makes of a quoted word, with the index's own tokenizer; null for none or several. */
  private token(text: string): string | null {
    let token = this.tokens.get(text)
    if (token !== undefined) return token
    if (!this.tokenizer) {
      // On a connection of its own, in memory: the searcher's may be read-only or inside a
      // snapshot, and writes there would look like changes to the index (impacts.ts watches them).
      const sql = this.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'search_fts'").pluck().get() as string
      const spec = /tokenize\s*=\s*'((?:[^']|'')*)'/i.exec(sql)?.[1] ?? 'unicode61'
      const Database = this.db.constructor as new (path: string) => DB
      const memory = new Database(':memory:')
      this.memory = memory
      memory.exec(
        `CREATE VIRTUAL TABLE words USING fts5 (q, tokenize = '${spec}');
         CREATE VIRTUAL TABLE tokens USING fts5vocab (words, 'instance');`,
      )
      const clear = memory.prepare('DELETE FROM words')
      const add = memory.prepare('INSERT INTO words (q) VALUES (?)')
      const read = memory.prepare('SELECT term FROM tokens ORDER BY offset').pluck()
      this.tokenizer = (words) => {
        clear.run()
        add.run(words)
        return read.all() as string[]
      }
    }
    const found = this.tokenizer(text.replace(/\u0000/g, ' '))
    token = found.length === 1 ? found[0]! : null
    if (this.tokens.size >= 1024) this.tokens.clear()
    this.tokens.set(text, token)
    return token
  }

  /** The FTS5 MATCH expression for Lunr clauses; `null` when a required term can match nothing. */
  private ftsExpression(clauses: Clause[]): string | null {
    const {REQUIRED, PROHIBITED} = presence
    const terms = (c: Clause): string | null => {
      const columns = c.fields.length < 4 ? `{${c.fields.join(' ')}} : ` : ''
      const trailingOnly = /^[^*]+\*$/.test(c.term)
      if (!c.editDistance && !c.term.includes('*')) return `${columns}${quote(c.term)}`
      if (!c.editDistance && trailingOnly) return `${columns}${quote(c.term.slice(0, -1))} *`
      // Leading or inner wildcards and fuzzy terms: expand against the index's vocabulary.
      const expansions = this.expand(c)
      return expansions.length ? `${columns}(${expansions.map(quote).join(' OR ')})` : null
    }
    const required = clauses.filter((c) => c.presence === REQUIRED).map(terms)
    if (required.includes(null)) return null
    const optional = clauses.filter((c) => c.presence !== REQUIRED && c.presence !== PROHIBITED).map(terms).filter((t) => t !== null)
    const prohibited = clauses.filter((c) => c.presence === PROHIBITED).map(terms).filter((t) => t !== null)
    const positive = required.length ? required.map((t) => `(${t})`).join(' AND ') : optional.length ? `(${optional.join(' OR ')})` : null
    if (positive === null) return null
    return prohibited.reduce((expr, t) => `${expr} NOT (${t})`, positive)
  }

  private expand(c: Clause): string[] {
    const distance = c.editDistance ?? 0
    const byLength = this.vocabulary()
    if (distance > 0) {
      const key = `${distance}:${c.term}`
      const known = this.expansions.get(key)
      if (known) return known
      const want = indexTerm(c).toLowerCase()
      const found: Array<[string, number]> = []
      for (let n = Math.max(1, want.length - distance); n <= want.length + distance; n++) {
        for (const t of byLength.get(n) ?? []) {
          const d = distance === 1 ? (t === want ? 0 : withinOneEdit(t, want) ? 1 : 2) : editDistance(t, want, distance)
          if (d <= distance) found.push([t, d])
        }
      }
      const terms = found.sort((a, b) => a[1] - b[1]).slice(0, 64).map(([t]) => t)
      // Asked twice per query (the match expression, then the snippets' prefixes).
      if (this.expansions.size >= 64) this.expansions.clear()
      this.expansions.set(key, terms)
      return terms
    }
    const re = new RegExp(`^${c.term.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
    const out: string[] = []
    for (const terms of byLength.values()) for (const t of terms) if (re.test(t) && out.push(t) >= 64) return out
    return out
  }

  private vocab: Map<number, string[]> | undefined
  private readonly expansions = new Map<string, string[]>()

  /** The index's terms by length, read once per searcher: fts5vocab scans the whole index on every read. */
  private vocabulary(): Map<number, string[]> {
    if (!this.vocab) {
      this.vocab = new Map()
      for (const term of this.db.prepare('SELECT term FROM search_vocab').pluck().iterate() as Iterable<string>) {
        const list = this.vocab.get(term.length)
        if (list) list.push(term)
        else this.vocab.set(term.length, [term])
      }
    }
    return this.vocab
  }

  // --- Sharded Lunr ------------------------------------------------------------------------

  private lunrSearch(clauses: Clause[], filters: SearchFilters, want: number): Omit<SearchResult, 'engine' | 'tookMs'> {
    const person = this.person(filters)
    if (person === null) return {hits: [], total: 0, totalIsExact: true}
    const shards = this.shardInfo.filter((s) => shardMatches(s.shard, filters))
    const globalIdf = new Map<string, number>()
    const idfOf = (term: string) => {
      let idf = globalIdf.get(term)
      if (idf === undefined) {
        const df = (this.statements.docFrequency.get(term) as number | undefined) ?? 1
        idf = Math.log(1 + Math.abs((this.total - df + 0.5) / (df + 0.5)))
        globalIdf.set(term, idf)
      }
      return idf
    }
    // Lunr sums per-term scores, so a section that says one common query word many times can outrank
    // one that says every query word. Scale by the share of query clauses a section matches (Lucene's
    // classic coordination factor): more of what was asked for ranks first.
    const wanted = clauses.filter((c) => c.presence !== presence.PROHIBITED)
    const matchers = wanted.map(clauseMatcher)
    // Which clauses an index term answers, as a bit mask: worked out once per term and query.
    const masks = new Map<string, number>()
    const maskOf = (term: string) => {
      let mask = masks.get(term)
      if (mask === undefined) {
        mask = 0
        matchers.forEach((matches, i) => {
          if (matches(term)) mask! |= 1 << i
        })
        masks.set(term, mask)
      }
      return mask
    }
    const coordination = (match: lunr.MatchData) => {
      if (wanted.length < 2 || wanted.length > 30) return 1
      let mask = 0
      for (const term in match.metadata) mask |= maskOf(term)
      let matched = 0
      for (; mask; mask &= mask - 1) matched++
      return matched / wanted.length
    }
    // Plain terms as the index stores them. A shard that lacks a required one, or every one of a
    // query without fuzzy or wildcard terms, cannot match: it is not queried at all.
    const lookups = wanted
      .filter((c) => !c.editDistance && !c.term.includes('*'))
      .map((c) => ({term: indexTerm(c), required: c.presence === presence.REQUIRED}))
    const plain = lookups.length === wanted.length
    const cannotMatch = (inverted: Record<string, unknown>) =>
      lookups.some((l) => l.required && !(l.term in inverted)) || (plain && lookups.every((l) => !(l.term in inverted)))
    const candidates: Array<{ref: number; score: number; match: lunr.MatchData}> = []
    let total = 0
    for (const s of shards) {
      const shard = this.shard(s.shard)
      const inverted = (shard.index as unknown as {invertedIndex: Record<string, Record<string, unknown>>}).invertedIndex
      if (cannotMatch(inverted)) continue
      const results = shard.index.query((q) => {
        for (const c of clauses) q.clause({...c, fields: [...c.fields]} as never)
      })
      total += results.length
      // A hit's correction depends only on which terms it matched: worked out once per set of terms.
      const factors = new Map<string, number>()
      for (const r of results) {
        let key = ''
        for (const term in r.matchData.metadata) key += `${term}\u0000`
        let factor = factors.get(key)
        if (factor === undefined) {
          // A shard's scores use its own term statistics: a term rare in a small shard scores high
          // there. Rescale by the terms' document frequency over the whole collection (FTS5's vocabulary).
          let shardIdf = 0
          let wholeIdf = 0
          for (const term in r.matchData.metadata) {
            let idf = shard.idf.get(term)
            if (idf === undefined) {
              const posting = inverted[term]
              idf = posting ? lunrInternals.idf(posting, s.sections) : 0
              shard.idf.set(term, idf)
            }
            shardIdf += idf
            wholeIdf += idfOf(term)
          }
          factor = (shardIdf > 0 ? wholeIdf / shardIdf : 1) * coordination(r.matchData)
          factors.set(key, factor)
        }
        candidates.push({ref: Number(r.ref), score: r.score * factor, match: r.matchData})
      }
    }
    candidates.sort((a, b) => b.score - a.score)
    let kept = candidates
    if (filters.from || filters.to || person) {
      // Shards select by year; the exact dates and the person are checked per section.
      const allowed = this.allowed(candidates.map((c) => c.ref), filters, person)
      kept = candidates.filter((c) => allowed.has(c.ref))
      total = kept.length
    }
    const top = kept.slice(0, want)
    const rows = this.sectionsById(top.map((c) => c.ref))
    const hits = top.flatMap((c) => {
      const r = rows.get(c.ref)
      if (!r) return []
      const positions = (field: 'body' | 'title') =>
        Object.values(c.match.metadata).flatMap((m) => ((m as Record<string, {position?: Array<[number, number]>}>)[field]?.position ?? []) as Array<[number, number]>)
      return [hit(r, c.score, snippetFor(r, positions('body'), positions('title')))]
    })
    return {hits, total: Math.min(total, maxTotal), totalIsExact: total <= maxTotal}
  }

  private allowed(ids: number[], filters: SearchFilters, person: {id: number; key: string} | undefined): Set<number> {
    const where = addFilters(new Where().add('s.id IN (SELECT value FROM json_each(@ids))', {ids: JSON.stringify(ids)}), {from: filters.from, to: filters.to}, person)
    return new Set(this.statement(`SELECT s.id FROM search_sections s JOIN meetings m ON m.id = s.meeting_id ${where.sql}`).pluck().all(where.params) as number[])
  }

  /** The page's sections with their meetings, by id: both engines rank ids, then read the page. */
  private sectionsById(ids: number[]): Map<number, Row> {
    return new Map((this.statements.sections.all(JSON.stringify(ids)) as Row[]).map((r) => [r.id, r]))
  }

  /** A shard's index, loaded on first use and kept while the cache has room (least recently used goes first). */
  private shard(name: string): {index: lunr.Index; idf: Map<string, number>} {
    const hit = this.cache.get(name)
    if (hit) {
      this.cache.delete(name)
      this.cache.set(name, hit)
      return hit
    }
    const row = this.statements.shard.get(name) as {lunr: Buffer; bytes: number}
    const loaded = {index: loadShard(row.lunr), bytes: row.bytes, idf: new Map<string, number>()}
    this.cache.set(name, loaded)
    this.cached += row.bytes
    for (const [key, value] of this.cache) {
      if (this.cached <= this.cacheBytes || key === name) break
      this.cache.delete(key)
      this.cached -= value.bytes
    }
    return loaded
  }
}

function quote(term: string): string {
  // A NUL would end the expression's C string inside SQLite ("unterminated string"); the tokenizer
  // separates words at it anyway.
  return `"${term.replace(/"/g, '""').replace(/\u0000/g, ' ')}"`
}

function shardMatches(shard: string, filters: SearchFilters): boolean {
  const slash = shard.lastIndexOf('/')
  const series = shard.slice(0, slash)
  const year = shard.slice(slash + 1)
  if (filters.series !== undefined && series !== (filters.series || '(root)')) return false
  if (year === 'undated') return !filters.from && !filters.to
  if (filters.from && year < filters.from.slice(0, 4)) return false
  if (filters.to && year > filters.to.slice(0, 4)) return false
  return true
}

function addFilters(where: Where, filters: SearchFilters, person: {id: number; key: string} | undefined): Where {
  where.when(filters.series, 'm.series = @series', 'series').when(filters.from, 'm.date >= @from', 'from').when(filters.to, 'm.date <= @to', 'to')
  if (person) {
    where.add(
      `(EXISTS (SELECT 1 FROM attendance x WHERE x.meeting_id = s.meeting_id AND x.person_id = @personId)
        OR instr(' ' || lower(s.people) || ' ', ' ' || @personName || ' ') > 0)`,
      {personId: person.id, personName: person.key.replace(/^name:/, '')},
    )
  }
  return where
}

/** Are two different strings one insertion, deletion or substitution apart? */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a]
  if (a.length - b.length > 1) return false
  let i = 0
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++
  // Past the first difference the rest must agree, shifted by one if the lengths differ.
  const skip = a.length === b.length ? 1 : 0
  for (let j = i + 1; j < a.length; j++) if (a.charCodeAt(j) !== b.charCodeAt(j - 1 + skip)) return false
  return true
}

/** The first `n` of two lists sorted by (rank, id), merged. */
function mergeRanked<T extends {id: number; rank: number}>(a: T[], b: T[], n: number): T[] {
  const out: T[] = []
  let i = 0
  let j = 0
  while (out.length < n && (i < a.length || j < b.length)) {
    const x = a[i]
    const y = b[j]
    if (y === undefined || (x !== undefined && (x.rank < y.rank || (x.rank === y.rank && x.id < y.id)))) {
      out.push(x!)
      i++
    } else {
      out.push(y)
      j++
    }
  }
  return out
}

function hit(r: Row, score: number, snippet: Snippet): SearchHit {
  return {
    meeting: {id: r.meeting_id, path: r.path, series: r.series, date: r.date, title: r.mtitle},
    topic: r.topic,
    line: r.line,
    score: Math.round(score * 1000) / 1000,
    snippet,
  }
}


/** The body around its matches; where only the topic's title matched, the title with its matches, then the body. */
function snippetFor(r: Row, body: Array<[number, number]>, title: Array<[number, number]>): Snippet {
  if (body.length > 0 || title.length === 0) return makeSnippet(r.body, body)
  return makeSnippet(r.body ? `${r.title} — ${r.body}` : r.title, title)
}

export {QueryError}
