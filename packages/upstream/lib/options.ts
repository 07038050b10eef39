import {canonicalHost, type UpstreamTracker} from '@minutes-kb/store'
import type {RequestRecord} from './http.ts'

export interface SyncProgress {
  /** Items with an outcome so far, of `total` to ask about in this run. */
  done: number
  total: number
  requests: number
}

export interface SyncOptions {
  /** Only these hosts (`github.com`, `gitlab.com`, `review.opendev.org`, `bugs.launchpad.net`). */
  hosts?: string[]
  /** Only this repository (`OWNER/REPO`; a Launchpad project by its name). */
  only?: string
  /** API base URLs by host: GitHub Enterprise (`https://ghe.example/api/v3`), a self-hosted GitLab (`…/api/v4`), or a test server. */
  baseUrls?: Record<string, string>
  /**
   * Tokens, from the environment (`GITHUB_TOKEN`, `GITLAB_TOKEN`); never stored or logged. Each goes to
   * its own public host (github.com, gitlab.com) and to a host named in `hosts`, nowhere else.
   */
  tokens?: {github?: string | null; gitlab?: string | null}
  /** Ask about every item again, without conditional requests (gone and private ones too). */
  refresh?: boolean
  /** Items per batched request, 1–100 (default 100: GitHub's GraphQL limit for one query's items). */
  batchSize?: number
  /** Requests in flight at once per host where items are asked one by one, 1–16 (default 4). */
  concurrency?: number
  /** Per request, in ms (default 30 000). */
  timeoutMs?: number
  /** Retries of a failed request, 0–10 (default 3). */
  retries?: number
  /** Backoff unit in ms (default 1000: retry n waits n² s). */
  retryBaseMs?: number
  /** The longest wait for a rate limit to reset, in ms (default 10 minutes). */
  maxWaitMs?: number
  /** Items found gone or private are asked again after this many days (default 30). */
  recheckAfterDays?: number
  /** An interrupted run of the same scope younger than this is resumed, in hours (default 24). */
  resumeWithinHours?: number
  onProgress?: (progress: SyncProgress) => void
  onRequest?: (request: RequestRecord) => void
  /** Retries, waits, fallbacks: one line each, tokens redacted. */
  log?: (message: string) => void
}

export type ResolvedOptions = Required<Omit<SyncOptions, 'only' | 'hosts' | 'onProgress' | 'onRequest' | 'log'>> &
  Pick<SyncOptions, 'only' | 'hosts' | 'onProgress' | 'onRequest' | 'log'>

/** Options that cannot be used: thrown before the sync reads or asks anything. */
export class SyncOptionsError extends Error {}

/** Check and complete the options once, up front. */
export function resolveOptions(options: SyncOptions): ResolvedOptions {
  const int = (name: keyof SyncOptions, value: number | undefined, fallback: number, min: number, max: number) => {
    const v = value ?? fallback
    if (!Number.isInteger(v) || v < min || v > max) throw new SyncOptionsError(`Unexpected ${name} \`${v}\`, expected a whole number from ${min} to ${max}`)
    return v
  }
  if (options.only !== undefined && !/^[^/\s]+(?:\/[^/\s]+)*$/.test(options.only)) {
    throw new SyncOptionsError(`Unexpected only \`${options.only}\`, expected OWNER/REPO`)
  }
  for (const host of options.hosts ?? []) {
    if (!/^[a-z0-9.-]+$/i.test(host)) throw new SyncOptionsError(`Unexpected host \`${host}\`, expected a host name such as github.com`)
  }
  const baseUrls: Record<string, string> = {}
  for (const [host, url] of Object.entries(options.baseUrls ?? {})) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new SyncOptionsError(`Unexpected base URL \`${url}\` for ${host}, expected an http(s) URL`)
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new SyncOptionsError(`Unexpected base URL \`${url}\` for ${host}, expected an http(s) URL`)
    baseUrls[canonicalHost(host)] = parsed.href.replace(/\/+$/, '')
  }
  return {
    ...options,
    hosts: options.hosts?.map(canonicalHost),
    baseUrls,
    tokens: {github: options.tokens?.github || null, gitlab: options.tokens?.gitlab || null},
    refresh: options.refresh ?? false,
    batchSize: int('batchSize', options.batchSize, 100, 1, 100),
    concurrency: int('concurrency', options.concurrency, 4, 1, 16),
    timeoutMs: int('timeoutMs', options.timeoutMs, 30_000, 100, 600_000),
    retries: int('retries', options.retries, 3, 0, 10),
    retryBaseMs: int('retryBaseMs', options.retryBaseMs, 1000, 0, 60_000),
    maxWaitMs: int('maxWaitMs', options.maxWaitMs, 10 * 60_000, 0, 24 * 3_600_000),
    recheckAfterDays: int('recheckAfterDays', options.recheckAfterDays, 30, 0, 3650),
    resumeWithinHours: int('resumeWithinHours', options.resumeWithinHours, 24, 0, 24 * 365),
  }
}

/** Where a tracker's API answers for `host`, unless `baseUrls` says otherwise. */
export function baseUrlFor(options: ResolvedOptions, tracker: UpstreamTracker, host: string): string {
  const given = options.baseUrls[canonicalHost(host)]
  if (given) return given
  switch (tracker) {
    case 'github':
      return host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`
    case 'gitlab':
      return `https://${host}/api/v4`
    case 'gerrit':
      return `https://${host}`
    case 'launchpad':
      return 'https://api.launchpad.net/1.0'
  }
}

/**
 * The token for a tracker host: GitHub's for github.com, GitLab's for gitlab.com, and either for a
 * host the user named with `--host` — never for a host that only a link in the minutes names.
 */
export function tokenFor(options: ResolvedOptions, tracker: UpstreamTracker, host: string): string | null {
  const token = tracker === 'github' ? options.tokens.github : tracker === 'gitlab' ? options.tokens.gitlab : null
  if (!token) return null
  const own = tracker === 'github' ? 'github.com' : 'gitlab.com'
  return host === own || options.hosts?.includes(canonicalHost(host)) ? token : null
}
