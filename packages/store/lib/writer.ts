import type {MinutesRecord} from '@minutes-kb/remark-minutes'
import {minutesHtmlVersion} from '@minutes-kb/render/version'
import type {DB} from './database.ts'
import type {People} from './identity.ts'
import {lineBytes} from './lines.ts'

export interface FileInput {
  path: string
  raw: string
  hash: string
  size: number
  meetings: MinutesRecord[]
  /** Each meeting's minutes as HTML (`null`: rendering failed, the page renders them); none given: no rows. */
  html?: Array<string | null>
  /** Why the file is not minutes (it is stored, so an unchanged one is not parsed again), or `null`. */
  notMinutes: string | null
  /** Messages outside every meeting (a year file's preamble, a file that is not minutes). */
  messages: MinutesRecord['messages']
  /** Ids to keep: a changed or moved file's meetings keep theirs, matched by date, then by position. */
  keep?: Array<{id: number; date: string | null}>
}

/**
 * The byte range of each meeting's lines in its file (migration 011) for the meetings written
 * before it: filled in by the next ingest, in its transaction; returns how many were filled.
 */
export function fillMeetingBytes(db: DB): number {
  const rows = db.prepare('SELECT m.id, f.raw, m.first_line, m.last_line FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.raw_start IS NULL').raw().iterate() as IterableIterator<[number, string, number, number]>
  const fill = db.prepare('UPDATE meetings SET raw_start = ?, raw_end = ? WHERE id = ?')
  const found: Array<[number, number, number]> = []
  for (const [id, raw, first, last] of rows) {
    const bytes = lineBytes(raw, first, last)
    if (bytes) found.push([bytes[0], bytes[1], id])
  }
  for (const row of found) fill.run(...row)
  return found.length
}

/** Prepared once per connection: writes one file with its extracted meetings, or removes one. */
export class Writer {
  private readonly s

