/**
 * The store's part of an uncached request, in-process: CPU time (`process.cpuUsage`) per call of the
 * functions the API's routes call — a meeting's detail, meetings pages, a person's action items and
 * links pages (first pages, and pages at cursors collected beforehand with sizes 10 to 29) — beside
 * the naive anchor's statement (20 meetings and `JSON.stringify`), each under one or more connection
 * settings (`default`, a 64 MB page cache, `mmap_size` 1 GB). Each case twice, the settings
 * interleaved; compare within a run.
 *
 *   pnpm bench:store --db FILE [--settings default,cache64m,mmap1g] [--calls 4000]
 */
import {resolve} from 'node:path'
import {meetingJson, openDatabase, pageActionsJson, pageLinksJson, pageMeetingsJson, type DB} from '@minutes-kb/store'
import {listCursors} from './bench-queries.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const dbPath = at('--db')
if (!dbPath) throw new Error('usage: pnpm bench:store --db FILE [--settings default,cache64m,mmap1g] [--calls 4000]')
const calls = Number(at('--calls') ?? 4000)
const settings: Record<string, (db: DB) => void> = {
  default: () => {},
  cache64m: (db) => void db.pragma('cache_size = -65536'),
  mmap1g: (db) => void db.pragma('mmap_size = 1073741824'),
}
const chosen = (at('--settings') ?? 'default').split(',')
// Each connection holds a read transaction, as a server's snapshot does.
const dbs = chosen.map((name) => {
  const db = openDatabase(resolve(dbPath), {readonly: true})
  settings[name]!(db)
  db.exec('BEGIN')
  db.prepare('SELECT count(*) FROM sqlite_master').get()
  return [name, db] as const
})
const db0 = dbs[0]![1]
const ids = db0.prepare('SELECT id FROM meetings ORDER BY random() LIMIT 4000').pluck().all() as number[]
const series = db0.prepare('SELECT series FROM series_stats ORDER BY meetings DESC, series LIMIT 3').pluck().all() as string[]
const people = db0.prepare("SELECT person FROM person_stats WHERE person LIKE '@%' ORDER BY meetings DESC, person LIMIT 3").pluck().all() as string[]
const naive = db0.prepare('SELECT id, path, series, date, title FROM meetings WHERE series = ? ORDER BY date DESC LIMIT 20')

const cursors = listCursors
const personFilter = (i: number) => ({person: people[i % people.length], status: i % 2 ? ('all' as const) : ('open' as const)})
const linkFilters = [{kind: 'pull'}, {host: 'github.com'}, {}]
const linkSort = (i: number) => (i % 3 === 2 ? '-date' : undefined)
const actionCursors = people.map((_, k) => cursors((cursor) => pageActionsJson(db0, personFilter(k), {size: 7, cursor})))
const linkCursors = linkFilters.map((f, k) => cursors((cursor) => pageLinksJson(db0, f, {size: 7, cursor, sort: linkSort(k)})))
const meetingCursors = series.map((s) => cursors((cursor) => pageMeetingsJson(db0, {series: s}, {size: 7, cursor})))
const pick = (list: string[], i: number) => (list.length ? list[(i * 7919) % list.length] : undefined)
const size = (i: number) => 10 + (i % 20)

const cases: Record<string, (db: DB, i: number) => unknown> = {
  'naive anchor: 20 meetings + JSON.stringify': (_db, i) => JSON.stringify(naive.all(series[i % series.length])),
  'meeting detail': (db, i) => meetingJson(db, ids[i % ids.length]!),
  'meetings, first pages': (db, i) => pageMeetingsJson(db, {series: series[i % series.length]}, {size: size(i)}),
  'meetings, at cursors': (db, i) => pageMeetingsJson(db, {series: series[i % 3]}, {size: size(i), cursor: pick(meetingCursors[i % 3] ?? [], i)}),
  "a person's action items, first pages": (db, i) => pageActionsJson(db, personFilter(i), {size: size(i)}),
  "a person's action items, at cursors": (db, i) => pageActionsJson(db, personFilter(i % 3), {size: size(i), cursor: pick(actionCursors[i % 3] ?? [], i)}),
  'links, first pages': (db, i) => pageLinksJson(db, linkFilters[i % 3]!, {size: size(i), sort: linkSort(i)}),
  'links, at cursors': (db, i) => pageLinksJson(db, linkFilters[i % 3]!, {size: size(i), sort: linkSort(i), cursor: pick(linkCursors[i % 3] ?? [], i)}),
}

console.log(`${dbPath}: ${ids.length} meetings sampled, ${calls} calls a measurement, µs of CPU per call`)
console.log(`| case | ${dbs.map(([name]) => name).join(' | ')} |`)
console.log(`|---|${dbs.map(() => '---').join('|')}|`)
for (const [name, run] of Object.entries(cases)) {
  for (const [, db] of dbs) for (let i = 0; i < Math.min(calls, 500); i++) run(db, i)
  const cells = dbs.map(() => [] as number[])
  for (let round = 0; round < 2; round++) {
    dbs.forEach(([, db], k) => {
      const before = process.cpuUsage()
      for (let i = 0; i < calls; i++) run(db, i)
      const used = process.cpuUsage(before)
      cells[k]!.push((used.user + used.system) / calls)
    })
  }
  console.log(`| ${name} | ${cells.map((c) => c.map((v) => v.toFixed(1)).join(' / ')).join(' | ')} |`)
}
for (const [, db] of dbs) db.close()
