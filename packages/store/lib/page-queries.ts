import type Database from 'better-sqlite3'
import {minutesHtmlVersion} from '@minutes-kb/render/version'
import type {DB} from './database.ts'
import {findPerson, latestAttended} from './queries.ts'

/**
 * What the web pages need beside the API's queries: meeting ids for `path:line` places (threads,
 * topics and upstream mentions carry those), a meeting's neighbours in its series, a person's
 * attendance over time and the names that stand for them.
 */

type Statement = Database.Statement<unknown[]>
const statements = new WeakMap<DB, Map<string, Statement>>()

/** Prepared once per connection: pages run these for every row they link. */
function prepared(db: DB, sql: string): Statement {
  let byDb = statements.get(db)
  if (!byDb) statements.set(db, (byDb = new Map()))
  let statement = byDb.get(sql)
  if (!statement) byDb.set(sql, (statement = db.prepare(sql)))
  return statement
}

/** The meeting holding line `line` of file `path` (a year file holds several), or `null`. */
export function meetingAt(db: DB, path: string, line: number): number | null {
  const id = prepared(db, 'SELECT id FROM meetings WHERE path = ? AND first_line <= ? ORDER BY first_line DESC LIMIT 1').pluck().get(path, line) as number | undefined
  return id ?? (prepared(db, 'SELECT id FROM meetings WHERE path = ? ORDER BY position LIMIT 1').pluck().get(path) as number | undefined) ?? null
}

export interface MeetingRef {
  id: number
  date: string | null
  title: string | null
  path: string
}

/** The meetings before and after one in its series (by date, then file and place in the file). */
export function seriesNeighbours(db: DB, id: number): {previous: MeetingRef | null; next: MeetingRef | null} {
  const order = (direction: '<' | '>') =>
    prepared(
      db,
      `SELECT o.id, o.date, o.title, o.path FROM meetings m JOIN meetings o ON o.series = m.series
        WHERE m.id = ? AND (COALESCE(o.date, ''), o.path, o.position) ${direction} (COALESCE(m.date, ''), m.path, m.position)
        ORDER BY COALESCE(o.date, '') ${direction === '<' ? 'DESC' : 'ASC'}, o.path ${direction === '<' ? 'DESC' : 'ASC'}, o.position ${direction === '<' ? 'DESC' : 'ASC'}
        LIMIT 1`,
    ).get(id) as MeetingRef | undefined
  return {previous: order('<') ?? null, next: order('>') ?? null}
}

export interface ThreadInfo {
  id: number
  status: 'open' | 'done'
  firstSeen: string | null
  lastSeen: string | null
  meetings: number
  /** Where it was first written: file and line. */
  firstPath: string
  firstLine: number
}

/** Threads by id, for the action items of a meeting. */
export function threadsById(db: DB, ids: readonly number[]): Map<number, ThreadInfo> {
  const rows = prepared(
    db,
    `SELECT t.id, t.status, t.first_seen AS firstSeen, t.last_seen AS lastSeen, t.meetings, m.path AS firstPath, a.line AS firstLine
       FROM action_threads t JOIN action_items a ON a.id = t.first_item_id JOIN meetings m ON m.id = a.meeting_id
      WHERE t.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify([...new Set(ids)])) as ThreadInfo[]
  return new Map(rows.map((r) => [r.id, r]))
}

export interface PersonPageData {
  id: number
  /** Names and old handles that stand for this person: the aliases file, learned pairings, what attendances wrote. */
  aliases: string[]
  /** Meetings attended per series and year. */
  attendance: Array<{series: string; year: string | null; meetings: number}>
  /** The latest meetings attended, with their ids. */
  latest: Array<MeetingRef & {series: string}>
}

/** What the person page shows beside `personDetail`; `null` for nobody by that name. */
export function personPageData(db: DB, who: string, limit = 20): PersonPageData | null {
  const person = findPerson(db, who)
  if (!person) return null
  const key = prepared(db, 'SELECT key, handle, name FROM people WHERE id = ?').get(person.id) as {key: string; handle: string | null; name: string | null}
  const own = new Set([key.key, key.handle, key.name].filter((s): s is string => s !== null).map((s) => s.toLowerCase()))
  // Names as the minutes write them first, then the aliases (stored lowercased) they do not cover;
  // the names, the attendance by series and year and the latest meetings are kept at ingest
  // (person_summaries, migration 009).
  const summary = prepared(db, 'SELECT written, attendance FROM person_summaries WHERE person_id = ?').get(person.id) as {written: string; attendance: string} | undefined
  const aliases = [...(summary ? (JSON.parse(summary.written) as string[]) : []), ...(prepared(db, 'SELECT alias FROM aliases WHERE handle = ? ORDER BY alias').pluck().all(key.key) as string[])]
  const seen = new Set<string>()
  const distinct = aliases.filter((a) => {
    const lower = a.toLowerCase()
    if (own.has(lower) || seen.has(lower)) return false
    seen.add(lower)
    return true
  })
  const attendance = summary ? (JSON.parse(summary.attendance) as Array<[string, string | null, number]>).map(([series, year, meetings]) => ({series, year, meetings})) : []
  const latest = latestAttended(db, person.id, limit)
  return {id: person.id, aliases: distinct, attendance, latest}
}

/**
 * A meeting's minutes as HTML, rendered at ingest by this renderer version (`minutesHtmlVersion`);
 * `null` when there is none to use (rendering failed, another version made it, or the database
 * was not ingested since `meeting_html` was added): the page renders the minutes itself.
 */
export function storedMeetingHtml(db: DB, id: number): string | null {
  const row = prepared(db, 'SELECT version, html FROM meeting_html WHERE meeting_id = ?').get(id) as {version: number; html: string | null} | undefined
  return row && row.version === minutesHtmlVersion ? row.html : null
}
