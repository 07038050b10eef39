import {prepared, type ListSpec, type Mode, type Term} from './keyset.ts'
import type {DB} from './database.ts'
import {Where} from './where.ts'
import {findPerson, linkWhere, type ActionFilter, type LinkFilter, type MeetingFilter} from './queries.ts'

/**
 * Every list's filters and orders, for `pageKeys`. Each order is the one the lists had when they
 * were sorted in JavaScript: the list's default order, or a stable sort by one field (nulls last,
 * strings by `localeCompare`) over it — and then the row's id, so every row has a place.
 * Nullable dates are COALESCEd: `''` sorts before every date, `'~'` after. The migration
 * `006-paging.sql` indexes these expressions.
 */

const datesLast = "COALESCE(m.date, '~')"

/**
 * A filter on rows of another table, in the form that suits the plan: `walk` (the sort index read
 * in order, each row checked: EXISTS, one probe per row) or `drive` (the filter's own index leads:
 * IN, the matching ids read first).
 */
function via(mode: Mode, row: string, exists: string, ids: string): string {
  return mode === 'walk' ? `EXISTS (SELECT 1 FROM ${exists})` : `${row} IN (SELECT ${ids})`
}

const desc = (sql: string): Term => ({sql, desc: true})
const asc = (sql: string): Term => ({sql})
const icu = (name: string, sql: string, values: string, options: {desc?: boolean; nullable?: boolean} = {}): Term => ({
  sql,
  desc: options.desc,
  icu: {name, values, nullable: options.nullable},
})

/** Sorts by a text field, both ways, ahead of the default order. */
function byText(name: string, field: string, sql: string, values: string, rest: Term[], nullable = false): Record<string, Term[]> {
  return {[field]: [icu(name, sql, values, {nullable}), ...rest], [`-${field}`]: [icu(name, sql, values, {desc: true, nullable}), ...rest]}
}

/** Sorts that name a field these rows do not have: a stable sort by it changed nothing. */
function unchanged(fields: string[], rest: Term[]): Record<string, Term[]> {
  return Object.fromEntries(fields.flatMap((f) => [[f, rest], [`-${f}`, rest]]))
}

const meetingOrder = [desc("COALESCE(m.date, '')"), asc('m.path'), asc('m.id')]

export const meetingList: ListSpec<MeetingFilter> = {
  from: 'meetings m',
  rows: 'SELECT max(id) FROM meetings',
  id: 'm.id',
  json: 'm.row_json',
  where(db, filter, mode) {
    const person = filter.person ? findPerson(db, filter.person) : undefined
    if (person === null) return null
    return new Where()
      .when(filter.series, 'm.series = @series', 'series')
      .when(filter.since, 'm.date >= @since', 'since')
      .when(filter.until, 'm.date <= @until', 'until')
      .when(person?.id, via(mode, 'm.id', 'attendance x WHERE x.meeting_id = m.id AND x.person_id = @person', 'meeting_id FROM attendance WHERE person_id = @person'), 'person')
  },
  orders: {
    '': meetingOrder,
    '-date': meetingOrder,
    date: [asc(datesLast), asc('m.path'), asc('m.id')],
    ...byText('meeting_path', 'path', 'm.path', 'SELECT DISTINCT path FROM meetings', meetingOrder),
    ...byText('meeting_series', 'series', 'm.series', 'SELECT DISTINCT series FROM meetings', meetingOrder),
  },
}

const actionOrder = [desc("COALESCE(m.date, '')"), asc('m.path'), asc('a.line'), asc('a.id')]
/** An action item's status (`a`, its thread `t`): the thread's, or the item's own done flag without one. */
export const actionStatus = "COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END)"
/** The same orders over a person's assignments, which carry their item's date, path and line (migration 007). */
const personNewest = [desc("COALESCE(x.meeting_date, '')"), asc('x.meeting_path'), asc('x.item_line'), asc('x.action_id')]
const personOldest = [asc("COALESCE(x.meeting_date, '~')"), asc('x.meeting_path'), asc('x.item_line'), asc('x.action_id')]
const personOrders = {'': personNewest, '-date': personNewest, date: personOldest, ...unchanged(['lastSeen', 'firstSeen', 'meetings'], personNewest)}

