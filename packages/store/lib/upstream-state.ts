import type {DB} from './database.ts'
import type {UpstreamItem, UpstreamRepository} from './queries.ts'
import {upstreamKey, type UpstreamRef} from './upstream-keys.ts'

/** How the last attempt to read an item ended. */
export type UpstreamStatus = 'ok' | 'gone' | 'private' | 'error'

/** An item's state upstream. */
export type UpstreamItemState = 'open' | 'closed' | 'merged' | 'draft'

/** What the upstream list shows for an item: its state, or why it has none. */
export const shownStates = ['open', 'closed', 'merged', 'draft', 'gone', 'private', 'unknown'] as const
export type ShownState = (typeof shownStates)[number]

/** What a tracker said about one item. Dates are ISO 8601 in UTC. */
export interface UpstreamRead {
  state: UpstreamItemState
  stateReason: string | null
  type: string
  title: string
  author: string | null
  labels: string[]
  /** The canonical address: after a renamed repository or a transferred issue, the new one. */
  url: string
  createdAt: string | null
  updatedAt: string | null
  closedAt: string | null
  mergedAt: string | null
}

/** The outcome of asking a tracker about one item. */
export type UpstreamOutcome =
  | {ref: UpstreamRef; status: 'ok'; read: UpstreamRead}
  /** A conditional request answered 304: the stored state still holds. */
  | {ref: UpstreamRef; status: 'unchanged'}
  | {ref: UpstreamRef; status: 'gone' | 'private' | 'error'; error: string}

/** An HTTP validator for a conditional request to `url`. */
export interface Validator {
  url: string
  etag: string | null
  lastModified: string | null
}

/** An item's stored state, as the queries and the API show it. */
export interface UpstreamInfo {
  status: UpstreamStatus
  state: UpstreamItemState | null
  stateReason: string | null
  type: string | null
  title: string | null
  author: string | null
  labels: string[]
  url: string | null
  createdAt: string | null
  updatedAt: string | null
  closedAt: string | null
  mergedAt: string | null
  /** When the current state began: the merge or close date, or the sync that saw the state change. */
  stateSince: string | null
  previousState: UpstreamItemState | null
  /** Last time upstream confirmed this state (200 or 304). */
  fetchedAt: string | null
  attemptedAt: string
  error: string | null
}

const infoColumns = `key, status, state, state_reason AS stateReason, type, title, author, labels, url, created_at AS createdAt,
  updated_at AS updatedAt, closed_at AS closedAt, merged_at AS mergedAt, state_since AS stateSince, previous_state AS previousState,
  fetched_at AS fetchedAt, attempted_at AS attemptedAt, error`

/** Every stored item state, by key. */
export function readUpstreamState(db: DB): Map<string, UpstreamInfo> {
  const rows = db.prepare(`SELECT ${infoColumns} FROM upstream_state`).all() as Array<UpstreamInfo & {key: string; labels: string}>
  return new Map(rows.map(({key, ...row}) => [key, {...row, labels: JSON.parse(row.labels) as string[]}]))
}

/** What to show for an item: its state when read, `gone` / `private` when upstream said so, else `unknown`. */
export function shownState(info: UpstreamInfo | undefined): ShownState {
  if (!info) return 'unknown'
  if (info.status === 'gone' || info.status === 'private') return info.status
  return info.state ?? 'unknown'
}

/**
 * Give each item of an upstream report its stored state (`state`, `upstream`) and the title upstream
 * gives it once read (the link text stays in `linkText`); keep only the items in `states`.
 */
export function attachUpstreamState(db: DB, repos: UpstreamRepository[], states?: readonly ShownState[]): UpstreamRepository[] {
  const stored = readUpstreamState(db)
  const wanted = states?.length ? new Set(states) : null
  return repos
    .map((repo) => {
      const items = repo.items.map((item): UpstreamItem => {
        const key = upstreamKey({host: repo.host, owner: repo.owner, repo: repo.repo, kind: item.kind, number: item.number, url: item.url})
        const upstream = (key && stored.get(key)) || null
        return {...item, title: upstream?.title ?? item.linkText, state: shownState(upstream ?? undefined), upstream}
      })
      return {...repo, items: wanted ? items.filter((item) => wanted.has(item.state)) : items}
    })
    .filter((repo) => repo.items.length > 0)
}

/** What a sync writes: outcomes, validators, and its own run. Statements prepared once. */
export class UpstreamStateWriter {
  private readonly s

