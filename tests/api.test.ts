/** Every route through `app.inject` against a database ingested from the real minutes. */
import SwaggerParser from '@apidevtools/swagger-parser'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {buildApp} from '@minutes-kb/server'
import {ResponseCache} from '../packages/server/lib/snapshot.ts'

let app: Awaited<ReturnType<typeof buildApp>>
beforeAll(async () => {
  app = await buildApp({db: inject('corpusDb'), rateLimit: false})
})
afterAll(() => app.close())

const get = async (url: string, headers: Record<string, string> = {}) => {
  const r = await app.inject({method: 'GET', url, headers})
  return {status: r.statusCode, type: String(r.headers['content-type']), body: r.body, json: () => JSON.parse(r.body), headers: r.headers}
}

describe('the API', () => {
  it('is healthy and says what it serves', async () => {
    expect((await get('/healthz')).json()).toEqual({status: 'ok', meetings: 538, engine: 'fts5', snapshot: 1, worker: 0})
  })

  it('answers every list route as JSON, and its .csv twin (with or without a trailing slash) as CSV', async () => {
    // The twin's handler marks its requests (twin.ts); the JSON route no longer looks at its URL.
    for (const route of ['/api/meetings', '/api/actions', '/api/links', '/api/people', '/api/problems', '/api/series', '/api/upstream/changes']) {
      const json = await get(`${route}?size=2`)
      expect(json.type, route).toBe('application/json; charset=utf-8')
      expect(Array.isArray(json.json().rows), route).toBe(true)
      for (const url of [`${route}.csv?size=2`, `${route}.csv/?size=2`, `${route}?size=2&format=csv`]) {
        const csv = await get(url)
        expect(csv.type, url).toBe('text/csv; charset=utf-8')
        expect(csv.headers['content-disposition'], url).toMatch(/^attachment; filename="[\w-]+\.csv"$/)
      }
    }
  })

  it('lists meetings with filters, pagination, sort and a CSV twin', async () => {
    const first = (await get('/api/meetings?series=iaas&size=50')).json()
    expect(first.total).toBe(109)
    expect(first.rows).toHaveLength(50)
    expect(first.rows[0].path).toBe('iaas/20241211.md')
    const second = (await get(`/api/meetings?series=iaas&size=50&cursor=${first.next}`)).json()
    const third = (await get(`/api/meetings?series=iaas&size=50&cursor=${second.next}`)).json()
    expect(third.next).toBeNull()
    const all = [...first.rows, ...second.rows, ...third.rows].map((r: {path: string}) => r.path)
    expect(new Set(all).size).toBe(109)
    const oldest = (await get('/api/meetings?series=iaas&sort=date&size=1')).json()
    expect(oldest.rows[0].path).toBe('iaas/20220713.md')
    const ranged = (await get('/api/meetings?from=2024-01-01&to=2024-01-31&size=500')).json()
    expect(ranged.rows.every((r: {date: string}) => r.date >= '2024-01-01' && r.date <= '2024-01-31')).toBe(true)
    const attended = (await get('/api/meetings?person=@fzakfeld&size=500')).json()
    expect(attended.total).toBe((await get('/api/people/@fzakfeld')).json().meetings)
    for (const row of attended.rows) expect((await get(`/api/meetings/${row.id}`)).json().participants.map((p: {person: string}) => p.person)).toContain('@fzakfeld')
    for (const url of ['/api/meetings.csv?series=iaas', '/api/meetings?series=iaas&format=csv']) {
      const csv = await get(url)
      expect(csv.type).toBe('text/csv; charset=utf-8')
      const lines = csv.body.trim().split('\r\n')
      expect(lines[0]).toBe('id,date,series,path,title,participants,topics,actions,decisions,links,problems')
      expect(lines).toHaveLength(110)
    }
    // Offered as a file, the first time and from the cache alike.
    for (let i = 0; i < 2; i++) expect((await get('/api/meetings.csv?series=iaas')).headers['content-disposition']).toBe('attachment; filename="meetings.csv"')
  })

  it('shows one meeting with its extracted items, markdown and problems', async () => {
    const id = (await get('/api/meetings?series=iaas&from=2023-10-11&to=2023-10-11')).json().rows[0].id
    const m = (await get(`/api/meetings/${id}`)).json()
    expect(m.path).toBe('iaas/20231011.md')
    expect(m.actionItems.map((a: {line: number}) => a.line)).toEqual([37, 38, 63])
    expect(m.raw).toContain('_AI @fkr: create scs-iaas room and announce it_')
    expect(Array.isArray(m.problems)).toBe(true)
    expect((await get('/api/meetings/999999')).status).toBe(404)
    expect((await get('/api/meetings/abc')).status).toBe(400)
  })

  it('lists series', async () => {
    const series = (await get('/api/series')).json()
    expect(series.rows.map((s: {series: string}) => s.series)).toEqual(['community-call', 'container', 'iaas', 'product-board', 'sig-community', 'sig-standardization'])
  })

  it('searches with filters and snippets, and answers a syntax error with 400', async () => {
    const r = (await get('/api/search?q=host-id&size=3')).json()
    expect(r.engine).toBe('fts5')
    expect(r.rows[0].meeting.path).toBe('sig-standardization/20240822.md')
    expect(r.rows[0].snippet.highlights.length).toBeGreaterThan(0)
    const filtered = (await get('/api/search?q=standard&series=container&from=2024-01-01&size=20')).json()
    expect(filtered.rows.every((h: {meeting: {series: string; date: string}}) => h.meeting.series === 'container' && h.meeting.date >= '2024-01-01')).toBe(true)
    const page2 = (await get(`/api/search?q=standard&size=5&cursor=${(await get('/api/search?q=standard&size=5')).json().next}`)).json()
    expect(page2.rows).toHaveLength(5)
    const bad = await get('/api/search?q=title%3A')
    expect(bad.status).toBe(400)
    expect(bad.json()).toEqual({statusCode: 400, code: 'MINUTES_ERR_BAD_QUERY', error: 'Bad Request', message: 'expecting term, found nothing'})
    expect((await get('/api/search?q=')).status).toBe(400)
    expect((await get(`/api/search?q=${'a'.repeat(501)}`)).json().code).toBe('MINUTES_ERR_VALIDATION')
    expect((await get('/api/search')).status).toBe(400)
  })

  it('answers "what is open for @fzakfeld?" with threads, and lists people', async () => {
    const threads = (await get('/api/actions?assignee=@fzakfeld&status=open&threads=true')).json()
    expect(threads.rows[0]).toMatchObject({text: 'create issue and draft a standard on IPv6 networking for IaaS', meetings: 10, status: 'open'})
    const items = (await get('/api/actions?assignee=@fzakfeld&status=open&size=100')).json()
    expect(items.total).toBe(11)
    const csv = await get('/api/actions.csv?assignee=@fzakfeld&status=open')
    // Cells that start with @ are escaped against spreadsheet formulas.
    expect(csv.body).toContain(",'@fzakfeld,")
    const person = (await get('/api/people/@fzakfeld')).json()
    expect(person.openThreads.map((t: {text: string}) => t.text)).toContain('create issue and draft a standard on IPv6 networking for IaaS')
    expect(person.topics.some((t: {path: string}) => t.path === 'sig-standardization/20251125.md')).toBe(true)
    expect((await get('/api/people/@nobody-here')).status).toBe(404)
    const people = (await get('/api/people?sort=-meetings&size=20')).json()
    const counts = people.rows.map((p: {meetings: number}) => p.meetings)
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a))
  })

  it('exports links and upstream references (JSON, CSV, Markdown)', async () => {
    const links = (await get('/api/links?kind=pull&host=github.com&size=5')).json()
    expect(links.total).toBeGreaterThan(100)
    expect(links.rows.every((l: {kind: string}) => l.kind === 'pull')).toBe(true)
    const repo = (await get('/api/links?repo=kubernetes/cloud-provider-openstack&size=100')).json()
    expect(repo.rows.map((l: {number: number}) => l.number)).toContain(2579)
    // The owner filter takes any case, and combines with repo (both bind an owner).
    const owner = (await get('/api/links?owner=Kubernetes&size=500')).json()
    expect(owner.total).toBeGreaterThanOrEqual(repo.total)
    expect(owner.rows.every((l: {owner: string}) => l.owner.toLowerCase() === 'kubernetes')).toBe(true)
    expect((await get('/api/links?owner=kubernetes&repo=kubernetes/cloud-provider-openstack&size=100')).json().total).toBe(repo.total)
    expect((await get('/api/links?owner=SovereignCloudStack&repo=kubernetes/cloud-provider-openstack')).json().total).toBe(0)
    const upstream = (await get('/api/upstream?own=SovereignCloudStack&size=500')).json()
    expect(upstream.rows).toHaveLength(upstream.total)
    const cpo = upstream.rows.find((r: {name: string}) => r.name === 'github.com/kubernetes/cloud-provider-openstack')
    expect(cpo.items.find((i: {number: number}) => i.number === 2579)).toMatchObject({title: 'host ID', firstSeen: '2024-06-06', lastSeen: '2024-08-15'})
    const md = await get('/api/upstream.md?own=SovereignCloudStack')
    expect(md.type).toBe('text/markdown; charset=utf-8')
    expect(md.body).toContain('- [ ] kubernetes/cloud-provider-openstack#2579 — host ID (2024-06-06, 2024-08-12, 2024-08-15)')
    const csv = await get('/api/upstream.csv?own=SovereignCloudStack')
    expect(csv.body.split('\r\n')[0]).toBe('repository,ref,kind,title,firstSeen,lastSeen,meetings,topics,url,state,stateDate,author,labels,linkText,fetchedAt,where')
    expect((await get('/api/upstream?repo=not-a-repo')).status).toBe(400)
    const paged = (await get('/api/upstream?own=SovereignCloudStack&size=5')).json()
    expect(paged.rows).toHaveLength(5)
    expect((await get(`/api/upstream?own=SovereignCloudStack&size=5&cursor=${paged.next}`)).json().rows[0].name).toBe(upstream.rows[5].name)
  })

  it('lists problems, the collection lint', async () => {
    const problems = (await get('/api/problems?rule=date-mismatch&size=100')).json()
    expect(problems.total).toBe(9)
    expect(problems.rows[0]).toMatchObject({rule: 'date-mismatch', severity: 'warning'})
  })

  it('refuses unknown parameters, oversized pages and bad cursors with a JSON 400', async () => {
    for (const url of ['/api/meetings?serie=iaas', '/api/meetings?size=501', '/api/meetings?cursor=nonsense', '/api/actions?status=maybe', '/api/meetings?sort=size']) {
      const r = await get(url)
      expect(r.status, url).toBe(400)
      expect(Object.keys(r.json()).sort()).toEqual(['code', 'error', 'message', 'statusCode'])
    }
    const missing = await get('/no/such/route')
    expect(missing.json()).toMatchObject({statusCode: 404, code: 'MINUTES_ERR_NOT_FOUND'})
  })

  it('sends no CORS headers unless configured', async () => {
    const r = await get('/api/series', {origin: 'https://evil.example'})
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
    const open = await buildApp({db: inject('corpusDb'), rateLimit: false, cors: ['https://dashboard.example']})
    const allowed = await open.inject({method: 'GET', url: '/api/series', headers: {origin: 'https://dashboard.example'}})
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example')
    await open.close()
  })

  it('limits the request rate', async () => {
    const limited = await buildApp({db: inject('corpusDb'), rateLimit: 3})
    const codes = []
    for (let i = 0; i < 5; i++) codes.push((await limited.inject({method: 'GET', url: '/api/series'})).statusCode)
    expect(codes).toEqual([200, 200, 200, 429, 429])
    const r = await limited.inject({method: 'GET', url: '/api/series'})
    expect(r.json()).toMatchObject({statusCode: 429, code: 'MINUTES_ERR_RATE_LIMIT', error: 'Too Many Requests'})
    await limited.close()
  })

  it('publishes a valid OpenAPI document that lists every route', async () => {
    const doc = (await get('/openapi.json')).json()
    await SwaggerParser.validate(structuredClone(doc))
    const paths = Object.keys(doc.paths).sort()
    expect(paths).toEqual([
      '/api/actions',
      '/api/links',
      '/api/meetings',
      '/api/meetings/{id}',
      '/api/people',
      '/api/people/{handle}',
      '/api/problems',
      '/api/search',
      '/api/series',
      '/api/upstream',
      '/api/upstream/changes',
      '/healthz',
    ])
    for (const path of paths) expect(Object.keys(doc.paths[path].get.responses)).toContain('200')
    expect((await get('/docs/')).status).toBe(200)
  })

  it('serves the web page', async () => {
    const page = await get('/')
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<title>minutes-kb</title>')
  })
})

