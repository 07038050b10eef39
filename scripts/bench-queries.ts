/**
 * Search queries drawn from a collection's own words, for benchmarks where every query is new:
 * common words (picked as they occur, so frequent ones come often), rare ones (picked among distinct
 * words), two adjacent words, `title:` fields, fuzzy (`word~1`, one letter changed) and prefix
 * (`wor*`) terms. Deterministic for a seed and a database.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {get} from 'node:http'
import {serveNodeFlags} from '../packages/cli/bin/node-flags.mjs'
import type {DB} from '@minutes-kb/store'

const stop = new Set(
  'about after also been before being both could does done from have here into just like made make more most much must need next only other over same should some such than that their them then there these they this those through under very want were what when where which while will with would your'.split(' '),
)

export interface BenchQuery {
  q: string
  kind: 'common' | 'rare' | 'phrase' | 'field' | 'fuzzy' | 'prefix'
}

export function vocabularyQueries(db: DB, count: number, seed = 14): BenchQuery[] {
  let state = seed >>> 0 || 1
  const random = () => {
    // xorshift32
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const max = db.prepare('SELECT max(id) FROM search_sections').pluck().get() as number
  const section = db.prepare('SELECT title, body FROM search_sections WHERE id >= ? ORDER BY id LIMIT 1')
  const tokens: string[] = []
  const pairs: string[] = []
  const titles: string[] = []
  for (let i = 0; i < 600; i++) {
    const row = section.get(1 + Math.floor(random() * max)) as {title: string; body: string} | undefined
    if (!row) continue
    const words = row.body.toLowerCase().match(/[a-z][a-z0-9]{3,}/g) ?? []
    for (let w = 0; w < words.length; w++) {
      if (stop.has(words[w]!)) continue
      tokens.push(words[w]!)
      if (w + 1 < words.length && !stop.has(words[w + 1]!)) pairs.push(`${words[w]} ${words[w + 1]}`)
    }
    for (const t of row.title.toLowerCase().match(/[a-z][a-z0-9]{3,}/g) ?? []) if (!stop.has(t)) titles.push(t)
  }
  const distinct = [...new Set(tokens)]
  const long = distinct.filter((w) => w.length >= 5)
  const out: BenchQuery[] = []
  const seen = new Set<string>()
  const add = (q: string, kind: BenchQuery['kind']) => {
    if (!seen.has(q)) {
      seen.add(q)
      out.push({q, kind})
    }
  }
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const r = random()
    if (r < 0.35) add(pick(tokens), 'common')
    else if (r < 0.6) add(pick(distinct), 'rare')
    else if (r < 0.75 && pairs.length) add(pick(pairs), 'phrase')
    else if (r < 0.85 && titles.length) add(`title:${pick(titles)}`, 'field')
    else if (r < 0.93) {
      const w = pick(long)
      const at = 1 + Math.floor(random() * (w.length - 2))
      add(`${w.slice(0, at)}${'aeiou'[Math.floor(random() * 5)]}${w.slice(at + 1)}~1`, 'fuzzy')
    } else {
      const w = pick(long)
      add(`${w.slice(0, 3 + Math.floor(random() * 3))}*`, 'prefix')
    }
  }
  return out
}

/** Cursors into a list, by walking it 7 rows a page (at most `pages` pages), as bench:api collects them over HTTP. */
export function listCursors(page: (cursor?: string) => {next: string | null}, pages = 120): string[] {
  const out: string[] = []
  let cursor: string | undefined
  for (let k = 0; k < pages; k++) {
    const next = page(cursor).next
    if (!next) break
    out.push(next)
    cursor = next
  }
  return out
}

/**
 * A server a benchmark starts: `argv` run by tsx in `cwd`, with the V8 flags `minutes serve` runs with
 * (node-flags.mjs); resolved once its output matches `ready`.
 */
export function startServer(argv: string[], ready: RegExp, cwd: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...serveNodeFlags, '--import', 'tsx', ...argv], {cwd, stdio: ['ignore', 'pipe', 'inherit']})
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready.test(chunk.toString())) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`server in ${cwd} exited with ${code}`)))
  })
}

/** Stop a server a benchmark started (SIGTERM), once it has exited. */
export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/**
 * The API's list pages that bench:api and bench:api:ab ask, without page size or cursor: the three
 * largest series' meetings, the three most present people's action items (open, all, open), links of
 * a kind, of a host and all of them newest first; and those series and people.
 */
export function apiLists(db: DB): {listBases: {meetings: string[]; actions: string[]; links: string[]}; series: string[]; people: string[]} {
  const series = db.prepare('SELECT series FROM series_stats ORDER BY meetings DESC, series LIMIT 3').pluck().all() as string[]
  const people = db.prepare("SELECT person FROM person_stats WHERE person LIKE '@%' ORDER BY meetings DESC, person LIMIT 3").pluck().all() as string[]
  return {
    listBases: {
      meetings: series.map((s) => `/api/meetings?series=${encodeURIComponent(s)}`),
      actions: people.map((p, i) => `/api/actions?assignee=${encodeURIComponent(p)}&status=${i % 2 ? 'all' : 'open'}`),
      links: ['/api/links?kind=pull', '/api/links?host=github.com', '/api/links?sort=-date'],
    },
    series,
    people,
  }
}

function getJson(url: string): Promise<{next?: string | null}> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve(JSON.parse(body) as {next?: string | null}))
    }).on('error', reject)
  })
}

/** Cursors into a list served at `base`, by walking it over HTTP (7 rows a page, at most `pages` pages). */
export async function httpCursors(base: string, path: string, pages = 120): Promise<string[]> {
  const out: string[] = []
  let next: string | null | undefined = null
  do {
    const page = await getJson(`${base}${path}&size=7${next ? `&cursor=${next}` : ''}`)
    next = page.next
    if (next) out.push(next)
  } while (next && out.length < pages)
  return out
}

/** Every URL once: each cursor (and the first page) with page sizes 10 to 29, shuffled. */
export function uncachedPages(bases: string[], cursorsOf: Map<string, string[]>): string[] {
  const urls = bases.flatMap((b) => ['', ...cursorsOf.get(b)!].flatMap((c) => Array.from({length: 20}, (_, i) => `${b}&size=${10 + i}${c ? `&cursor=${c}` : ''}`)))
  for (let i = urls.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1)
    ;[urls[i], urls[j]] = [urls[j]!, urls[i]!]
  }
  return urls
}

/** CPU seconds (user + system) of `pids` so far, from /proc (clock ticks of 10 ms: over a row of 10 s, noise under 0.1 %). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0
  for (const pid of pids) {
    // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th (proc(5)).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    ticks += Number(fields[11]) + Number(fields[12])
  }
  return ticks / 100
}
