import type {Heading, Root, RootContent} from 'mdast'
import {findDate} from './date.ts'
import {phrasingText, titleText} from './text.ts'

/** One meeting's part of a file: its top-level nodes and its first and last line. */
export interface Segment {
  root: Root
  range: [number, number]
  /** The heading that opened this meeting in a file of several, else `null`. */
  heading: Heading | null
  canceled: boolean
}

/** Words a meeting's own heading may hold beside its date: `# **2024-12-10 Meeting**`, `## Minutes of 2023-01-05`. */
const meetingWords =
  /^(?:minutes|meeting|meetings|protocol|notes|session|date|weekly|biweekly|monthly|call|team|sig|wg|tac|tsc|of|the|on|from|am|vom|for|special|overflow|breakout|break-out|agenda|and|canceled|cancelled|postponed|rescheduled|no|skipped|day|virtual|in-person|online|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)$/i
const canceled = /\b(?:cancell?ed|no meeting|skipped|postponed)\b/i
/** A line that says who came: `Present:`, `**Attendees**`, `## Participants`. */
const attendanceLine = /^[\s#*_>-]*(?:present|attendees|attendance|participants|in attendance|roll call|anwesend|teilnehmer\w*)\b/im
/** A cancellation or a move, after which a heading's words are its note (`— postponed to 18 March`, `rescheduled from Monday`). */
const moved = /\b(?:cancell?ed|no meeting|skipped|postponed|rescheduled)\b/i

/**
 * Split a file into its meetings. A file holds several when two or more headings at the same
 * (shallowest) level each name a different date and little else (`# **2024-12-10**`,
 * `# 2024-11-26 - Canceled (…)`), or repeat the file's first heading with another date (`# TSC
 * Meeting 2023-05-01` … `# TSC Meeting 2023-05-08`, an appended meeting). Each meeting runs from its
 * heading to the last non-blank line before the next; what precedes the first (a year file's title
 * and schedule) belongs to none. Any other file is one meeting: `[1, last non-blank line]`.
 */
export function splitMeetings(tree: Root, value: string, undatedFile = false): Segment[] {
  const whole: Segment = {root: tree, range: [1, lastContentLine(value)], heading: null, canceled: false}
  const headings = tree.children.filter((node): node is Heading => node.type === 'heading')
  if (headings.length < 2) return [whole]
  const texts = new Map(headings.map((h) => [h, titleText(h.children)]))
  const firstText = texts.get(headings[0]!)!
  const firstDate = findDate(firstText)
  const firstPattern = firstDate ? masked(firstText, firstDate) : null
  // Dated headings by their words without the date and a cancellation's note: `## Plenum 2026-09-03`,
  // `## Plenum 2026-10-01 — skipped` and `## Plenum 2026-11-05` share `plenum #`, the name of a series of
  // meetings, whatever word the community gives them.
  const dated = new Map<Heading, {date: NonNullable<ReturnType<typeof findDate>>; pattern: string | null}>()
  const datesOf = new Map<string, Set<string>>()
  for (const h of headings) {
    const text = texts.get(h)!
    const date = findDate(text)
    if (!date || date.invalid) continue
    const pattern = seriesPattern(text, date)
    dated.set(h, {date, pattern})
    if (pattern !== null) datesOf.set(pattern, (datesOf.get(pattern) ?? new Set<string>()).add(date.iso))
  }
  // (A series so named in a file of no one day's date, `2026.md`, `crits-2026-10.md`; in a file named for a day, only
  // where its meetings say who came: `## Incident 2026-03-02`, `## Release 2026-01-10` in `2026-03-10.md` are topics of
  // that day's meeting, with no attendance of their own.)
  const attended = new Map<string, number>()
  headings.forEach((h, i) => {
    const pattern = dated.get(h)?.pattern
    if (pattern == null || datesOf.get(pattern)!.size < 2) return
    // (The next heading at its depth or above, searched from here: the next few headings, not the whole file.)
    let next = i + 1
    while (next < headings.length && headings[next]!.depth > h.depth) next++
    const section = value.slice(h.position!.end.offset!, next < headings.length ? headings[next]!.position!.start.offset! : value.length)
    if (attendanceLine.test(section)) attended.set(pattern, (attended.get(pattern) ?? 0) + 1)
  })
  const candidates = headings.filter((h) => {
    const found = dated.get(h)
    if (!found) return false
    const {date, pattern} = found
    const text = texts.get(h)!
    // (A title of its own date, `# Ops weekly 2026-03-10`, names the day as the file name would.)
    const titleDated = h !== headings[0] && dated.has(headings[0]!) && dated.get(headings[0]!)!.pattern !== pattern
    return isMeetingHeading(text, date) || (firstPattern !== null && masked(text, date) === firstPattern) || (pattern !== null && datesOf.get(pattern)!.size > 1 && ((undatedFile && !titleDated) || (attended.get(pattern) ?? 0) >= 2))
  })
  if (candidates.length < 2) return [whole]
  const depth = Math.min(...candidates.map((h) => h.depth))
  const starts = candidates.filter((h) => h.depth === depth)
  if (new Set(starts.map((h) => findDate(texts.get(h)!)!.iso)).size < 2) return [whole]

  // A heading at the meetings' level that names a template (`# <Agenda Template>`) ends the meeting before it.
  // Positions are looked up, not searched for: a year file can hold thousands of meetings.
  const position = new Map(tree.children.map((node, i) => [node, i]))
  const isStart = new Set(starts)
  const stops = headings
    .filter((h) => h.depth === depth && /\btemplate\b/i.test(phrasingText(h.children)) && !isStart.has(h))
    .map((h) => position.get(h)!)
  let nextStop = 0
  const segments: Segment[] = []
  const lineOffsets = lineStarts(value)
  starts.forEach((heading, i) => {
    const from = position.get(heading)!
    const next = i + 1 < starts.length ? position.get(starts[i + 1]!)! : tree.children.length
    // The first stop after this meeting's heading (stops and starts are both in document order).
    while (nextStop < stops.length && stops[nextStop]! <= from) nextStop++
    const stop = nextStop < stops.length && stops[nextStop]! < next ? stops[nextStop] : undefined
    const to = stop ?? next
    const children = tree.children.slice(from, to) as RootContent[]
    const first = heading.position!.start.line
    const end = to < tree.children.length ? tree.children[to]!.position!.start.line - 1 : lineOffsets.length
    segments.push({
      root: {type: 'root', children, position: {start: heading.position!.start, end: children[children.length - 1]!.position!.end}},
      range: [first, Math.max(first, lastContentLine(value, lineOffsets, end))],
      heading,
      canceled: canceled.test(texts.get(heading)!),
    })
  })
  return segments
}

/** The heading names a date and otherwise only words such as *Meeting* or a cancellation note. */
function isMeetingHeading(text: string, date: {index: number; length: number}): boolean {
  let rest = text.slice(0, date.index) + ' ' + text.slice(date.index + date.length)
  // What follows a cancellation is its note: `11 March 2025 — postponed to 18 March (venue closed)`.
  const cancel = moved.exec(rest)
  if (cancel) rest = rest.slice(0, cancel.index)
  rest = rest
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[^\p{L}\s-]/gu, ' ')
  return rest.split(/\s+/).every((word) => !word || word === '-' || meetingWords.test(word))
}

