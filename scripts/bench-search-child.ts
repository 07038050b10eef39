/**
 * One engine, measured in a process of its own (its memory and its cold start are its own).
 *   node --import tsx scripts/bench-search-child.ts ENGINE DB QUERIES_JSON
 * ENGINE: lunr | fts5 (minutes-kb's Searcher), fts5-anchor (a plain FTS5 table, bm25), minisearch.
 * Prints one JSON line.
 */
import {readFileSync} from 'node:fs'
import MiniSearch from 'minisearch'
import {openDatabase} from '@minutes-kb/store'
import {Searcher} from '@minutes-kb/search'

const [engine, dbPath, queriesFile] = process.argv.slice(2) as [string, string, string]
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as Array<{q: string; kind: 'plain' | 'fuzzy' | 'wildcard'; mini: {text: string; fuzzy?: number; prefix?: boolean}}>
const t0 = performance.now()
const db = openDatabase(dbPath, {readonly: true})
let run: (q: (typeof queries)[number]) => number
let extra: Record<string, unknown> = {}
if (engine === 'lunr' || engine === 'fts5') {
  const searcher = new Searcher(db, {engine, cacheBytes: Number(process.env['CACHE_MB'] ?? 64) * 1024 * 1024})
  run = (q) => searcher.search(q.q, {}, {limit: 10}).hits.length
  extra = {loaded: () => searcher.loaded, parallel: () => searcher.parallelStats}
} else if (engine === 'fts5-anchor') {
  // A plain FTS5 search as one would write it: bm25 order, ten hits, each with FTS5's own snippet.
  const stmt = db.prepare("SELECT rowid, snippet(anchor_fts, 1, '[', ']', '…', 24) AS snippet FROM anchor_fts WHERE anchor_fts MATCH ? ORDER BY rank LIMIT 10")
  run = (q) => (q.kind === 'fuzzy' ? 0 : stmt.all(q.kind === 'wildcard' ? `"${q.q.slice(0, -1)}" *` : q.q.split(/\s+/).map((w) => `"${w}"`).join(' OR ')).length)
} else {
  const b0 = performance.now()
  const mini = new MiniSearch({fields: ['title', 'body'], storeFields: [], idField: 'id'})
  const rows = db.prepare('SELECT id, title, body FROM search_sections').iterate() as Iterable<{id: number; title: string; body: string}>
  mini.addAll([...rows])
  const buildSeconds = (performance.now() - b0) / 1000
  const json = JSON.stringify(mini)
  const l0 = performance.now()
  const loaded = MiniSearch.loadJSON(json, {fields: ['title', 'body'], idField: 'id'})
  extra = {buildSeconds, indexMb: Buffer.byteLength(json) / 1e6, loadSeconds: (performance.now() - l0) / 1000}
  run = (q) => loaded.search(q.mini.text, {fuzzy: q.mini.fuzzy ?? false, prefix: q.mini.prefix ?? false, boost: {title: 10}}).slice(0, 10).length
}
const startSeconds = (performance.now() - t0) / 1000
const f0 = performance.now()
run(queries[0]!)
const firstQueryMs = performance.now() - f0
// A first pass over every query (lazy shard loads happen here), then two measured passes.
const p0 = performance.now()
for (const q of queries) run(q)
const firstPassMs = performance.now() - p0
const times: Record<string, number[]> = {plain: [], fuzzy: [], wildcard: []}
for (let pass = 0; pass < 2; pass++) {
  for (const q of queries) {
    const s = performance.now()
    run(q)
    times[q.kind]!.push(performance.now() - s)
  }
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : null
}
const loaded = typeof extra['loaded'] === 'function' ? (extra['loaded'] as () => unknown)() : undefined
const parallel = typeof extra['parallel'] === 'function' ? (extra['parallel'] as () => unknown)() : undefined
delete extra['loaded']
delete extra['parallel']
console.log(
  JSON.stringify({
    engine,
    startSeconds,
    firstQueryMs,
    firstPassMs,
    plain: {p50: pct(times['plain']!, 0.5), p95: pct(times['plain']!, 0.95)},
    fuzzy: {p50: pct(times['fuzzy']!, 0.5), p95: pct(times['fuzzy']!, 0.95)},
    wildcard: {p50: pct(times['wildcard']!, 0.5), p95: pct(times['wildcard']!, 0.95)},
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    loaded,
    parallel,
    ...extra,
  }),
)