export const actionList: ListSpec<ActionFilter> = {
  from: 'action_items a JOIN meetings m ON m.id = a.meeting_id LEFT JOIN action_threads t ON t.id = a.thread_id',
  walk: 'meetings m CROSS JOIN action_items a ON a.meeting_id = m.id LEFT JOIN action_threads t ON t.id = a.thread_id',
  rows: 'SELECT max(id) FROM action_items',
  id: 'a.id',
  json: 'a.row_json',
  where(db, filter, mode) {
    const person = filter.person === undefined ? undefined : findPerson(db, filter.person)
    if (person === null) return null
    return new Where()
      .when(person?.id, via(mode, 'a.id', 'action_assignees x WHERE x.action_id = a.id AND x.person_id = @person', 'action_id FROM action_assignees WHERE person_id = @person'), 'person')
      .when(filter.series, 'm.series = @series', 'series')
      .when(filter.since, 'm.date >= @since', 'since')
      .when(filter.status === 'all' ? undefined : filter.status, `${actionStatus} = @status`, 'status')
  },
  orders: {
    '': actionOrder,
    '-date': actionOrder,
    date: [asc(datesLast), asc('m.path'), asc('a.line'), asc('a.id')],
    ...byText('action_text', 'text', 'a.text', 'SELECT DISTINCT text FROM action_items', actionOrder),
    ...unchanged(['lastSeen', 'firstSeen', 'meetings'], actionOrder),
  },
  // A person's items, in date order, from their own index: a page costs the same for someone with
  // 15 000 items at 100× as for someone with 10 (a text sort goes the general way).
  indexed(db, filter) {
    if (filter.person === undefined) return undefined
    const person = findPerson(db, filter.person)
    if (person === null) return null
    const status = filter.status === 'all' ? undefined : filter.status
    // Only the tables a filter needs: a person's page without one, or with a status (each assignment
    // carries its item's, migration 016), reads their index alone.
    let from = 'action_assignees x'
    if (filter.series) from += ' CROSS JOIN action_items a ON a.id = x.action_id JOIN meetings m ON m.id = a.meeting_id'
    return {
      id: 'x.action_id',
      // The item's JSON, copied into each assignment (migration 018): a person's page reads their index alone.
      json: 'x.item_json',
      total: filter.series || filter.since ? undefined : () => keptItems(db, person.id, status),
      from,
      where: new Where()
        .add('x.person_id = @person', {person: person.id})
        .when(filter.series, 'm.series = @series', 'series')
        // Both: the first is the filter, the second a range of the index's date.
        .when(filter.since, "x.meeting_date >= @since AND COALESCE(x.meeting_date, '') >= @since", 'since')
        .when(status, 'x.item_status = @status', 'status'),
      orders: personOrders,
    }
  },
}

/** How many action items of `person` have `status` (all without one), as kept at ingest (migration 014); `undefined` when not kept. */
function keptItems(db: DB, person: number, status: 'open' | 'done' | undefined): number | undefined {
  const row = prepared(db, 'SELECT items_open AS open, items_done AS done FROM person_stats WHERE person_id = ?').get(person) as
    | {open: number | null; done: number | null}
    | undefined
  if (!row || row.open === null || row.done === null) return undefined
  return status === undefined ? row.open + row.done : status === 'open' ? row.open : row.done
}

const lastSeenFirst = "COALESCE(t.last_seen, '')"
const threadOrder = [desc(lastSeenFirst), asc('t.id')]

export const threadList: ListSpec<ActionFilter> = {
  from: 'action_threads t',
  rows: 'SELECT max(id) FROM action_threads',
  id: 't.id',
  where(db, filter, mode) {
    const person = filter.person === undefined ? undefined : findPerson(db, filter.person)
    if (person === null) return null
    return new Where()
      .when(
        person?.id,
        via(
          mode,
          't.id',
          'action_items a JOIN action_assignees x ON x.action_id = a.id WHERE a.thread_id = t.id AND x.person_id = @person',
          'a.thread_id FROM action_assignees x JOIN action_items a ON a.id = x.action_id WHERE x.person_id = @person',
        ),
        'person',
      )
      .when(filter.series, 't.series = @series', 'series')
      .when(filter.since, 't.last_seen >= @since', 'since')
      .when(filter.status === 'all' ? undefined : filter.status, 't.status = @status', 'status')
  },
  orders: {
    '': threadOrder,
    '-lastSeen': threadOrder,
    lastSeen: [asc("COALESCE(t.last_seen, '~')"), asc('t.id')],
    firstSeen: [asc("COALESCE(t.first_seen, '~')"), ...threadOrder],
    '-firstSeen': [desc("COALESCE(t.first_seen, '')"), ...threadOrder],
    meetings: [asc('t.meetings'), ...threadOrder],
    '-meetings': [desc('t.meetings'), ...threadOrder],
    ...byText('thread_text', 'text', 't.text', 'SELECT DISTINCT text FROM action_threads', threadOrder),
    ...unchanged(['date'], threadOrder),
  },
}

