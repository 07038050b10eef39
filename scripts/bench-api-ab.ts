/**
 * Two versions of the API's uncached list pages, measured at once: a server of this checkout and one
 * of another (`--base DIR`, a worktree with its dependencies installed), each over its own database,
 * both running while autocannon (10 connections) asks one of them at a time in short rounds that
 * alternate between them (the order flipped every round), so that the machine's drift — on a shared
 * 2-core machine, more than the difference between versions — falls on both alike. For each list it
 * prints the server CPU a page (user + system from /proc over the round, per answered request) of
 * each round, their medians and this ÷ base.
 *
 *   pnpm bench:api:ab --base ../base --base-db ../base/.bench/api.db [--db .bench/api.db] [--rounds 6] [--seconds 3]
 *
 * The URLs are bench:api's uncached list pages (`apiLists`, `uncachedPages` in bench-queries.ts), at
 * cursors collected from this checkout's server, with page sizes 10–29.
 */
import {resolve} from 'node:path'
import autocannon from 'autocannon'
import {openDatabase} from '@minutes-kb/store'
import {repoRoot} from './corpus.ts'
import {apiLists, cpuSeconds, httpCursors, startServer, stopServer, uncachedPages} from './bench-queries.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const baseDir = at('--base')
const baseDb = at('--base-db')
if (!baseDir || !baseDb) {
  console.error('usage: pnpm bench:api:ab --base DIR --base-db FILE [--db FILE] [--rounds 6] [--seconds 3]')
  process.exit(2)
}
const rounds = Number(at('--rounds') ?? 6)
const seconds = Number(at('--seconds') ?? 3)
const sides = [
  {name: 'base', dir: resolve(baseDir), db: resolve(baseDb), port: 3301},
  {name: 'this', dir: repoRoot, db: resolve(at('--db') ?? '.bench/api.db'), port: 3302},
]

const db = openDatabase(sides[1]!.db, {readonly: true})
const lists: Record<string, string[]> = apiLists(db).listBases
db.close()

/** `minutes serve` of a checkout, as bench:api starts it (its V8 flags, no answer kept, one worker). */
const serve = (side: (typeof sides)[number]) =>
  startServer(['packages/cli/bin/minutes.ts', 'serve', '--db', side.db, '--port', String(side.port), '--cache', '0', '--rate-limit', 'off', '--workers', '1'], /serving/, side.dir)

const children = await Promise.all(sides.map(serve))
// Cursors from this checkout's server (a cursor holds the last row's sort key, the same in either database);
// the base's walked the same way, so that both servers have run the same requests before the first round.
const cursorsOf = new Map<string, string[]>()
for (const base of Object.values(lists).flat()) {
  cursorsOf.set(base, await httpCursors(`http://127.0.0.1:${sides[1]!.port}`, base))
  await httpCursors(`http://127.0.0.1:${sides[0]!.port}`, base)
}
const urls = Object.fromEntries(Object.entries(lists).map(([list, bases]) => [list, uncachedPages(bases, cursorsOf)]))
const cpuUs: Record<string, [number[], number[]]> = {}
for (let round = 0; round < rounds; round++) {
  for (const list of Object.keys(lists)) {
    for (const k of round % 2 ? [1, 0] : [0, 1]) {
      const paths = urls[list]!
      let n = 0
      const c0 = cpuSeconds([children[k]!.pid!])
      const result = await autocannon({
        url: `http://127.0.0.1:${sides[k]!.port}`,
        connections: 10,
        duration: seconds,
        requests: [{method: 'GET', setupRequest: (req: {path: string}) => ({...req, path: paths[n++ % paths.length]})}] as unknown as autocannon.Request[],
      })
      ;(cpuUs[list] ??= [[], []])[k]!.push(((cpuSeconds([children[k]!.pid!]) - c0) / result.requests.total) * 1e6)
    }
  }
}
await Promise.all(children.map(stopServer))

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
console.log(`\nserver CPU µs a page, ${rounds} rounds of ${seconds} s each, alternating (base: ${sides[0]!.dir})\n`)
console.log('| list | base, each round | this, each round | base median | this median | this ÷ base |')
console.log('|---|---|---|---|---|---|')
for (const [list, [base, mine]] of Object.entries(cpuUs)) {
  const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ')
  console.log(`| ${list} | ${f(base)} | ${f(mine)} | ${median(base).toFixed(1)} | ${median(mine).toFixed(1)} | ${(median(mine) / median(base)).toFixed(3)} |`)
}
process.exit(0)
