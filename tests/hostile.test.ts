/**
 * Hostile requests and hostile minutes against the real `minutes serve` process on 127.0.0.1:
 * path traversal on the static files (plain, encoded, double-encoded), oversized URLs and headers, a
 * client that dribbles one byte a second while others are served, a thousand idle connections
 * under load; and minutes carrying formulas, HTML, scripts, links and @mentions, checked in every
 * export — CSV (API and command), the Markdown checklist (API and command), JSON. Every part stops
 * by itself; the only waits are bounded.
 */
import {type ChildProcess} from 'node:child_process'
import {cpSync, mkdirSync, writeFileSync} from 'node:fs'
import {connect, type Socket} from 'node:net'
import {join} from 'node:path'
import autocannon from 'autocannon'
import type {Nodes} from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {minutes, repoRoot, serve, tempDir} from './helpers.ts'

/** Minutes written to hurt: formulas, HTML and script, javascript: links, @mentions and URLs in link texts, URLs that break Markdown. */
const hostileMinutes = `# 2024-05-01 <script>alert('title')</script>

## Participants

- @evil
- =HYPERLINK("http://evil.example","click") (ACME)
- +cmd|' /C calc'!A0

## =SUM(1,2) topic <img src=x onerror=alert(1)>

- AI @evil: =1+1 <script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)>
- Decision: +SUM(1,2) @everyone -2+3
- [see @evil and www.evil.example <b>bold</b> ![i](https://evil.example/x.png) #5](https://github.com/evil/repo/issues/1)
- [&lt;img src=x onerror=alert(3)&gt; \`code\` **strong** [nested](https://evil.example)](https://github.com/evil/repo/pull/2)
- [@org/team https://evil.example/x](https://github.com/o/r/issues/5)
- [ok](https://gitlab.com/g/p/-/issues/6)<script>alert(4)</script>
- https://gitlab.com/g/p/-/merge_requests/7)](javascript:alert(5))
- [y](<https://bugs.launchpad.net/nova/+bug/9 onmouseover=alert(7)>)
- [=1+1 tab\t@x](https://github.com/evil/repo/issues/10 "=title")
- [backticks \`\`\` \`x\` \`\`\`](https://github.com/evil/repo/issues/13)
- [owner](https://github.com/@evil<img src=x>/r/issues/15) and [host](https://review.<b>x</b>.org/c/p/+/16)
`

const secrets = [/root:.*:0:0:/, /export async function buildApp/, /"name": "minutes-kb"/, /better-sqlite3/]

let server: ChildProcess
let base: string
let port: number
let db: string

beforeAll(async () => {
  const dir = tempDir('minutes-hostile-')
  const root = join(dir, 'minutes')
  cpSync(join(repoRoot, 'minutes'), root, {recursive: true})
  mkdirSync(join(root, 'evil'))
  writeFileSync(join(root, 'evil/20240501.md'), hostileMinutes)
  db = join(dir, 'hostile.db')
  expect(minutes(['ingest', root, '--db', db, '--quiet']).status).toBe(0)
  ;({url: base, process: server} = await serve(['--db', db, '--rate-limit', 'off']))
  port = Number(new URL(base).port)
}, 120_000)
afterAll(() => {
  server?.kill('SIGTERM')
})

