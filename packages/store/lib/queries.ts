import type Database from 'better-sqlite3'
import type {DB} from './database.ts'
import {getSetting} from './database.ts'
import {personKey, type Aliases} from './identity.ts'
import {attachUpstreamState, type ShownState, type UpstreamInfo} from './upstream-state.ts'
import {inOrder, pageKeys, pinned, prepared, type KeyPage, type ListSpec, type PageRequest} from './keyset.ts'
import {actionList, linkList, meetingList, personList, problemList, seriesList, threadList} from './lists.ts'
import {Where} from './where.ts'
import {sliceLines} from './lines.ts'
import {latestKept} from './summaries.ts'

export {sliceLines}

type Statement = Database.Statement<unknown[]>

/** One page of a list: `{rows, next, total, totalIsExact}` (see keyset.ts). */
export interface Page<T> extends Omit<KeyPage, 'ids'> {
  rows: T[]
}

/** A page of `spec`'s rows (every row without `request.size`), read by `load` for the page's ids only. */
function paged<F, T>(db: DB, spec: ListSpec<F>, filter: F, request: PageRequest, load: (ids: number[]) => T[]): Page<T> {
  const {ids, ...rest} = pageKeys(db, spec, filter, request)
  return {rows: ids.length ? load(ids) : [], ...rest}
}

/** Rows by id (`@ids` in `sql`), in the order of `ids`. */
function byIds<T extends {id: number}>(db: DB, sql: string, ids: number[]): T[] {
  return inOrder(ids, prepared(db, sql).all({ids: JSON.stringify(ids)}) as T[], (r) => r.id)
}

/**
 * A page whose rows are JSON built by SQLite (`json_group_array(json_object(…))`): the API sends
 * it as it is, without making objects of the rows and serializing them again — for a page of 20
 * meetings, 24 µs against 64 µs for the rows as objects, before the serializer — as the text SQLite
 * made (a blob, sent as its bytes, cost more to make and to turn into a Buffer: short rows are mostly
 * ASCII, which V8 keeps one byte a character).
 */
export interface JsonPage extends Omit<KeyPage, 'ids'> {
  /** A JSON array, in the page's order. */
  rows: string
}

const noRows = '[]'

/**
 * A page of `spec`'s rows as JSON: the kept JSON of the rows (`row_json` of `table`, migration 013)
 * joined by SQLite — a fifth to two fifths less than making each row's with `json_object`, the half
 * of a page's time it was — or, where a row's is not made yet (a database migrated to 013 and not
 * ingested since), `sql`, which makes one JSON array of the rows whose ids are `@ids` (in their order).
 */
function pagedJson<F>(db: DB, spec: ListSpec<F>, filter: F, request: PageRequest, sql: string, table: string): JsonPage {
  const keys = pageKeys(db, spec, filter, request, true)
  const page: JsonPage = {rows: keys.json ?? noRows, next: keys.next, total: keys.total, totalIsExact: keys.totalIsExact}
  if (keys.json !== undefined || !keys.ids.length) return page
  const ids = `[${keys.ids.join(',')}]`
  page.rows = (keptRows(db, table).get(ids) as string | null) ?? (prepared(db, sql).pluck().get({ids}) as string)
  return page
}

const kept = new WeakMap<DB, Map<string, Statement>>()

/**
 * The kept JSON of rows `@ids` of `table`, joined in their order; NULL when one is not made yet. One
 * statement per connection and table, in `pluck` mode once (setting it is a call into the addon).
 */
function keptRows(db: DB, table: string): Statement {
  let byTable = kept.get(db)
  if (!byTable) kept.set(db, (byTable = new Map()))
  let statement = byTable.get(table)
  if (!statement) {
    statement = db
      .prepare(
        `SELECT CASE WHEN count(*) = count(x.row_json) THEN '[' || group_concat(x.row_json, ',') || ']' END FROM json_each(?) j CROSS JOIN ${table} x ON x.id = j.value`,
      )
      .pluck()
    byTable.set(table, statement)
  }
  return statement
}

const parsed = <T>(page: JsonPage): Page<T> => ({...page, rows: JSON.parse(page.rows) as T[]})

/**
 * The JSON array of `row` (a `json_object(…)` over `from`, which uses `j.value`, the id) for the ids
 * in `@ids`, in their order, as bytes: json_each leads (`CROSS JOIN` keeps it the outer loop), each
 * row is read by its key, and the aggregate takes the rows in the loop's order, the ids' —
 * `ORDER BY j.key` in the aggregate sorted them again in a temporary b-tree, a sixth of the
 * statement (tests/paging.test.ts walks every page of every list against the order of the old
 * JavaScript paging).
 */
const jsonRowsById = (row: string, from: string) => `SELECT json_group_array(${row}) FROM json_each(@ids) j CROSS JOIN ${from}`

/** SQLite's 0/1 as JSON's false/true. */
const jsonBool = (sql: string) => `CASE WHEN ${sql} THEN json('true') ELSE json('false') END`

