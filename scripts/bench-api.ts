/**
 * The API under load (autocannon, 10 connections, fixed duration) against the real server started
 * by `minutes serve`, beside anchors measured in the same run: a bare Fastify hello-world route, a
 * naive route with one prepared better-sqlite3 query for 20 rows, and a naive FTS5 search route.
 *
 * - cached rows: a few URLs each, answered from the server's cache after the first time;
 * - uncached rows: every URL new (list pages at cursors collected beforehand, with page sizes that
 *   were never asked; meeting ids; search queries drawn from the collection's own words, see
 *   bench-queries.ts), against a server that keeps no answers (`--cache 0`), with 1 and 2 workers.
 *
 * Prints req/s, the ratio to hello-world (and, for 2 workers, to 1 worker), the server's CPU time per
 * request (its processes' user + system time from /proc over the row, divided by the requests answered:
 * the route's cost apart from autocannon's, which shares the cores), latency p50/p95/p99 in ms (every
 * response timed) and errors.
 *
 *   pnpm bench:api [--db FILE] [--duration 10] [--connections 10] [--rows cached,uncached,workers]
 *
 * Without --db the shared corpus is ingested into .bench/api.db; with it, an ingested database is
 * used as it is (the 10× and 100× corpora, docs/scaling.md).
 */
import {spawnSync, type ChildProcess} from 'node:child_process'
import {mkdirSync, readFileSync} from 'node:fs'
import {loadavg} from 'node:os'
import {join, resolve} from 'node:path'
import autocannon from 'autocannon'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {refreshImpacts, updateSearchIndex} from '@minutes-kb/search'
import {corpusRoot, repoRoot} from './corpus.ts'
import {apiLists, cpuSeconds, httpCursors, startServer, stopServer, uncachedPages, vocabularyQueries} from './bench-queries.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const duration = Number(at('--duration') ?? 10)
const connections = Number(at('--connections') ?? 10)
const rowsWanted = new Set((at('--rows') ?? 'cached,uncached,workers').split(','))
let dbPath = at('--db')
if (dbPath) dbPath = resolve(dbPath)
else {
  const work = join(repoRoot, '.bench')
  mkdirSync(work, {recursive: true})
  dbPath = join(work, 'api.db')
  // Incremental: only the first run parses; later ones migrate the schema and find nothing changed.
  const db = openDatabase(dbPath)
  await ingestDirectory(db, corpusRoot(), {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes))})
  refreshImpacts(db)
  db.close()
}

// --- What to ask: drawn from the database -----------------------------------------------------

const db = openDatabase(dbPath, {readonly: true})
const meetings = db.prepare('SELECT count(*) FROM meetings').pluck().get() as number
const {listBases, series, people} = apiLists(db)
const ids = db.prepare('SELECT id FROM meetings ORDER BY random() LIMIT 4000').pluck().all() as number[]
const queries = vocabularyQueries(db, 4000).map((q) => q.q)
db.close()

// --- Servers ------------------------------------------------------------------------------------

/** A server of the anchor or the API, with the V8 flags `minutes serve` runs with (node-flags.mjs). */
const start = (argv: string[], ready: RegExp) => startServer(argv, ready, repoRoot)

const serve = (port: number, extra: string[]) =>
  start([join(repoRoot, 'packages/cli/bin/minutes.ts'), 'serve', '--db', dbPath, '--port', String(port), '--rate-limit', 'off', ...extra], /serving/)

/** Start-up (spawn to listening) and, after the rows, each process's peak RSS: the server's own, or its workers'. */
const servers: Array<{name: string; startSeconds: number; rssMb: number[]}> = []
async function timedServe(name: string, port: number, extra: string[]): Promise<{child: ChildProcess; done: () => Promise<void>}> {
  const t0 = performance.now()
  const child = await serve(port, extra)
  const startSeconds = (performance.now() - t0) / 1000
  return {
    child,
    done: async () => {
      // A cluster's workers are the server's node children (one process has only tsx's esbuild service).
      const [, ...workers] = serverPids(child)
      const pids = workers.length ? workers : [child.pid!]
      const peak = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
      servers.push({name, startSeconds, rssMb: pids.map(peak)})
      await stopServer(child)
    },
  }
}

// --- Measuring ------------------------------------------------------------------------------------

interface Row {
  name: string
  rps: number
  /** The server's CPU time (user + system, every process of it) per answered request, in µs. */
  cpuUs?: number
  p50: number
  p95: number
  p99: number
  errors: number
  perWorker?: number
}

/** The server and its workers: the processes whose CPU a row counts. */
function serverPids(child: ChildProcess): number[] {
  const children = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(child.pid)], {encoding: 'utf8'}).stdout.split('\n')
  const workers = children.filter((line) => line.trim().endsWith(' node')).map((line) => Number.parseInt(line, 10)).filter((n) => n > 0)
  return [child.pid!, ...workers]
}

/**
 * autocannon over `paths`, in turn; every response's time kept for the percentiles, and with `pids`
 * the server's CPU per request — what the route costs the server, apart from the client (autocannon
 * shares this machine's cores: for the fast routes it, not the server, sets the req/s).
 */
