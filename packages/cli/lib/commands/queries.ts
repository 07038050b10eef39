import {
  listActions,
  listLinks,
  listMeetings,
  listPeople,
  listThreads,
  openDatabase,
  ownOrganisations,
  showMeeting,
  meetingsOfFile,
  type MeetingDetail,
  shownStates,
  toCsv,
  trackedKinds,
  upstreamColumns,
  upstreamMarkdown,
  upstreamReport,
  upstreamRows,
  type DB,
  type ShownState,
  type Status,
} from '@minutes-kb/store'
import {existsSync} from 'node:fs'
import {UsageError} from '../errors.ts'
import type {IO} from '../program.ts'
import {formatOf, print, table} from '../output.ts'
import {reportProblems} from './problems.ts'

/** A read command's database must exist: a usage error that says how to make it, not an empty file. */
export function requireDatabase(path: string): void {
  if (!existsSync(path)) throw new UsageError(`no database at ${path}; run \`minutes ingest DIR --db ${path}\` first`)
}

/** Open an existing database read-only. */
export function openExisting(path: string): DB {
  requireDatabase(path)
  return openDatabase(path, {readonly: true})
}

export function isoDate(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new UsageError(`${flag} expects a date as YYYY-MM-DD, got \`${value}\``)
  return value
}

interface Common {
  db: string
  json?: boolean
  csv?: boolean
}

export function actionsCommand(options: Common & {person?: string; status?: string; series?: string; since?: string; threads?: boolean}, io: IO): number {
  const status = (options.status ?? 'open') as Status
  if (!['open', 'done', 'all'].includes(status)) throw new UsageError(`--status expects open, done or all, got \`${options.status}\``)
  const db = openExisting(options.db)
  const filter = {person: options.person, status, series: options.series, since: isoDate(options.since, '--since')}
  const format = formatOf(options)
  if (options.threads) {
    const threads = listThreads(db, filter)
    const rows = threads.map((t) => ({
      status: t.status,
      assignees: t.assignees,
      text: t.text,
      series: t.series,
      first_seen: t.firstSeen,
      last_seen: t.lastSeen,
      meetings: t.meetings,
      where: t.mentions.map((m) => `${m.path}:${m.line}`),
    }))
    print(io.out, format, rows, ['status', 'assignees', 'text', 'series', 'first_seen', 'last_seen', 'meetings', ...(format === 'csv' ? ['where'] : [])], threads)
  } else {
    const actions = listActions(db, filter)
    const rows = actions.map((a) => ({
      status: a.status,
      assignees: a.assignees,
      text: a.text,
      date: a.date,
      series: a.series,
      topic: a.topic,
      where: `${a.path}:${a.line}`,
    }))
    print(io.out, format, rows, ['status', 'assignees', 'text', 'date', 'where', ...(format === 'csv' ? ['series', 'topic'] : [])], actions)
  }
  db.close()
  return 0
}

export function peopleCommand(options: Common, io: IO): number {
  const db = openExisting(options.db)
  const people = listPeople(db)
  print(io.out, formatOf(options), people as unknown as Array<Record<string, unknown>>, ['person', 'meetings', 'firstSeen', 'lastSeen', 'open', 'done', 'topicsOwned'])
  db.close()
  return 0
}

export function meetingsCommand(options: Common & {series?: string; since?: string; until?: string; person?: string}, io: IO): number {
  const db = openExisting(options.db)
  const rows = listMeetings(db, {series: options.series, since: isoDate(options.since, '--since'), until: isoDate(options.until, '--until'), person: options.person})
  print(io.out, formatOf(options), rows as unknown as Array<Record<string, unknown>>, ['date', 'path', 'title', 'participants', 'topics', 'actions', 'decisions', 'links', 'problems'])
  db.close()
  return 0
}

/**
 * `minutes show FILE|FILE:LINE|ID`: one meeting, or every meeting of a file that holds several. JSON:
 * the meeting's object, or an array of them for a file of several meetings.
 */
export function showCommand(file: string, options: Common, io: IO): number {
  const db = openExisting(options.db)
  const ids = /^\d+$/.test(file) || /:\d+$/.test(file) ? [] : meetingsOfFile(db, file)
  const meetings = (ids.length > 1 ? ids.map((id) => showMeeting(db, id)) : [showMeeting(db, /^\d+$/.test(file) ? Number(file) : file)]).filter(
    (m): m is MeetingDetail => m !== null,
  )
  db.close()
  if (meetings.length === 0) throw new UsageError(`no meeting \`${file}\` in ${options.db}; give a path relative to the ingested folder, \`path:line\` or a meeting id (see \`minutes meetings\`)`)
  if (formatOf(options) === 'json') {
    io.out.write(JSON.stringify(ids.length > 1 ? meetings : meetings[0], null, 2) + '\n')
    return 0
  }
  io.out.write(meetings.map(describeMeeting).join('\n\n') + '\n')
  return 0
}

