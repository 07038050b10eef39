import {GraphqlResponseError} from '@octokit/graphql'
import {retry} from '@octokit/plugin-retry'
import {throttling} from '@octokit/plugin-throttling'
import {Octokit} from '@octokit/rest'
import type {UpstreamOutcome, UpstreamRead, UpstreamRef, Validator} from '@minutes-kb/store'
import {inPool, validatorOf} from './http.ts'
import {chunks, failedOutcome, groupBy, TrackerUnavailable, type TrackerContext, type TrackerReader} from './tracker.ts'

const GitHub = Octokit.plugin(throttling, retry)
type GitHub = InstanceType<typeof GitHub>

/**
 * GitHub issues and pull requests. Items not read before: GraphQL, `batchSize` (at most 100) per
 * query, with REST for what GraphQL cannot resolve (a renamed repository or transferred issue, which
 * REST follows; a deleted issue, which REST calls 410). Items read before: a conditional REST request
 * each (`If-None-Match` / `If-Modified-Since`, from the last answer or GraphQL's `updatedAt`), so an
 * unchanged item is a 304 and costs no rate limit. Octokit's throttling and retry plugins honour rate
 * limits, `Retry-After` and back off on 5xx.
 */
export const readGitHub: TrackerReader = async (context, refs) => {
  const octokit = client(context)
  const [known, fresh] = partition(refs, (ref) => context.validator(restUrl(context, where(context, ref))) !== undefined)
  const batches = chunks(fresh, context.batchSize)
  for (const [i, batch] of batches.entries()) {
    if (await readBatch(context, octokit, batch)) continue
    // GraphQL is not there for us (no token, an Enterprise server without it): REST for the rest.
    await inPool(batches.slice(i + 1).flat(), context.concurrency, (ref) => readOne(context, octokit, ref, false))
    break
  }
  await inPool(known, context.concurrency, (ref) => readOne(context, octokit, ref, true))
}

function client(context: TrackerContext): GitHub {
  const wait = (kind: string) => (after: number, options: {method?: string; url?: string}, _octokit: unknown, retryCount: number) => {
    const retrying = retryCount < context.retries && after * 1000 <= context.maxWaitMs
    context.log(`${options.method} ${options.url}: ${kind}, ${retrying ? `retrying in ${after} s` : `not waiting ${after} s`}`)
    return retrying
  }
  return new GitHub({
    auth: context.token ?? undefined,
    baseUrl: context.baseUrl,
    userAgent: context.userAgent,
    request: {fetch: context.http.fetch},
    // Octokit logs every failed request, 304s included, on the console; the sync reports its own.
    log: {debug: () => {}, info: () => {}, warn: (message: string) => context.log(context.http.redact(message)), error: () => {}},
    throttle: {onRateLimit: wait('rate limit'), onSecondaryRateLimit: wait('secondary rate limit')},
    retry: {retries: context.retries, retryAfterBaseValue: context.retryBaseMs},
  })
}

/** Where an item lives now: its canonical address once read (renamed repository, transferred issue), else as referenced. */
function where(context: TrackerContext, ref: UpstreamRef): {owner: string; repo: string; number: number} {
  return locationOf(context.stored(ref.key)?.url) ?? {owner: ref.owner ?? '', repo: ref.repo ?? '', number: ref.number}
}

function locationOf(url: string | null | undefined): {owner: string; repo: string; number: number} | null {
  const m = url ? /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/(?:issues|pull)\/(\d+)/.exec(url) : null
  return m ? {owner: m[1]!, repo: m[2]!, number: Number(m[3])} : null
}

/** The REST address of an item, lowercased (GitHub's paths are case-insensitive): the key of its validator. */
const restUrl = (context: TrackerContext, at: {owner: string; repo: string; number: number}) =>
  `${context.baseUrl}/repos/${at.owner}/${at.repo}/issues/${at.number}`.toLowerCase()

const itemFields = 'number title url state createdAt updatedAt closedAt author { login } labels(first: 20) { nodes { name } }'
const itemFragment = `fragment item on IssueOrPullRequest {
  __typename
  ... on Issue { ${itemFields} stateReason }
  ... on PullRequest { ${itemFields} isDraft mergedAt }
}`

interface GraphQLItem {
  __typename: 'Issue' | 'PullRequest'
  number: number
  title: string
  url: string
  state: 'OPEN' | 'CLOSED' | 'MERGED'
  stateReason?: string | null
  isDraft?: boolean
  createdAt: string
  updatedAt: string
  closedAt: string | null
  mergedAt?: string | null
  author: {login: string} | null
  labels: {nodes: Array<{name: string}>} | null
}

type BatchData = Record<string, Record<string, GraphQLItem | string | null> | null>

/**
 * One GraphQL query for a batch: a `repository` per repository, an `issueOrPullRequest` per item.
 * `false` when GraphQL itself failed (the batch was read over REST instead).
 */