  constructor(private readonly db: DB) {
    this.s = {
      get: db.prepare(`SELECT ${infoColumns}, changed_at AS changedAt, failures FROM upstream_state WHERE key = ?`),
      upsert: db.prepare(
        `INSERT INTO upstream_state (key, tracker, host, owner, repo, number, status, state, state_reason, type, title, author, labels, url,
           created_at, updated_at, closed_at, merged_at, state_since, previous_state, fetched_at, attempted_at, changed_at, error, failures)
         VALUES (@key, @tracker, @host, @owner, @repo, @number, @status, @state, @stateReason, @type, @title, @author, @labels, @url,
           @createdAt, @updatedAt, @closedAt, @mergedAt, @stateSince, @previousState, @fetchedAt, @attemptedAt, @changedAt, @error, @failures)
         ON CONFLICT (key) DO UPDATE SET status = excluded.status, state = excluded.state, state_reason = excluded.state_reason,
           type = excluded.type, title = excluded.title, author = excluded.author, labels = excluded.labels, url = excluded.url,
           created_at = excluded.created_at, updated_at = excluded.updated_at, closed_at = excluded.closed_at, merged_at = excluded.merged_at,
           state_since = excluded.state_since, previous_state = excluded.previous_state, fetched_at = excluded.fetched_at,
           attempted_at = excluded.attempted_at, changed_at = excluded.changed_at, error = excluded.error, failures = excluded.failures`,
      ),
      confirm: db.prepare(`UPDATE upstream_state SET status = 'ok', fetched_at = @now, attempted_at = @now, error = NULL, failures = 0 WHERE key = @key`),
      validator: db.prepare('SELECT url, etag, last_modified AS lastModified FROM upstream_validators WHERE url = ?'),
      setValidator: db.prepare(
        `INSERT INTO upstream_validators (url, etag, last_modified, stored_at) VALUES (@url, @etag, @lastModified, @now)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, stored_at = excluded.stored_at`,
      ),
      openRun: db.prepare('SELECT id, started_at AS startedAt FROM upstream_sync_runs WHERE scope = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1'),
      startRun: db.prepare('INSERT INTO upstream_sync_runs (scope, started_at) VALUES (?, ?)'),
      abandonRuns: db.prepare('UPDATE upstream_sync_runs SET finished_at = ? WHERE scope = ? AND finished_at IS NULL'),
      finishRun: db.prepare(
        `UPDATE upstream_sync_runs SET finished_at = @now, items = items + @items, requests = requests + @requests,
           not_modified = not_modified + @notModified, errors = errors + @errors WHERE id = @id`,
      ),
    }
  }

  /** The stored state of one item. */
  stored(key: string): (UpstreamInfo & {changedAt: string | null; failures: number}) | undefined {
    const row = this.s.get.get(key) as (UpstreamInfo & {labels: string; changedAt: string | null; failures: number}) | undefined
    return row && {...row, labels: JSON.parse(row.labels) as string[]}
  }

  validator(url: string): Validator | undefined {
    return this.s.validator.get(url) as Validator | undefined
  }

  /** Record what a batch of requests found, in one transaction; returns how many items changed. */
  save(outcomes: readonly UpstreamOutcome[], validators: readonly Validator[], now: string): number {
    let changed = 0
    this.db.transaction(() => {
      for (const v of validators) this.s.setValidator.run({...v, now})
      for (const outcome of outcomes) if (this.write(outcome, now)) changed++
    })()
    return changed
  }

  private write(outcome: UpstreamOutcome, now: string): boolean {
    const {ref} = outcome
    if (outcome.status === 'unchanged') {
      this.s.confirm.run({key: ref.key, now})
      return false
    }
    const before = this.stored(ref.key)
    const base = {key: ref.key, tracker: ref.tracker, host: ref.host, owner: ref.owner, repo: ref.repo, number: ref.number, attemptedAt: now}
    if (outcome.status !== 'ok') {
      // The last state read stays: a deleted issue keeps the title it had.
      const kept = before ?? emptyInfo(now)
      this.s.upsert.run({...base, ...kept, labels: JSON.stringify(kept.labels), status: outcome.status, attemptedAt: now, changedAt: before?.changedAt ?? null, error: outcome.error, failures: (before?.failures ?? 0) + 1})
      return false
    }
    const read = {...outcome.read, title: plain(outcome.read.title), author: outcome.read.author && plain(outcome.read.author), labels: outcome.read.labels.map(plain)}
    const stateChanged = before?.state != null && before.state !== read.state
    const shown = (i: {title: string | null; state: string | null; labels: string[]; url: string | null}) => JSON.stringify([i.title, i.state, i.labels, i.url])
    const changed = !before || before.status !== 'ok' || shown(before) !== shown(read)
    const upstreamDate = read.state === 'merged' ? read.mergedAt : read.state === 'closed' ? read.closedAt : null
    this.s.upsert.run({
      ...base,
      ...read,
      labels: JSON.stringify(read.labels),
      status: 'ok',
      stateSince: upstreamDate ?? (stateChanged ? now : (before?.stateSince ?? null)),
      previousState: stateChanged ? before!.state : (before?.previousState ?? null),
      fetchedAt: now,
      changedAt: changed ? now : (before?.changedAt ?? null),
      error: null,
      failures: 0,
    })
    return changed
  }

  /**
   * Start a run of `scope`, or resume the unfinished one if it started less than `resumeWithinMs` ago:
   * `resumeSince` is when that one started. An older unfinished run is closed and not resumed.
   */
  startRun(scope: string, now: string, resumeWithinMs: number): {id: number; resumeSince: string | null} {
    const open = this.s.openRun.get(scope) as {id: number; startedAt: string} | undefined
    if (open && Date.parse(now) - Date.parse(open.startedAt) <= resumeWithinMs) return {id: open.id, resumeSince: open.startedAt}
    this.s.abandonRuns.run(now, scope)
    return {id: Number(this.s.startRun.run(scope, now).lastInsertRowid), resumeSince: null}
  }

  finishRun(id: number, stats: {items: number; requests: number; notModified: number; errors: number}, now: string): void {
    this.s.finishRun.run({id, now, ...stats})
  }
}

/** Text from upstream as one line without control characters: a title must not move a terminal's cursor or add lines. */
const plain = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim()

function emptyInfo(now: string): UpstreamInfo {
  return {
    status: 'error',
    state: null,
    stateReason: null,
    type: null,
    title: null,
    author: null,
    labels: [],
    url: null,
    createdAt: null,
    updatedAt: null,
    closedAt: null,
    mergedAt: null,
    stateSince: null,
    previousState: null,
    fetchedAt: null,
    attemptedAt: now,
    error: null,
  }
}
