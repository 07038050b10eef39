/**
 * Random and hostile requests at every route (fast-check): no response is a 5xx, every error is
 * the JSON error shape, no stack trace leaks. `PROPERTY_SCALE=100` (`pnpm hostile`) runs 100× as
 * many cases — with a larger heap: `app.inject` (light-my-request 6.8 on Node 20) keeps ~10 KB per
 * request even for a bare Fastify route, which a real socket does not (a test artifact, not the server's).
 */
import {Agent, get} from 'node:http'
import fc from 'fast-check'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {buildApp} from '@minutes-kb/server'

let app: Awaited<ReturnType<typeof buildApp>>
let base: string
const agent = new Agent({keepAlive: true})
const scale = Number(process.env['PROPERTY_SCALE'] ?? 1)
beforeAll(async () => {
  app = await buildApp({db: inject('corpusDb'), rateLimit: false})
  // Raw URLs go over a real socket: app.inject parses them with WHATWG URL first, which refuses
  // some (`/\\`) that a client can still send.
  base = await app.listen({host: '127.0.0.1', port: 0})
})
afterAll(async () => {
  agent.destroy()
  await app.close()
})

/** GET a request target as it is, over HTTP. */
function rawGet(path: string): Promise<{statusCode: number; body: string; headers: Record<string, unknown>}> {
  const {port} = new URL(base)
  return new Promise((resolve, reject) => {
    const request = get({host: '127.0.0.1', port, path, agent}, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({statusCode: response.statusCode ?? 0, body, headers: response.headers}))
    })
    request.on('error', reject)
  })
}

const routes = [
  '/healthz', '/api/meetings', '/api/meetings.csv', '/api/meetings/1', '/api/series', '/api/series.csv', '/api/search', '/api/search.csv',
  '/api/people', '/api/people.csv', '/api/people/@fkr', '/api/actions', '/api/actions.csv', '/api/links', '/api/links.csv',
  '/api/upstream', '/api/upstream.csv', '/api/upstream.md', '/api/upstream/changes', '/api/upstream/changes.csv', '/api/problems', '/api/problems.csv', '/openapi.json', '/',
]
const keys = ['q', 'series', 'from', 'to', 'person', 'size', 'cursor', 'sort', 'format', 'assignee', 'status', 'since', 'threads', 'host', 'owner', 'repo', 'kind', 'upstream', 'own', 'state', 'stale', 'rule', 'severity', 'path', 'x']
const hostile = fc.oneof(
  fc.string({maxLength: 40}),
  fc.string({unit: 'grapheme', maxLength: 30}),
  fc.constantFrom('', ' ', '%', '%00', '%E0%A4%A', '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', 'title:', '~~~', '*', '+', '-', 'a~99', '^', ':', '\\', '\u0000', 'NaN', '-1', '1e309', '2024-13-45', '@', '@@', 'null', 'true', '[]', '{}'),
  fc.integer().map(String),
  fc.stringMatching(/^[+\-~*^:a-z0-9 ]{0,30}$/),
)

function expectSafe(response: {statusCode: number; body: string; headers: Record<string, unknown>}, url: string): void {
  expect(response.statusCode, url).toBeLessThan(500)
  if (response.statusCode >= 400) {
    const body = JSON.parse(response.body)
    expect(Object.keys(body).sort(), url).toEqual(['code', 'error', 'message', 'statusCode'])
    expect(response.body, url).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/)
  }
}

describe('hostile requests', () => {
  it('never get a 5xx from query strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.array(fc.tuple(fc.constantFrom(...keys), hostile), {maxLength: 5}), async (route, pairs) => {
        const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
        const url = `${route}?${query}`
        expectSafe(await app.inject({method: 'GET', url}), url)
      }),
      {numRuns: 600 * scale},
    )
  }, 120_000 * scale)

  it('never get a 5xx from raw, malformed URLs and path parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/meetings/', '/api/people/', '/api/search?q=', '/api/', '/', '/api/meetings?size=', '/api/actions?threads='),
        fc.oneof(fc.string({maxLength: 60}), fc.constantFrom('%', '%zz', '%E0%A4%A', '..%2F..%2F', '%00', '\\', '/\\x', '//evil.example/', '?a=1&a=2', '9'.repeat(30), '-5', '1.5', '0x10', '%F0%9F%92%A9', 'x'.repeat(400))),
        async (prefix, raw) => {
          const url = prefix + raw.replace(/[#\s]/g, '')
          expectSafe(await rawGet(url), url)
        },
      ),
      {numRuns: 400 * scale},
    )
  }, 120_000 * scale)

  it('never get a 5xx from odd methods and headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        fc.constantFrom(...routes),
        fc.dictionary(fc.constantFrom('accept', 'content-type', 'origin', 'x-forwarded-for', 'range', 'if-none-match', 'accept-encoding', 'cookie'), fc.string({maxLength: 50})),
        fc.option(fc.string({maxLength: 200}), {nil: undefined}),
        async (method, url, headers, payload) => {
          const clean = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '')]))
          const response = await app.inject({method: method as 'GET', url, headers: clean, payload})
          expect(response.statusCode, `${method} ${url}`).toBeLessThan(500)
        },
      ),
      {numRuns: 400 * scale},
    )
  }, 120_000 * scale)
})
