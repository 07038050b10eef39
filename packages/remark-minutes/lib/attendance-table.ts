import type {PhrasingContent, Table} from 'mdast'
import {placeholder, readEntry, strongClose, strongOpen} from './person-entry.ts'
import {normalizeHandle, squash} from './text.ts'
import type {Participant} from './types.ts'

/** A table row as text cells (strong text marked), with its line. */
export interface Row {
  cells: string[]
  line: number
}

type Column = 'name' | 'name+affiliation' | 'handle' | 'affiliation' | 'abbreviation' | 'presence' | 'other'

/** What a header cell says its column holds. */
function columnOf(header: string): Column {
  const h = squash(header.replace(/[\u0001\u0002*_]/g, '')).toLowerCase()
  if (/github|\bgh\b|gh[ -]?id|handle|user ?name|login|nick/.test(h)) return 'handle'
  if (/\bname\b|attendee|participant|person|\bwho\b|^(?:member|voting member|tsc member|board member|director|trustee|council+or|commissioner|governor)s?$/.test(h)) return /affiliation|organi[sz]ation|company|employer/.test(h) ? 'name+affiliation' : 'name'
  if (/affiliation|organi[sz]ation|company|employer|\borg\b|institution|represent/.test(h)) return 'affiliation'
  if (/abbr|initials|acronym|short/.test(h)) return 'abbreviation'
  if (h === '' || /^(?:x|✓|present|attended|attending|here|attendance|in attendance|joined|presence)$/.test(h)) return 'presence'
  return 'other'
}

/** A mark saying the person was there: `x`, `✓`, `yes`, with a note (`✓ (proxy for Bastian)`); a presence column may also say where (`remote`). */
const mark = /^\s*(?:x|✓|✔|☑|✅|yes|y|present|here|attended|\+1?|1|remote|in[- ]person|on[- ]?site|online|virtual|hybrid)\s*(?:\([^()]*\))?\s*$/i

export interface TablePeople {
  people: Participant[]
  /** The table has a column of names or handles: it is an attendance table. */
  recognised: boolean
  /** It has a presence column in which no row is marked. */
  unmarked?: boolean
}

/**
 * The people of an attendance table: columns found by their header (name, handle / GitHub / GH ID,
 * affiliation, abbreviation, and a presence column whose `x` marks who attended — then only marked
 * rows count); empty and template rows skipped.
 */
export function peopleOfTable(rows: Row[]): TablePeople {
  const [header, ...body] = rows
  if (!header) return {people: [], recognised: false}
  const columns = header.cells.map(columnOf)
  const at = (column: Column) => columns.indexOf(column)
  const name = at('name') === -1 ? at('name+affiliation') : at('name')
  const handle = at('handle')
  if (name === -1 && handle === -1) return {people: [], recognised: false}
  // A presence column: named so (`Present`), or an empty-headed one whose cells are all marks or
  // empty — a sign-in column; nobody marked in it means nobody is known to have attended.
  const presence = columns.findIndex(
    (c, i) => c === 'presence' && (plain(header.cells[i] ?? '') !== '' || body.every((row) => !plain(row.cells[i] ?? '') || mark.test(plain(row.cells[i] ?? '')))),
  )
  const people: Participant[] = []
  for (const row of body) {
    const cell = (i: number) => (i === -1 ? '' : (row.cells[i] ?? ''))
    if (row.cells.every((c) => !plain(c))) continue
    if (presence !== -1 && !mark.test(plain(cell(presence)))) continue
    // A template row (`Your name`) stays out even when it has a handle column filled in.
    if (plain(cell(name)) && placeholder.test(plain(cell(name)))) continue
    const entry = plain(cell(name)) ? readEntry(cell(name)) : null
    const written = handleOf(plain(cell(handle)))
    if (!entry && !written) continue
    // `Independent`, `independiente`, `-`: the cell says nobody employs them.
    const employer = plain(cell(at('affiliation')))
    const affiliation = (unaffiliated.test(employer) ? '' : employer) || entry?.affiliation || null
    const person: Participant = {handle: written ?? entry?.handle ?? null, name: entry?.name ?? null, affiliation, line: row.line}
    const abbreviation = plain(cell(at('abbreviation')))
    if (abbreviation) person.abbreviation = abbreviation
    people.push(person)
  }
  const unmarked = presence !== -1 && people.length === 0 && body.some((row) => plain(row.cells[name === -1 ? handle : name] ?? ''))
  return {people, recognised: true, unmarked}
}

