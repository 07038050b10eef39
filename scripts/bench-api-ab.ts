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
 * The URLs are bench:api's uncached list pages (bench-api.ts): the three largest series' meetings,
 * the three most present people's action items (open, all, open), links of a kind, of a host and all
 * of them newest first, at cursors collected from this checkout's server with page sizes 10–29.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import autocannon from 'autocannon'
import {openDatabase} from '@minutes-kb/store'
import {repoRoot} from './corpus.ts'
import {stopServer} from './bench-queries.ts'
import {serveNodeFlags} from '../packages/cli/bin/node-flags.mjs'

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
const series = db.prepare('SELECT series FROM series_stats ORDER BY meetings DESC, series LIMIT 3').pluck().all() as string[]
const people = db.prepare("SELECT person FROM person_stats WHERE person LIKE '@%' ORDER BY meetings DESC, person LIMIT 3").pluck().all() as string[]
db.close()
const lists: Record<string, string[]> = {
  meetings: series.map((s) => `/api/meetings?series=${encodeURIComponent(s)}`),
  actions: people.map((p, i) => `/api/actions?assignee=${encodeURIComponent(p)}&status=${i % 2 ? 'all' : 'open'}`),
  links: ['/api/links?kind=pull', '/api/links?host=github.com', '/api/links?sort=-date'],
}

/** `minutes serve` of a checkout, as bench:api starts it (its V8 flags, no answer kept, one worker). */
function serve(side: (typeof sides)[number]): Promise<ChildProcess> {
  return new Promise((ready, fail) => {
    const argv = ['serve', '--db', side.db, '--port', String(side.port), '--cache', '0', '--rate-limit', 'off', '--workers', '1']
    const child = spawn(process.execPath, [...serveNodeFlags, '--import', 'tsx', 'packages/cli/bin/minutes.ts', ...argv], {cwd: side.dir, stdio: ['ignore', 'pipe', 'inherit']})
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/serving/.test(chunk.toString())) ready(child)
    })
    child.on('exit', (code) => fail(new Error(`${side.name} server exited with ${code}`)))
  })
}

/** CPU seconds (user + system) of a process so far (proc(5): utime and stime, clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Each list's URLs: every cursor (7 rows a page, at most 120 pages) with page sizes 10 to 29, shuffled. */
async function pages(port: number, bases: string[]): Promise<string[]> {
  const out: string[] = []
  for (const base of bases) {
    let next: string | null = null
    for (let k = 0; k < 120; k++) {
      const cursor: string = next ? `&cursor=${next}` : ''
      for (let size = 10; size < 30; size++) out.push(`${base}&size=${size}${cursor}`)
      next = ((await (await fetch(`http://127.0.0.1:${port}${base}&size=7${cursor}`)).json()) as {next: string | null}).next
      if (!next) break
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const children = await Promise.all(sides.map(serve))
const urls = Object.fromEntries(await Promise.all(Object.entries(lists).map(async ([list, bases]) => [list, await pages(sides[1]!.port, bases)] as const)))
const cpuUs: Record<string, [number[], number[]]> = {}
for (let round = 0; round < rounds; round++) {
  for (const list of Object.keys(lists)) {
    for (const k of round % 2 ? [1, 0] : [0, 1]) {
      const paths = urls[list]!
      let n = 0
      const c0 = cpuSeconds(children[k]!.pid!)
      const result = await autocannon({
        url: `http://127.0.0.1:${sides[k]!.port}`,
        connections: 10,
        duration: seconds,
        requests: [{method: 'GET', setupRequest: (req: {path: string}) => ({...req, path: paths[n++ % paths.length]})}] as unknown as autocannon.Request[],
      })
      ;(cpuUs[list] ??= [[], []])[k]!.push(((cpuSeconds(children[k]!.pid!) - c0) / result.requests.total) * 1e6)
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