/** Send raw bytes, read until the server closes or `ms` pass; the status code of the first answer. */
function raw(request: string | Buffer, ms = 10_000): Promise<{status: number; text: string}> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    const timer = setTimeout(() => socket.destroy(), ms)
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1')
      // One answer is all we want: stop once its body is complete.
      const length = /content-length: (\d+)/i.exec(text)
      const head = text.indexOf('\r\n\r\n')
      if (head !== -1 && length && text.length >= head + 4 + Number(length[1])) socket.end()
    })
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text})
    })
    socket.write(request)
  })
}
const get = (path: string, headers = '') => raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`)

describe('hostile requests to minutes serve', () => {
  it('serves no file outside the web page folder, however the path is encoded', async () => {
    const attempts = [
      '/../../../../etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%252f..%252f..%252fetc%252fpasswd', '/%252e%252e/%252e%252e/package.json', '/..%5c..%5c..%5cetc%5cpasswd', '/..\\..\\..\\etc\\passwd',
      '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/....//....//....//etc/passwd', '/index.html/..%2f..%2flib%2fapp.ts', '/..%2flib%2fapp.ts',
      '//etc/passwd', '/%2fetc%2fpasswd', '/..%00/etc/passwd', '/docs/..%2f..%2f..%2fpackage.json', '/docs/static/..%2f..%2f..%2f..%2fpackage.json',
      '/api/..%2f..%2fpackage.json', '/.%2e/.%2e/package.json', '/%2e%2e%5c%2e%2e%5cpackage.json',
    ]
    for (const path of attempts) {
      const answer = await get(path)
      expect(answer.status, path).toBeGreaterThanOrEqual(300)
      expect(answer.status, path).toBeLessThan(500)
      for (const secret of secrets) expect(answer.text, `${path} ${secret}`).not.toMatch(secret)
    }
    expect((await get('/index.html')).status).toBe(200)
  })

  it('refuses oversized URLs and headers with a 4xx and keeps serving', async () => {
    for (const [what, request] of [
      ['a 100 KB URL', `GET /api/search?q=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['a 64 KB header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`],
      ['3000 headers', `GET /healthz HTTP/1.1\r\nHost: x\r\n${Array.from({length: 3000}, (_, i) => `X-${i}: y`).join('\r\n')}\r\nConnection: close\r\n\r\n`],
      ['a 2 KB query value', `GET /api/meetings?series=${'s'.repeat(2000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
    ] as const) {
      const answer = await raw(request)
      // 431/414/400 from Node or the schema; 3000 small headers are within Node's limits and answered.
      expect(answer.status, what).toBeGreaterThanOrEqual(200)
      expect(answer.status, what).toBeLessThan(500)
    }
    expect((await get('/healthz')).status).toBe(200)
  })

  it('serves others while a client dribbles a request one byte per second', async () => {
    const slow = connect(port, '127.0.0.1')
    const request = `GET /api/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`
    let sent = 0
    let slowDone = false
    const dribble = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (sent === 6) {
          clearInterval(timer)
          slowDone = true
          slow.destroy()
          resolve()
        } else slow.write(request[sent++]!)
      }, 1000)
    })
    // While the slow request is half sent: 200 requests from others, each answered.
    const statuses: number[] = []
    for (let i = 0; i < 200; i++) statuses.push((await fetch(`${base}/api/meetings?size=${(i % 20) + 1}`)).status)
    const othersDoneFirst = !slowDone
    await dribble
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(othersDoneFirst, 'the others were answered while the slow client was still sending').toBe(true)
  }, 30_000)

  it('answers under load with a thousand idle connections open: no error, no 5xx', async () => {
    const idle: Socket[] = []
    await Promise.all(
      Array.from({length: 1000}, (_, i) =>
        new Promise<void>((resolve) => {
          const socket = connect(port, '127.0.0.1', () => {
            // Half send nothing, half a partial request.
            if (i % 2) socket.write('GET /api/people HTTP/1.1\r\nHost: x\r\n')
            resolve()
          })
          socket.on('error', () => resolve())
          idle.push(socket)
        }),
      ),
    )
    const paths = ['/api/meetings', '/api/people', '/api/actions?status=open', '/api/search?q=runbook', '/api/upstream', '/api/links.csv', '/healthz', '/', '/api/meetings/1']
    let next = 0
    let fivexx = 0
    const result = await autocannon({
      url: base,
      connections: 100,
      duration: 5,
      requests: [{method: 'GET', setupRequest: (request) => ({...request, path: paths[next++ % paths.length]!}), onResponse: (status) => void (status >= 500 && fivexx++)}],
    })
    for (const socket of idle) socket.destroy()
    console.log(`1000 idle connections + 100 under load: ${result.requests.total} requests, p99 ${result.latency.p99} ms, errors ${result.errors}, timeouts ${result.timeouts}, 5xx ${fivexx}`)
    expect(result.errors).toBe(0)
    expect(result.timeouts).toBe(0)
    expect(fivexx).toBe(0)
    expect(result.requests.total).toBeGreaterThan(100)
  }, 60_000)
})

/** RFC 4180 cells, row by row. */
function csvCells(text: string): string[][] {
  const rows: string[][] = [[]]
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') rows.at(-1)!.push(cell), (cell = '')
    else if (c === '\r' && text[i + 1] === '\n') rows.at(-1)!.push(cell), (cell = ''), rows.push([]), i++
    else cell += c
  }
  if (rows.at(-1)!.length === 0 && cell === '') rows.pop()
  return rows
}

function expectNoFormulas(csv: string, what: string): number {
  const rows = csvCells(csv).slice(1)
  for (const row of rows) for (const cell of row) expect(cell, `${what}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/)
  return rows.length
}

