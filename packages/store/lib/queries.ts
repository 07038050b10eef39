import type {DB} from './database.ts'
import {getSetting} from './database.ts'
import {personKey, type Aliases} from './identity.ts'
import {attachUpstreamState, type ShownState, type UpstreamInfo} from './upstream-state.ts'
import {Where} from './where.ts'

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
  meetingId: number
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
  return new Map((db.prepare('SELECT alias, handle FROM aliases').all() as Array<{alias: string; handle: string}>).map((r) => [r.alias, r.handle]))
}

/** The person id a filter value names, or `null` when nobody by that name is in the database. */
export function findPerson(db: DB, who: string): {id: number; key: string} | null {
  const {key} = personKey(who, storedAliases(db))
  const row = db.prepare('SELECT id, key FROM people WHERE key = ?').get(key) as {id: number; key: string} | undefined
  if (row) return row
  // A bare `jschoone` means `@jschoone` when that is someone.
  if (!who.startsWith('@')) {
    const handle = db.prepare('SELECT id, key FROM people WHERE key = ?').get(`@${who.toLowerCase()}`) as {id: number; key: string} | undefined
    if (handle) return handle
  }
  return null
}

const assigneesOf = `COALESCE((SELECT json_group_array(COALESCE(p.handle, p.name)) FROM action_assignees x JOIN people p ON p.id = x.person_id WHERE x.action_id = a.id), '[]')`

/** Action items, one row per mention: MeetBot's "action items, by person", across all meetings. */
export function listActions(db: DB, filter: ActionFilter = {}): ActionRow[] {
  const person = filter.person === undefined ? undefined : findPerson(db, filter.person)
  if (person === null) return []
  const where = new Where()
    .when(person?.id, 'EXISTS (SELECT 1 FROM action_assignees x WHERE x.action_id = a.id AND x.person_id = @person)', 'person')
    .when(filter.series, 'm.series = @series', 'series')
    .when(filter.since, 'm.date >= @since', 'since')
    .when(filter.status === 'all' ? undefined : filter.status, `COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) = @status`, 'status')
  const rows = db
    .prepare(
      `SELECT a.id, a.meeting_id AS meetingId, m.path, m.series, m.date, a.topic, a.text, a.line, a.done, a.thread_id AS threadId,
              COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) AS status, ${assigneesOf} AS assignees
         FROM action_items a
         JOIN meetings m ON m.id = a.meeting_id
         LEFT JOIN action_threads t ON t.id = a.thread_id
        ${where.sql}
        ORDER BY m.date DESC, m.path, a.line`,
    )
    .all(where.params) as Array<Omit<ActionRow, 'done' | 'assignees'> & {done: number; assignees: string}>
  return rows.map((r) => ({...r, done: r.done === 1, assignees: JSON.parse(r.assignees) as string[]}))
}

