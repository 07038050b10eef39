/**
 * Impact-ordered lists for the most frequent terms, kept at ingest, so that a query of common words
 * finds its best sections without FTS5 computing bm25 for every section that has them.
 *
 * FTS5 ranks a query by bm25 over every match: a word in half of 426 600 sections costs 100 ms
 * whether 20 hits are asked for or 20 000. For each term in at least `minDocs` sections the ingest
 * keeps (migration 010) the sections in order of the term's bm25 contribution, the best `keep` of
 * them, and for every section the weighted frequency of each such term and its length. A query
 * then runs Fagin's threshold algorithm: it reads the lists best first, scores each section it
 * meets in full (every query term's contribution, from the kept frequencies), and stops once the
 * n-th best score is above what any section not yet met could reach. The scores are computed as
 * FTS5's bm25 computes them (fts5_aux.c, the same operations in the same order, the IDF FTS5 uses),
 * so the hits, their order and their scores are FTS5's own; when the lists run out first, or the
 * query is of another kind (fields, prefixes, fuzzy terms, filters), the searcher asks FTS5.
 */
import type {DB} from '@minutes-kb/store'

/** bm25's constants (FTS5's) and the ranking's column weights: title, body, people, series. */
const k1 = 1.2
const b = 0.75
const columnWeights = [10, 1, 2, 1] as const

/**
 * FTS5's ranking: bm25 with the column weights above (the `rank` the migration configures for
 * `sqlite3` users). The lists are built with the same weights, so their scores are this one's.
 */
export const ftsRank = `bm25(search_fts, ${columnWeights.map((w) => w.toFixed(1)).join(', ')})`

/**
 * Terms in at least this many sections get a list (default): below, FTS5 ranks one in half a
 * millisecond or less. At 100× of the shared corpus 1 895 terms, at 10× 325, at 1× a handful.
 */
export const defaultImpactMinDocs = 1000
/**
 * Sections kept per list, best first (default). At 100×, 2 000 left 22 of 502 queries the lists
 * took to run out and go back to FTS5, 5 000 left 3 (and 24 MB of lists instead of 14).
 */
export const defaultImpactKeep = 5000
/** Sections per row of `search_impact_docs`. */
const blockSize = 4096
/** Term ids are stored as varints, but a list per term beyond this many terms would not pay. */
const maxTerms = 65_536

export interface ImpactOptions {
  minDocs?: number
  keep?: number
}

export interface ImpactSummary {
  terms: number
  sections: number
  seconds: number
}

/** bm25's per-term factor for a weighted frequency `f` in a section of `size` tokens. */
function factor(f: number, size: number, avgdl: number): number {
  return (f * (k1 + 1.0)) / (f + k1 * (1 - b + (b * size) / avgdl))
}

/**
 * bm25's IDF as FTS5 computes it (floored at 10⁻⁶ for a term in more than half the rows), with
 * SQLite's `ln()`: the C library's `log`, which FTS5 calls. JavaScript's `Math.log` rounds the last
 * bit differently for some arguments (`whether` in the corpus), and the scores would differ there.
 */
function idfOf(ln: (rows: number, docs: number) => number, rows: number, docs: number): number {
  const idf = ln(rows, docs)
  return idf <= 0 ? 1e-6 : idf
}

/** SQLite's varint (FTS5's records): 7 bits a byte, high bit set on all but the last, 9 bytes at most. */
function readVarint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0
  for (let i = 0; i < 8; i++) {
    const byte = buf[at + i]!
    value = value * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) return [value, at + i + 1]
  }
  return [value * 256 + buf[at + 8]!, at + 9]
}

function sumVarints(buf: Uint8Array): number {
  let total = 0
  for (let at = 0; at < buf.length; ) {
    const [value, next] = readVarint(buf, at)
    total += value
    at = next
  }
  return total
}

/** FTS5's averages record: rows, then the tokens of each column. */
function averages(db: DB): {rows: number; tokens: number} {
  const block = db.prepare('SELECT block FROM search_fts_data WHERE id = 1').pluck().get() as Uint8Array | undefined
  if (!block || block.length === 0) return {rows: 0, tokens: 0}
  const [rows, at] = readVarint(block, 0)
  return {rows, tokens: sumVarints(block.subarray(at))}
}

/** Write the FTS5 writes a transaction holds in memory to the index's records (its 'flush' command). */
export function flushFts(db: DB): void {
  db.prepare("INSERT INTO search_fts (search_fts) VALUES ('flush')").run()
}

