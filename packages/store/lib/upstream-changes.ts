import type {DB} from './database.ts'
import {upstreamReport, type UpstreamItem} from './queries.ts'
import type {ShownState} from './upstream-state.ts'

export interface ChangesFilter {
  /** Only meetings of this series count as mentions. */
  series?: string
  /** Only state changes on or after this ISO date. */
  since?: string
  /** Open items no meeting mentioned for this many months are listed too; 0 for none (default 3). */
  staleMonths?: number
  own?: string[]
  repo?: string
  /** The day "for N months" counts to (default: today). */
  now?: Date
}

export interface UpstreamChange {
  /** `changed`: its state changed after the last meeting that mentioned it; `stale`: open and not mentioned for months. */
  reason: 'changed' | 'stale'
  repository: string
  ref: string
  url: string
  kind: string
  title: string
  state: ShownState
  previousState: string | null
  /** When the state changed: the merge or close date upstream, or the sync that saw it change. */
  changedAt: string | null
  /** The last meeting that mentioned it (of `series`, when given): its date, file and series. */
  lastSeen: string
  lastPath: string
  /** The line of that mention in its file. */
  lastLine: number
  lastSeries: string
  /** Days from the last mention to the change (`changed`) or to today (`stale`). */
  days: number
  /** `merged 3 weeks after product-board/2024-08-12 last mentioned it`. */
  summary: string
}

/** The columns of a change, for CSV and tables. */
export const upstreamChangeColumns = ['reason', 'state', 'ref', 'title', 'summary', 'changedAt', 'previousState', 'lastSeen', 'lastPath', 'lastLine', 'days', 'repository', 'kind', 'url']

/**
 * What a chair reads before the next meeting: items whose state changed after the last meeting that
 * mentioned them, newest change first, then open items no meeting has mentioned for months, the
 * longest forgotten first.
 */
export function upstreamChanges(db: DB, filter: ChangesFilter = {}): UpstreamChange[] {
  const now = filter.now ?? new Date()
  const staleMonths = filter.staleMonths ?? 3
  const cutoff = new Date(now)
  cutoff.setUTCMonth(cutoff.getUTCMonth() - staleMonths)
  const staleBefore = staleMonths > 0 ? isoDay(cutoff) : null
  const changed: UpstreamChange[] = []
  const stale: UpstreamChange[] = []
  for (const repo of upstreamReport(db, {own: filter.own, repo: filter.repo})) {
    for (const item of repo.items) {
      const last = lastMention(item, filter.series)
      if (!last?.date) continue
      const base = {repository: repo.name, ref: item.ref, url: item.upstream?.url ?? item.url, kind: item.kind, title: item.title, state: item.state, lastSeen: last.date, lastPath: last.path, lastLine: last.line, lastSeries: last.series}
      const info = item.upstream
      const since = info?.status === 'ok' || info?.status === 'error' ? info.stateSince : null
      const verb = info && changeVerb(item.state, info.previousState)
      if (since && verb && isoDay(since) > last.date && (!filter.since || isoDay(since) >= filter.since)) {
        const days = daysBetween(last.date, since)
        changed.push({...base, reason: 'changed', previousState: info.previousState, changedAt: since, days, summary: `${verb} ${span(days)} after ${where(last)} last mentioned it`})
      } else if (staleBefore && (item.state === 'open' || item.state === 'draft') && last.date < staleBefore) {
        const days = daysBetween(last.date, now.toISOString())
        stale.push({...base, reason: 'stale', previousState: null, changedAt: null, days, summary: `${item.state}, not mentioned for ${span(days)} (last: ${where(last)})`})
      }
    }
  }
  changed.sort((a, b) => (b.changedAt ?? '').localeCompare(a.changedAt ?? '') || a.ref.localeCompare(b.ref))
  stale.sort((a, b) => a.lastSeen.localeCompare(b.lastSeen) || a.ref.localeCompare(b.ref))
  return [...changed, ...stale]
}

type Mention = UpstreamItem['meetings'][number]

/** The latest meeting (of `series`, when given) that mentioned the item. */
function lastMention(item: UpstreamItem, series: string | undefined): Mention | undefined {
  let last: Mention | undefined
  for (const m of item.meetings) {
    if (series !== undefined && m.series !== series) continue
    if (!last || (m.date ?? '') > (last.date ?? '') || (m.date === last.date && m.path > last.path)) last = m
  }
  return last
}

/** The word for a state reached: merged, closed, reopened, … — `null` for a state nothing changed into. */
function changeVerb(state: ShownState, previous: string | null): string | null {
  if (state === 'merged' || state === 'closed') return state
  if (state === 'open' && (previous === 'closed' || previous === 'merged')) return 'reopened'
  if (state === 'open' && previous === 'draft') return 'marked ready for review'
  if (state === 'draft' && previous === 'open') return 'turned into a draft'
  return null
}

const where = (m: Mention) => (m.series ? `${m.series}/${m.date}` : (m.date ?? m.path))
const isoDay = (iso: string | Date) => (typeof iso === 'string' ? iso : iso.toISOString()).slice(0, 10)
const daysBetween = (from: string, to: string) => Math.round((Date.parse(isoDay(to)) - Date.parse(isoDay(from))) / 86_400_000)

/** `3 days`, `3 weeks`, `7 months`, `2 years`. */
function span(days: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  if (days < 14) return unit(days, 'day')
  if (days < 60) return unit(Math.round(days / 7), 'week')
  if (days < 730) return unit(Math.round(days / 30.44), 'month')
  return unit(Math.round(days / 365.25), 'year')
}
