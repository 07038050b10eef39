/**
 * The web app's pages under load beside the API routes that answer the same question, over a
 * synthetic corpus (default 10×): `/meetings/:id` against `/api/meetings/:id`, `/people/:handle`
 * against `/api/people/:handle`. Every URL is asked once of a freshly started `minutes serve`, so
 * no answer comes from the server's cache; a round of each kind starts its own server, and the
 * order of page and API alternates between rounds. Also in the same run: where a meeting page's
 * time goes, in process (the store query, the minutes rendered, the bare markdown parse as the
 * floor), and the bytes of a first visit (HTML + script + style + icon) per page.
 *
 *   pnpm bench:web [--scale 10] [--urls 1000] [--rounds 3] [--connections 1,10] [--workers 1]
 *
 * One connection times each request alone (the server's own time); ten, as `bench:api` does,
 * adds the wait behind the others. The server runs with one worker (`--workers 2`: two, as
 * `minutes serve` runs by default on a 2-core machine) and keeps no answers (`--cache 0`).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'
import autocannon from 'autocannon'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {toHtml} from 'hast-util-to-html'
import {htmlOptions, renderMinutes} from '@minutes-kb/render'
import {openDatabase, showMeeting, storedMeetingHtml} from '@minutes-kb/store'
import {layout} from '../packages/web/lib/layout.ts'
import {meetingPage} from '../packages/web/lib/pages/meeting.ts'
import {personPage} from '../packages/web/lib/pages/person.ts'
import {serializePage} from '../packages/web/lib/serialize.ts'
import {corpusRoot, repoRoot} from './corpus.ts'
import {generateCorpus} from './generate-corpus.ts'
import {ingested} from './ingested.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const scale = Number(at('--scale') ?? 10)
const wanted = Number(at('--urls') ?? 1000)
const rounds = Number(at('--rounds') ?? 3)
const connectionCounts = (at('--connections') ?? '1,10').split(',').map(Number)
const workers = Number(at('--workers') ?? 1)

const work = join(repoRoot, '.bench')
mkdirSync(work, {recursive: true})
const corpus = join(work, `corpus-${scale}`)
console.log(`${generateCorpus(corpusRoot(), corpus, scale)} files in ${corpus}`)
const dbPath = await ingested(join(work, `web-${scale}.db`), corpus)

// --- What to ask: drawn from the database --------------------------------------------------------

const db = openDatabase(dbPath, {readonly: true})
const allIds = db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]
/** Every k-th meeting: spread over all series and sizes; the ones between them warm the server up. */
const step = Math.max(1, Math.floor(allIds.length / wanted))
const ids = allIds.filter((_, i) => i % step === 0).slice(0, wanted)
const warmIds = allIds.filter((_, i) => i % step === Math.floor(step / 2)).slice(0, 200)
const people = db.prepare('SELECT key, handle, name FROM people ORDER BY id').all() as Array<{key: string; handle: string | null; name: string | null}>
/**
 * A collection has fewer people than 1000 (293 at 10×: the copies share their people), so each
 * is also asked under the other ways of writing them that the server resolves — `@fkr`, `fkr`,
 * `%40fkr`, `@FKR`, `FKR`; `Kurt`, `kurt` — each a URL of its own, answered on its own.
 */
// Upper case only where it lowers back to the same (not `Loßack`, whose upper case is `LOSSACK`).
const upper = (s: string) => (s.toUpperCase().toLowerCase() === s.toLowerCase() ? [s.toUpperCase()] : [])
const spellings = people.map((p) => {
  if (p.handle) {
    const bare = p.handle.slice(1)
    return [p.handle, bare, `%40${bare}`, ...upper(p.handle), ...upper(bare)].map((s) => (s.startsWith('%40') ? s : encodeURIComponent(s)))
  }
  const name = p.name ?? p.key.replace(/^name:/, '')
  return [name, name.toLowerCase(), ...upper(name)].map(encodeURIComponent)
})
const handles: string[] = []
for (let k = 0; handles.length < wanted && k < 5; k++) for (const s of spellings) if (s[k] && handles.length < wanted) handles.push(s[k]!)
const warmPeople = spellings.map((s) => s[0]!).slice(0, 100)

