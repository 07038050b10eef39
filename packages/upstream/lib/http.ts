import {setTimeout as sleep} from 'node:timers/promises'
import type {Validator} from '@minutes-kb/store'

/** One request as it went out and came back (for counting and for `--verbose`); never its headers. */
export interface RequestRecord {
  method: string
  url: string
  /** `null` when no answer came (network error, timeout). */
  status: number | null
  ms: number
}

export interface HttpOptions {
  /** Give up on a request after this long (ms). */
  timeoutMs: number
  /** Retries of a request that failed on the way (network, 5xx, 429) before it counts as an error. */
  retries: number
  /** Backoff unit (ms): retry n waits n² units unless the server says how long (`Retry-After`, a rate limit reset). */
  retryBaseMs: number
  /** The longest wait for a rate limit to reset (ms); beyond it the request is an error and a later run resumes. */
  maxWaitMs: number
  userAgent: string
  /** Values that must never appear in a message (the tokens). */
  secrets: readonly string[]
  onRequest?: (request: RequestRecord) => void
  log?: (message: string) => void
}

/** An answer to a GET: the status, the headers, and the body when there is one. */
export interface HttpAnswer {
  status: number
  headers: Headers
  /** The URL answered, after redirects (a renamed repository). */
  url: string
  body: string
}

/** A request that never got a usable answer: network, timeout, 5xx after the retries, a rate limit too long to wait for. */
export class HttpError extends Error {}

/**
 * The network, counted: every request of a sync goes through `fetch` (Octokit's too), which times it
 * out, counts it and reports it. `get` adds politeness for the trackers without a client of their
 * own: conditional requests, `Retry-After` and rate limit resets honoured, backoff on 5xx.
 */
export class HttpClient {
  requests = 0
  notModified = 0

  constructor(private readonly options: HttpOptions) {}

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = init.method ?? (input instanceof Request ? input.method : 'GET')
    const signals = [AbortSignal.timeout(this.options.timeoutMs), ...(init.signal ? [init.signal] : [])]
    const started = performance.now()
    this.requests++
    let status: number | null = null
    try {
      const response = await fetch(input, {...init, signal: AbortSignal.any(signals)})
      status = response.status
      if (status === 304) this.notModified++
      return response
    } finally {
      this.options.onRequest?.({method, url, status, ms: performance.now() - started})
    }
  }

  /** GET `url` as JSON, conditionally when a validator is given; retried as `HttpOptions` says. */
  async get(url: string, options: {headers?: Record<string, string>; validator?: Validator | undefined} = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = {accept: 'application/json', 'user-agent': this.options.userAgent, ...options.headers}
    if (options.validator?.etag) headers['if-none-match'] = options.validator.etag
    if (options.validator?.lastModified) headers['if-modified-since'] = options.validator.lastModified
    for (let attempt = 0; ; attempt++) {
      let answer: HttpAnswer | undefined
      let failure: string
      try {
        const response = await this.fetch(url, {headers})
        answer = {status: response.status, headers: response.headers, url: response.url || url, body: await response.text()}
        failure = `${response.status} ${response.statusText}`.trim()
      } catch (error) {
        failure = describe(error)
      }
      const wait = answer ? this.waitFor(answer, attempt) : attempt < this.options.retries ? backoff(attempt, this.options.retryBaseMs) : null
      if (answer && wait === null) return answer
      if (wait === null || attempt >= this.options.retries) throw new HttpError(this.redact(`GET ${url}: ${failure}`))
      if (wait > this.options.maxWaitMs) {
        throw new HttpError(this.redact(`GET ${url}: ${failure}; rate limited until ${new Date(Date.now() + wait).toISOString()}, run the sync again then`))
      }
      this.options.log?.(this.redact(`GET ${url}: ${failure}; retrying in ${(wait / 1000).toFixed(1)} s`))
      await sleep(wait)
    }
  }

  /** How long to wait before asking again, or `null` for an answer to keep. */
  private waitFor(answer: HttpAnswer, attempt: number): number | null {
    const {status, headers} = answer
    const limited = status === 429 || ((status === 403 || status === 503) && (headers.has('retry-after') || rateLimitRemaining(headers) === 0))
    if (limited) return retryAfterMs(headers) ?? resetMs(headers) ?? backoff(attempt, this.options.retryBaseMs)
    if (status === 500 || status === 502 || status === 503 || status === 504) return backoff(attempt, this.options.retryBaseMs)
    return null
  }

  /** `message` with every secret replaced: no token reaches a log, an error or the database. */
  redact(message: string): string {
    let out = message
    for (const secret of this.options.secrets) if (secret) out = out.split(secret).join('[REDACTED]')
    return out
  }
}

const backoff = (attempt: number, base: number) => (attempt + 1) ** 2 * base

function rateLimitRemaining(headers: Headers): number | null {
  const value = headers.get('ratelimit-remaining') ?? headers.get('x-ratelimit-remaining')
  return value === null ? null : Number(value)
}

/** `Retry-After` in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after')
  if (value === null) return null
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now())
}

/** A rate limit's reset (GitLab `RateLimit-Reset`, GitHub `X-RateLimit-Reset`: epoch seconds), one second after it. */
function resetMs(headers: Headers): number | null {
  if (rateLimitRemaining(headers) !== 0) return null
  const value = Number(headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset'))
  return Number.isFinite(value) && value > 0 ? Math.max(0, value * 1000 - Date.now()) + 1000 : null
}

export function describe(error: unknown): string {
  const e = error as Error & {cause?: {code?: string; message?: string}}
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out'
  return e.cause?.code ?? e.cause?.message ?? e.message
}

/** The validator an answer carries, to store for the next conditional request to `url`. */
export function validatorOf(url: string, headers: Headers | Record<string, string | undefined>): Validator | null {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] ?? null))
  const etag = get('etag')
  const lastModified = get('last-modified')
  return etag || lastModified ? {url, etag, lastModified} : null
}

/** `rel="next"` of a `Link` header (GitLab, GitHub pagination). */
export function nextLink(headers: Headers): string | null {
  const link = headers.get('link')
  return link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null
}

/** Run `task` over `items`, at most `limit` at a time; the first failure stops the rest. */
export async function inPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  let failed = false
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++]!)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
}