/**
 * How many segments the FTS5 index has: its structure record (id 10) starts with a 4-byte cookie,
 * then the number of levels and the number of segments, as varints.
 */
export function ftsSegments(db: DB): number {
  const block = db.prepare('SELECT block FROM search_fts_data WHERE id = 10').pluck().get() as Buffer | undefined
  if (!block) return 0
  let at = 4
  const varint = () => {
    let value = 0
    for (let i = 0; i < 9 && at < block.length; i++) {
      const byte = block[at++]!
      value = value * 128 + (byte & 0x7f)
      if (!(byte & 0x80)) break
    }
    return value
  }
  varint()
  return varint()
}

/** The state of the FTS5 index, as an SQL expression: its averages and structure records (every write changes them). */
export const indexStateSql = `(SELECT group_concat(hex(block), ':') FROM search_fts_data WHERE id IN (1, 10))`
/** The FTS5 index state the lists belong to. */
export const indexVersionSql = `SELECT coalesce(${indexStateSql}, '')`

function asBlob(a: Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
}

function asInt32(blob: Uint8Array): Int32Array {
  return new Int32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength))
}

function pushVarint(out: number[], value: number): void {
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80)
    value = Math.floor(value / 128)
  }
  out.push(value)
}

/**
 * The weighted frequencies of the `wanted` term ids (-1: none) in a section's row, which holds
 * (term id, frequency) varint pairs as pushVarint wrote them (low 7 bits first), by term id.
 */
function readFrequencies(buf: Uint8Array, from: number, to: number, wanted: Int32Array, into: Float64Array): void {
  into.fill(0)
  let at = from
  let key = -1
  while (at < to) {
    let value = 0
    let scale = 1
    let byte: number
    do {
      byte = buf[at++]!
      value += (byte & 0x7f) * scale
      scale *= 128
    } while (byte & 0x80)
    if (key < 0) key = value
    else {
      for (let k = 0; k < wanted.length; k++) if (wanted[k] === key) into[k] = value
      key = -1
    }
  }
}

/**
 * Rebuild the lists for the index as it is now, in the caller's transaction, after `flushFts`
 * (`refreshImpacts` in indexer.ts does both after an ingest). Reads every occurrence of the frequent terms
 * once, from FTS5's own tokens (`search_vocab_instance`), so the frequencies are FTS5's.
 */
