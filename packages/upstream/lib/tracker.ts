import type {UpstreamInfo, UpstreamOutcome, UpstreamRef, Validator} from '@minutes-kb/store'
import type {HttpClient} from './http.ts'

/** What a tracker's reader gets: where to ask, how, and where to put what it finds. */
export interface TrackerContext {
  /** The host the minutes link to (`github.com`, `review.opendev.org`). */
  host: string
  /** Where its API answers, without a trailing slash. */
  baseUrl: string
  /** Sent only to the trackers it belongs to (see `options.ts`); never logged. */
  token: string | null
  http: HttpClient
  /** Items per request where the API batches (GraphQL, GitLab `iids[]`, Gerrit `OR`). */
  batchSize: number
  /** Requests in flight at once where each item is its own request. */
  concurrency: number
  retries: number
  retryBaseMs: number
  maxWaitMs: number
  userAgent: string
  /** What is stored for an item (its canonical address, for one). */
  stored(key: string): UpstreamInfo | undefined
  /** The validator for a conditional request to `url`; none with `--refresh`. */
  validator(url: string): Validator | undefined
  /** Record outcomes as they come: a sync stopped halfway keeps what it read. */
  report(outcomes: readonly UpstreamOutcome[], validators?: ReadonlyArray<Validator | null>): void
  log(message: string): void
}

/** Reads the state of `refs` from one tracker host and reports an outcome for each. */
export type TrackerReader = (context: TrackerContext, refs: readonly UpstreamRef[]) => Promise<void>

/**
 * A tracker that cannot be asked any more in this run (unreachable, rate limited for longer than
 * we wait): the items not reported yet are recorded as errors, and the next run asks again.
 */
export class TrackerUnavailable extends Error {}

/** An answer that is not the item: 404 and 410 mean gone, 401 and 403 private, anything else an error. */
export function failedOutcome(ref: UpstreamRef, status: number | null, message: string): UpstreamOutcome {
  if (status === 404 || status === 410) return {ref, status: 'gone', error: message}
  if (status === 401 || status === 403) return {ref, status: 'private', error: message}
  return {ref, status: 'error', error: message}
}

/** `items` in runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** `items` grouped by `key`, in the order first seen. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()]
}

/** An ISO 8601 UTC date from what a tracker wrote (`2024-08-12 10:11:12.000000000` from Gerrit), or `null`. */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null
  const gerrit = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.\d+)?$/.exec(value)
  const time = Date.parse(gerrit ? `${gerrit[1]}T${gerrit[2]}Z` : value)
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace('.000Z', 'Z')
}