/** Action threads: one row per task, with every meeting that mentioned it. */
export function listThreads(db: DB, filter: ActionFilter = {}): ThreadRow[] {
  const person = filter.person === undefined ? undefined : findPerson(db, filter.person)
  if (person === null) return []
  const where = new Where()
    .when(person?.id, 'EXISTS (SELECT 1 FROM action_items a JOIN action_assignees x ON x.action_id = a.id WHERE a.thread_id = t.id AND x.person_id = @person)', 'person')
    .when(filter.series, 't.series = @series', 'series')
    .when(filter.since, 't.last_seen >= @since', 'since')
    .when(filter.status === 'all' ? undefined : filter.status, 't.status = @status', 'status')
  const threads = db
    .prepare(
      `SELECT t.id, t.series, t.text, t.status, t.first_seen AS firstSeen, t.last_seen AS lastSeen, t.meetings,
              (SELECT ${assigneesOf} FROM action_items a WHERE a.id = t.last_item_id) AS assignees
         FROM action_threads t
        ${where.sql}
        ORDER BY t.last_seen DESC, t.id`,
    )
    .all(where.params) as Array<Omit<ThreadRow, 'assignees' | 'mentions'> & {assignees: string}>
  const mentions = db.prepare(
    `SELECT m.path, m.date, a.line, a.done, a.text FROM action_items a JOIN meetings m ON m.id = a.meeting_id
      WHERE a.thread_id = ? ORDER BY m.date, m.path, a.line`,
  )
  return threads.map((t) => ({
    ...t,
    assignees: JSON.parse(t.assignees) as string[],
    mentions: (mentions.all(t.id) as Array<{path: string; date: string | null; line: number; done: number; text: string}>).map((m) => ({...m, done: m.done === 1})),
  }))
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

/** Everyone in the minutes: meetings attended, open and done tasks (threads), topics owned. */
export function listPeople(db: DB, filter: {personId?: number} = {}): PersonRow[] {
  const where = new Where().when(filter.personId, 'p.id = @personId', 'personId')
  return db
    .prepare(
      `SELECT COALESCE(p.handle, p.name) AS person, p.handle, p.name,
              (SELECT count(*) FROM attendance x WHERE x.person_id = p.id) AS meetings,
              (SELECT min(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id) AS firstSeen,
              (SELECT max(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id) AS lastSeen,
              (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                WHERE x.person_id = p.id AND t.status = 'open') AS open,
              (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                WHERE x.person_id = p.id AND t.status = 'done') AS done,
              (SELECT count(*) FROM topic_owners o WHERE o.person_id = p.id) AS topicsOwned
         FROM people p
        ${where.sql}
        ORDER BY meetings DESC, person`,
    )
    .all(where.params) as PersonRow[]
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
  const person = filter.person ? findPerson(db, filter.person) : undefined
  if (person === null) return []
  const where = new Where()
    .when(filter.series, 'm.series = @series', 'series')
    .when(filter.since, 'm.date >= @since', 'since')
    .when(filter.until, 'm.date <= @until', 'until')
    .when(person?.id, 'EXISTS (SELECT 1 FROM attendance x WHERE x.meeting_id = m.id AND x.person_id = @person)', 'person')
  return db
    .prepare(
      `SELECT m.id, m.path, m.series, m.date, m.title,
              (SELECT count(*) FROM attendance WHERE meeting_id = m.id) AS participants,
              (SELECT count(*) FROM topics WHERE meeting_id = m.id) AS topics,
              (SELECT count(*) FROM action_items WHERE meeting_id = m.id) AS actions,
              (SELECT count(*) FROM decisions WHERE meeting_id = m.id) AS decisions,
              (SELECT count(*) FROM links WHERE meeting_id = m.id) AS links,
              (SELECT count(*) FROM problems WHERE meeting_id = m.id) AS problems
         FROM meetings m
        ${where.sql}
        ORDER BY m.date DESC, m.path`,
    )
    .all(where.params) as MeetingRow[]
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
  const row = db
    .prepare('SELECT f.raw, m.first_line AS first, m.last_line AS last FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.id = ?')
    .get(id) as {raw: string; first: number; last: number} | undefined
  if (!row) return null
  return {raw: sliceLines(row.raw, row.first, row.last), firstLine: row.first}
}

/** Lines `first` to `last` (1-based, inclusive) of a text, without splitting more than needed. */
export function sliceLines(text: string, first: number, last: number): string {
  let start = 0
  for (let line = 1; line < first && start !== -1; line++) start = nextLine(text, start)
  if (start === -1) return ''
  let end = start
  for (let line = first; line <= last && end !== -1; line++) end = nextLine(text, end)
  return end === -1 ? text.slice(start) : text.slice(start, end)
}

function nextLine(text: string, from: number): number {
  const n = text.indexOf('\n', from)
  return n === -1 ? -1 : n + 1
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
        ? db.prepare('SELECT id FROM meetings WHERE path = ? AND first_line <= ? ORDER BY first_line DESC LIMIT 1').pluck().get(path, Number(at[2]))
        : db.prepare('SELECT id FROM meetings WHERE path = ? ORDER BY position LIMIT 1').pluck().get(path)
    ) as number | undefined
  }
  if (id === undefined) return null
  const m = db
    .prepare(
      `SELECT m.*, f.content_hash, (SELECT count(*) FROM meetings o WHERE o.file_id = m.file_id) AS in_file
         FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.id = ?`,
    )
    .get(id) as
    | {id: number; path: string; position: number; first_line: number; last_line: number; series: string; date: string | null; title: string | null; canceled: number; content_hash: string; in_file: number}
    | undefined
  if (!m) return null
  const participants = db
    .prepare(
      `SELECT COALESCE(p.handle, p.name) AS person, x.written, x.name, x.affiliation, x.abbreviation, x.line
         FROM attendance x JOIN people p ON p.id = x.person_id WHERE x.meeting_id = ? ORDER BY x.line`,
    )
    .all(m.id) as MeetingDetail['participants']
  const topics = (
    db
      .prepare(
        `SELECT t.title, t.depth, t.line,
                COALESCE((SELECT json_group_array(COALESCE(p.handle, p.name)) FROM topic_owners o JOIN people p ON p.id = o.person_id WHERE o.topic_id = t.id), '[]') AS owners
           FROM topics t WHERE t.meeting_id = ? ORDER BY t.position`,
      )
      .all(m.id) as Array<{title: string; depth: number; line: number; owners: string}>
  ).map((t) => ({...t, owners: JSON.parse(t.owners) as string[]}))
  const actionItems = listActions(db)
    .filter((a) => a.meetingId === m.id)
    .sort((a, b) => a.line - b.line)
    .map(({assignees, text, line, done, status, topic, threadId}) => ({assignees, text, line, done, status, topic, threadId}))
  const decisions = db.prepare('SELECT text, line, topic FROM decisions WHERE meeting_id = ? ORDER BY line').all(m.id) as MeetingDetail['decisions']
  const problems = db
    .prepare('SELECT line, "column", rule_id AS ruleId, severity, reason FROM problems WHERE meeting_id = ? ORDER BY line, "column"')
    .all(m.id) as MeetingDetail['problems']
  return {
    id: m.id,
    path: m.path,
    range: [m.first_line, m.last_line],
    position: m.position,
    meetingsInFile: m.in_file,
    series: m.series,
    date: m.date,
    title: m.title,
    canceled: m.canceled === 1,
    contentHash: m.content_hash,
    raw: meetingMarkdown(db, m.id)!.raw,
    participants,
    topics,
    actionItems,
    decisions,
    links: listLinks(db, {meetingId: m.id}),
    problems,
  }
}

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