export function buildImpacts(db: DB, options: ImpactOptions = {}): ImpactSummary {
  const t0 = performance.now()
  const minDocs = Math.max(1, options.minDocs ?? defaultImpactMinDocs)
  const keep = Math.max(1, options.keep ?? defaultImpactKeep)
  db.prepare('DELETE FROM search_impact_terms').run()
  db.prepare('DELETE FROM search_impact_docs').run()
  db.prepare('DELETE FROM search_impact_state').run()
  const {rows, tokens} = averages(db)
  const version = db.prepare(indexVersionSql).pluck().get() as string
  const done = (terms: number, sections: number) => {
    db.prepare('INSERT INTO search_impact_state (version, rows, tokens) VALUES (?, ?, ?)').run(version, rows, tokens)
    return {terms, sections, seconds: (performance.now() - t0) / 1000}
  }
  const terms = db.prepare('SELECT term, doc FROM search_vocab WHERE doc >= ? ORDER BY doc DESC, term LIMIT ?').raw().all(minDocs, maxTerms) as Array<[string, number]>
  if (rows === 0 || terms.length === 0) return done(0, 0)
  const avgdl = tokens / rows
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM search_sections').pluck().get() as number
  const size = new Int32Array(maxId + 1)
  for (const [id, sz] of db.prepare('SELECT id, sz FROM search_fts_docsize').raw().iterate() as Iterable<[number, Uint8Array]>) {
    if (id <= maxId) size[id] = sumVarints(sz)
  }
  // Every (section, term, frequency), grouped by section at the end: the sections' pairs.
  let postings = {doc: new Int32Array(1 << 16), term: new Int32Array(1 << 16), freq: new Int32Array(1 << 16)}
  let count = 0
  const push = (doc: number, term: number, freq: number) => {
    if (count === postings.doc.length) {
      const grow = (a: Int32Array) => {
        const bigger = new Int32Array(a.length * 2)
        bigger.set(a)
        return bigger
      }
      postings = {doc: grow(postings.doc), term: grow(postings.term), freq: grow(postings.freq)}
    }
    postings.doc[count] = doc
    postings.term[count] = term
    postings.freq[count] = freq
    count++
  }
  const instances = db.prepare('SELECT doc, col FROM search_vocab_instance WHERE term = ?').raw()
  const columns = new Map(['title', 'body', 'people', 'series'].map((c, i) => [c, columnWeights[i]!]))
  const lnStatement = db.prepare('SELECT ln((@rows - @docs + 0.5) / (@docs + 0.5))').pluck()
  const ln = (r: number, docs: number) => lnStatement.get({rows: r, docs}) as number
  const insertTerm = db.prepare('INSERT INTO search_impact_terms (term, id, docs, idf, complete, list) VALUES (?, ?, ?, ?, ?, ?)')
  terms.forEach(([term, docs], id) => {
    const first = count
    let doc = -1
    let freq = 0
    for (const [d, col] of instances.iterate(term) as Iterable<[number, string]>) {
      if (d !== doc) {
        if (doc >= 0) push(doc, id, freq)
        doc = d
        freq = 0
      }
      freq += columns.get(col) ?? 1
    }
    if (doc >= 0) push(doc, id, freq)
    const n = count - first
    const score = new Float64Array(n)
    const order = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const p = first + i
      score[i] = factor(postings.freq[p]!, size[postings.doc[p]!]!, avgdl)
      order[i] = i
    }
    const byImpact = [...order].sort((x, y) => score[y]! - score[x]! || postings.doc[first + x]! - postings.doc[first + y]!)
    const list = Int32Array.from(byImpact.slice(0, keep), (i) => postings.doc[first + i]!)
    insertTerm.run(term, id, docs, idfOf(ln, rows, docs), n <= keep ? 1 : 0, asBlob(list))
  })
  // Group the postings by section (a counting sort), one row per section.
  const start = new Int32Array(maxId + 2)
  for (let p = 0; p < count; p++) start[postings.doc[p]! + 1]!++
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1]!
  const slot = start.slice()
  const byDoc = new Int32Array(count)
  for (let p = 0; p < count; p++) byDoc[slot[postings.doc[p]!]!++] = p
  // Blocks of `blockSize` consecutive section ids: a searcher reads a block once and keeps it.
  const insertBlock = db.prepare('INSERT INTO search_impact_docs (block, sizes, offsets, terms) VALUES (?, ?, ?, ?)')
  let sections = 0
  const bytes: number[] = []
  for (let block = 0; block * blockSize <= maxId; block++) {
    const sizes = new Int32Array(blockSize)
    const offsets = new Int32Array(blockSize + 1)
    bytes.length = 0
    for (let k = 0; k < blockSize; k++) {
      const doc = block * blockSize + k
      offsets[k] = bytes.length
      if (doc > maxId || start[doc] === start[doc + 1]) continue
      sizes[k] = size[doc]!
      for (let i = start[doc]!; i < start[doc + 1]!; i++) {
        pushVarint(bytes, postings.term[byDoc[i]!]!)
        pushVarint(bytes, postings.freq[byDoc[i]!]!)
      }
      sections++
    }
    offsets[blockSize] = bytes.length
    if (bytes.length > 0) insertBlock.run(block, asBlob(sizes), asBlob(offsets), Buffer.from(bytes))
  }
  return done(terms.length, sections)
}

/** A phrase's sections best first: a frequent term's kept list, or a rarer word's every section as FTS5 scored them. */
interface Source {
  term: Term | null
  scores?: Map<number, number>
  ids: Int32Array
  /** Holds every section with the term. */
  complete: boolean
  /** How far it has been read, and the contribution of the last section read (the most any section after it adds). */
  at: number
  bound: number
  /** The term's place in the frequencies read from a section's row (-1 for a rarer word). */
  slot: number
}

interface Term {
  id: number
  idf: number
  complete: boolean
  list: Int32Array
}

/** A query as the threshold algorithm takes it: FTS5 tokens, in the order of the MATCH expression's phrases. */
export interface ImpactQuery {
  /** The phrases that score, each one token. */
  tokens: string[]
  /** Each token's phrase as written in the MATCH expression (a token quoted is not always itself again: FTS5 stems it anew). */
  phrases: string[]
  /** All of `tokens` must be in a section (`+a +b`), or any one. */
  all: boolean
  /** Tokens a section must not have, and their phrases. */
  not: string[]
  notPhrases: string[]
}

