/**
 * The web app's pages through `app.inject`: every address answers HTML with the security headers,
 * line anchors are the file's lines, search hits land on anchors that exist, hostile minutes render
 * inert, missing things are HTML 404s, and the first visit stays within its byte budget.
 */
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {buildApp} from '@minutes-kb/server'
import {openDatabase} from '@minutes-kb/store'
import {webCollection} from './web-collection.ts'

type App = Awaited<ReturnType<typeof buildApp>>

async function get(app: App, url: string) {
  const r = await app.inject({method: 'GET', url})
  return {status: r.statusCode, type: String(r.headers['content-type']), body: r.body, headers: r.headers}
}

/** The `L<n>` ids of a page, in order. */
const lineIds = (html: string) => [...html.matchAll(/ id="L(\d+)"/g)].map((m) => Number(m[1]))

/**
 * What must never be in a page: an element or attribute that runs or loads something, or an address
 * that does, beside our own module script. Read tag by tag: minutes text that *looks* like markup
 * is escaped (`&#x3C;img …`) and is no tag.
 */
function expectInert(html: string): void {
  const scripts: string[] = []
  for (const [, name, attributes = ''] of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>"']+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const tag = name!.toLowerCase()
    expect(['iframe', 'object', 'embed', 'img', 'svg', 'style', 'frame', 'frameset', 'base', 'link', 'meta', 'math'].includes(tag) && !isHead(tag, attributes), `<${tag}${attributes}>`).toBe(false)
    if (tag === 'script') scripts.push(attributes)
    for (const [, attribute, value = ''] of attributes.matchAll(/\s+([^\s=>"']+)(?:="([^"]*)")?/g)) {
      expect(/^on/i.test(attribute!) || attribute!.toLowerCase() === 'style', `${attribute} in <${tag}>`).toBe(false)
      if (/^(href|src|action|data|formaction|xlink:href)$/i.test(attribute!)) expect(value.replace(/&#x?[0-9a-f]+;|\s/gi, ''), `${attribute}="${value}"`).not.toMatch(/^(javascript|data|vbscript)/i)
    }
  }
  expect(scripts).toEqual([expect.stringMatching(/^ type="module" src="\/assets\/app\.[0-9a-f]+\.js"$/)])
}

/** The head's own `<meta>` and `<link>` elements (charset, viewport, icon, style sheet). */
function isHead(tag: string, attributes: string): boolean {
  return (tag === 'meta' && /^ (charset|name)="/.test(attributes)) || (tag === 'link' && /^ rel="(icon|stylesheet)" href="\/assets\//.test(attributes))
}

describe('the pages over the shared corpus', () => {
  let app: App
  beforeAll(async () => {
    app = await buildApp({db: inject('corpusDb'), rateLimit: false})
  })
  afterAll(() => app.close())

  it('answers every address with HTML, a CSP without unsafe-inline, and nothing inline', async () => {
    const meeting = JSON.parse((await get(app, '/api/meetings?series=iaas&from=2023-10-11&to=2023-10-11')).body).rows[0].id
    for (const url of ['/', '/index.html', '/search', '/search?q=host-id', `/meetings/${meeting}`, '/people/@fkr', '/series/iaas', '/upstream', '/actions?person=@fkr&status=open', '/actions']) {
      const page = await get(app, url)
      expect(page.status, url).toBe(200)
      expect(page.type).toBe('text/html; charset=utf-8')
      const csp = String(page.headers['content-security-policy'])
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("style-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(page.headers['x-content-type-options']).toBe('nosniff')
      expectInert(page.body)
      expect(page.body).toMatch(/^<!doctype html><html lang="en">/)
    }
    expect((await get(app, '/')).body).toContain('<title>minutes-kb</title>')
  })

  it('anchors every line of a meeting and links each extracted item to its line', async () => {
    const id = JSON.parse((await get(app, '/api/meetings?series=iaas&from=2023-10-11&to=2023-10-11')).body).rows[0].id
    const detail = JSON.parse((await get(app, `/api/meetings/${id}`)).body)
    const page = (await get(app, `/meetings/${id}`)).body
    const ids = lineIds(page)
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({length: detail.range[1] - detail.range[0] + 1}, (_, i) => detail.range[0] + i))
    for (const a of detail.actionItems) expect(page).toContain(`href="#L${a.line}"`)
    expect(detail.actionItems.map((a: {line: number}) => a.line)).toEqual([37, 38, 63])
    for (const p of detail.participants) expect(page).toContain(`href="/people/${encodeURIComponent(p.person).replace(/^%40/, '@')}"`)
    // The series around it.
    expect(page).toMatch(/<a href="\/meetings\/\d+" rel="prev">← 2023-10-04<\/a>/)
    expect(page).toMatch(/<a href="\/meetings\/\d+" rel="next">2023-11-01 →<\/a>/)
    expect(page).toContain('href="/series/iaas"')
  })

  it('links each search hit to its line on its meeting page, where that line is', async () => {
    const page = (await get(app, '/search?q=host-id')).body
    const hits = [...page.matchAll(/<a class="topic" href="\/meetings\/(\d+)#L(\d+)">/g)].map((m) => ({id: Number(m[1]), line: Number(m[2])}))
    expect(hits.length).toBeGreaterThan(3)
    expect(page).toContain('sig-standardization/20240822.md:57')
    for (const hit of hits.slice(0, 6)) expect(lineIds((await get(app, `/meetings/${hit.id}`)).body)).toContain(hit.line)
    expect(page).toMatch(/<mark>host<\/mark>/i)
  })

  it('answers what is not there with an HTML page and its status', async () => {
    for (const [url, status] of [
      ['/meetings/999999', 404],
      ['/meetings/abc', 404],
      ['/meetings/0', 404],
      ['/people/nobody-is-called-this', 404],
      ['/series/no-such-series', 404],
      ['/search?q=title:', 400],
    ] as const) {
      const page = await get(app, url)
      expect(page.status, url).toBe(status)
      expect(page.type).toBe('text/html; charset=utf-8')
      expect(page.headers['content-security-policy']).toBeDefined()
    }
    expect((await get(app, '/search?q=title:')).body).toContain('expecting term, found nothing')
    // Unknown addresses outside the pages stay the API's JSON.
    expect((await get(app, '/api/nothing')).type).toBe('application/json; charset=utf-8')
  })

  it('reads filters from the address and tolerates any value in it', async () => {
    const filtered = (await get(app, '/search?q=kolla&series=iaas&from=2023-01-01&to=2023-12-31')).body
    expect(filtered).toContain('<option value="iaas" selected>')
    expect(filtered).toContain('value="2023-01-01"')
    const dates = [...filtered.matchAll(/<p class="where"><time datetime="(\d{4}-\d{2}-\d{2})">/g)].map((m) => m[1]!)
    expect(dates.length).toBeGreaterThan(0)
    expect(dates.every((d) => d >= '2023-01-01' && d <= '2023-12-31')).toBe(true)
    const odd = ['%00', '%ff%fe', 'a'.repeat(3000), '<script>', '"><img src=x>', '-1', '1e9', '[]', '{}']
    for (const value of odd) {
      for (const path of ['/search?q=', '/search?q=kolla&page=', '/search?q=x&from=', '/actions?status=', '/actions?person=', '/upstream?kind=', '/upstream?state=', '/upstream?repo=', '/upstream?scope=', '/upstream?own=', '/people/', '/series/', '/meetings/']) {
        const page = await get(app, `${path}${encodeURIComponent(value)}`)
        expect(page.status, `${path}${value}`).toBeLessThan(500)
        if (page.type.startsWith('text/html')) expectInert(page.body)
      }
    }
  })

  it('serves its script, style and icon under addresses that name their content', async () => {
    const home = (await get(app, '/')).body
    const assets = [...home.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
    expect(assets).toHaveLength(3)
    let bytes = Buffer.byteLength(home)
    for (const url of assets) {
      const asset = await get(app, url)
      expect(asset.status).toBe(200)
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      bytes += Buffer.byteLength(asset.body)
    }
    // The budget for a first visit: HTML, script and style, uncompressed.
    expect(bytes).toBeLessThanOrEqual(60 * 1024)
  })

  it('pages the tasks by cursor, and takes a cursor that is not the list’s as the first page', async () => {
    const first = (await get(app, '/actions?status=open')).body
    const tasks = (html: string) => [...html.matchAll(/<tr><td><span class="status open">open<\/span><\/td><td>([^<]*)<\/td>/g)].map((m) => m[1])
    expect(tasks(first)).toHaveLength(50)
    const next = /<a href="(\/actions\?status=open&amp;cursor=[^"]+)" rel="next">/.exec(first)![1]!.replace(/&amp;/g, '&')
    const second = (await get(app, next)).body
    expect(tasks(second)).toHaveLength(50)
    expect(tasks(second).filter((t) => tasks(first).includes(t)).length).toBeLessThan(5)
    expect(second).toContain('href="/actions?status=open">← First page</a>')
    const bogus = await get(app, '/actions?status=open&cursor=not-a-cursor')
    expect(bogus.status).toBe(200)
    expect(tasks(bogus.body)).toEqual(tasks(first))
  })

  it('shows a person with their attendance by series and year, and their tasks', async () => {
    const api = JSON.parse((await get(app, '/api/people/@fzakfeld')).body)
    const page = (await get(app, '/people/@fzakfeld')).body
    expect(page).toContain(`<strong>${api.meetings}</strong> meetings`)
    expect(page).toContain(`href="/actions?person=%40fzakfeld&amp;status=open"><strong>${api.open}</strong> open tasks`)
    const table = page.slice(page.indexOf('id="attended"'), page.indexOf('</table>', page.indexOf('id="attended"')))
    const totals = [...table.matchAll(/<td>(\d+)<\/td><\/tr>/g)].map((m) => Number(m[1]))
    expect(totals.reduce((s, n) => s + n, 0)).toBe(api.meetings)
    expect(page).toContain('create issue and draft a standard on IPv6 networking for IaaS')
  })
})

describe('the pages over minutes of our own', () => {
  let app: App
  beforeAll(async () => {
    app = await buildApp({db: (await webCollection()).db, rateLimit: false})
  }, 60_000)
  afterAll(() => app.close())

  it('numbers the lines of a meeting in a year file as the file does', async () => {
    const meetings = JSON.parse((await get(app, '/api/meetings?series=team&sort=date')).body).rows as Array<{id: number}>
    const second = JSON.parse((await get(app, `/api/meetings/${meetings[1]!.id}`)).body)
    expect(second.range).toEqual([15, 24])
    const page = (await get(app, `/meetings/${second.id}`)).body
    expect([...lineIds(page)].sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
    expect(page).toContain('<li id="L24">')
    expect(page).toContain('meeting 2 of 2 in the file')
    // A hit in it links to its line there.
    const hits = (await get(app, '/search?q=numbers')).body
    expect(hits).toContain(`href="/meetings/${second.id}#L22"`)
    // The series page lists both, the person page names the learned alias.
    expect((await get(app, '/series/team')).body.match(/<a href="\/meetings\/\d+">2024-03-/g)).toHaveLength(2)
    expect((await get(app, '/people/@jdoe')).body).toContain('Also written as Jane Doe')
  })

  it('renders hostile minutes inert on the meeting page, in snippets and on the person page', async () => {
    const meeting = JSON.parse((await get(app, '/api/meetings?series=evil')).body).rows[0].id
    const pages = {
      meeting: (await get(app, `/meetings/${meeting}`)).body,
      search: (await get(app, '/search?q=xsswordmark')).body,
      person: (await get(app, '/people/@evil')).body,
    }
    for (const [name, html] of Object.entries(pages)) {
      expect(html.length, name).toBeGreaterThan(1000)
      expectInert(html)
    }
    expect(pages.search).toContain('<mark>xsswordmark</mark>')
    // The words stay readable as text.
    expect(pages.meeting).toContain('raw link')
    expect(pages.person).toContain('fix')
    expect(pages.meeting).toContain('href="https://evil.example/pixel.png" rel="noopener noreferrer"')
  })
})

describe('the minutes rendered at ingest', () => {
  let db: string
  beforeAll(async () => {
    db = (await webCollection()).db
  }, 60_000)

  /** Each meeting page of the collection, from a server started now (a snapshot of the database as it is). */
  async function pages(): Promise<Map<number, string>> {
    const app = await buildApp({db, rateLimit: false})
    try {
      const ids = JSON.parse((await get(app, '/api/meetings')).body).rows.map((m: {id: number}) => m.id) as number[]
      return new Map(await Promise.all(ids.map(async (id) => [id, (await get(app, `/meetings/${id}`)).body] as const)))
    } finally {
      await app.close()
    }
  }
  const edit = (sql: string, ...values: unknown[]) => {
    const writer = openDatabase(db)
    writer.prepare(sql).run(...values)
    writer.close()
  }

  it('embeds the stored HTML, and renders the same itself when there is none of its version', async () => {
    const stored = await pages()
    expect(stored.size).toBe(3)
    // HTML of another renderer version is not used: the page renders the minutes, byte for byte the same.
    edit('UPDATE meeting_html SET version = version - 1')
    expect(await pages()).toEqual(stored)
    edit('DELETE FROM meeting_html')
    expect(await pages()).toEqual(stored)
    for (const html of stored.values()) expectInert(html)
  })

  it('takes what is stored for the version as the minutes (the database is written by the ingest only)', async () => {
    const {minutesHtmlVersion} = await import('@minutes-kb/render/version')
    const id = [...(await pages()).keys()][0]!
    edit('INSERT OR REPLACE INTO meeting_html (meeting_id, version, html) VALUES (?, ?, ?)', id, minutesHtmlVersion, '<p id="stored">from the database</p>')
    expect((await pages()).get(id)).toContain('<article class="minutes" aria-label="Minutes"><p id="stored">from the database</p></article>')
  })
})
