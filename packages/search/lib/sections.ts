import {meetingMarkdown, type DB} from '@minutes-kb/store'

/** A searchable unit: a topic heading and its content, or a whole meeting without topics. */
export interface Section {
  meetingId: number
  shard: string
  position: number
  topic: string | null
  line: number
  title: string
  body: string
  people: string
  series: string
  date: string | null
}

/** Shards split a collection by series and year: `iaas/2023`, `iaas/undated`. */
export function shardOf(series: string, date: string | null): string {
  return `${series || '(root)'}/${date ? date.slice(0, 4) : 'undated'}`
}

/** Markdown as plain text for indexing: markup, HTML and link targets left out, line breaks kept. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/gm, ' ')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, '')
    .replace(/^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|```+.*|~~~+.*|---+[ \t]*$)/gm, '')
    .replace(/[*_~`]+/g, '')
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

interface MeetingRow {
  id: number
  series: string
  date: string | null
  title: string | null
}

/** The sections of one stored meeting, from its markdown and its extracted topics and people. */
export function meetingSections(db: DB, meetingId: number): Section[] {
  const m = db.prepare('SELECT id, series, date, title FROM meetings WHERE id = ?').get(meetingId) as MeetingRow | undefined
  const markdown = m && meetingMarkdown(db, meetingId)
  if (!m || !markdown) return []
  const {raw, firstLine} = markdown
  const topics = db.prepare('SELECT id, title, line FROM topics WHERE meeting_id = ? ORDER BY position').all(meetingId) as Array<{id: number; title: string; line: number}>
  const owners = db.prepare(
    'SELECT COALESCE(p.handle, p.name) AS who FROM topic_owners o JOIN people p ON p.id = o.person_id WHERE o.topic_id = ?',
  )
  const assignees = db
    .prepare(
      `SELECT a.line, COALESCE(p.handle, p.name) AS who FROM action_items a
         JOIN action_assignees x ON x.action_id = a.id JOIN people p ON p.id = x.person_id WHERE a.meeting_id = ?`,
    )
    .all(meetingId) as Array<{line: number; who: string}>
  const lines = raw.split(/\r?\n/)
  const shard = shardOf(m.series, m.date)
  const base = {meetingId, shard, series: m.series, date: m.date}
  if (topics.length === 0) {
    const people = db
      .prepare('SELECT COALESCE(p.handle, p.name) AS who FROM attendance x JOIN people p ON p.id = x.person_id WHERE x.meeting_id = ?')
      .pluck()
      .all(meetingId) as string[]
    return [{...base, position: 0, topic: null, line: firstLine, title: m.title ?? m.date ?? '', body: plainText(raw), people: unique([...people, ...assignees.map((a) => a.who)])}]
  }
  return topics.map((t, i) => {
    // Topic lines are the file's; the meeting's text starts at its first line.
    const end = topics[i + 1]?.line ?? firstLine + lines.length
    const body = plainText(lines.slice(t.line - firstLine + 1, end - firstLine).join('\n'))
    const mentioned = body.match(/@[\w.-]+/g)?.map((h) => h.toLowerCase()) ?? []
    const people = [...(owners.pluck().all(t.id) as string[]), ...assignees.filter((a) => a.line >= t.line && a.line < end).map((a) => a.who), ...mentioned]
    return {...base, position: i, topic: t.title, line: t.line, title: t.title, body, people: unique(people)}
  })
}

function unique(people: string[]): string {
  return [...new Set(people)].join(' ')
}
