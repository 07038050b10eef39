/**
 * The store's part of uncached requests, this checkout's code against another's, in one process:
 * the same calls (meetings pages, a person's action items and links pages at cursors with sizes 10
 * to 29, the first page of a person's action items, meeting details) on each, in batches of 200 alternating, CPU time per call, medians of the
 * batches and their ratio. First every case's answers are compared byte for byte (a change that is
 * only faster gives the same bytes). The other code is a checkout of an earlier commit
 * (`git worktree add ../base <commit>` and `pnpm install --offline` in it), with a database of its
 * own schema holding the same collection (an older store refuses a newer schema).
 *
 *   pnpm bench:store:ab --base ../base --base-db OLD.db --db NEW.db [--batches 30]
 */
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import * as here from '@minutes-kb/store'
import {listCursors} from './bench-queries.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const [baseDir, baseDb, dbPath] = [at('--base'), at('--base-db'), at('--db')]
if (!baseDir || !baseDb || !dbPath) throw new Error('usage: pnpm bench:store:ab --base DIR --base-db FILE --db FILE [--batches 30]')
const batches = Number(at('--batches') ?? 30)
type Store = typeof here
const there = (await import(pathToFileURL(resolve(baseDir, 'packages/store/index.ts')).href)) as Store

/** A connection holding a read transaction, as a server's snapshot does. */
function open(store: Store, path: string): here.DB {
  const db = store.openDatabase(resolve(path), {readonly: true})
  db.exec('BEGIN')
  db.prepare('SELECT count(*) FROM sqlite_master').get()
  return db
}
const sides = [
  {name: 'base', store: there, db: open(there, baseDb)},
  {name: 'this', store: here, db: open(here, dbPath)},
]
const db = sides[1]!.db
const series = db.prepare('SELECT series FROM series_stats ORDER BY meetings DESC, series LIMIT 3').pluck().all() as string[]
const people = db.prepare("SELECT person FROM person_stats WHERE person LIKE '@%' ORDER BY meetings DESC, person LIMIT 3").pluck().all() as string[]
const ids = db.prepare('SELECT id FROM meetings ORDER BY random() LIMIT 2000').pluck().all() as number[]

/** The first page and cursors into a list. */
const cursors = (page: (cursor?: string) => {next: string | null}): Array<string | undefined> => [undefined, ...listCursors(page)]
const person = (k: number) => ({person: people[k % people.length], status: k % 2 ? ('all' as const) : ('open' as const)})
const links = [
  [{kind: 'pull'}, undefined],
  [{host: 'github.com'}, undefined],
  [{}, '-date'],
] as const
const meetingCursors = series.map((s) => cursors((cursor) => here.pageMeetingsJson(db, {series: s}, {size: 7, cursor})))
const actionCursors = people.map((_, k) => cursors((cursor) => here.pageActionsJson(db, person(k), {size: 7, cursor})))
const linkCursors = links.map(([filter, sort]) => cursors((cursor) => here.pageLinksJson(db, filter, {size: 7, cursor, sort})))
const pick = <T>(list: T[], i: number): T => list[(i * 7919) % list.length]!
const size = (i: number) => 10 + (i % 20)

const cases: Record<string, (store: Store, db: here.DB, i: number) => Buffer | here.JsonPage> = {
  'meetings page': (s, d, i) => s.pageMeetingsJson(d, {series: series[i % 3]}, {size: size(i), cursor: pick(meetingCursors[i % 3]!, i)}),
  "a person's action items": (s, d, i) => s.pageActionsJson(d, person(i % 3), {size: size(i), cursor: pick(actionCursors[i % 3]!, i)}),
  "a person's action items, first page": (s, d, i) => s.pageActionsJson(d, person(i % 3), {size: size(i)}),
  'links page': (s, d, i) => s.pageLinksJson(d, links[i % 3]![0], {size: size(i), cursor: pick(linkCursors[i % 3]!, i), sort: links[i % 3]![1]}),
  'meeting detail': (s, d, i) => s.meetingJson(d, ids[i % ids.length]!)!,
}
const bytes = (answer: Buffer | here.JsonPage) => (Buffer.isBuffer(answer) ? answer.toString() : JSON.stringify({...answer, rows: answer.rows.toString()}))

for (const [name, call] of Object.entries(cases)) {
  for (let i = 0; i < 400; i++) {
    const [a, b] = sides.map((side) => bytes(call(side.store, side.db, i)))
    if (a !== b) throw new Error(`${name}, call ${i}: the answers differ\n${a!.slice(0, 300)}\n${b!.slice(0, 300)}`)
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
console.log(`| case | base (µs a call) | this | this ÷ base |\n|---|---|---|---|`)
for (const [name, call] of Object.entries(cases)) {
  const times = sides.map(() => [] as number[])
  for (let r = 0; r < batches; r++) {
    sides.forEach((side, k) => {
      const start = process.cpuUsage()
      for (let i = 0; i < 200; i++) call(side.store, side.db, r * 200 + i)
      const used = process.cpuUsage(start)
      times[k]!.push((used.user + used.system) / 200)
    })
  }
  const [a, b] = times.map(median)
  console.log(`| ${name} | ${a!.toFixed(1)} | ${b!.toFixed(1)} | ${(b! / a!).toFixed(2)} |`)
}