// Where a meeting page's time goes, in this process, same meetings: the store's query (what the API
// answers), the minutes' HTML rendered at ingest read from the database (what the page embeds), the
// minutes rendered (parse, sanitize, anchors: what the page did on every request before, and does
// still for a meeting without stored HTML), and the bare parse as the floor.
const parse = unified().use(remarkParse).use(remarkGfm)
for (const id of warmIds) {
  const m = showMeeting(db, id)!
  parse.parse(m.raw)
  renderMinutes(m.raw, {firstLine: m.range[0], lastLine: m.range[1], problems: m.problems})
}
const inProcess = {query: [] as number[], stored: [] as number[], render: [] as number[], parse: [] as number[]}
let unrendered = 0
for (const id of ids) {
  const t0 = performance.now()
  const m = showMeeting(db, id)!
  const ts = performance.now()
  if (storedMeetingHtml(db, id) === null) unrendered++
  const t1 = performance.now()
  renderMinutes(m.raw, {firstLine: m.range[0], lastLine: m.range[1], problems: m.problems})
  const t2 = performance.now()
  parse.runSync(parse.parse(m.raw))
  inProcess.query.push(ts - t0)
  inProcess.stored.push(t1 - ts)
  inProcess.render.push(t2 - t1)
  inProcess.parse.push(performance.now() - t2)
}

// Serializing the pages' trees, in this process: hast-util-to-html (what the pages used) against the
// pages' own serializer (the same bytes), over the same trees, alternating, five rounds each.
const assetNames = {script: '/assets/app.js', style: '/assets/app.css', icon: '/assets/icon.svg'}
const trees = [
  ...ids.slice(0, 300).map((id) => meetingPage({db} as never, id)),
  ...spellings.map((s) => personPage({db} as never, decodeURIComponent(s[0]!))),
].flatMap((page) => (page ? [layout(page, assetNames)] : []))
const serializers = {reference: (t: (typeof trees)[number]) => toHtml(t, {...htmlOptions, allowDangerousHtml: true}), own: serializePage}
for (const tree of trees) if (serializers.own(tree) !== serializers.reference(tree)) throw new Error('the pages serializer wrote other bytes than hast-util-to-html')
const serializeTimes = {reference: [] as number[], own: [] as number[]}
for (let round = 0; round < 6; round++) {
  for (const name of round % 2 ? (['own', 'reference'] as const) : (['reference', 'own'] as const)) {
    const start = performance.now()
    for (const tree of trees) serializers[name](tree)
    if (round > 0) serializeTimes[name].push(performance.now() - start)
  }
}
db.close()

// --- Servers and load -----------------------------------------------------------------------------

function serve(): Promise<{url: string; child: ChildProcess}> {
  const child = spawn(process.execPath, [join(repoRoot, 'packages/cli/bin/minutes.mjs'), 'serve', '--db', dbPath, '--port', '0', '--rate-limit', 'off', '--workers', String(workers), '--cache', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (url) resolve({url: url[1]!, child})
    })
    child.on('exit', (code) => reject(new Error(`minutes serve exited with ${code}`)))
  })
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

interface Pass {
  times: number[]
  errors: number
}

/** Ask each path once (`connections` at a time), timing every response. */
async function pass(base: string, paths: string[], connections = 1): Promise<Pass> {
  let n = 0
  const times: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        amount: paths.length,
        requests: [{method: 'GET', setupRequest: (req: {path: string}) => ({...req, path: paths[n++ % paths.length]})}] as unknown as autocannon.Request[],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    )
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime))
  })
  return {times, errors: result.errors + result.timeouts + result.non2xx}
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN
}
const median = (values: number[]) => quantile(values, 0.5)

type Kind = 'meeting' | 'person'
const kinds: Record<Kind, {page: string[]; api: string[]; warm: string[]}> = {
  meeting: {page: ids.map((id) => `/meetings/${id}`), api: ids.map((id) => `/api/meetings/${id}`), warm: warmIds.flatMap((id) => [`/meetings/${id}`, `/api/meetings/${id}`])},
  person: {page: handles.map((h) => `/people/${h}`), api: handles.map((h) => `/api/people/${h}`), warm: warmPeople.flatMap((h) => [`/people/${h}`, `/api/people/${h}`])},
}

const results: Record<string, Pass[]> = {}
for (let round = 0; round < rounds; round++) {
  for (const connections of connectionCounts) {
    for (const kind of ['meeting', 'person'] as Kind[]) {
      const {url, child} = await serve()
      await pass(url, kinds[kind].warm)
      const order: Array<'page' | 'api'> = round % 2 === 0 ? ['api', 'page'] : ['page', 'api']
      for (const side of order) {
        const key = `${kind} ${side} ${connections}`
        ;(results[key] ??= []).push(await pass(url, kinds[kind][side], connections))
        const last = results[key].at(-1)!
        console.log(`round ${round + 1}, ${connections} connection(s), ${kind} ${side}: p50 ${median(last.times).toFixed(1)} p95 ${quantile(last.times, 0.95).toFixed(1)} ms, ${last.errors} errors`)
      }
      await stop(child)
    }
  }
}

// --- First visit: the page and what it loads -------------------------------------------------------