function measure(name: string, base: string, paths: string[], pids?: number[]): Promise<Row> {
  const cpu0 = pids ? cpuSeconds(pids) : 0
  let n = 0
  const times: number[] = []
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration,
        requests: [{method: 'GET', setupRequest: (req: {path: string}) => ({...req, path: paths[n++ % paths.length]})}] as unknown as autocannon.Request[],
      },
      (error, result) => {
        if (error) return reject(error)
        times.sort((a, b) => a - b)
        const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
        const cpuUs = pids && result.requests.total ? ((cpuSeconds(pids) - cpu0) / result.requests.total) * 1e6 : undefined
        resolve({name, rps: result.requests.average, cpuUs, p50: q(0.5), p95: q(0.95), p99: q(0.99), errors: result.errors + result.timeouts + result.non2xx})
      },
    )
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime))
  })
}

const rows: Row[] = []
const loadStart = loadavg().map((l) => l.toFixed(2)).join(' ')
const anchor = await start([join(repoRoot, 'scripts/bench-api-anchor.ts'), dbPath, '3101'], /ready/)
const anchorBase = 'http://127.0.0.1:3101'
await measure('warm-up', anchorBase, ['/hello'])
const anchorPids = serverPids(anchor)
rows.push(await measure('anchor: bare Fastify hello-world', anchorBase, ['/hello'], anchorPids))
rows.push(await measure('anchor: naive SQLite route (20 rows, plain JSON)', anchorBase, series.map((s) => `/naive?series=${encodeURIComponent(s)}`), anchorPids))
rows.push(await measure('anchor: naive FTS5 search route, every query new', anchorBase, queries.map((q) => `/naive-search?q=${encodeURIComponent(q)}`), anchorPids))
rows.push(await measure('anchor: naive detail route (one statement, a file\'s markdown)', anchorBase, ids.map((id) => `/naive-detail/${id}`), anchorPids))
await stopServer(anchor)

// Cached rows, and the cursors for the uncached ones, from a server that keeps answers.
const cachedServer = await timedServe('1 worker, cache on (cached rows)', 3102, ['--workers', '1'])
const base = 'http://127.0.0.1:3102'
const cursorsOf = new Map<string, string[]>()
for (const b of Object.values(listBases).flat()) cursorsOf.set(b, await httpCursors(base, b))
if (rowsWanted.has('cached')) {
  const cached: Array<[string, string[]]> = [
    ['/api/actions?assignee=…', listBases.actions.map((b) => `${b}&size=20`)],
    ['/api/meetings?series=…', listBases.meetings.map((b) => `${b}&size=20`)],
    ['/api/people/:handle', people.map((p) => `/api/people/${encodeURIComponent(p)}`)],
    ['/api/search?q=… (20 queries)', queries.slice(0, 20).map((q) => `/api/search?q=${encodeURIComponent(q)}&size=10`)],
    ['/api/upstream', ['/api/upstream?own=SovereignCloudStack']],
  ]
  await measure('warm-up', base, cached.flatMap(([, p]) => p))
  for (const [name, paths] of cached) rows.push(await measure(`${name}, cached`, base, paths, serverPids(cachedServer.child)))
}
await cachedServer.done()

const uncached: Array<[string, string[]]> = [
  ['/api/meetings?series=…', uncachedPages(listBases.meetings, cursorsOf)],
  ['/api/actions?assignee=…', uncachedPages(listBases.actions, cursorsOf)],
  ['/api/links?…', uncachedPages(listBases.links, cursorsOf)],
  ['/api/meetings/:id', ids.map((id) => `/api/meetings/${id}`)],
  ['/api/search?q=… (vocabulary)', queries.map((q) => `/api/search?q=${encodeURIComponent(q)}&size=10`)],
  // The server's floor: a route that reads one count (no list, no cursor), through the same plugins.
  ['/healthz (floor: no list, no cursor)', ['/healthz']],
]
const oneWorker = new Map<string, number>()
for (const workers of [1, 2]) {
  if (!rowsWanted.has(workers === 1 ? 'uncached' : 'workers')) continue
  const server = await timedServe(`${workers} worker${workers > 1 ? 's' : ''}, --cache 0 (uncached rows)`, 3103, ['--workers', String(workers), '--cache', '0'])
  const b = 'http://127.0.0.1:3103'
  await measure('warm-up', b, uncached.flatMap(([, p]) => p.slice(0, 200)))
  for (const [name, paths] of uncached) {
    const row = await measure(`${name}, uncached, ${workers} worker${workers > 1 ? 's' : ''}`, b, paths, serverPids(server.child))
    if (workers === 1) oneWorker.set(name, row.rps)
    else if (oneWorker.has(name)) row.perWorker = row.rps / oneWorker.get(name)!
    rows.push(row)
  }
  await server.done()
}

const hello = rows[0]!.rps
const ms = (x: number) => x.toFixed(1)
console.log(`\nautocannon: ${connections} connections, ${duration} s per row, ${meetings} meetings (${dbPath}); load average ${loadStart} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end\n`)
console.log('| route | req/s | × hello-world | 2 workers ÷ 1 | server CPU µs/req | p50 (ms) | p95 (ms) | p99 (ms) | errors |')
console.log('|---|---|---|---|---|---|---|---|---|')
for (const r of rows) {
  const cpu = r.cpuUs === undefined ? '' : r.cpuUs.toFixed(0)
  console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / hello).toFixed(2)} | ${r.perWorker ? r.perWorker.toFixed(2) : ''} | ${cpu} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} |`)
}
console.log('\n| server | start (s) | peak RSS per process (MB) |')
console.log('|---|---|---|')
for (const s of servers) console.log(`| ${s.name} | ${s.startSeconds.toFixed(2)} | ${s.rssMb.map((r) => r.toFixed(0)).join(', ')} |`)
process.exit(0)