export interface ImpactStats {
  /** Queries answered from the lists, and those handed back to FTS5 after starting. */
  answered: number
  gaveUp: number
}

/** Ranks queries of frequent words from the lists, for one connection. */
export class ImpactRanker {
  readonly stats: ImpactStats = {answered: 0, gaveUp: 0}
  private readonly statements
  /** The index state last seen, and the lists' statistics if they belong to it. */
  private version: string | undefined
  private changes: string | undefined
  /** The terms that have a list, in the state the lists belong to, and their first two letters. */
  private listed = new Set<string>()
  private starts = new Set<string>()
  private state: {avgdl: number} | null = null
  private readonly terms = new Map<string, Term | null>()

  constructor(private readonly db: DB) {
    this.statements = {
      state: db.prepare('SELECT version, rows, tokens FROM search_impact_state'),
      version: db.prepare(indexVersionSql).pluck(),
      // Whether anything was committed since the last look: by another connection (data_version)
      // or by this one (total_changes). Reading the index's records every query cost 0.1 ms at 10×.
      changes: db.prepare('SELECT (SELECT data_version FROM pragma_data_version) || \':\' || total_changes()').pluck(),
      names: db.prepare('SELECT term FROM search_impact_terms').pluck(),
      term: db.prepare('SELECT id, idf, complete, list FROM search_impact_terms WHERE term = ?'),
      block: db.prepare('SELECT sizes, offsets, terms FROM search_impact_docs WHERE block = ?').raw(),
      scores: db.prepare(`SELECT rowid, -${ftsRank} FROM search_fts WHERE search_fts MATCH ?`).raw(),
      ids: db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck(),
    }
  }

  private readonly blocks = new Map<number, {sizes: Int32Array; offsets: Int32Array; terms: Uint8Array} | null>()

  /** The weighted frequencies of the `wanted` terms in a section (into `freq`), and its size in tokens. */
  private frequencies(id: number, wanted: Int32Array, freq: Float64Array): number {
    const b = Math.floor(id / blockSize)
    let block = this.blocks.get(b)
    if (block === undefined) {
      const row = this.statements.block.get(b) as [Uint8Array, Uint8Array, Uint8Array] | undefined
      block = row ? {sizes: asInt32(row[0]), offsets: asInt32(row[1]), terms: row[2]} : null
      this.blocks.set(b, block)
    }
    if (!block) {
      freq.fill(0)
      return 0
    }
    const k = id - b * blockSize
    readFrequencies(block.terms, block.offsets[k]!, block.offsets[k + 1]!, wanted, freq)
    return block.sizes[k]!
  }

  /**
   * Could a word as typed be a term with a list? Asking FTS5's tokenizer costs 20 µs a word, a
   * twentieth of a query at 1×; the stemmer only cuts endings, so an ASCII word of four letters or
   * more keeps its first two. False only when it surely has none (or the index has no lists).
   */
  mayHaveList(word: string): boolean {
    // Whether the index this connection reads now has lists at all (cheap: a pragma and a counter).
    if (!this.current()) return false
    const w = word.toLowerCase()
    return !/^[a-z0-9]{4,}$/.test(w) || this.starts.has(w.slice(0, 2))
  }

  /** Are the lists those of the index this connection reads now? */
  private current(): {avgdl: number} | null {
    const changes = this.statements.changes.get() as string
    if (changes === this.changes) return this.state
    this.changes = changes
    const version = this.statements.version.get() as string
    if (version !== this.version) {
      this.version = version
      this.terms.clear()
      this.blocks.clear()
      const row = this.statements.state.get() as {version: string; rows: number; tokens: number} | undefined
      this.state = row && row.rows > 0 && row.version === version ? {avgdl: row.tokens / row.rows} : null
      this.listed = new Set(this.state ? (this.statements.names.all() as string[]) : [])
      this.starts = new Set([...this.listed].map((t) => t.slice(0, 2)))
    }
    return this.state
  }

  private term(token: string): Term | null {
    if (!this.listed.has(token)) return null
    let term = this.terms.get(token)
    if (term === undefined) {
      const row = this.statements.term.get(token) as {id: number; idf: number; complete: number; list: Uint8Array} | undefined
      term = row
        ? {id: row.id, idf: row.idf, complete: row.complete === 1, list: asInt32(row.list)}
        : null
      if (this.terms.size >= 256) this.terms.clear()
      this.terms.set(token, term)
    }
    return term
  }

