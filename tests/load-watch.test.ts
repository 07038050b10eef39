/**
 * Load while the minutes change: the real `minutes serve --watch` (its own process, 127.0.0.1) under
 * autocannon over every route with distinct URLs, while rounds of edits, additions, removals and
 * renames land in the watched folder and a second `minutes ingest` process writes the same database.
 *
 * "Every answer from one committed state": each round's changes are committed whole by the second
 * process first, then seen by the watcher, so the database only ever holds the committed states
 * S0 … Sn; the test keeps a copy of each. Afterwards each URL is asked of every copy (the same app, in process), and every answer
 * the server gave must be byte for byte one of them — a mix of two states matches none. At the end,
 * with nothing changing, every URL must answer as the last state (nothing stale).
 * Reported: requests, p99, RSS of the server at the start and the end, and its memory after the
 * warm-up and after each round (`scripts/memory-probe.mjs`: RSS, then RSS and heap after a full
 * collection; with `LOAD_GC=0` no collection is forced, RSS as the server has it). The heap after a
 * full collection must end about where it started: nothing kept across snapshot swaps.
 * `LOAD_ROUNDS` (default 3; `pnpm load`: 20; `pnpm load:rss`: 60 rounds, `LOAD_GC=0`).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {createHash} from 'node:crypto'
import {appendFileSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import autocannon from 'autocannon'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildApp} from '@minutes-kb/server'
import {openDatabase} from '@minutes-kb/store'
import {corpusRoot} from '../scripts/corpus.ts'
import {bin, minutes, repoRoot, serve, tempDir} from './helpers.ts'

const rounds = Number(process.env['LOAD_ROUNDS'] ?? 3)
/** Long enough for every round (one takes 5–10 s on a loaded host) and the check after. */
const timeLimitS = Math.max(600, rounds * 30)
const series = ['iaas', 'sig-community', 'product-board']
const hash = (body: string) => createHash('sha1').update(body).digest('base64')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
}

interface MemorySample {
  n: number
  /** Whether the sample was taken after a full collection (`LOAD_GC` not 0). */
  collected: boolean
  /** RSS as it was, before the collection. */
  rssBeforeGc: number
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
}

/** The server's memory after a full collection, through `scripts/memory-probe.mjs` (SIGUSR2). */
async function memoryOf(pid: number, file: string): Promise<MemorySample> {
  const count = () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).length : 0)
  const before = count()
  process.kill(pid, 'SIGUSR2')
  const deadline = performance.now() + 60_000
  while (count() === before) {
    if (performance.now() > deadline) throw new Error('the server did not report its memory within 60 s')
    await sleep(50)
  }
  return JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1)!) as MemorySample
}
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)

/** The URLs the load cycles through: every route, with enough distinct parameters to outgrow the server's answer cache. */
function urlsFor(db: string): string[] {
  const d = openDatabase(db, {readonly: true})
  const people = d.prepare("SELECT DISTINCT handle FROM people WHERE handle IS NOT NULL ORDER BY handle LIMIT 40").pluck().all() as string[]
  const maxId = d.prepare('SELECT max(id) FROM meetings').pluck().get() as number
  d.close()
  const words = ['kolla', 'cluster', 'standard', 'meeting', 'release', 'security', 'ceph', 'network', 'image', 'flibber', 'review~1', 'cert*']
  const urls = ['/healthz', '/', '/openapi.json', '/api/series', '/api/series.csv', '/api/upstream.md', '/api/upstream.csv', '/api/links.csv?kind=issue', '/api/problems.csv', '/api/meetings.csv']
  for (let size = 1; size <= 60; size++) {
    urls.push(`/api/meetings?size=${size}`, `/api/meetings?size=${size}&sort=-path`, `/api/people?size=${size}`, `/api/actions?threads=true&size=${size}`)
    urls.push(`/api/links?host=github.com&size=${size}`, `/api/upstream?size=${Math.min(size, 50)}&kind=issue`, `/api/problems?size=${size}`)
    for (const s of series) urls.push(`/api/meetings?series=${s}&size=${size}`)
  }
  for (let id = 1; id <= maxId + 20; id++) urls.push(`/api/meetings/${id}`)
  for (const word of words) for (let size = 1; size <= 12; size++) urls.push(`/api/search?q=${encodeURIComponent(word)}&size=${size}`, `/api/search.csv?q=${encodeURIComponent(word)}&size=${size}`)
  for (const handle of people) urls.push(`/api/people/${encodeURIComponent(handle)}`, `/api/actions?assignee=${encodeURIComponent(handle)}&status=open`, `/api/actions.csv?assignee=${encodeURIComponent(handle)}`)
  return urls
}