function linkWhere(db: DB, filter: LinkFilter): Where {
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
  const where = linkWhere(db, filter)
  return db
    .prepare(
      `SELECT l.url, l.text, m.path, m.date, l.line, l.topic, l.host, l.owner, l.repo, l.kind, l.number
         FROM links l JOIN meetings m ON m.id = l.meeting_id ${where.sql}
        ORDER BY m.date, m.path, l.line`,
    )
    .all(where.params) as LinkRow[]
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
  return db
    .prepare('SELECT series, count(*) AS meetings, min(date) AS firstDate, max(date) AS lastDate FROM meetings GROUP BY series ORDER BY series')
    .all() as SeriesRow[]
}

/** A thread without its mentions, for overviews. */
export type ThreadSummary = Omit<ThreadRow, 'mentions'> & {lastPath: string | null; lastLine: number | null}

export interface PersonDetail extends PersonRow {
  /** The latest `limit` of each list; the full lists are the list routes' (meetings?person=, actions?assignee=). */
  meetingsAttended: Array<{path: string; date: string | null; series: string}>
  openThreads: ThreadSummary[]
  doneThreads: ThreadSummary[]
  topics: Array<{path: string; date: string | null; title: string; line: number}>
}

/**
 * One person: where they were, what is open and done for them, what they brought to the agenda —
 * the latest `limit` of each (their counts are in the summary fields).
 */
export function personDetail(db: DB, who: string, limit = 20): PersonDetail | null {
  const person = findPerson(db, who)
  if (!person) return null
  const [row] = listPeople(db, {personId: person.id})
  if (!row) return null
  const meetingsAttended = db
    .prepare('SELECT m.path, m.date, m.series FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = ? ORDER BY m.date DESC, m.path')
    .all(person.id) as PersonDetail['meetingsAttended']
  const threads = listThreads(db, {person: who, status: 'all'})
  const topics = db
    .prepare(
      'SELECT m.path, m.date, t.title, t.line FROM topic_owners o JOIN topics t ON t.id = o.topic_id JOIN meetings m ON m.id = t.meeting_id WHERE o.person_id = ? ORDER BY m.date DESC, t.line',
    )
    .all(person.id) as PersonDetail['topics']
  const summary = ({mentions, ...t}: ThreadRow): ThreadSummary => ({...t, lastPath: mentions.at(-1)?.path ?? null, lastLine: mentions.at(-1)?.line ?? null})
  return {
    ...row,
    meetingsAttended: meetingsAttended.slice(0, limit),
    openThreads: threads.filter((t) => t.status === 'open').slice(0, limit).map(summary),
    doneThreads: threads.filter((t) => t.status === 'done').slice(0, limit).map(summary),
    topics: topics.slice(0, limit),
  }
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
  const where = new Where().when(filter.rule, 'rule_id = @rule', 'rule').when(filter.severity, 'severity = @severity', 'severity').when(filter.path, 'path = @path', 'path')
  return db
    .prepare(`SELECT path, line, "column", rule_id AS rule, severity, reason AS message FROM problems ${where.sql} ORDER BY path, line, "column"`)
    .all(where.params) as ProblemRow[]
}