const linkOrder = [asc("COALESCE(m.date, '')"), asc('m.path'), asc('l.line'), asc('l.id')]

export const linkList: ListSpec<LinkFilter> = {
  from: 'links l JOIN meetings m ON m.id = l.meeting_id',
  walk: 'meetings m CROSS JOIN links l ON l.meeting_id = m.id',
  rows: 'SELECT max(id) FROM links',
  id: 'l.id',
  json: 'l.row_json',
  where: (db, filter) => linkWhere(db, filter),
  orders: {
    '': linkOrder,
    date: [asc(datesLast), ...linkOrder.slice(1)],
    '-date': [desc("COALESCE(m.date, '')"), ...linkOrder.slice(1)],
    ...byText('link_url', 'url', 'l.url', 'SELECT DISTINCT url FROM links', linkOrder),
  },
  // Links read from an index in list order, by the copies of their meeting's date and path (the same
  // keys as `linkOrder`): of one kind or host in the default order, from the index that leads with it
  // (migration 012); all links in each date order, from that order's own (017).
  indexed(_db, filter) {
    if (filter.upstream || filter.repo || filter.owner || filter.meetingId !== undefined) return undefined
    return {
      id: 'l.id',
      json: 'l.row_json',
      from: 'links l',
      where: new Where().when(filter.kind, 'l.kind = @kind', 'kind').when(filter.host, 'l.host = lower(@host)', 'host'),
      orders: filter.kind || filter.host ? {'': linkCopyOrders['']!} : linkCopyOrders,
    }
  },
}

const linkCopyRest = [asc('l.meeting_path'), asc('l.line'), asc('l.id')]
const linkCopyOrders: Record<string, Term[]> = {
  '': [asc("COALESCE(l.meeting_date, '')"), ...linkCopyRest],
  date: [asc("COALESCE(l.meeting_date, '~')"), ...linkCopyRest],
  '-date': [desc("COALESCE(l.meeting_date, '')"), ...linkCopyRest],
}

const personOrder = [desc('s.meetings'), asc('s.person'), asc('s.person_id')]

export const personList: ListSpec<{personId?: number}> = {
  from: 'person_stats s',
  id: 's.person_id',
  where: (_db, filter) => new Where().when(filter.personId, 's.person_id = @personId', 'personId'),
  orders: {
    '': personOrder,
    '-meetings': personOrder,
    meetings: [asc('s.meetings'), asc('s.person'), asc('s.person_id')],
    open: [asc('s.open'), ...personOrder],
    '-open': [desc('s.open'), ...personOrder],
    lastSeen: [asc("COALESCE(s.last_seen, '~')"), ...personOrder],
    '-lastSeen': [desc("COALESCE(s.last_seen, '')"), ...personOrder],
    ...byText('person', 'person', 's.person', 'SELECT DISTINCT person FROM person_stats', personOrder),
  },
}

const problemOrder = [asc('p.path'), asc('COALESCE(p.line, -1)'), asc('COALESCE(p."column", -1)'), asc('p.id')]

export const problemList: ListSpec<{rule?: string; severity?: string; path?: string}> = {
  from: 'problems p',
  rows: 'SELECT max(id) FROM problems',
  id: 'p.id',
  where: (_db, filter) =>
    new Where().when(filter.rule, 'p.rule_id = @rule', 'rule').when(filter.severity, 'p.severity = @severity', 'severity').when(filter.path, 'p.path = @path', 'path'),
  orders: {
    '': problemOrder,
    ...byText('problem_path', 'path', 'p.path', 'SELECT DISTINCT path FROM problems', problemOrder),
    ...byText('problem_rule', 'rule', 'p.rule_id', 'SELECT DISTINCT rule_id FROM problems WHERE rule_id IS NOT NULL', problemOrder, true),
  },
}

const seriesOrder = [asc('s.series')]

export const seriesList: ListSpec<Record<string, never>> = {
  from: 'series_stats s',
  id: 's.rowid',
  where: () => new Where(),
  orders: {
    '': seriesOrder,
    ...byText('series', 'series', 's.series', 'SELECT series FROM series_stats', seriesOrder),
    meetings: [asc('s.meetings'), ...seriesOrder],
    '-meetings': [desc('s.meetings'), ...seriesOrder],
    lastDate: [asc("COALESCE(s.last_date, '~')"), ...seriesOrder],
    '-lastDate': [desc("COALESCE(s.last_date, '')"), ...seriesOrder],
  },
}
