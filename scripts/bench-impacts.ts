/**
 * Impact lists against FTS5 alone, in the same process on the same database: every query of the
 * benchmark's vocabulary (bench-queries.ts: common and rare words, two words, fields, fuzzy and
 * prefix terms) asked of a searcher that uses the lists and of one that does not, in turns, each
 * new to both. Prints the time per kind of query, the ratio, how many queries the lists answered
 * or handed back to FTS5, and whether every answer was the same (it must be).
 *
 *   pnpm bench:impacts --db FILE [--queries 600] [--rounds 2]
 *
 * The database must have been ingested by this version (`minutes ingest` builds the lists); see
 * docs/search.md and docs/scaling.md.
 */
import {openDatabase} from '@minutes-kb/store'
import {Searcher, type SearchResult} from '@minutes-kb/search'
import {vocabularyQueries} from './bench-queries.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const dbPath = at('--db')
if (!dbPath) {
  console.error('usage: pnpm bench:impacts --db FILE [--queries 600] [--rounds 2]')
  process.exit(2)
}
const count = Number(at('--queries') ?? 600)
const rounds = Number(at('--rounds') ?? 2)
const db = openDatabase(dbPath, {readonly: true})
const lists = db.prepare('SELECT count(*) FROM search_impact_terms').pluck().get() as number
// One thread each: the comparison is of ranking, not of the helper thread.
const fast = new Searcher(db, {parallelMinSections: Infinity})
const fts5 = new Searcher(db, {impacts: false, parallelMinSections: Infinity})
const queries = vocabularyQueries(db, count)
const same = (a: SearchResult, b: SearchResult) => JSON.stringify([a.hits, a.total, a.totalIsExact]) === JSON.stringify([b.hits, b.total, b.totalIsExact])
const kinds = new Map<string, {n: number; lists: number; fts5: number}>()
let different = 0
for (let round = 0; round < rounds; round++) {
  for (const [i, {q, kind}] of queries.entries()) {
    // Alternate which goes first, so neither always finds the pages the other just read.
    const order = (i + round) % 2 === 0 ? ([fast, fts5] as const) : ([fts5, fast] as const)
    const took = new Map<Searcher, number>()
    const answers = new Map<Searcher, SearchResult>()
    for (const searcher of order) {
      const t0 = performance.now()
      answers.set(searcher, searcher.search(q, {}, {limit: 20}))
      took.set(searcher, performance.now() - t0)
    }
    if (round === 0 && !same(answers.get(fast)!, answers.get(fts5)!)) different++
    const row = kinds.get(kind) ?? {n: 0, lists: 0, fts5: 0}
    row.n++
    row.lists += took.get(fast)!
    row.fts5 += took.get(fts5)!
    kinds.set(kind, row)
  }
}
console.log(`${dbPath}: ${lists} terms with lists, ${queries.length} queries × ${rounds} rounds, one thread`)
console.log('\n| kind | queries | ms with lists | ms FTS5 alone | FTS5 ÷ lists |\n|---|---|---|---|---|')
const total = {n: 0, lists: 0, fts5: 0}
for (const [kind, r] of kinds) {
  console.log(`| ${kind} | ${r.n} | ${r.lists.toFixed(0)} | ${r.fts5.toFixed(0)} | ${(r.fts5 / r.lists).toFixed(2)} |`)
  total.n += r.n
  total.lists += r.lists
  total.fts5 += r.fts5
}
console.log(`| all | ${total.n} | ${total.lists.toFixed(0)} | ${total.fts5.toFixed(0)} | **${(total.fts5 / total.lists).toFixed(2)}** |`)
const stats = fast.impacts?.stats
console.log(`\nanswered from the lists ${stats?.answered ?? 0}, handed back to FTS5 ${stats?.gaveUp ?? 0}; answers different from FTS5's: ${different}`)
if (different > 0) process.exitCode = 1
