import type {Root} from 'mdast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {daysApart, fileNameDate, findDate, pathYear} from './date.ts'
import type {HeadingInfo} from './headings.ts'
import {phrasingText} from './text.ts'

const source = 'remark-minutes'

/**
 * `Meeting date: 2022-11-22`, `- Date: 2019.10.10`, `**Date**: October 10th`, `**Held:** Thursday 3 April 2025`,
 * `Date and time: …` near the top.
 */
const dateLabel = /^\s*:?(?:meeting\s+|call\s+)?(?:date(?:\s*(?:and|&)\s*time)?|datum|when|held(?:\s+on)?|time\s*(?:and|&)\s*date)\s*(?:\([^)]*\))?\s*:\s*/i

/** `The summit was held on Tuesday 16 September 2025, …`: a sentence saying when the meeting took place, read from its verb on. */
const heldOn = /^.{0,120}?\b(?:was|were)\s+held\s+(?:on\s+)?|^.{0,120}?\b(?:took place|met)\s+on\s+/i

/** How far into a meeting a date line is looked for (top-level blocks). */
const dateLineReach = 8

export interface MeetingDate {
  iso: string | null
  /** Found in the meeting's text (a heading, a date line, front matter), not only in its file name. */
  fromText: boolean
}

/**
 * The meeting date: the title block's, else a `Meeting date:` line near the top, else a date-only
 * heading's, else front matter's, else the file name's (or folder's). Typos in a heading date are
 * flagged and lose to the file name. `start` is the meeting's first line, where a missing date is reported.
 */
export function meetingDate(
  tree: Root,
  headings: HeadingInfo[],
  frontMatter: Record<string, unknown> | null,
  file: VFile,
  start: number,
  first = true,
): MeetingDate {
  // A second meeting in a file (appended, or a year file's) is not what the file name dates.
  const fromName = file.path && first ? fileNameDate(file.path) : null
  const named = file.path ? fileNameDate(file.path) : null
  const year = named ? Number(named.slice(0, 4)) : file.path ? pathYear(file.path) : null
  // (A title without the year, `# Hack Night — Tuesday Oct 14`, takes it from the file name or a folder.)
  const titled = headings.filter((h) => h.role === 'title').find((h) => findDate(h.text, year))
  if (titled) {
    const found = checked(titled, fromName, file, year)
    if (found) return {iso: found, fromText: true}
  }
  const line = dateLine(tree, year)
  if (line) return {iso: line, fromText: true}
  const dated = headings.find((h) => h.role === 'date' && findDate(h.text))
  if (dated) {
    const found = checked(dated, fromName, file)
    if (found) return {iso: found, fromText: true}
  }
  // `## Date` with `09 Sep 2025` under it.
  const labelled = headings.find((h) => h.role === 'date' && !findDate(h.text))
  const below = labelled?.parent.children[labelled.index + 1]
  if (below?.type === 'paragraph') {
    const found = findDate(phrasingText(below.children), year)
    if (found && !found.invalid) return {iso: found.iso, fromText: true}
  }
  const fm = frontMatter?.['date']
  if (fm instanceof Date && !Number.isNaN(fm.getTime())) return {iso: fm.toISOString().slice(0, 10), fromText: true}
  if (typeof fm === 'string') {
    const found = findDate(fm, year)
    if (found && !found.invalid) return {iso: found.iso, fromText: true}
  }
  if (fromName) return {iso: fromName, fromText: false}
  file.message('Unexpected missing date, expected a date in the title heading, a `Date:` line, front matter or the file name', {
    place: {line: start, column: 1},
    ruleId: 'no-date',
    source,
  })
  return {iso: null, fromText: false}
}

/** A heading's date, or the file name's when the heading's is not a real date or implausibly far from it. */
function checked(heading: HeadingInfo, fromName: string | null, file: VFile, year: number | null = null): string | null {
  const found = findDate(heading.text, year)!
  const place = heading.node.position as Position | undefined
  const farFromName = fromName !== null && !found.invalid && daysApart(found.iso, fromName) > 366
  if (found.invalid || farFromName || (found.odd && fromName !== null)) {
    const why = found.invalid ? 'not a real date' : farFromName ? `over a year from the file name's ${fromName}` : 'written with odd separators'
    const fallback = fromName ?? (found.invalid ? null : found.iso)
    file.message(`Unexpected heading date \`${heading.text}\` (${why}), expected \`YYYY-MM-DD\`; using ${fallback ?? 'no date'}`, {
      place,
      ruleId: 'invalid-date',
      source,
    })
    return fallback
  }
  if (fromName !== null && found.iso !== fromName) {
    file.message(`Unexpected heading date ${found.iso}, expected the file name's ${fromName}`, {place, ruleId: 'date-mismatch', source})
  }
  return found.iso
}

/** A `Date:` line among the first blocks of the meeting (a paragraph line or a list item). */
function dateLine(tree: Root, year: number | null): string | null {
  const blocks = tree.children.slice(0, dateLineReach)
  for (const block of blocks) {
    const texts: string[] = []
    if (block.type === 'paragraph') texts.push(...phrasingText(block.children).split('\n'))
    else if (block.type === 'list') {
      for (const item of block.children) {
        const first = item.children[0]
        if (first?.type === 'paragraph') texts.push(phrasingText(first.children).split('\n')[0]!)
      }
    } else continue
    for (const text of texts) {
      const label = dateLabel.exec(text.replace(/[*_]/g, '')) ?? heldOn.exec(text.replace(/[*_]/g, ''))
      if (!label) continue
      const found = findDate(text.replace(/[*_]/g, '').slice(label[0].length), year)
      if (found && !found.invalid) return found.iso
    }
  }
  return null
}