export type Status = 'open' | 'done' | 'all'

export interface ActionFilter {
  /** `@handle` or a plain name; aliases apply. */
  person?: string
  status?: Status
  series?: string
  /** ISO date: mentions (or threads last seen) on or after it. */
  since?: string
}

export interface ActionRow {
  id: number
  path: string
  series: string
  date: string | null
  topic: string | null
  text: string
  line: number
  /** As written in this meeting. */
  done: boolean
  /** The thread's status: a task done later is not open in its earlier mentions. */
  status: 'open' | 'done'
  assignees: string[]
  threadId: number | null
}

export interface ThreadRow {
  id: number
  series: string
  text: string
  assignees: string[]
  status: 'open' | 'done'
  firstSeen: string | null
  lastSeen: string | null
  meetings: number
  mentions: Array<{path: string; date: string | null; line: number; done: boolean; text: string}>
}

/** The aliases stored with the database. */
export function storedAliases(db: DB): Aliases {
  return new Map((prepared(db, 'SELECT alias, handle FROM aliases').all() as Array<{alias: string; handle: string}>).map((r) => [r.alias, r.handle]))
}

/** The person id a filter value names, or `null` when nobody by that name is in the database. */
export function findPerson(db: DB, who: string): {id: number; key: string} | null {
  // A server's snapshot sees one state: whom a name stands for is looked up once per snapshot.
  return pinned(db, 'person', who, () => lookUpPerson(db, who))
}

function lookUpPerson(db: DB, who: string): {id: number; key: string} | null {
  // personKey with the stored aliases, reading the one alias that could apply rather than all of them.
  const lower = who.trim().toLowerCase()
  const alias = prepared(db, 'SELECT handle FROM aliases WHERE alias = ?').pluck().get(lower) as string | undefined
  const {key} = personKey(who, alias ? new Map([[lower, alias]]) : noAliases)
  const byKey = prepared(db, 'SELECT id, key FROM people WHERE key = ?')
  const row = byKey.get(key) as {id: number; key: string} | undefined
  if (row) return row
  // A bare `jschoone` means `@jschoone` when that is someone.
  if (!who.startsWith('@')) {
    const handle = byKey.get(`@${who.toLowerCase()}`) as {id: number; key: string} | undefined
    if (handle) return handle
  }
  return null
}

const noAliases: Aliases = new Map()

/** A link as the lists show it (`l`, its meeting `m`), in the API's field order. */
const linkJson = `json_object('url', l.url, 'text', l.text, 'path', m.path, 'date', m.date, 'line', l.line, 'topic', l.topic, 'host', l.host, 'owner', l.owner,
  'repo', l.repo, 'kind', l.kind, 'number', l.number)`

/** Assignees of action item `a`, handles or names, as a JSON array (`[]` for none: an aggregate over no rows). */
const assigneesJson = `(SELECT json_group_array(COALESCE(p.handle, p.name)) FROM action_assignees x JOIN people p ON p.id = x.person_id WHERE x.action_id = a.id)`
const assigneesOf = `COALESCE(${assigneesJson}, '[]')`

/** Action items, one row per mention: MeetBot's "action items, by person", across all meetings. */
export function listActions(db: DB, filter: ActionFilter = {}): ActionRow[] {
  return pageActions(db, filter).rows
}

export function pageActions(db: DB, filter: ActionFilter = {}, request: PageRequest = {}): Page<ActionRow> {
  return parsed(pageActionsJson(db, filter, request))
}

/** A page of action items as JSON, as the API answers them. */
export function pageActionsJson(db: DB, filter: ActionFilter = {}, request: PageRequest = {}): JsonPage {
  return pagedJson(db, actionList, filter, request, jsonRowsById(actionJson, `action_items a ON a.id = j.value ${actionJoins}`), 'action_items')
}

const actionJoins = 'JOIN meetings m ON m.id = a.meeting_id LEFT JOIN action_threads t ON t.id = a.thread_id'

/** An action item as the lists show it (`a`, its meeting `m`, its thread `t`), in the API's field order. */
const actionJson = `json_object('id', a.id, 'path', m.path, 'series', m.series, 'date', m.date, 'topic', a.topic, 'text', a.text, 'line', a.line,
  'done', ${jsonBool('a.done = 1')}, 'status', COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END),
  'assignees', ${assigneesJson}, 'threadId', a.thread_id)`

/** Action threads: one row per task, with every meeting that mentioned it. */
export function listThreads(db: DB, filter: ActionFilter = {}): ThreadRow[] {
  return pageThreads(db, filter).rows
}

export function pageThreads(db: DB, filter: ActionFilter = {}, request: PageRequest = {}): Page<ThreadRow> {
  return paged(db, threadList, filter, request, (ids) => {
    const mentions = prepared(
      db,
      `SELECT m.path, m.date, a.line, a.done, a.text FROM action_items a JOIN meetings m ON m.id = a.meeting_id
        WHERE a.thread_id = ? ORDER BY m.date, m.path, a.line`,
    )
    return threadSummaries(db, ids).map(({assignees, ...t}) => ({
      ...t,
      assignees,
      mentions: (mentions.all(t.id) as Array<{path: string; date: string | null; line: number; done: number; text: string}>).map((m) => ({...m, done: m.done === 1})),
    }))
  })
}