  /**
   * The best `n` sections for the query by (bm25 rank, id), as FTS5 ranks them; `undefined` when the
   * lists cannot answer it (none of its words is frequent, or the lists ran out before the n-th
   * best was sure): then FTS5 must. Fewer than `n` only when every match was found.
   */
  top(query: ImpactQuery, n: number): Array<{id: number; rank: number}> | undefined {
    const state = this.current()
    if (!state || query.tokens.length === 0) return undefined
    const terms = query.tokens.map((t) => this.term(t))
    if (terms.every((t) => t === null)) return undefined
    const {avgdl} = state
    // One list per phrase, best first. A word without a list of its own is in fewer than `minDocs`
    // sections: FTS5 scores them all (each the very number it adds to a query's score) and they
    // are read in that order, so that its sections too are met best first.
    const lists: Source[] = terms.map((term, i) => {
      if (term) return {term, ids: term.list, complete: term.complete, at: 0, bound: term.list.length ? Infinity : 0, slot: i}
      const scores = new Map(this.statements.scores.all(query.phrases[i]) as Array<[number, number]>)
      const ids = Int32Array.from(scores.keys()).sort((x, y) => scores.get(y)! - scores.get(x)! || x - y)
      return {term: null, scores, ids, complete: true, at: 0, bound: ids.length ? Infinity : 0, slot: -1}
    })
    const excluded = query.not.map((t) => this.term(t))
    const smallExcluded = new Set<number>()
    excluded.forEach((t, i) => {
      if (t === null) for (const id of this.statements.ids.all(query.notPhrases[i]) as number[]) smallExcluded.add(id)
    })
    // The term ids read from each section's row: the phrases' (slot i for the i-th), then the excluded ones.
    const excludedIds = excluded.flatMap((t) => (t ? [t.id] : []))
    const wanted = Int32Array.from([...terms.map((t) => t?.id ?? -1), ...excludedIds])
    const freq = new Float64Array(wanted.length)
    const seen = new Set<number>()
    const best: Array<{id: number; score: number}> = []
    /** The i-th phrase's contribution to a section's score, from its frequencies (`freq`, in `wanted` order). */
    const contribution = (i: number, id: number, size: number): number => {
      const list = lists[i]!
      return list.term ? list.term.idf * factor(freq[list.slot]!, size, avgdl) : (list.scores!.get(id) ?? 0)
    }
    /** Score a section met in a list, unless it does not match the query. */
    const consider = (id: number, size: number): void => {
      let any = false
      let score = 0
      for (let i = 0; i < lists.length; i++) {
        const list = lists[i]!
        const has = list.term ? freq[list.slot]! > 0 : list.scores!.has(id)
        if (has) any = true
        else if (query.all) return
        score += contribution(i, id, size)
      }
      if (!any || smallExcluded.has(id)) return
      for (let k = terms.length; k < wanted.length; k++) if (freq[k]! > 0) return
      best.push({id, score})
    }
    // Read the lists best first, a batch of each in turn; after each round, the most a section not
    // met yet can score is the sum of each list's last contribution (0 for a list read to its end
    // that holds all the term's sections), summed in the phrases' order as FTS5 sums a score.
    for (let batch = 32; ; batch = Math.min(batch * 2, 1024)) {
      let open = false
      for (let i = 0; i < lists.length; i++) {
        const list = lists[i]!
        const end = Math.min(list.at + batch, list.ids.length)
        if (list.at >= end) continue
        for (let k = list.at; k < end; k++) {
          const id = list.ids[k]!
          const fresh = !seen.has(id)
          if (!fresh && k < end - 1) continue
          const size = this.frequencies(id, wanted, freq)
          if (k === end - 1) list.bound = end < list.ids.length || !list.complete ? contribution(i, id, size) : 0
          if (fresh) {
            seen.add(id)
            consider(id, size)
          }
        }
        list.at = end
        if (end < list.ids.length) open = true
      }
      let threshold = 0
      for (const list of lists) threshold += list.bound
      if (best.length >= n) {
        best.sort((x, y) => y.score - x.score || x.id - y.id)
        best.length = n
        if (best[n - 1]!.score > threshold) break
      }
      if (!open) {
        if (threshold === 0) break
        this.stats.gaveUp++
        return undefined
      }
    }
    best.sort((x, y) => y.score - x.score || x.id - y.id)
    this.stats.answered++
    return best.slice(0, n).map((h) => ({id: h.id, rank: -h.score}))
  }
}
