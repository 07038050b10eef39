import type {MinutesRecord} from '@minutes-kb/remark-minutes'
import type {DB} from './database.ts'
import type {People} from './identity.ts'

export interface MeetingInput {
  record: MinutesRecord
  raw: string
  hash: string
  size: number
  /** Keep this id (a changed or moved file keeps its meeting id). */
  id?: number
}

/** Prepared once per connection: writes one extracted meeting, or removes one. */
export class Writer {
  private readonly s

  constructor(
    private readonly db: DB,
    private readonly people: People,
  ) {
    this.s = {
      meeting: db.prepare(
        `INSERT INTO meetings (id, path, series, date, title, content_hash, size, raw, ingested_at)
         VALUES (@id, @path, @series, @date, @title, @hash, @size, @raw, @now)`,
      ),
      remove: db.prepare('DELETE FROM meetings WHERE id = ?'),
      attendance: db.prepare('INSERT OR IGNORE INTO attendance (meeting_id, person_id, written, line) VALUES (?, ?, ?, ?)'),
      topic: db.prepare('INSERT INTO topics (meeting_id, position, title, depth, line) VALUES (?, ?, ?, ?, ?)'),
      owner: db.prepare('INSERT OR IGNORE INTO topic_owners (topic_id, person_id, written) VALUES (?, ?, ?)'),
      action: db.prepare('INSERT INTO action_items (meeting_id, topic_id, topic, text, line, done, kind) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      assignee: db.prepare('INSERT OR IGNORE INTO action_assignees (action_id, person_id, written) VALUES (?, ?, ?)'),
      decision: db.prepare('INSERT INTO decisions (meeting_id, topic, text, line) VALUES (?, ?, ?, ?)'),
      link: db.prepare(
        `INSERT INTO links (meeting_id, url, text, line, topic, host, owner, repo, kind, number, sha, ref_name, ref_path, tag)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      problem: db.prepare('INSERT INTO problems (meeting_id, path, line, "column", rule_id, severity, reason) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      fileProblems: db.prepare('DELETE FROM problems WHERE meeting_id IS NULL AND path = ?'),
    }
  }

  /** Insert a meeting and everything extracted from it; returns its id. */
  write(input: MeetingInput): number {
    const {record} = input
    const id = Number(
      this.s.meeting.run({
        id: input.id ?? null,
        path: record.file,
        series: record.series,
        date: record.date,
        title: record.title,
        hash: input.hash,
        size: input.size,
        raw: input.raw,
        now: new Date().toISOString(),
      }).lastInsertRowid,
    )
    this.s.fileProblems.run(record.file)
    for (const p of record.participants) {
      const written = p.handle ?? p.name!
      this.s.attendance.run(id, this.people.id(written), written, p.line)
    }
    const topicIds = new Map<number, number>()
    record.topics.forEach((t, position) => {
      const topicId = Number(this.s.topic.run(id, position, t.title, t.depth, t.line).lastInsertRowid)
      topicIds.set(t.line, topicId)
      for (const owner of t.owners) this.s.owner.run(topicId, this.people.id(owner), owner)
    })
    const topicAbove = (line: number): number | null => {
      let found: number | null = null
      for (const t of record.topics) if (t.line <= line) found = topicIds.get(t.line) ?? null
      return found
    }
    for (const a of record.actionItems) {
      const actionId = Number(this.s.action.run(id, topicAbove(a.line), a.topic, a.text, a.line, a.done ? 1 : 0, a.kind).lastInsertRowid)
      for (const who of a.assignees) this.s.assignee.run(actionId, this.people.id(who), who)
    }
    for (const d of record.decisions) this.s.decision.run(id, d.topic, d.text, d.line)
    for (const l of record.links) {
      const r = l.ref
      this.s.link.run(id, l.url, l.text, l.line, l.topic, r?.host ?? null, r?.owner ?? null, r?.repo ?? null, r?.kind ?? null, r?.number ?? null, r?.sha ?? null, r?.ref ?? null, r?.path ?? null, r?.tag ?? null)
    }
    for (const m of record.messages) this.s.problem.run(id, record.file, m.line, m.column, m.ruleId, m.severity, m.reason)
    return id
  }

  /** Remove a meeting and, through the foreign keys, everything extracted from it. */
  remove(id: number): void {
    this.s.remove.run(id)
  }

  /** A file that could not be ingested at all (unreadable, binary, too large). */
  fileProblem(path: string, reason: string): void {
    this.s.fileProblems.run(path)
    this.s.problem.run(null, path, null, null, 'unreadable', 'error', reason)
  }

  clearFileProblem(path: string): void {
    this.s.fileProblems.run(path)
  }

  get database(): DB {
    return this.db
  }
}
