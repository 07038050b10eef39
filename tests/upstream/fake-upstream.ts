/**
 * A local stand-in for the trackers `minutes upstream sync` reads, on 127.0.0.1: GitHub's GraphQL
 * and REST APIs, GitLab's REST API (v4), Gerrit's REST API and Launchpad's web service (1.0), each
 * answering in its documented shape from a `World` — loaded from the fixture files beside this
 * module, or built in memory (the benchmark's 1000 items). It honours conditional requests as the
 * real ones do, pages lists, and plays faults on request: rate limits, `Retry-After`, 502s, hangs.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'

type Json = Record<string, unknown>

export interface World {
  /** REST issue objects (pulls too, with `pull_request`) by `owner/repo` (lowercase) and number. */
  github: {issues: Map<string, Map<number, Json>>; redirects: Map<string, string>; deleted: Set<string>; forbidden: Set<string>}
  /** GitLab issues and merge requests by host, project path and `issues` / `merge_requests`. */
  gitlab: Map<string, Map<string, {issues: Map<number, Json>; merge_requests: Map<number, Json>}>>
  /** Gerrit ChangeInfo by host and change number. */
  gerrit: Map<string, Map<number, Json>>
  /** Launchpad bugs and their tasks by bug id. */
  launchpad: Map<number, {bug: Json; tasks: Json[]}>
  /** Smaller pages than the real servers use, to exercise pagination. */
  pageSize: {gitlab?: number; gerrit?: number; launchpad?: number}
}

export interface Logged {
  method: string
  path: string
  tracker: 'github-graphql' | 'github-rest' | 'gitlab' | 'gerrit' | 'launchpad' | 'other'
  authorization: string | undefined
  conditional: boolean
  status: number
  /** GraphQL: the `owner/repo#number` items the query asked for. */
  items?: string[]
}

export interface Fault {
  match: (request: {method: string; path: string; tracker: Logged['tracker']}) => boolean
  answer: 'rate-limit' | 'secondary-rate-limit' | 'too-many-requests' | 'bad-gateway' | 'hang'
  /** How many requests it answers; then it is spent. */
  times?: number
}

const fixtures = join(import.meta.dirname, 'fixtures')
const read = (name: string) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Json

/** The world of the fixture files. */
export function fixtureWorld(): World {
  const world = emptyWorld()
  const github = read('github.json') as {issues: Json[]; redirects: Record<string, string>; deleted: string[]; forbidden: string[]}
  for (const issue of github.issues) addGitHubIssue(world, issue)
  for (const [from, to] of Object.entries(github.redirects)) world.github.redirects.set(from, to)
  for (const d of github.deleted) world.github.deleted.add(d)
  for (const f of github.forbidden) world.github.forbidden.add(f)
  for (const [host, items] of Object.entries(read('gitlab.json') as Record<string, Json[]>)) for (const item of items) addGitLabItem(world, host, item)
  for (const [host, changes] of Object.entries(read('gerrit.json') as Record<string, Json[]>)) for (const c of changes) addGerritChange(world, host, c)
  for (const {bug, tasks} of (read('launchpad.json') as {bugs: Array<{bug: Json; tasks: Json[]}>}).bugs) world.launchpad.set(bug['id'] as number, {bug, tasks})
  return world
}

export function emptyWorld(): World {
  return {github: {issues: new Map(), redirects: new Map(), deleted: new Set(), forbidden: new Set()}, gitlab: new Map(), gerrit: new Map(), launchpad: new Map(), pageSize: {}}
}

export function addGitHubIssue(world: World, issue: Json): void {
  const [, owner, repo] = /github\.com\/([^/]+)\/([^/]+)\//.exec(issue['html_url'] as string)!
  const key = `${owner}/${repo}`.toLowerCase()
  if (!world.github.issues.has(key)) world.github.issues.set(key, new Map())
  world.github.issues.get(key)!.set(issue['number'] as number, issue)
}

function addGitLabItem(world: World, host: string, item: Json): void {
  const [, project, kind] = /^https:\/\/[^/]+\/(.+)\/-\/(issues|merge_requests)\/\d+$/.exec(item['web_url'] as string)!
  if (!world.gitlab.has(host)) world.gitlab.set(host, new Map())
  const projects = world.gitlab.get(host)!
  if (!projects.has(project!)) projects.set(project!, {issues: new Map(), merge_requests: new Map()})
  projects.get(project!)![kind as 'issues' | 'merge_requests'].set(item['iid'] as number, item)
}