/** A thread's own columns and the assignees of its latest mention, as the thread lists show them (`t`). */
const threadColumns = `t.id, t.series, t.text, t.status, t.first_seen AS firstSeen, t.last_seen AS lastSeen, t.meetings,
  (SELECT ${assigneesOf} FROM action_items a WHERE a.id = t.last_item_id) AS assignees`

function threadSummaries(db: DB, ids: number[]): Array<Omit<ThreadRow, 'mentions'>> {
  return byIds<Omit<ThreadRow, 'assignees' | 'mentions'> & {assignees: string}>(
    db,
    `SELECT ${threadColumns} FROM action_threads t WHERE t.id IN (SELECT value FROM json_each(@ids))`,
    ids,
  ).map((t) => ({...t, assignees: JSON.parse(t.assignees) as string[]}))
}

/** A page of threads with the place of their last mention only (a person's lists), not every mention. */
function pageThreadSummaries(db: DB, filter: ActionFilter, request: PageRequest): Page<ThreadSummary> {
  return paged(db, threadList, filter, request, (ids) =>
    byIds<Omit<ThreadSummary, 'assignees' | 'lastPath' | 'lastLine' | 'lastMeetingId'> & {assignees: string; last: string | null}>(
      db,
      `SELECT ${threadColumns},
              (SELECT json_array(m.path, a.line, m.id) FROM action_items a JOIN meetings m ON m.id = a.meeting_id
                WHERE a.thread_id = t.id ORDER BY m.date DESC, m.path DESC, a.line DESC LIMIT 1) AS last
         FROM action_threads t WHERE t.id IN (SELECT value FROM json_each(@ids))`,
      ids,
    ).map(({assignees, last, ...t}) => {
      const [lastPath, lastLine, lastMeetingId] = last ? (JSON.parse(last) as [string, number, number]) : [null, null, null]
      return {...t, assignees: JSON.parse(assignees) as string[], lastPath, lastLine, lastMeetingId}
    }),
  )
}

export interface PersonRow {
  person: string
  handle: string | null
  name: string | null
  meetings: number
  firstSeen: string | null
  lastSeen: string | null
  open: number
  done: number
  topicsOwned: number
}

/** Everyone in the minutes: meetings attended, open and done tasks (threads), topics owned (kept by summaries.ts). */
export function listPeople(db: DB, filter: {personId?: number} = {}): PersonRow[] {
  return pagePeople(db, filter).rows
}

export function pagePeople(db: DB, filter: {personId?: number} = {}, request: PageRequest = {}): Page<PersonRow> {
  return paged(db, personList, filter, request, (ids) =>
    byIds<PersonRow & {id: number}>(
      db,
      `SELECT s.person_id AS id, s.person, p.handle, p.name, s.meetings, s.first_seen AS firstSeen, s.last_seen AS lastSeen, s.open, s.done, s.topics_owned AS topicsOwned
         FROM person_stats s JOIN people p ON p.id = s.person_id WHERE s.person_id IN (SELECT value FROM json_each(@ids))`,
      ids,
    ).map(({id: _id, ...row}) => row),
  )
}

export interface MeetingFilter {
  series?: string
  since?: string
  until?: string
  person?: string
}

export interface MeetingRow {
  id: number
  path: string
  series: string
  date: string | null
  title: string | null
  participants: number
  topics: number
  actions: number
  decisions: number
  links: number
  problems: number
}

export function listMeetings(db: DB, filter: MeetingFilter = {}): MeetingRow[] {
  return pageMeetings(db, filter).rows
}

export function pageMeetings(db: DB, filter: MeetingFilter = {}, request: PageRequest = {}): Page<MeetingRow> {
  return parsed(pageMeetingsJson(db, filter, request))
}

/** A meeting as the lists show it (`m`, its counts `c`), in the API's field order. */
const meetingRowJson = `json_object('id', m.id, 'path', m.path, 'series', m.series, 'date', m.date, 'title', m.title, 'participants', c.participants,
  'topics', c.topics, 'actions', c.actions, 'decisions', c.decisions, 'links', c.links, 'problems', c.problems)`

/**
 * Each list row's JSON and each meeting's kept lists (`row_json`, `lists_json`, migration 013): made
 * for every row whose is NULL — new rows, and those the triggers found changed — in the ingest's
 * transaction, after the threads are rebuilt. The same expressions as the pages and the detail read
 * when one is missing. Returns the rows made.
 */