describe('the answer cache', () => {
  const answer = (body: string) => ({body, type: 'text/plain'})

  it('lets the least recently used answer go first, not the oldest', () => {
    const cache = new ResponseCache(3)
    for (const key of ['/a', '/b', '/c']) cache.set(key, answer(key))
    expect(cache.get('/a')?.body).toBe('/a')
    cache.set('/d', answer('/d'))
    expect(cache.size).toBe(3)
    expect(cache.get('/b')).toBeUndefined()
    for (const key of ['/a', '/c', '/d']) expect(cache.get(key)?.body).toBe(key)
  })

  it('keeps the bodies within a budget of characters, and a huge one not at all', () => {
    const cache = new ResponseCache(100, 40)
    cache.set('/one', answer('x'.repeat(8)))
    cache.set('/two', answer('y'.repeat(8)))
    cache.get('/one')
    for (let i = 0; i < 4; i++) cache.set(`/more${i}`, answer('z'.repeat(8)))
    // 6 × 8 characters over a budget of 40: the least recently used, /two, went.
    expect(cache.get('/two')).toBeUndefined()
    expect(cache.get('/one')?.body).toBe('x'.repeat(8))
    expect(cache.size).toBe(5)
    cache.set('/huge', answer('h'.repeat(11)))
    expect(cache.get('/huge')).toBeUndefined()
    expect(cache.size).toBe(5)
    // Replacing an answer counts its new size, not both.
    cache.set('/one', answer('x'))
    cache.set('/again', answer('a'.repeat(7)))
    expect(cache.size).toBe(6)
  })
})
