import type {ListItem, Paragraph, RootContent} from 'mdast'
import {findHandles, InlineText, squash} from './text.ts'
import type {Participant} from './types.ts'

/** Heading text (cleaned) that opens a participants section. */
const participantsWords =
  /^(?:list of )?(?:participants?|attendees?|attendance|present|people present|teilnehmer(?:innen|\*innen|:innen)?|anwesend(?:e)?)\b/i

/** Does a heading (cleaned) open a participants section? Typos such as `Particpants` count. */
export function isParticipantsHeading(text: string): boolean {
  if (participantsWords.test(text)) return true
  const first = /^\p{L}+/u.exec(text)?.[0].toLowerCase()
  // The distance is at least the difference in length: most words need no table.
  return first !== undefined && first.length >= 8 && ['participants', 'participant', 'attendees'].some((w) => Math.abs(first.length - w.length) <= 2 && editDistance(first, w) <= 2)
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]!
}

/** A paragraph that is only a `Participants:` label, possibly with the people on the same line. */
export const participantsLabel =
  /^\s*(?:participants?|attendees?|attendance|present|teilnehmer(?:innen|\*innen)?|anwesend(?:e)?)\s*(?:\([^)]*\))?\s*:\s*/i

const indentedPeople = /^\s*[-*+]\s+\S/

const away = /\b(?:excused|absent|apologi[sz]ed|apologies|regrets|mia|not present|not attending|entschuldigt|abwesend|cancell?ed)\b/i
const onlyHandles = /^[\s,;&/]*(?:@[\w.-]+(?:[\s,;&/]+|\s+(?:and|und|or)\s+|$))+$/i

interface People {
  list: Participant[]
  /** Lines where a person already in the list appeared again. */
  duplicates: Array<{key: string; line: number}>
}

/**
 * People in the blocks of a participants section (everything up to the next heading). `labelled`
 * is a paragraph that starts with a `Participants:` label to skip.
 */
export function readParticipants(blocks: readonly RootContent[], labelled?: Paragraph): People {
  const people: People = {list: [], duplicates: []}
  // With a list, the paragraphs around it are notes (`Summary & minutes transfer: @x`), not people.
  const hasList = blocks.some((b) => b.type === 'list' || (b.type === 'code' && indentedPeople.test(b.value)))
  for (const block of blocks) {
    if (block.type === 'list') {
      for (const item of block.children) fromItem(item, people)
    } else if (block.type === 'code' && !block.lang && indentedPeople.test(block.value)) {
      // `    * @jnull` under the heading: a list indented into a code block.
      const start = block.position?.start.line ?? 0
      block.value.split('\n').forEach((raw, i) => {
        const text = raw.replace(/^\s*[-*+]\s+/, '')
        if (text.trim()) person(text, start + i, people)
      })
    } else if (block.type === 'paragraph' && (!hasList || block === labelled)) {
      for (const [text, line] of lines(block, block === labelled)) person(text, line, people)
    }
  }
  return people
}

function fromItem(item: ListItem, people: People): void {
  const first = item.children[0]
  const line = item.position?.start.line ?? 0
  const text = first?.type === 'paragraph' ? paragraphText(first) : ''
  const nested = item.children.filter((child) => child.type === 'list')
  // A group label with the people nested under it: `- Company A` / `  - @x`.
  if (nested.length > 0 && findHandles(text).length === 0) {
    for (const list of nested) for (const sub of list.children) fromItem(sub, people)
  } else if (text) {
    person(text, line, people)
  }
}

/** The lines (or comma-separated parts) of a paragraph, each with its line. */
function lines(paragraph: Paragraph, stripLabel: boolean): Array<[string, number]> {
  const text = new InlineText()
  text.add(paragraph.children)
  const out: Array<[string, number]> = []
  let offset = 0
  for (const raw of text.text.split('\n')) {
    const line = text.lineAt(offset)
    offset += raw.length + 1
    let value = raw
    if (stripLabel) {
      value = value.replace(participantsLabel, '')
      stripLabel = false
    }
    const parts = /[,;]/.test(value) && !/\([^)]*[,;][^)]*\)/.test(value) ? value.split(/[,;]/) : [value]
    for (const part of parts) if (part.trim()) out.push([part, line])
  }
  return out
}

function paragraphText(paragraph: Paragraph): string {
  const text = new InlineText()
  text.add(paragraph.children)
  return text.text
}

/** Add the person (or people) written in `text`; `false` when it names nobody. */
function person(text: string, line: number, people: People): boolean {
  const value = squash(text)
  if (!value || away.test(value)) return away.test(value)
  const handles = findHandles(value)
  if (handles.length > 0) {
    const bare = value.replace(/\([^)]*\)/g, ' ')
    const list = onlyHandles.test(bare) ? findHandles(bare) : [handles[0]!]
    for (const h of list) add(people, {handle: h.handle, name: null, affiliation: null, line})
    return true
  }
  const name = cleanName(value)
  if (!name) return false
  add(people, {handle: null, name, affiliation: null, line})
  return true
}

/** A plain name without annotations: `Jonas (minutes)` → `Jonas`, `Kurt Garloff, OSBA` → `Kurt Garloff`. */
function cleanName(value: string): string {
  let name = value
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/\s+[-–—:|]\s.*$/, '')
    .replace(/,.*$/, '')
    .replace(/[:;.]+$/, '')
  name = squash(name)
  // Not a name: a sentence, a URL, or a placeholder.
  if (!/\p{L}/u.test(name) || name.split(' ').length > 5 || /https?:|\.\.\./.test(name)) return ''
  return name
}

function add(people: People, p: Participant): void {
  const key = p.handle ?? p.name!.toLowerCase()
  if (people.list.some((q) => (q.handle ?? q.name!.toLowerCase()) === key)) {
    people.duplicates.push({key, line: p.line})
    return
  }
  people.list.push(p)
}