export function refreshRowJson(db: DB): number {
  const fill = (table: string, column: string, json: string, from: string, id: string) =>
    prepared(db, `UPDATE ${table} SET ${column} = (SELECT ${json} FROM ${from} WHERE ${id} = ${table}.id) WHERE ${column} IS NULL`).run().changes
  return (
    fill('meetings', 'row_json', meetingRowJson, 'meetings m JOIN meeting_counts c ON c.meeting_id = m.id', 'm.id') +
    fill('action_items', 'row_json', actionJson, `action_items a ${actionJoins}`, 'a.id') +
    fill('links', 'row_json', linkJson, 'links l JOIN meetings m ON m.id = l.meeting_id', 'l.id') +
    fill('meetings', 'lists_json', meetingListsJson, 'meetings m', 'm.id') +
    refreshDetails(db)
  )
}

/**
 * Each meeting's whole detail as the API sends it (`meeting_details.json`, migration 015), made for
 * every meeting whose is NULL, after its rows' JSON and its lists: the bytes `meetingJson` builds
 * from the tables, kept as text. Returns the details made.
 */
function refreshDetails(db: DB): number {
  const stale = prepared(db, 'SELECT meeting_id FROM meeting_details WHERE json IS NULL').pluck().all() as number[]
  const keep = prepared(db, 'UPDATE meeting_details SET json = CAST(? AS TEXT) WHERE meeting_id = ?')
  let made = 0
  for (const id of stale) {
    const json = builtMeetingJson(db, id)
    if (json) made += keep.run(json, id).changes
  }
  return made
}

/** A page of meetings as JSON, as the API answers them. */
export function pageMeetingsJson(db: DB, filter: MeetingFilter = {}, request: PageRequest = {}): JsonPage {
  return pagedJson(
    db,
    meetingList,
    filter,
    request,
    jsonRowsById(meetingRowJson, 'meetings m ON m.id = j.value JOIN meeting_counts c ON c.meeting_id = m.id'),
    'meetings',
  )
}

export interface MeetingDetail {
  id: number
  path: string
  /** The meeting's first and last line in its file. */
  range: [number, number]
  /** Its place among the meetings of its file (0 for the first), and how many the file holds. */
  position: number
  meetingsInFile: number
  series: string
  date: string | null
  title: string | null
  canceled: boolean
  contentHash: string
  /** The meeting's own lines of the file (`range`); line 1 of it is line `range[0]` of the file. */
  raw: string
  participants: Array<{person: string; written: string; name: string | null; affiliation: string | null; abbreviation: string | null; line: number}>
  topics: Array<{title: string; depth: number; line: number; owners: string[]}>
  actionItems: Array<{assignees: string[]; text: string; line: number; done: boolean; status: 'open' | 'done'; topic: string | null; threadId: number | null}>
  decisions: Array<{text: string; line: number; topic: string | null}>
  links: LinkRow[]
  problems: Array<{line: number | null; column: number | null; ruleId: string | null; severity: string; reason: string}>
}