const decoded = (url: string) => {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}

/** What a pasted checklist would do in an issue: every link, image, HTML and bare text GitHub would link or mention from. */
function activeParts(markdown: string): {links: Array<{url: string; text: string}>; html: string[]; images: string[]; text: string[]} {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown)
  const out = {links: [] as Array<{url: string; text: string}>, html: [] as string[], images: [] as string[], text: [] as string[]}
  const walk = (node: Nodes): void => {
    if (node.type === 'link') out.links.push({url: node.url, text: node.children.map((c) => ('value' in c ? c.value : '')).join('')})
    else if (node.type === 'html') out.html.push(node.value)
    else if (node.type === 'image' || node.type === 'imageReference') out.images.push(node.type)
    else if (node.type === 'text') out.text.push(node.value)
    if ('children' in node && node.type !== 'link') for (const child of node.children) walk(child as Nodes)
  }
  walk(tree)
  return out
}

describe('hostile minutes in every export', () => {
  it('CSV over HTTP: no cell a spreadsheet would run as a formula', async () => {
    let rows = 0
    for (const path of ['/api/meetings.csv', '/api/actions.csv', '/api/actions.csv?threads=true', '/api/links.csv', '/api/upstream.csv', '/api/people.csv', '/api/problems.csv', '/api/series.csv', '/api/search.csv?q=SUM']) {
      const response = await fetch(base + path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
      rows += expectNoFormulas(await response.text(), path)
    }
    expect(rows).toBeGreaterThan(20)
  })

  it('CSV from the command: the same', () => {
    for (const args of [['actions', '--status', 'all', '--csv'], ['links', '--format', 'csv'], ['links', '--upstream', '--format', 'csv'], ['meetings', '--csv'], ['people', '--csv'], ['problems', '--csv']]) {
      const result = minutes([...args, '--db', db])
      expect(result.status, args.join(' ')).toBe(0)
      expectNoFormulas(result.stdout, args.join(' '))
    }
  })

  it('the Markdown checklist adds no HTML, image, link or @mention to the issue it is pasted into', async () => {
    const upstream = (await (await fetch(`${base}/api/upstream?size=500`)).json()) as {rows: Array<{host: string; items: Array<{ref: string; url: string; number: number | null}>}>}
    const items = upstream.rows.flatMap((r) => r.items.map((i) => ({...i, host: r.host})))
    expect(items.some((i) => i.ref.startsWith('evil/repo#'))).toBe(true)
    for (const [what, markdown] of [
      ['/api/upstream.md', await (await fetch(`${base}/api/upstream.md`)).text()],
      ['minutes links --upstream --format md', minutes(['links', '--upstream', '--format', 'md', '--db', db]).stdout],
    ] as const) {
      const active = activeParts(markdown)
      expect(active.html, what).toEqual([])
      expect(active.images, what).toEqual([])
      // The only links: each non-GitHub item's own, named by its reference.
      for (const link of active.links) expect(items.some((i) => i.host !== 'github.com' && decoded(link.url) === decoded(i.url) && link.text === i.ref), `${what}: ${JSON.stringify(link)}`).toBe(true)
      // Outside code, no @mention, no URL GitHub would link, no raw HTML.
      for (const text of active.text) expect(text, what).not.toMatch(/@\w|https?:|www\.|</)
      expect(markdown).toContain('evil/repo#1')
    }
  })

  it('JSON carries the payloads as data, served as JSON', async () => {
    const list = (await (await fetch(`${base}/api/meetings?series=evil`)).json()) as {rows: Array<{id: number; title: string}>}
    const response = await fetch(`${base}/api/meetings/${list.rows[0]!.id}`)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const meeting = (await response.json()) as {raw: string; topics: Array<{title: string}>}
    expect(meeting.raw.trimEnd()).toBe(hostileMinutes.trimEnd())
    expect(meeting.topics.map((t) => t.title)).toContain('=SUM(1,2) topic')
    const cli = JSON.parse(minutes(['links', '--upstream', '--json', '--db', db]).stdout) as {repositories: Array<{items: Array<{title: string}>}>}
    expect(cli.repositories.flatMap((r) => r.items.map((i) => i.title))).toContain('=1+1 tab @x')
  })
})