const {url: base, child} = await serve()
const fetchBytes = async (path: string) => Buffer.byteLength(await (await fetch(`${base}${path}`)).text())
const home = await (await fetch(`${base}/`)).text()
const assets = [...home.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
const assetBytes = (await Promise.all(assets.map(fetchBytes))).reduce((s, n) => s + n, 0)
const firstVisit: Array<[string, number]> = []
const sample = async (paths: string[]) => {
  const sizes = await Promise.all(paths.slice(0, 100).map(fetchBytes))
  return [median(sizes), Math.max(...sizes)] as const
}
const [meetingMedian, meetingMax] = await sample(kinds.meeting.page)
const [personMedian, personMax] = await sample(kinds.person.page)
for (const [name, path] of [
  ['home', '/'],
  ['search, a query', '/search?q=kolla'],
  ['series', '/series/iaas'],
  ['actions of a person', `/actions?person=${handles[0]}&status=open`],
  ['upstream', '/upstream'],
] as const) {
  firstVisit.push([name, (await fetchBytes(path)) + assetBytes])
}
firstVisit.push(
  ['meeting, median of 100 measured', meetingMedian + assetBytes],
  ['meeting, largest of 100 measured', meetingMax + assetBytes],
  ['person, median of 100 measured', personMedian + assetBytes],
  ['person, largest of 100 measured', personMax + assetBytes],
)
await stop(child)

// --- Report ------------------------------------------------------------------------------------------

console.log(`\n${scale}× corpus (${allIds.length} meetings, ${people.length} people); ${ids.length} meeting URLs and ${handles.length} person URLs, each asked once of a fresh server (${workers} worker${workers === 1 ? '' : 's'}, no answer cache) per round; ${rounds} rounds\n`)
console.log('| route | connections | p50 (ms) | p95 (ms) | p99 (ms) | p95 per round | p95 / API p95 | errors |')
console.log('|---|---|---|---|---|---|---|---|')
for (const connections of connectionCounts) {
  for (const kind of ['meeting', 'person'] as Kind[]) {
    for (const side of ['api', 'page'] as const) {
      const passes = results[`${kind} ${side} ${connections}`]!
      const all = passes.flatMap((p) => p.times)
      const perRound = passes.map((p) => quantile(p.times, 0.95))
      const api = results[`${kind} api ${connections}`]!.map((p) => quantile(p.times, 0.95))
      const ratio = side === 'page' ? perRound.map((p, i) => p / api[i]!) : []
      const route = kind === 'meeting' ? (side === 'api' ? '`/api/meetings/:id` (baseline)' : '`/meetings/:id`') : side === 'api' ? '`/api/people/:handle` (baseline)' : '`/people/:handle`'
      console.log(
        `| ${route} | ${connections} | ${median(all).toFixed(1)} | **${quantile(all, 0.95).toFixed(1)}** | ${quantile(all, 0.99).toFixed(1)} | ${perRound.map((p) => p.toFixed(1)).join(' / ')} | ${ratio.length ? `**${median(ratio).toFixed(2)}** (${ratio.map((r) => r.toFixed(2)).join(' / ')})` : '1'} | ${passes.reduce((s, p) => s + p.errors, 0)} |`,
      )
    }
  }
}
console.log(`\nWhere a meeting page's time goes, in process, the same ${ids.length} meetings:\n`)
console.log('| step | p50 (ms) | p95 (ms) | p99 (ms) |')
console.log('|---|---|---|---|')
for (const [name, times] of [
  ['`showMeeting` (the store query the API answers with)', inProcess.query],
  [`\`storedMeetingHtml\` (the HTML rendered at ingest; none for ${unrendered} of them)`, inProcess.stored],
  ['`renderMinutes` (parse, sanitize, anchors: only without stored HTML)', inProcess.render],
  ['floor: remark-parse + remark-gfm alone', inProcess.parse],
] as const) {
  console.log(`| ${name} | ${median(times).toFixed(1)} | ${quantile(times, 0.95).toFixed(1)} | ${quantile(times, 0.99).toFixed(1)} |`)
}
console.log(
  `\nSerializing ${trees.length} page trees (300 meeting pages, every person page), in process: hast-util-to-html ${median(serializeTimes.reference).toFixed(1)} ms, the pages' serializer ${median(serializeTimes.own).toFixed(1)} ms (median of 5 rounds): **${(median(serializeTimes.own) / median(serializeTimes.reference)).toFixed(2)}×** the time, the same bytes`,
)
console.log(`\nFirst visit (HTML + script + style + icon, uncompressed; the three assets ${assetBytes} bytes):\n`)
console.log('| page | bytes | KB |')
console.log('|---|---|---|')
for (const [name, bytes] of firstVisit) console.log(`| ${name} | ${bytes} | ${(bytes / 1024).toFixed(1)} |`)
process.exit(0)
