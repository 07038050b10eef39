/**
 * The API under load (autocannon, 10 connections, fixed duration) against the real server started
 * by `minutes serve`, beside two anchors measured in the same run: a bare Fastify hello-world route
 * and a naive route with one prepared better-sqlite3 query for 20 rows returned as plain JSON.
 * Prints req/s, the ratio to hello-world, latency p50/p99 and errors.
 *
 *   pnpm bench:api [--duration 10] [--connections 10]
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'
import autocannon from 'autocannon'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {updateSearchIndex} from '@minutes-kb/search'
import {encodeCursor} from '@minutes-kb/server'
import {corpusRoot, repoRoot} from './corpus.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const duration = Number(at('--duration') ?? 10)
const connections = Number(at('--connections') ?? 10)
const work = join(repoRoot, '.bench')
mkdirSync(work, {recursive: true})
const dbPath = join(work, 'api.db')
{
  // Incremental: only the first run parses; later ones migrate the schema and find nothing changed.
  const db = openDatabase(dbPath)
  await ingestDirectory(db, corpusRoot(), {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes))})
  db.close()
}

function start(argv: string[], ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...argv], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit']})
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready.test(chunk.toString())) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
}

interface Row {
  name: string
  rps: number
  p50: number
  p99: number
  errors: number
}

/** Make every request's URL new: a page cursor that no earlier request used. */
type Cursor = (n: number) => string

async function measure(name: string, base: string, paths: string[], unique?: Cursor): Promise<Row> {
  let n = 0
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: unique
      ? [
          {
            method: 'GET',
            // Every request a URL never asked before: no answer comes from the cache.
            setupRequest: (req: {path: string}) => ({...req, path: `${paths[n % paths.length]}&cursor=${unique(Math.floor(n++ / paths.length))}`}),
          },
        ] as unknown as autocannon.Request[]
      : paths.map((path) => ({method: 'GET', path})),
  })
  const errors = result.errors + result.timeouts + result.non2xx
  return {name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors}
}

const rows: Row[] = []
const anchor = await start([join(repoRoot, 'scripts/bench-api-anchor.ts'), dbPath, '3101'], /ready/)
await measure('warm-up', 'http://127.0.0.1:3101', ['/hello'])
rows.push(await measure('anchor: bare Fastify hello-world', 'http://127.0.0.1:3101', ['/hello']))
rows.push(await measure('anchor: naive SQLite route (20 rows, plain JSON)', 'http://127.0.0.1:3101', ['/naive?series=iaas']))
anchor.kill()

const server = await start([join(repoRoot, 'packages/cli/bin/minutes.ts'), 'serve', '--db', dbPath, '--port', '3102', '--rate-limit', 'off'], /serving/)
const base = 'http://127.0.0.1:3102'
const queries = ['host-id', 'kolla', 'octavia', 'keycloak', 'harbor registry', 'gardener', 'zuul', 'sonobuoy', 'monitoring', 'certificate', 'cluster stacks', 'flavor naming', 'ipv6', 'ironic', 'ceph', 'title:monitoring', '+kolla -ceph', 'kubernets~1', 'cert*', 'metering']
const routes: Array<[string, string[]]> = [
  ['/api/actions?assignee=…', ['/api/actions?assignee=@fkr&status=open&size=20', '/api/actions?assignee=@garloff&status=open&size=20', '/api/actions?assignee=@mbuechse&status=all&size=20']],
  ['/api/meetings?series=…', ['/api/meetings?series=iaas&size=20', '/api/meetings?series=container&size=20', '/api/meetings?series=sig-standardization&size=20']],
  ['/api/people/:handle', ['/api/people/@fkr', '/api/people/@garloff', '/api/people/@mbuechse']],
  ['/api/search?q=… (20 queries)', queries.map((q) => `/api/search?q=${encodeURIComponent(q)}&size=10`)],
  ['/api/upstream', ['/api/upstream?own=SovereignCloudStack']],
]
await measure('warm-up', base, routes.flatMap(([, p]) => p))
for (const [name, paths] of routes) rows.push(await measure(name, base, paths))
// Uncached rows cycle through more distinct URLs (20 queries × 150 pages, 2 lists × 1500 pages) than
// the 2000 answers the cache keeps, so every request misses; search pages stay shallow (offsets
// below 150), as a person paging through results would.
const searchCursor: Cursor = (i) => encodeCursor(i % 150)
const listCursor: Cursor = (i) => encodeCursor(i % 1500)
rows.push(await measure('/api/search?q=… uncached (every URL new)', base, queries.map((q) => `/api/search?q=${encodeURIComponent(q)}&size=10`), searchCursor))
rows.push(await measure('/api/actions?assignee=… uncached (every URL new)', base, ['/api/actions?assignee=@fkr&status=open&size=20', '/api/actions?assignee=@garloff&status=all&size=20'], listCursor))
rows.push(await measure('/api/meetings?series=… uncached (every URL new)', base, ['/api/meetings?series=iaas&size=20', '/api/meetings?series=container&size=20'], listCursor))
server.kill()

const hello = rows[0]!.rps
console.log(`\nautocannon: ${connections} connections, ${duration} s per row, the shared corpus (540 meetings)\n`)
console.log('| route | req/s | × hello-world | p50 (ms) | p99 (ms) | errors |')
console.log('|---|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps / hello).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.errors} |`)
process.exit(0)