/**
 * A heading's words but its date and a cancellation's note, where they are few (a series' name: `Plenum`,
 * `Board meeting`); `null` for a longer title, which names a subject (`Release 1.2 planning, 2024-03-01`).
 */
function seriesPattern(text: string, date: {index: number; length: number}): string | null {
  let rest = text.slice(0, date.index) + ' # ' + text.slice(date.index + date.length)
  const cancel = moved.exec(rest)
  if (cancel) rest = rest.slice(0, cancel.index)
  const words = rest.toLowerCase().replace(/[^\p{L}\p{N}#\s]/gu, ' ').split(/\s+/).filter(Boolean)
  return words.length > 1 && words.length <= 4 ? words.join(' ') : null
}

function masked(text: string, date: {index: number; length: number}): string {
  return (text.slice(0, date.index) + '#' + text.slice(date.index + date.length)).toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * Where each line of `value` starts, lines parted as `value.split(/\r?\n|\r/)` parts them (offsets: the lines
 * themselves are not needed, and most files are one meeting, which needs none).
 */
function lineStarts(value: string): number[] {
  const starts = [0]
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === 10) starts.push(i + 1)
    else if (c === 13) {
      if (value.charCodeAt(i + 1) === 10) i++
      starts.push(i + 1)
    }
  }
  return starts
}

/**
 * The last line at or before `line` (1-based; with `starts`, else the file's last) with anything but
 * whitespace; 1 for an empty file. Read backwards from where that line ends, one character at a time.
 */
function lastContentLine(value: string, starts?: readonly number[], line?: number): number {
  let end = value.length
  if (starts && line !== undefined && line < starts.length) end = starts[line]!
  let i = end - 1
  while (i >= 0 && isSpace(value[i]!)) i--
  if (i < 0) return 1
  // The line holding offset `i`: one more than the line breaks before it (a `\r\n` before `i` is whole: `value[i]` is no `\n`).
  if (starts) {
    let n = Math.min(line ?? starts.length, starts.length)
    while (n > 1 && starts[n - 1]! > i) n--
    return n
  }
  let n = 1
  for (let at = value.indexOf('\n'); at !== -1 && at < i; at = value.indexOf('\n', at + 1)) n++
  for (let at = value.indexOf('\r'); at !== -1 && at < i; at = value.indexOf('\r', at + 1)) if (value.charCodeAt(at + 1) !== 10) n++
  return n
}

const space = /\s/
/** Is a character whitespace as `\s` reads it (line breaks too)? */
function isSpace(char: string): boolean {
  return space.test(char)
}