  constructor(
    private readonly db: DB,
    private readonly people: People,
  ) {
    this.s = {
      file: db.prepare(
        `INSERT INTO files (path, content_hash, size, raw, meetings, not_minutes, ingested_at)
         VALUES (@path, @hash, @size, @raw, @meetings, @notMinutes, @now)`,
      ),
      meeting: db.prepare(
        `INSERT INTO meetings (id, file_id, path, position, first_line, last_line, raw_start, raw_end, series, date, title, canceled)
         VALUES (@id, @fileId, @path, @position, @first, @last, @rawStart, @rawEnd, @series, @date, @title, @canceled)`,
      ),
      html: db.prepare('INSERT INTO meeting_html (meeting_id, version, html) VALUES (?, ?, ?)'),
      removeFile: db.prepare('DELETE FROM files WHERE id = ?'),
      attendance: db.prepare(
        'INSERT OR IGNORE INTO attendance (meeting_id, person_id, written, line, name, affiliation, abbreviation) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      topic: db.prepare('INSERT INTO topics (meeting_id, position, title, depth, line) VALUES (?, ?, ?, ?, ?)'),
      owner: db.prepare('INSERT OR IGNORE INTO topic_owners (topic_id, person_id, written, meeting_date, topic_line) VALUES (?, ?, ?, ?, ?)'),
      action: db.prepare('INSERT INTO action_items (meeting_id, topic_id, topic, text, line, done, kind) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      // With the item's place in the lists (meeting date, path, line): a person's items are read in that order (migration 007).
      assignee: db.prepare(
        'INSERT OR IGNORE INTO action_assignees (action_id, person_id, written, meeting_date, meeting_path, item_line) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      decision: db.prepare('INSERT INTO decisions (meeting_id, topic, text, line) VALUES (?, ?, ?, ?)'),
      link: db.prepare(
        `INSERT INTO links (meeting_id, url, text, line, topic, host, owner, repo, kind, number, sha, ref_name, ref_path, tag, meeting_date, meeting_path)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      problem: db.prepare('INSERT INTO problems (meeting_id, path, line, "column", rule_id, severity, reason) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      fileProblems: db.prepare('DELETE FROM problems WHERE meeting_id IS NULL AND path = ?'),
    }
  }

  /** Insert a file and, for each of its meetings, everything extracted from it; returns the meeting ids. */
  write(input: FileInput): number[] {
    const now = new Date().toISOString()
    const fileId = Number(
      this.s.file.run({path: input.path, hash: input.hash, size: input.size, raw: input.raw, meetings: input.meetings.length, notMinutes: input.notMinutes, now})
        .lastInsertRowid,
    )
    this.s.fileProblems.run(input.path)
    for (const m of input.messages) this.s.problem.run(null, input.path, m.line, m.column, m.ruleId, m.severity, m.reason)
    const ids = keptIds(input)
    return input.meetings.map((record, position) => {
      const id = this.meeting(record, fileId, position, ids[position] ?? null, input.raw)
      if (input.html) this.s.html.run(id, minutesHtmlVersion, input.html[position] ?? null)
      return id
    })
  }

  private meeting(record: MinutesRecord, fileId: number, position: number, keep: number | null, raw: string): number {
    const bytes = lineBytes(raw, record.range[0], record.range[1])
    const id = Number(
      this.s.meeting.run({
        id: keep,
        fileId,
        path: record.file,
        position,
        first: record.range[0],
        last: record.range[1],
        rawStart: bytes?.[0] ?? null,
        rawEnd: bytes?.[1] ?? null,
        series: record.series,
        date: record.date,
        title: record.title,
        canceled: record.canceled ? 1 : 0,
      }).lastInsertRowid,
    )
    // Within a meeting, `Michael` or `Michael Dawson` is the participant `Michael Dawson (@mhdawson)`.
    const local = localNames(record)
    // A first name resolved within the meeting is kept as what it stands for, so aliases learned later apply to it.
    const as = (written: string) => local.get(written.toLowerCase()) ?? written
    const person = (written: string) => this.people.id(as(written))
    for (const p of record.participants) {
      const written = p.handle ?? p.name!
      this.s.attendance.run(id, person(written), written, p.line, p.handle ? p.name : null, p.affiliation, p.abbreviation ?? null)
    }
    const topicIds = new Map<number, number>()
    record.topics.forEach((t, i) => {
      const topicId = Number(this.s.topic.run(id, i, t.title, t.depth, t.line).lastInsertRowid)
      topicIds.set(t.line, topicId)
      for (const owner of t.owners) this.s.owner.run(topicId, person(owner), as(owner), record.date, t.line)
    })
    const topicAbove = (line: number): number | null => {
      let found: number | null = null
      for (const t of record.topics) if (t.line <= line) found = topicIds.get(t.line) ?? null
      return found
    }
    for (const a of record.actionItems) {
      const actionId = Number(this.s.action.run(id, topicAbove(a.line), a.topic, a.text, a.line, a.done ? 1 : 0, a.kind).lastInsertRowid)
      for (const who of a.assignees) this.s.assignee.run(actionId, person(who), as(who), record.date, record.file, a.line)
    }
    for (const d of record.decisions) this.s.decision.run(id, d.topic, d.text, d.line)
    for (const l of record.links) {
      const r = l.ref
      this.s.link.run(id, l.url, l.text, l.line, l.topic, r?.host ?? null, r?.owner ?? null, r?.repo ?? null, r?.kind ?? null, r?.number ?? null, r?.sha ?? null, r?.ref ?? null, r?.path ?? null, r?.tag ?? null, record.date, record.file)
    }
    for (const m of record.messages) this.s.problem.run(id, record.file, m.line, m.column, m.ruleId, m.severity, m.reason)
    return id
  }

  /** Remove a file and, through the foreign keys, its meetings and everything extracted from them. */
  remove(fileId: number): void {
    this.s.removeFile.run(fileId)
  }

  /** A file that could not be ingested at all: `unreadable` (or binary), `file-too-large`, `too-deeply-nested`, `parse-timeout`. */
  fileProblem(path: string, reason: string, rule = 'unreadable'): void {
    this.s.fileProblems.run(path)
    this.s.problem.run(null, path, null, null, rule, 'error', reason)
  }

  clearFileProblem(path: string): void {
    this.s.fileProblems.run(path)
  }

  get database(): DB {
    return this.db
  }
}

/** The meeting ids a rewritten file keeps: each old meeting's id goes to the new one of the same date, else of the same position. */
function keptIds(input: FileInput): Array<number | null> {
  const old = [...(input.keep ?? [])]
  const ids: Array<number | null> = input.meetings.map(() => null)
  input.meetings.forEach((m, i) => {
    const same = old.findIndex((o) => o.date === m.date)
    if (same !== -1) ids[i] = old.splice(same, 1)[0]!.id
  })
  input.meetings.forEach((_, i) => {
    if (ids[i] === null && old.length > 0) ids[i] = old.shift()!.id
  })
  return ids
}

/**
 * What a name stands for within one meeting: `Michael Dawson` and `Michael` for the participant
 * `Michael Dawson (@mhdawson)`, `Grace` for the participant `Grace Hopper` (a first name only when
 * one participant has it). The written form it resolves to: the handle, else the full name.
 */
function localNames(record: MinutesRecord): Map<string, string> {
  const out = new Map<string, string>()
  const firsts = new Map<string, string | null>()
  for (const p of record.participants) {
    if (!p.name) continue
    const written = p.handle ?? p.name
    if (p.handle) out.set(p.name.toLowerCase(), p.handle)
    const first = p.name.split(/\s+/)[0]!.toLowerCase()
    if (first === p.name.toLowerCase()) continue
    firsts.set(first, firsts.has(first) && firsts.get(first) !== written ? null : written)
  }
  for (const [first, written] of firsts) if (written && !out.has(first)) out.set(first, written)
  return out
}