function describeMeeting(meeting: MeetingDetail): string {
  const where = meeting.meetingsInFile > 1 ? `${meeting.path}:${meeting.range[0]}-${meeting.range[1]}` : meeting.path
  const out: string[] = [`${where}  ${meeting.date ?? '(no date)'}  ${meeting.title ?? ''}`.trimEnd() + `  (meeting ${meeting.id})`]
  const who = (p: MeetingDetail['participants'][number]) => {
    const extra = [p.name && p.name !== p.person ? p.name : null, p.affiliation].filter(Boolean).join(', ')
    return extra ? `${p.person} (${extra})` : p.person
  }
  out.push(`participants: ${meeting.participants.map(who).join(', ') || '—'}`)
  if (meeting.topics.length) {
    out.push('topics:')
    for (const t of meeting.topics) out.push(`  ${'  '.repeat(Math.max(0, t.depth - 2))}${t.title}${t.owners.length ? ` (${t.owners.join(', ')})` : ''}  :${t.line}`)
  }
  if (meeting.actionItems.length) {
    out.push('action items:')
    for (const a of meeting.actionItems) out.push(`  [${a.done ? 'x' : ' '}] ${a.assignees.join(', ') || '(unassigned)'}: ${a.text}  :${a.line}${a.status === 'done' && !a.done ? '  (done later)' : ''}`)
  }
  if (meeting.decisions.length) {
    out.push('decisions:')
    for (const d of meeting.decisions) out.push(`  ${d.text}  :${d.line}`)
  }
  if (meeting.links.length) {
    out.push('links:')
    for (const l of meeting.links) out.push(`  ${l.url}${l.kind ? `  (${l.kind})` : ''}  :${l.line}`)
  }
  if (meeting.problems.length) {
    out.push('problems:')
    for (const p of meeting.problems) out.push(`  ${p.line ?? ''}:${p.column ?? ''} ${p.severity} ${p.reason}  ${p.ruleId ?? ''}`)
  }
  return out.join('\n')
}

export function linksCommand(
  options: Common & {upstream?: boolean; own?: string[]; repo?: string; kind?: string; host?: string; state?: ShownState[]; format?: string},
  io: IO,
): number {
  const format = options.format ?? (options.json ? 'json' : options.csv ? 'csv' : 'table')
  if (!['table', 'json', 'csv', 'md'].includes(format)) throw new UsageError(`--format expects csv, json or md, got \`${format}\``)
  if (options.repo && !/^[^/\s]+(?:\/[^/\s]+)+$/.test(options.repo)) throw new UsageError(`--repo expects OWNER/REPO, got \`${options.repo}\``)
  const unknown = options.state?.find((s) => !shownStates.includes(s))
  if (unknown) throw new UsageError(`--state expects ${shownStates.join(', ')}, got \`${unknown}\``)
  const db = openExisting(options.db)
  const filter = {own: options.own, repo: options.repo, kind: options.kind, host: options.host}
  if (options.upstream || format === 'md' || options.state) {
    const repos = upstreamReport(db, {...filter, state: options.state})
    const own = ownOrganisations(db, options.own)
    if (format === 'md') io.out.write(upstreamMarkdown(repos))
    else if (format === 'json') io.out.write(JSON.stringify({own, repositories: repos}, null, 2) + '\n')
    else {
      const rows = upstreamRows(repos)
      // Titles read from upstream are anyone's to write: no cell may run as a spreadsheet formula.
      if (format === 'csv') io.out.write(toCsv(rows, upstreamColumns, {escapeFormulas: true}))
      else print(io.out, 'table', rows, ['ref', 'kind', 'state', 'title', 'firstSeen', 'lastSeen', 'meetings'])
      if (format === 'table') io.err.write(`${rows.length} upstream items in ${repos.length} repositories (own: ${own.join(', ') || 'none; pass --own ORG or set "own" in minutes.config.json'}; kinds: ${options.kind ?? trackedKinds.join(', ')})\n`)
    }
  } else {
    const links = listLinks(db, filter)
    print(io.out, format === 'json' ? 'json' : format === 'csv' ? 'csv' : 'table', links as unknown as Array<Record<string, unknown>>, ['date', 'path', 'line', 'kind', 'url', 'text', 'topic'])
  }
  db.close()
  return 0
}

export function problemsCommand(options: Common, io: IO): number {
  const db = openExisting(options.db)
  const rows = db.prepare('SELECT path, line, "column", rule_id AS rule, severity, reason FROM problems ORDER BY path, line').all() as Array<Record<string, unknown>>
  const format = formatOf(options)
  if (format === 'table') io.out.write(reportProblems(db) || '(none)\n')
  else print(io.out, format, rows, ['path', 'line', 'column', 'rule', 'severity', 'reason'])
  db.close()
  return 0
}

export {table}