describe(`minutes serve --watch under load while ${rounds} rounds of changes land`, () => {
  let dir: string
  let root: string
  let mirror: string
  let db: string
  let server: ChildProcess
  let base: string
  let probe: string
  const states: string[] = []
  /** The server's memory after a full collection: after the warm-up, then after each round. */
  const memory: MemorySample[] = []

  beforeAll(async () => {
    dir = tempDir('minutes-load-')
    root = join(dir, 'minutes')
    mirror = join(dir, 'mirror')
    for (const s of series) cpSync(join(corpusRoot(), s), join(root, s), {recursive: true})
    cpSync(root, mirror, {recursive: true})
    db = join(dir, 'load.db')
    expect(minutes(['ingest', root, '--db', db, '--quiet']).status).toBe(0)
    probe = join(dir, 'memory.jsonl')
    const probeEnv = {
      NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --expose-gc --import=${join(repoRoot, 'scripts/memory-probe.mjs')}`.trim(),
      MEMORY_PROBE: probe,
      // LOAD_GC=0: RSS as the server has it, no collection forced at each sample.
      MEMORY_PROBE_GC: process.env['LOAD_GC'] ?? '1',
      MEMORY_PROBE_SNAPSHOT: process.env['LOAD_HEAP_SNAPSHOTS'],
    }
    ;({url: base, process: server} = await serve(['--db', db, '--watch', root, '--rate-limit', 'off'], probeEnv))
  }, 120_000)

  afterAll(() => {
    server?.kill('SIGTERM')
  })

  /** A copy of the database as it is now (nothing writes it at that moment). */
  async function keepState(): Promise<void> {
    const path = join(dir, `state-${states.length}.db`)
    const source = openDatabase(db, {readonly: true})
    await source.backup(path)
    source.close()
    states.push(path)
  }

  function runs(): number {
    const d = openDatabase(db, {readonly: true})
    const n = d.prepare('SELECT count(*) FROM ingest_runs').pluck().get() as number
    d.close()
    return n
  }

  /**
   * One round: an edit, an addition, a removal and a rename, made first in a copy of the folder that
   * a second `minutes ingest` process writes to the database (the same paths, the same content: the
   * same committed state), while the server serves; then in the watched folder, whose ingest then
   * finds the database already there.
   */
  async function round(k: number): Promise<void> {
    const change = (at: string) => {
      const files = series.flatMap((s) => readdirSync(join(at, s)).map((f) => `${s}/${f}`)).sort()
      const pick = (i: number) => files[(k * 7919 + i * 104_729) % files.length]!
      appendFileSync(join(at, pick(1)), `\n### Round ${k} review\n\n- AI @fkr: flibber task number ${k}\n`)
      writeFileSync(join(at, `iaas/2099${String(k).padStart(4, '0')}.md`), `# 2099-01-01\n\n## Participants\n\n- @load-${k}\n\n## Flibber ${k}\n\n- AI @load-${k}: write flibber report ${k} https://github.com/o/r/issues/${k}\n`)
      unlinkSync(join(at, pick(2)))
      renameSync(join(at, pick(3)), join(at, pick(3).replace(/\.md$/, `-moved${k}.md`)))
    }
    change(mirror)
    const ingest = spawn(process.execPath, [bin, 'ingest', mirror, '--db', db, '--quiet'], {cwd: repoRoot, stdio: 'ignore'})
    expect(await new Promise<number | null>((resolve) => ingest.on('exit', resolve))).toBe(0)
    await sleep(1000)
    const before = runs()
    change(root)
    // The watcher's run (or runs), then quiet for a second.
    const deadline = performance.now() + 60_000
    let last = before
    let quietSince = performance.now()
    while (performance.now() < deadline) {
      await sleep(100)
      const now = runs()
      if (now !== last) {
        last = now
        quietSince = performance.now()
      }
      if (last > before && performance.now() - quietSince > 1000) break
    }
    expect(last, 'the watcher ingested the round').toBeGreaterThan(before)
    await keepState()
    memory.push(await memoryOf(server.pid!, probe))
  }

  it('answers every request from one committed state, no 5xx, no failed request; p99 and RSS reported', async () => {
    const urls = urlsFor(db)
    await keepState()
    // Warm-up: every URL once (the server's first compiles), then RSS at the start.
    for (const url of urls) await fetch(base + url).then((r) => r.text())
    const rssStart = rssMb(server.pid!)
    memory.push(await memoryOf(server.pid!, probe))
    const seen = new Map<string, Map<string, number>>()
    let fivexx = 0
    let next = 0
    let changing = true
    let load!: autocannon.Instance
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      load = autocannon({
      url: base,
      connections: 8,
      duration: timeLimitS,
      requests: [
        {
          method: 'GET',
          setupRequest: (request, context) => {
            const path = urls[next++ % urls.length]!
            ;(context as {path?: string}).path = path
            return {...request, path}
          },
          onResponse: (status, body, context) => {
            const path = (context as {path: string}).path
            if (status >= 500) fivexx++
            const bodies = seen.get(path) ?? new Map<string, number>()
            const key = `${status} ${path === '/healthz' ? '' : hash(body)}`
            bodies.set(key, (bodies.get(key) ?? 0) + 1)
            seen.set(path, bodies)
          },
        },
      ],
      }, (error, result) => (error ? reject(error) : resolve(result)))
    })
    const done = (async () => {
      try {
        for (let k = 1; k <= rounds; k++) await round(k)
        await sleep(1000)
      } finally {
        changing = false
        load.stop()
      }
    })()
    const result = await finished
    await done
    expect(changing).toBe(false)
    const rssEnd = rssMb(server.pid!)

    // Every state's answer to every URL seen, from a copy of that state.
    const expected = new Map<string, Set<string>>()
    for (const path of states) {
      const app = await buildApp({db: path, rateLimit: false})
      for (const url of seen.keys()) {
        const r = await app.inject({method: 'GET', url})
        const set = expected.get(url) ?? new Set<string>()
        set.add(`${r.statusCode} ${url === '/healthz' ? '' : hash(r.body)}`)
        expected.set(url, set)
      }
      await app.close()
    }
    let checked = 0
    const mixed: string[] = []
    for (const [url, bodies] of seen) {
      for (const [key, count] of bodies) {
        checked += count
        if (!expected.get(url)!.has(key)) mixed.push(`${url}: ${count} answers (${key.split(' ')[0]}) match no committed state`)
      }
    }
    // Nothing changes now: every URL answers as the last state.
    const last = await buildApp({db: states.at(-1)!, rateLimit: false})
    const stale: string[] = []
    for (const url of urls) {
      if (url === '/healthz') continue
      const [now, want] = await Promise.all([fetch(base + url).then(async (r) => `${r.status} ${hash(await r.text())}`), last.inject({method: 'GET', url}).then((r) => `${r.statusCode} ${hash(r.body)}`)])
      if (now !== want) stale.push(url)
    }
    await last.close()
    console.log(
      `memory of the server after the warm-up and each round (MB): ` +
        memory
          .map((m, i) => (m.collected ? `${i}: RSS ${mb(m.rssBeforeGc)}, after a full collection ${mb(m.rss)}, heap ${mb(m.heapUsed)}, external ${mb(m.external)}` : `${i}: RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}`))
          .join('; '),
    )
    console.log(
      `load while changing: ${result.requests.total} requests in ${result.duration.toFixed(1)} s over ${urls.length} URLs, ${states.length} committed states; ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; errors ${result.errors}, timeouts ${result.timeouts}, 5xx ${fivexx}; ` +
        `RSS ${rssStart.toFixed(0)} MB at the start, ${rssEnd.toFixed(0)} MB at the end; ${checked} answers checked, ${mixed.length} mixed, ${stale.length} stale at the end`,
    )
    expect(result.errors).toBe(0)
    expect(result.timeouts).toBe(0)
    expect(fivexx).toBe(0)
    expect(mixed.slice(0, 10)).toEqual([])
    expect(stale.slice(0, 10)).toEqual([])
    expect(checked).toBeGreaterThan(1000)
    // Nothing held across snapshot swaps: after a full collection the heap is about what it was after the warm-up.
    if (process.env['LOAD_GC'] !== '0') expect(memory.at(-1)!.heapUsed, 'heap after a full collection, end vs start').toBeLessThan(memory[0]!.heapUsed * 2 + 32 * 1024 * 1024)
  }, timeLimitS * 1000)
})