async function readBatch(context: TrackerContext, octokit: GitHub, batch: readonly UpstreamRef[]): Promise<boolean> {
  const repos = groupBy(batch, (ref) => `${ref.owner}/${ref.repo}`.toLowerCase())
  const variables: Record<string, string> = {}
  const fields = repos.map((refs, i) => {
    variables[`o${i}`] = refs[0]!.owner ?? ''
    variables[`n${i}`] = refs[0]!.repo ?? ''
    return `r${i}: repository(owner: $o${i}, name: $n${i}) { nameWithOwner ${refs.map((r) => `i${r.number}: issueOrPullRequest(number: ${r.number}) { ...item }`).join(' ')} }`
  })
  const query = `query(${repos.map((_, i) => `$o${i}: String!, $n${i}: String!`).join(', ')}) {\n${fields.join('\n')}\n}\n${itemFragment}`
  let data: BatchData | undefined
  let errors: Array<{type?: string; path?: Array<string | number>; message: string}> = []
  try {
    data = await octokit.graphql<BatchData>(query, variables)
  } catch (error) {
    if (!(error instanceof GraphqlResponseError)) {
      if (isRateLimit(error)) throw new TrackerUnavailable(context.http.redact(`GraphQL: ${(error as Error).message}`))
      context.log(context.http.redact(`GraphQL: ${(error as Error).message}; reading over REST instead`))
      await inPool(batch, context.concurrency, (ref) => readOne(context, octokit, ref, false))
      return false
    }
    data = error.data as BatchData | undefined
    errors = error.errors ?? []
  }
  const outcomes: UpstreamOutcome[] = []
  const validators: Validator[] = []
  const viaRest: UpstreamRef[] = []
  repos.forEach((refs, i) => {
    for (const ref of refs) {
      const node = data?.[`r${i}`]?.[`i${ref.number}`]
      if (node && typeof node === 'object') {
        const read = graphqlRead(node)
        outcomes.push({ref, status: 'ok', read})
        // GraphQL sends no ETag; its `updatedAt` is what REST answers as Last-Modified.
        validators.push({url: restUrl(context, locationOf(read.url) ?? where(context, ref)), etag: null, lastModified: new Date(node.updatedAt).toUTCString()})
        continue
      }
      const error = errors.find((e) => e.path?.[0] === `r${i}` && (e.path.length === 1 || e.path[1] === `i${ref.number}`))
      if (error?.type === 'FORBIDDEN') outcomes.push({ref, status: 'private', error: `GraphQL: ${error.message}`})
      else viaRest.push(ref)
    }
  })
  context.report(outcomes, validators)
  await inPool(viaRest, context.concurrency, (ref) => readOne(context, octokit, ref, false))
  return true
}

/** One item over REST (`GET /repos/{owner}/{repo}/issues/{number}` answers for pulls too). */
async function readOne(context: TrackerContext, octokit: GitHub, ref: UpstreamRef, conditional: boolean): Promise<void> {
  const at = where(context, ref)
  const validator = conditional ? context.validator(restUrl(context, at)) : undefined
  const headers: Record<string, string> = {}
  if (validator?.etag) headers['if-none-match'] = validator.etag
  if (validator?.lastModified) headers['if-modified-since'] = validator.lastModified
  try {
    const {data, headers: answered} = await octokit.rest.issues.get({owner: at.owner, repo: at.repo, issue_number: at.number, headers})
    const read = restRead(data)
    // After a redirect the validator belongs to the new address, which later requests use.
    context.report([{ref, status: 'ok', read}], [validatorOf(restUrl(context, locationOf(read.url) ?? at), answered as Record<string, string>)])
  } catch (error) {
    const status = (error as {status?: number}).status ?? null
    if (status === 304) return context.report([{ref, status: 'unchanged'}])
    const message = context.http.redact(`GET /repos/${at.owner}/${at.repo}/issues/${at.number}: ${status ?? ''} ${(error as Error).message}`.replace(/ +/g, ' '))
    if (isRateLimit(error) || status === null || status >= 500) throw new TrackerUnavailable(message)
    context.report([failedOutcome(ref, status, message)])
  }
}

function isRateLimit(error: unknown): boolean {
  const e = error as {status?: number; message?: string; response?: {headers?: Record<string, string>}}
  return e.response?.headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(e.message ?? '') || e.status === 429
}

function graphqlRead(node: GraphQLItem): UpstreamRead {
  return {
    state: node.state === 'MERGED' ? 'merged' : node.state === 'CLOSED' ? 'closed' : node.isDraft ? 'draft' : 'open',
    stateReason: node.stateReason?.toLowerCase() ?? null,
    type: node.__typename === 'PullRequest' ? 'pull_request' : 'issue',
    title: node.title,
    author: node.author?.login ?? null,
    labels: node.labels?.nodes.map((l) => l.name) ?? [],
    url: node.url,
    createdAt: node.createdAt,
    updatedAt: node.updatedAt,
    closedAt: node.closedAt,
    mergedAt: node.mergedAt ?? null,
  }
}

type RestIssue = Awaited<ReturnType<GitHub['rest']['issues']['get']>>['data']

function restRead(issue: RestIssue): UpstreamRead {
  const mergedAt = issue.pull_request?.merged_at ?? null
  return {
    state: mergedAt ? 'merged' : issue.state === 'closed' ? 'closed' : issue.draft ? 'draft' : 'open',
    stateReason: issue.state_reason ?? null,
    type: issue.pull_request ? 'pull_request' : 'issue',
    title: issue.title,
    author: issue.user?.login ?? null,
    labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    url: issue.html_url,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at,
    mergedAt,
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = []
  const no: T[] = []
  for (const item of items) (test(item) ? yes : no).push(item)
  return [yes, no]
}