function addGerritChange(world: World, host: string, change: Json): void {
  if (!world.gerrit.has(host)) world.gerrit.set(host, new Map())
  world.gerrit.get(host)!.set(change['_number'] as number, change)
}

export interface FakeUpstream {
  url: string
  /** `--base-url` values for every host of the fixtures. */
  baseUrls: Record<string, string>
  log: Logged[]
  faults: Fault[]
  world: World
  close: () => Promise<void>
}

/** Start the stand-in on 127.0.0.1 (a free port); `latencyMs` delays every answer, as a distant server would. */
export async function startFakeUpstream(world: World = fixtureWorld(), options: {latencyMs?: number} = {}): Promise<FakeUpstream> {
  const log: Logged[] = []
  const faults: Fault[] = []
  const hanging: ServerResponse[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (c: Buffer) => chunks.push(c))
    request.on('end', () => setTimeout(answer, options.latencyMs ?? 0))
    const answer = () => {
      const path = request.url ?? '/'
      const tracker = trackerOf(path)
      const entry: Logged = {method: request.method ?? 'GET', path, tracker, authorization: request.headers.authorization, conditional: Boolean(request.headers['if-none-match'] || request.headers['if-modified-since']), status: 0}
      log.push(entry)
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        entry.status = status
        response.writeHead(status, {'content-type': 'application/json; charset=utf-8', ...headers})
        response.end(status === 304 ? undefined : body)
      }
      const fault = faults.find((f) => (f.times ?? 1) > 0 && f.match({method: entry.method, path, tracker}))
      if (fault) {
        fault.times = (fault.times ?? 1) - 1
        if (fault.answer === 'hang') return void hanging.push(response)
        return playFault(fault.answer, send)
      }
      const body = Buffer.concat(chunks).toString('utf8')
      const handler = {'github-graphql': graphql, 'github-rest': githubRest, gitlab, gerrit, launchpad, other: () => send(404, '{}')}[tracker]
      handler(world, request, path, body, send, entry)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const baseUrls: Record<string, string> = {'github.com': `${url}/github`, 'bugs.launchpad.net': `${url}/launchpad`}
  for (const host of world.gitlab.keys()) baseUrls[host] = `${url}/gitlab/${host}/api/v4`
  for (const host of world.gerrit.keys()) baseUrls[host] = `${url}/gerrit/${host}`
  return {
    url,
    baseUrls,
    log,
    faults,
    world,
    close: async () => {
      for (const r of hanging) r.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

type Send = (status: number, body: string, headers?: Record<string, string>) => void
type Handler = (world: World, request: IncomingMessage, path: string, body: string, send: Send, entry: Logged) => void

function trackerOf(path: string): Logged['tracker'] {
  if (path.startsWith('/github/graphql')) return 'github-graphql'
  if (path.startsWith('/github/')) return 'github-rest'
  if (path.startsWith('/gitlab/')) return 'gitlab'
  if (path.startsWith('/gerrit/')) return 'gerrit'
  if (path.startsWith('/launchpad/')) return 'launchpad'
  return 'other'
}

function playFault(answer: Fault['answer'], send: Send): void {
  const reset = String(Math.ceil(Date.now() / 1000) + 1)
  if (answer === 'rate-limit') {
    send(403, JSON.stringify({message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting'}), {'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset})
  } else if (answer === 'secondary-rate-limit') {
    send(403, JSON.stringify({message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'}), {'retry-after': '1'})
  } else if (answer === 'too-many-requests') {
    send(429, JSON.stringify({message: 'Retry later'}), {'retry-after': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': reset})
  } else {
    send(502, '<html><body>502 Bad Gateway</body></html>', {'content-type': 'text/html'})
  }
}

const etagOf = (body: string) => `W/"${createHash('sha1').update(body).digest('hex')}"`

/** Answer 304 when the request's validator matches, else 200 with the validators. */
function conditional(request: IncomingMessage, send: Send, body: string, lastModified?: string): void {
  const etag = etagOf(body)
  const since = request.headers['if-modified-since']
  const unchanged = request.headers['if-none-match'] ? request.headers['if-none-match'] === etag : since !== undefined && lastModified !== undefined && Date.parse(since) >= Date.parse(lastModified)
  send(unchanged ? 304 : 200, body, {etag, ...(lastModified ? {'last-modified': lastModified} : {})})
}

/** GitHub GraphQL: `repository(owner:, name:)` with `issueOrPullRequest(number:)` fields, as minutes-kb asks. */
const graphql: Handler = (world, _request, _path, body, send, entry) => {
  const {query, variables} = JSON.parse(body) as {query: string; variables: Record<string, string>}
  const data: Json = {}
  const errors: Json[] = []
  entry.items = []
  for (const m of query.matchAll(/(r\d+): repository\(owner: \$(o\d+), name: \$(n\d+)\) \{ nameWithOwner ([^\n]*) \}/g)) {
    const [, alias, o, n, fields] = m
    const name = `${variables[o!]}/${variables[n!]}`
    const issues = world.github.issues.get(name.toLowerCase())
    const numbers = [...fields!.matchAll(/i(\d+): issueOrPullRequest/g)].map((x) => Number(x[1]))
    entry.items.push(...numbers.map((x) => `${name}#${x}`))
    if (!issues || world.github.forbidden.has(name.toLowerCase())) {
      data[alias!] = null
      errors.push({type: 'NOT_FOUND', path: [alias], locations: [{line: 2, column: 1}], message: `Could not resolve to a Repository with the name '${name}'.`})
      continue
    }
    const repo: Json = {nameWithOwner: /github\.com\/([^/]+\/[^/]+)\//.exec([...issues.values()][0]!['html_url'] as string)![1]}
    for (const number of numbers) {
      const issue = issues.get(number)
      if (issue && !world.github.deleted.has(`${name.toLowerCase()}#${number}`)) repo[`i${number}`] = graphqlNode(issue)
      else {
        repo[`i${number}`] = null
        errors.push({type: 'NOT_FOUND', path: [alias, `i${number}`], locations: [{line: 2, column: 1}], message: `Could not resolve to an issue or pull request with the number of ${number}.`})
      }
    }
    data[alias!] = repo
  }
  send(200, JSON.stringify(errors.length ? {data, errors} : {data}))
}

/** An Issue or PullRequest node of GitHub's GraphQL schema, from the REST issue it is. */
function graphqlNode(issue: Json): Json {
  const pull = issue['pull_request'] as Json | undefined
  const common = {
    number: issue['number'],
    title: issue['title'],
    url: issue['html_url'],
    createdAt: issue['created_at'],
    updatedAt: issue['updated_at'],
    closedAt: issue['closed_at'],
    author: {login: (issue['user'] as Json)['login']},
    labels: {nodes: (issue['labels'] as Json[]).map((l) => ({name: l['name']}))},
  }
  if (!pull) return {__typename: 'Issue', ...common, state: String(issue['state']).toUpperCase(), stateReason: issue['state_reason'] ? String(issue['state_reason']).toUpperCase() : null}
  return {__typename: 'PullRequest', ...common, state: pull['merged_at'] ? 'MERGED' : String(issue['state']).toUpperCase(), isDraft: issue['draft'] ?? false, mergedAt: pull['merged_at'] ?? null}
}

/** GitHub REST: `GET /repos/{owner}/{repo}/issues/{number}`, with renamed repositories, deleted issues and forbidden repositories. */
const githubRest: Handler = (world, request, path, _body, send) => {
  const m = /^\/github\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(path)
  if (!m) return send(404, JSON.stringify({message: 'Not Found'}))
  const name = `${m[1]}/${m[2]}`.toLowerCase()
  const moved = world.github.redirects.get(name)
  if (moved) return send(301, JSON.stringify({message: 'Moved Permanently'}), {location: `http://${request.headers.host}/github/repos/${moved}/issues/${m[3]}`})
  if (world.github.forbidden.has(name)) return send(403, JSON.stringify({message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue'}))
  if (world.github.deleted.has(`${name}#${m[3]}`)) return send(410, JSON.stringify({message: 'This issue was deleted', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue'}))
  const issue = world.github.issues.get(name)?.get(Number(m[3]))
  if (!issue) return send(404, JSON.stringify({message: 'Not Found', documentation_url: 'https://docs.github.com/rest/issues/issues#get-an-issue'}))
  conditional(request, send, JSON.stringify(issue), new Date(issue['updated_at'] as string).toUTCString())
}

/** GitLab: `GET /projects/:id/issues?iids[]=…` (and `merge_requests`), paged with `Link` and `X-Next-Page`. */
const gitlab: Handler = (world, request, path, _body, send) => {
  const url = new URL(path, 'http://x')
  const m = /^\/gitlab\/([^/]+)\/api\/v4\/projects\/([^/]+)\/(issues|merge_requests)$/.exec(url.pathname)
  const project = m ? world.gitlab.get(m[1]!)?.get(decodeURIComponent(m[2]!)) : undefined
  if (!m || !project) return send(404, JSON.stringify({message: '404 Project Not Found'}))
  const iids = new Set(url.searchParams.getAll('iids[]').map(Number))
  const items = [...project[m[3] as 'issues' | 'merge_requests'].values()].filter((i) => iids.has(i['iid'] as number))
  const size = Math.min(Number(url.searchParams.get('per_page') ?? 20), world.pageSize.gitlab ?? 100)
  const page = Number(url.searchParams.get('page') ?? 1)
  const headers: Record<string, string> = {'x-page': String(page), 'x-per-page': String(size), 'x-total': String(items.length)}
  if (page * size < items.length) {
    url.searchParams.set('page', String(page + 1))
    headers['x-next-page'] = String(page + 1)
    headers['link'] = `<http://${request.headers.host}${url.pathname}?${url.searchParams}>; rel="next"`
  }
  const body = JSON.stringify(items.slice((page - 1) * size, page * size))
  const etag = etagOf(body)
  if (request.headers['if-none-match'] === etag) return send(304, '', {etag})
  send(200, body, {...headers, etag})
}

/** Gerrit: `GET /changes/?q=change:1 OR change:2&n=…&S=…`, `)]}'`-prefixed, `_more_changes` on a full page. */
const gerrit: Handler = (world, _request, path, _body, send) => {
  const url = new URL(path, 'http://x')
  const m = /^\/gerrit\/([^/]+)\/changes\/$/.exec(url.pathname)
  const changes = m ? world.gerrit.get(m[1]!) : undefined
  if (!changes) return send(404, 'Not found', {'content-type': 'text/plain'})
  const numbers = [...(url.searchParams.get('q') ?? '').matchAll(/change:(\d+)/g)].map((x) => Number(x[1]))
  const found = numbers.map((n) => changes.get(n)).filter((c): c is Json => c !== undefined)
  const size = Math.min(Number(url.searchParams.get('n') ?? 500), world.pageSize.gerrit ?? 500)
  const start = Number(url.searchParams.get('S') ?? 0)
  const page = found.slice(start, start + size).map((c) => ({...c}))
  if (start + size < found.length) page[page.length - 1]!['_more_changes'] = true
  send(200, `)]}'\n${JSON.stringify(page)}`)
}

/** Launchpad: `GET /bugs/:id` and `GET /bugs/:id/bug_tasks` (a collection, paged with `next_collection_link`), with ETags. */
const launchpad: Handler = (world, request, path, _body, send) => {
  const url = new URL(path, 'http://x')
  const m = /^\/launchpad\/bugs\/(\d+)(\/bug_tasks)?$/.exec(url.pathname)
  const bug = m ? world.launchpad.get(Number(m[1])) : undefined
  if (!m || !bug) return send(404, `Object: <lp.bugs.model.bug.BugSet object>, name: '${m?.[1]}'`, {'content-type': 'text/plain'})
  if (!m[2]) return conditional(request, send, JSON.stringify(bug.bug))
  const size = world.pageSize.launchpad ?? 75
  const start = Number(url.searchParams.get('ws.start') ?? 0)
  const collection: Json = {total_size: bug.tasks.length, start, entries: bug.tasks.slice(start, start + size)}
  if (start + size < bug.tasks.length) collection['next_collection_link'] = `http://${request.headers.host}${url.pathname}?ws.size=${size}&ws.start=${start + size}`
  conditional(request, send, JSON.stringify(collection))
}
