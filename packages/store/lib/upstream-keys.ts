import type {DB} from './database.ts'

/** The trackers `minutes upstream sync` can read. */
export type UpstreamTracker = 'github' | 'gitlab' | 'gerrit' | 'launchpad'

/** Link kinds that have a state upstream (open, closed, merged). */
export const syncedKinds = ['issue', 'pull', 'merge_request', 'change', 'bug'] as const

/** One upstream item as the minutes reference it: what a sync asks its tracker about. */
export interface UpstreamRef {
  /** Identity of the item, whatever link form named it (see `upstreamKey`). */
  key: string
  tracker: UpstreamTracker
  host: string
  owner: string | null
  repo: string | null
  kind: string
  number: number
  /** A URL the minutes used for it. */
  url: string
}

interface RefFields {
  host: string
  owner: string | null
  repo: string | null
  kind: string
  number: number | null
  url: string
}

/** Which tracker answers for a reference, or `null` for kinds that have no state (commits, releases). */
export function trackerOf(ref: Pick<RefFields, 'host' | 'kind' | 'url'>): UpstreamTracker | null {
  switch (ref.kind) {
    case 'change':
      return 'gerrit'
    case 'bug':
      return 'launchpad'
    case 'merge_request':
      return 'gitlab'
    case 'issue':
    case 'pull':
      // GitLab's item URLs have `/-/` in them; every other issue or pull the extractor knows is GitHub's.
      return ref.host !== 'github.com' && ref.url.includes('/-/') ? 'gitlab' : 'github'
    default:
      return null
  }
}

/** `launchpad.net` and `bugs.launchpad.net` are one tracker: bug numbers are global there. */
export function canonicalHost(host: string): string {
  const lower = host.toLowerCase()
  return lower === 'bugs.launchpad.net' ? 'launchpad.net' : lower
}

/**
 * The key an item's state is stored under, lowercased, following each tracker's own numbering:
 * GitHub issues and pulls share a repository's numbers (`github.com/o/r#12`); GitLab numbers issues
 * (`#`) and merge requests (`!`) apart; a Gerrit change number is unique on its server
 * (`review.opendev.org/+/912345`, with or without its project in the URL); a Launchpad bug is one
 * bug whatever project it is filed against (`launchpad.net/+bug/2061234`).
 */
export function upstreamKey(ref: RefFields): string | null {
  const tracker = trackerOf(ref)
  if (!tracker || ref.number === null) return null
  const host = canonicalHost(ref.host)
  const path = `${host}/${ref.owner ?? ''}/${ref.repo ?? ''}`.toLowerCase()
  switch (tracker) {
    case 'github':
      return `${path}#${ref.number}`
    case 'gitlab':
      return `${path}${ref.kind === 'merge_request' ? '!' : '#'}${ref.number}`
    case 'gerrit':
      return `${host}/+/${ref.number}`
    case 'launchpad':
      return `${host}/+bug/${ref.number}`
  }
}

export interface RefFilter {
  /** Only these hosts (as in `links --host`; either Launchpad host names both). */
  hosts?: readonly string[]
  /** Only `owner/repo` (a Launchpad project: its name). */
  only?: string
}

/**
 * Every item the minutes reference that has a state upstream, once each. Where several links name
 * one item, the one that says most wins (a Gerrit change or Launchpad bug with its project).
 */
export function referencedItems(db: DB, filter: RefFilter = {}): UpstreamRef[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT host, owner, repo, kind, number, url FROM links
        WHERE kind IN (SELECT value FROM json_each(?)) AND number IS NOT NULL AND host IS NOT NULL
        ORDER BY host, owner IS NULL, owner, repo, number, kind`,
    )
    .all(JSON.stringify(syncedKinds)) as Array<RefFields & {number: number}>
  const hosts = filter.hosts?.map(canonicalHost)
  const only = filter.only?.toLowerCase()
  const items = new Map<string, UpstreamRef>()
  for (const row of rows) {
    const key = upstreamKey(row)
    if (!key || items.has(key)) continue
    if (hosts && !hosts.includes(canonicalHost(row.host))) continue
    if (only && [row.owner, row.repo].filter(Boolean).join('/').toLowerCase() !== only) continue
    items.set(key, {key, tracker: trackerOf(row)!, host: row.host, owner: row.owner, repo: row.repo, kind: row.kind, number: row.number, url: row.url})
  }
  return [...items.values()]
}