/**
 * A header naming a column of people and a presence column in words (`Trustee | Representing | Present`):
 * a roll call wherever the table stands, as formal minutes set one under the meeting's heading without a label.
 */
export function rollCallHeader(cells: string[]): boolean {
  const columns = cells.map(columnOf)
  return columns.some((c) => c === 'name' || c === 'name+affiliation' || c === 'handle') && columns.some((c, i) => c === 'presence' && /\p{L}{2}/u.test(plain(cells[i] ?? '')))
}

/** A handle as a table gives it: `lehors`, `@lehors`, `https://github.com/lehors`, `@oona@larchwood.social` (a fediverse address: its local part). */
function handleOf(text: string): string | null {
  const value = text
    .replace(/^https?:\/\/(?:www\.)?github\.com\//i, '')
    .replace(/\/.*$/, '')
    .trim()
    .replace(/^(@[A-Za-z0-9_.-]+)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/, '$1')
  return /^@?[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9]))*$/.test(value) ? normalizeHandle(value) : null
}

function plain(text: string): string {
  return squash(text.replace(/[\u0001\u0002]/g, ' '))
}

/** The rows of a GFM table, header first. */
export function rowsOfTable(table: Table): Row[] {
  return table.children.map((row) => ({cells: row.children.map((cell) => markedText(cell.children)), line: row.position?.start.line ?? 0}))
}

/** The visible text of phrasing content with strong (bold) text marked; HTML left out. */
export function markedText(nodes: readonly PhrasingContent[]): string {
  let out = ''
  for (const node of nodes) {
    if (node.type === 'text' || node.type === 'inlineCode') out += node.value
    else if (node.type === 'break') out += ' '
    else if (node.type === 'strong') out += strongOpen + markedText(node.children) + strongClose
    else if ('children' in node) out += markedText(node.children as PhrasingContent[])
  }
  return out
}

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'"}

/**
 * The rows of the HTML `<table>` that starts at `offset` of `value` (a Google Docs export writes
 * attendance so), header first, each with the line of its `<tr>`; and where the table ends.
 */
export function rowsOfHtmlTable(value: string, offset: number, firstLine: number): {rows: Row[]; end: number} | null {
  const start = value.slice(offset).search(/<table\b/i)
  if (start === -1) return null
  const from = offset + start
  const close = value.slice(from).search(/<\/table\s*>/i)
  const end = close === -1 ? value.length : from + close
  const html = value.slice(from, end)
  const rows: Row[] = []
  // Rows come in order: count the newlines since the last row, not since the table's start.
  let line = firstLine
  let counted = offset
  const lineAt = (index: number) => {
    line += countNewlines(value, counted, from + index)
    counted = from + index
    return line
  }
  for (const tr of html.matchAll(/<tr\b[^>]*>([\s\S]*?)(?=<tr\b|$)/gi)) {
    const cells = [...tr[1]!.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)(?=<t[dh]\b|<\/tr\s*>|$)/gi)].map((td) => cellText(td[1]!))
    rows.push({cells, line: lineAt(tr.index)})
  }
  return {rows, end}
}

function cellText(html: string): string {
  return html
    .replace(/<(?:strong|b)\b[^>]*>/gi, strongOpen)
    .replace(/<\/(?:strong|b)\s*>/gi, strongClose)
    .replace(/<br\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#?\w+);/g, (whole, name: string) =>
      name.startsWith('#x') ? String.fromCodePoint(Number.parseInt(name.slice(2), 16)) : name.startsWith('#') && name !== '#39' ? String.fromCodePoint(Number(name.slice(1))) : (entities[name] ?? whole),
    )
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** An affiliation cell that names no organisation: `Independent` (in a few languages), `none`, `-`, `co-opted` (a member representing no body). */
const unaffiliated = /^\W*(?:independent|independiente|indépendante?|indipendente|unabhängig|unaffiliated|individual|self(?:-employed)?|co-?opted|none|n\/a|[-–—])\W*$/i