/** The ids of the meetings a file holds, in file order (several for a year file; none for a file that is not minutes). */
export function meetingsOfFile(db: DB, path: string): number[] {
  return db.prepare('SELECT id FROM meetings WHERE path = ? ORDER BY position').pluck().all(path.replace(/^\.?\//, '')) as number[]
}

/** A meeting's own lines of its file, and the file line its first line is. */
export function meetingMarkdown(db: DB, id: number): {raw: string; firstLine: number} | null {
  const row = prepared(db, 'SELECT f.raw, m.first_line AS first, m.last_line AS last FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.id = ?').get(id) as {raw: string; first: number; last: number} | undefined
  if (!row) return null
  return {raw: sliceLines(row.raw, row.first, row.last), firstLine: row.first}
}

/**
 * One meeting as stored: everything extracted, identities resolved, with its markdown. By id, or by
 * file path (the file's first meeting; `path:line` — the meeting holding that line).
 */
export function showMeeting(db: DB, pathOrId: string | number): MeetingDetail | null {
  let id: number | undefined
  if (typeof pathOrId === 'number') id = pathOrId
  else {
    const at = /^(.*?):(\d+)$/.exec(pathOrId)
    const path = (at ? at[1]! : pathOrId).replace(/^\.?\//, '')
    id = (
      at
        ? prepared(db, 'SELECT id FROM meetings WHERE path = ? AND first_line <= ? ORDER BY first_line DESC LIMIT 1').pluck().get(path, Number(at[2]))
        : prepared(db, 'SELECT id FROM meetings WHERE path = ? ORDER BY position LIMIT 1').pluck().get(path)
    ) as number | undefined
  }
  if (id === undefined) return null
  const json = meetingJson(db, id)
  return json === null ? null : (JSON.parse(json.toString()) as MeetingDetail)
}

/**
 * A meeting (`showMeeting`) as JSON, as the API answers it: UTF-8 bytes made by SQLite, never
 * decoded into a JavaScript string and encoded again for the socket. Kept whole at ingest
 * (`meeting_details`, migration 015): one value read. Not made yet (a database migrated and not
 * ingested since), built from the tables, with the same bytes (`builtMeetingJson`).
 */
export function meetingJson(db: DB, id: number): Buffer | null {
  const kept = prepared(db, 'SELECT CAST(json AS BLOB) FROM meeting_details WHERE meeting_id = ?').pluck().get(id) as Buffer | null | undefined
  return kept ?? builtMeetingJson(db, id)
}

/**
 * A meeting's detail built from the tables, in one statement: its head; the meeting's lines, cut
 * from its file by their byte range and quoted by SQLite (migration 011; a meeting without the
 * range, written before it, has them cut and quoted here); its participants, topics, action items
 * and decisions as kept at ingest (`lists_json`, migration 013) or, not made yet, each list as a
 * JSON array of its own (nested in one `json_object`, each was parsed again); its links' kept
 * rows; its problems.
 */
function builtMeetingJson(db: DB, id: number): Buffer | null {
  const row = prepared(db, meetingDetailSql).raw().get(id) as [Buffer, Buffer | null, string | null, number, number, Buffer | null, ...Buffer[]] | undefined
  if (!row) return null
  const [head, quoted, raw, first, last, kept, ...lists] = row
  const parts = [head.subarray(0, head.length - 1), rawKey, quoted ?? Buffer.from(JSON.stringify(sliceLines(raw!, first, last)))]
  if (kept) parts.push(kept)
  lists.forEach((list, i) => {
    if (list !== null) parts.push(listKeys[i]!, list)
  })
  parts.push(closing)
  return Buffer.concat(parts)
}

/**
 * Owners of topic `t`, handles or names, as a JSON array: `[]` for none (an aggregate over no rows),
 * and JSON to `json_object` as it is (a subquery keeps the subtype; `json(COALESCE(…))` parsed it again).
 */
const ownersOf = `(SELECT json_group_array(COALESCE(p.handle, p.name)) FROM topic_owners o JOIN people p ON p.id = o.person_id WHERE o.topic_id = t.id)`

/** The JSON array of `row` over `from` (`WHERE … ORDER BY …` included); `[]` for none (an aggregate over no rows). */
const jsonList = (row: string, from: string, order: string) => `(SELECT json_group_array(${row} ORDER BY ${order}) FROM ${from})`

/**
 * The JSON array of the kept `row_json` of the rows over `from` (as `jsonList`); where any of them is
 * not made yet, the whole array built by `row`, in a second subquery that runs only then.
 */
const keptList = (from: string, order: string, row: string) =>
  `COALESCE((SELECT CASE WHEN count(*) = count(row_json) THEN '[' || COALESCE(group_concat(row_json, ',' ORDER BY ${order}), '') || ']' END FROM ${from}),
    ${jsonList(row, from, order)})`

// Each list of meeting `m` in the order the meeting's statements had it (ties as their indexes gave
// them: attendance by person, decisions and problems by id), by its key in the response schema.
const meetingLists: Array<[string, string]> = [
  [
    'participants',
    jsonList(
      `json_object('person', COALESCE(p.handle, p.name), 'written', x.written, 'name', x.name, 'affiliation', x.affiliation, 'abbreviation', x.abbreviation, 'line', x.line)`,
      'attendance x JOIN people p ON p.id = x.person_id WHERE x.meeting_id = m.id',
      'x.line, x.person_id',
    ),
  ],
  ['topics', jsonList(`json_object('title', t.title, 'depth', t.depth, 'line', t.line, 'owners', ${ownersOf})`, 'topics t WHERE t.meeting_id = m.id', 't.position')],
  [
    'actionItems',
    jsonList(
      `json_object('assignees', ${assigneesJson}, 'text', a.text, 'line', a.line, 'done', ${jsonBool('a.done = 1')},
        'status', COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END), 'topic', a.topic, 'threadId', a.thread_id)`,
      'action_items a LEFT JOIN action_threads t ON t.id = a.thread_id WHERE a.meeting_id = m.id',
      'a.line, a.id',
    ),
  ],
  ['decisions', jsonList(`json_object('text', d.text, 'line', d.line, 'topic', d.topic)`, 'decisions d WHERE d.meeting_id = m.id', 'd.line, d.id')],
  ['links', keptList('links l WHERE l.meeting_id = m.id', 'l.line, l.id', linkJson)],
  [
    'problems',
    jsonList(
      `json_object('line', q.line, 'column', q."column", 'ruleId', q.rule_id, 'severity', q.severity, 'reason', q.reason)`,
      'problems q WHERE q.meeting_id = m.id',
      'q.line, q."column", q.id',
    ),
  ],
]
/** The lists a meeting keeps in `lists_json`: the four before its links (links have kept rows of their own; problems are few). */
const keptLists = meetingLists.slice(0, 4)

/** `lists_json` of meeting `m`: the kept lists as members of the detail's object, each after a comma. */
const meetingListsJson = keptLists.map(([key, sql]) => `',"${key}":' || ${sql}`).join(' || ')

/** A meeting's lists, in the order of the response schema, after its head and `raw`. */
const listKeys = meetingLists.map(([key]) => Buffer.from(`,"${key}":`))
const rawKey = Buffer.from(',"raw":')
const closing = Buffer.from('}')

// The kept lists are read only where `lists_json` is not made yet (CASE evaluates its branch only then).
const meetingDetailSql = `SELECT
    CAST(json_object('id', m.id, 'path', m.path, 'range', json_array(m.first_line, m.last_line), 'position', m.position,
      'meetingsInFile', (SELECT count(*) FROM meetings o WHERE o.file_id = m.file_id), 'series', m.series, 'date', m.date, 'title', m.title,
      'canceled', ${jsonBool('m.canceled = 1')}, 'contentHash', f.content_hash) AS BLOB),
    CASE WHEN m.raw_start IS NOT NULL THEN CAST(json_quote(CAST(substr(CAST(f.raw AS BLOB), m.raw_start + 1, m.raw_end - m.raw_start) AS TEXT)) AS BLOB) END,
    CASE WHEN m.raw_start IS NULL THEN f.raw END, m.first_line, m.last_line,
    CAST(m.lists_json AS BLOB),
    ${meetingLists.map(([, sql], i) => (i < keptLists.length ? `CASE WHEN m.lists_json IS NULL THEN CAST(${sql} AS BLOB) END` : `CAST(${sql} AS BLOB)`)).join(',\n    ')}
  FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.id = ?`

export interface LinkFilter {
  /** Only references outside the community's own organisations. */
  upstream?: boolean
  /** The community's own organisations (default: `own` of minutes.config.json, stored at ingest). */
  own?: string[]
  /** `owner/repo`. */
  repo?: string
  /** An organisation or user (any case). */
  owner?: string
  kind?: string
  host?: string
  meetingId?: number
}

export interface LinkRow {
  url: string
  text: string
  path: string
  date: string | null
  line: number
  topic: string | null
  host: string | null
  owner: string | null
  repo: string | null
  kind: string | null
  number: number | null
}

/** The organisations a database calls its own. */
export function ownOrganisations(db: DB, given?: string[]): string[] {
  if (given && given.length) return given
  const stored = getSetting(db, 'own_orgs')
  return stored ? (JSON.parse(stored) as string[]) : []
}

export function linkWhere(db: DB, filter: LinkFilter): Where {
  const where = new Where().when(filter.meetingId, 'l.meeting_id = @meetingId', 'meetingId')
  if (filter.upstream) {
    // GitLab groups nest: `own` covers its subgroups too.
    where.add(
      `l.kind IS NOT NULL AND COALESCE(lower(l.owner), '') NOT IN (SELECT lower(value) FROM json_each(@own))
       AND NOT EXISTS (SELECT 1 FROM json_each(@own) o WHERE lower(l.owner) LIKE lower(o.value) || '/%')`,
      {own: JSON.stringify(ownOrganisations(db, filter.own))},
    )
  }
  if (filter.repo) {
    const slash = filter.repo.lastIndexOf('/')
    where.add('lower(l.owner) = lower(@owner) AND lower(l.repo) = lower(@repo)', {owner: filter.repo.slice(0, slash), repo: filter.repo.slice(slash + 1)})
  }
  return where
    .when(filter.owner, 'lower(l.owner) = lower(@ownerName)', 'ownerName')
    .when(filter.kind, 'l.kind = @kind', 'kind')
    .when(filter.host, 'l.host = lower(@host)', 'host')
}

/** Every link (or the upstream ones), each occurrence with its meeting, line and topic. */
export function listLinks(db: DB, filter: LinkFilter = {}): LinkRow[] {
  return pageLinks(db, filter).rows
}

export function pageLinks(db: DB, filter: LinkFilter = {}, request: PageRequest = {}): Page<LinkRow> {
  return parsed(pageLinksJson(db, filter, request))
}

/** A page of links as JSON, as the API answers them. */
export function pageLinksJson(db: DB, filter: LinkFilter = {}, request: PageRequest = {}): JsonPage {
  return pagedJson(db, linkList, filter, request, jsonRowsById(linkJson, 'links l ON l.id = j.value JOIN meetings m ON m.id = l.meeting_id'), 'links')
}


/** Kinds that are items to track upstream (not a repository's front page or a file in it). */
export const trackedKinds = ['issue', 'pull', 'merge_request', 'change', 'bug', 'discussion', 'commit', 'release']

export interface UpstreamItem {
  /** `owner/repo#123`, `owner/repo@abc1234`, `project#123` (Launchpad), `change 912345`. */
  ref: string
  url: string
  kind: string
  number: number | null
  /** The title upstream gives it once `minutes upstream sync` read it; until then, the link text. */
  title: string
  /** The most descriptive link text in the minutes. */
  linkText: string
  /** Its state upstream, or why there is none (`unknown`: not read yet). */
  state: ShownState
  /** What `minutes upstream sync` last read, or `null`. */
  upstream: UpstreamInfo | null
  firstSeen: string | null
  lastSeen: string | null
  meetings: Array<{path: string; series: string; date: string | null; line: number; topic: string | null}>
  topics: string[]
}

export interface UpstreamRepository {
  host: string
  owner: string | null
  repo: string | null
  /** `host/owner/repo` as a display name: `github.com/kubernetes/cloud-provider-openstack`. */
  name: string
  firstSeen: string | null
  lastSeen: string | null
  items: UpstreamItem[]
}

export interface UpstreamFilter extends Omit<LinkFilter, 'upstream' | 'meetingId'> {
  /** Only items in these states. */
  state?: readonly ShownState[]
}

/** Upstream references grouped by repository, each with first and last seen, where it came up, and its state upstream. */
export function upstreamReport(db: DB, filter: UpstreamFilter = {}): UpstreamRepository[] {
  const where = linkWhere(db, {...filter, upstream: true}).add('l.kind IN (SELECT value FROM json_each(@kinds))', {
    kinds: JSON.stringify(filter.kind ? [filter.kind] : trackedKinds),
  })
  const rows = db
    .prepare(
      `SELECT l.url, l.text, l.host, l.owner, l.repo, l.kind, l.number, l.sha, l.tag, m.path, m.series, m.date, l.line, l.topic
         FROM links l JOIN meetings m ON m.id = l.meeting_id ${where.sql}
        ORDER BY m.date, m.path, l.line`,
    )
    .all(where.params) as Array<{
    url: string
    text: string
    host: string
    owner: string | null
    repo: string | null
    kind: string
    number: number | null
    sha: string | null
    tag: string | null
    path: string
    series: string
    date: string | null
    line: number
    topic: string | null
  }>
  const repos = new Map<string, UpstreamRepository>()
  const items = new Map<string, UpstreamItem>()
  for (const r of rows) {
    const name = [r.host, r.owner, r.repo].filter(Boolean).join('/')
    const repoKey = name.toLowerCase()
    let repo = repos.get(repoKey)
    if (!repo) {
      repo = {host: r.host, owner: r.owner, repo: r.repo, name, firstSeen: r.date, lastSeen: r.date, items: []}
      repos.set(repoKey, repo)
    }
    const short = [r.owner, r.repo].filter(Boolean).join('/')
    const id = r.sha ? `${short}@${r.sha.slice(0, 7)}` : r.tag ? `${short} ${r.tag}` : r.number !== null ? `${short || r.host}#${r.number}` : `${short} ${r.kind}`
    const itemKey = `${repoKey} ${r.kind} ${id.toLowerCase()}`
    let item = items.get(itemKey)
    if (!item) {
      item = {ref: id, url: r.url, kind: r.kind, number: r.number, title: '', linkText: '', state: 'unknown', upstream: null, firstSeen: r.date, lastSeen: r.date, meetings: [], topics: []}
      items.set(itemKey, item)
      repo.items.push(item)
    }
    // The best title is the most descriptive link text: not the URL, not the shorthand.
    if (isBetterTitle(r.text, item.linkText, r.url)) item.linkText = r.text
    item.meetings.push({path: r.path, series: r.series, date: r.date, line: r.line, topic: r.topic})
    if (r.topic && !item.topics.includes(r.topic)) item.topics.push(r.topic)
    item.lastSeen = max(item.lastSeen, r.date)
    item.firstSeen = min(item.firstSeen, r.date)
    repo.lastSeen = max(repo.lastSeen, r.date)
    repo.firstSeen = min(repo.firstSeen, r.date)
  }
  return attachUpstreamState(db, [...repos.values()], filter.state).sort((a, b) => b.items.length - a.items.length || a.name.localeCompare(b.name))
}

function isBetterTitle(text: string, current: string, url: string): boolean {
  if (!text || text === url || /^https?:\/\//.test(text) || /^[\w./-]*#\d+$/.test(text.trim())) return false
  return current === '' || text.length > current.length
}

const max = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b)
const min = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b)

export interface SeriesRow {
  series: string
  meetings: number
  firstDate: string | null
  lastDate: string | null
}

export function listSeries(db: DB): SeriesRow[] {
  return pageSeries(db).rows
}

/** Series with their meetings and dates (kept by triggers in series_stats). */
export function pageSeries(db: DB, request: PageRequest = {}): Page<SeriesRow> {
  return paged(db, seriesList, {}, request, (ids) =>
    byIds<SeriesRow & {id: number}>(
      db,
      'SELECT s.rowid AS id, s.series, s.meetings, s.first_date AS firstDate, s.last_date AS lastDate FROM series_stats s WHERE s.rowid IN (SELECT value FROM json_each(@ids))',
      ids,
    ).map(({id: _id, ...row}) => row),
  )
}

/** A thread without its mentions, for overviews: the place of its last one (file, line, the meeting's id) instead. */
export type ThreadSummary = Omit<ThreadRow, 'mentions'> & {lastPath: string | null; lastLine: number | null; lastMeetingId: number | null}

export interface PersonDetail extends PersonRow {
  /** The latest `limit` of each list; the full lists are the list routes' (meetings?person=, actions?assignee=). */
  meetingsAttended: Array<{path: string; date: string | null; series: string}>
  openThreads: ThreadSummary[]
  doneThreads: ThreadSummary[]
  /** With the id of the meeting that holds each. */
  topics: Array<{path: string; date: string | null; title: string; line: number; meetingId: number}>
}

/**
 * One person: where they were, what is open and done for them, what they brought to the agenda —
 * the latest `limit` of each (their counts are in the summary fields).
 */
export function personDetail(db: DB, who: string, limit = 20, {meetings = true}: {meetings?: boolean} = {}): PersonDetail | null {
  const person = findPerson(db, who)
  if (!person) return null
  const [row] = listPeople(db, {personId: person.id})
  if (!row) return null
  // The person's counts say how to read each list (see keyset.ts): a few rows sorted, or many walked.
  // `meetings: false`: a caller that lists the meetings its own way (the web page, with their ids) skips them.
  const meetingsAttended = meetings ? latestAttended(db, person.id, limit).map(({path, date, series}) => ({path, date, series})) : []
  // Newest first from the person's own index (migration 009): the owner rows carry the date and line.
  const topics = prepared(
    db,
    `SELECT m.path, m.date, t.title, t.line, m.id AS meetingId FROM topic_owners o CROSS JOIN topics t ON t.id = o.topic_id JOIN meetings m ON m.id = t.meeting_id
      WHERE o.person_id = ? ORDER BY COALESCE(o.meeting_date, '') DESC, o.topic_line, o.topic_id LIMIT ${wholeLimit(limit)}`,
  ).all(person.id) as PersonDetail['topics']
  const threads = (status: 'open' | 'done') =>
    pageThreadSummaries(db, {person: who, status}, {size: limit, matches: row[status], plan: threadPlan(db, status, row[status], row.open + row.done, limit)}).rows
  return {...row, meetingsAttended, openThreads: threads('open'), doneThreads: threads('done'), topics}
}

/**
 * Someone's latest `limit` meetings attended, newest first (by date, file, place in the file): kept
 * at ingest for the latest 20 (`person_summaries`, migration 009), read from their attendance beyond.
 */
export function latestAttended(db: DB, personId: number, limit: number): Array<{id: number; date: string | null; title: string | null; path: string; series: string}> {
  if (limit <= latestKept) {
    const kept = prepared(db, 'SELECT latest FROM person_summaries WHERE person_id = ?').pluck().get(personId) as string | undefined
    return kept ? (JSON.parse(kept) as ReturnType<typeof latestAttended>).slice(0, limit) : []
  }
  return prepared(
    db,
    `SELECT m.id, m.date, m.title, m.path, m.series FROM attendance x JOIN meetings m ON m.id = x.meeting_id
      WHERE x.person_id = ? ORDER BY m.date DESC, m.path, m.position LIMIT ${wholeLimit(limit)}`,
  ).all(personId) as ReturnType<typeof latestAttended>
}

/**
 * A LIMIT written into a statement's text, as a whole number: SQLite prepares a statement whose
 * LIMIT is a bound parameter again each time one is bound (7 µs of a 9 µs statement).
 */
const wholeLimit = (limit: number) => Math.max(0, Math.trunc(limit) || 0)

/**
 * How to read a page of someone's threads of one status: sorting all their threads (`drive`, which
 * reads every one of their assignments, whatever its status) or walking the threads of that status
 * newest first until `size` of theirs are found (`walk`: about size × threads of the status ÷ theirs,
 * each an existence check costing about two rows of a sort). At 10×, someone with 520 open and 400
 * done of 7 750 and 780: walking 0.11–0.18 ms, sorting 0.8–0.9; someone with 440 open and 10 done:
 * sorting 0.24–0.35, walking the done 0.73.
 */
function threadPlan(db: DB, status: 'open' | 'done', matches: number, all: number, size: number): 'walk' | 'drive' {
  const threads = (prepared(db, 'SELECT threads FROM thread_counts WHERE status = ?').pluck().get(status) as number | undefined) ?? 0
  return matches > 0 && (2 * size * threads) / matches < all ? 'walk' : 'drive'
}

export interface ProblemRow {
  path: string
  line: number | null
  column: number | null
  rule: string | null
  severity: 'error' | 'warning' | 'info'
  message: string
}

/** The collection lint: every vfile message of every meeting, and files that could not be read. */
export function listProblems(db: DB, filter: {rule?: string; severity?: string; path?: string} = {}): ProblemRow[] {
  return pageProblems(db, filter).rows
}

export function pageProblems(db: DB, filter: {rule?: string; severity?: string; path?: string} = {}, request: PageRequest = {}): Page<ProblemRow> {
  return paged(db, problemList, filter, request, (ids) =>
    byIds<ProblemRow & {id: number}>(
      db,
      'SELECT id, path, line, "column", rule_id AS rule, severity, reason AS message FROM problems WHERE id IN (SELECT value FROM json_each(@ids))',
      ids,
    ).map(({id: _id, ...row}) => row),
  )
}
