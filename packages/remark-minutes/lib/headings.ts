import type {Heading, Nodes, Parent, Root, RootContent} from 'mdast'
import {findDate} from './date.ts'
import {isParticipantsHeading} from './participants.ts'
import {cleanTitle, findHandles, phrasingText} from './text.ts'
import type {Topic} from './types.ts'

export type HeadingRole = 'title' | 'participants' | 'agenda' | 'date' | 'empty' | 'topic'

export interface HeadingInfo {
  node: Heading
  parent: Parent
  index: number
  /** Cleaned text: HTML, emoji and shortcodes removed. */
  text: string
  role: HeadingRole
}

/** Every heading in document order (outside code), with where it sits. */
export function collectHeadings(tree: Root): HeadingInfo[] {
  const out: HeadingInfo[] = []
  const walk = (parent: Parent): void => {
    parent.children.forEach((node, index) => {
      if (node.type === 'heading') {
        out.push({node, parent, index, text: cleanTitle(phrasingText(node.children)), role: 'topic'})
      } else if (node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') {
        walk(node)
      }
    })
  }
  walk(tree)
  classify(out)
  return out
}

const agendaOnly = /^(?:agenda|tagesordnung)\s*:?$/i

function classify(headings: HeadingInfo[]): void {
  const title = titleBlock(headings)
  for (const h of headings) {
    // A file that opens with its participants (`### Participants`) has no title heading of its own.
    if (title.has(h) && !(h === headings[0] && isParticipantsHeading(h.text))) h.role = 'title'
    else if (!h.text || !/[\p{L}\p{N}]/u.test(h.text)) h.role = 'empty'
    else if (isParticipantsHeading(h.text)) h.role = 'participants'
    else if (agendaOnly.test(h.text)) h.role = 'agenda'
    else if (isOnlyDate(h.text)) h.role = 'date'
  }
}

/**
 * The first heading, plus the headings right after it (nothing but HTML between) when one of those
 * carries a date or the run ends in a slide separator: the title slide of a deck.
 */
function titleBlock(headings: HeadingInfo[]): Set<HeadingInfo> {
  const first = headings[0]
  if (!first) return new Set()
  const run = [first]
  const siblings = first.parent.children as RootContent[]
  let i = first.index + 1
  for (; i < siblings.length; i++) {
    const node = siblings[i]!
    if (node.type === 'html') continue
    if (node.type !== 'heading') break
    const info = headings.find((h) => h.node === node)
    if (info) run.push(info)
  }
  const endsInSeparator = i >= siblings.length || siblings[i]!.type === 'thematicBreak'
  const dated = run.slice(1).some((h) => findDate(h.text) !== null || /\b\d{3}X-XX-XX\b|YYYY-MM-DD/i.test(h.text))
  const participantsInRun = run.slice(1).some((h) => isParticipantsHeading(h.text))
  return new Set(run.length > 1 && (dated || endsInSeparator) && !participantsInRun ? run : [first])
}

const dateWords = /^(?:minutes|meeting|protocol|notes|session|date|weekly|call|team|sig|scs|of|the|on|from|am|vom|special|overflow|breakout|break-out)$/i

/** A heading that is a date and words like *Minutes* or *Meeting* (`## 2024-08-12`, `### Minutes 2023-01-05`). */
export function isOnlyDate(text: string): boolean {
  const date = findDate(text)
  if (!date) return false
  const rest = (text.slice(0, date.index) + text.slice(date.index + date.length)).replace(/[^\p{L}\s-]/gu, ' ')
  return rest.split(/\s+/).every((word) => !word || word === '-' || dateWords.test(word))
}

const ownerLine =
  /^\s*(?:sponsors?|owners?|presenters?|presented by|lead|leads|responsible|moderators?|moderated by|reports? by|reported by|driver|champion)\b\s*:?\s*/i

const trailingHandles = /\s*[([]\s*@[\w.-]+(?:\s*(?:,|&|\+|\/|and|und)\s*@[\w.-]+)*\s*[)\]]\s*$/

/** Topics from the headings, each with owners from the heading or the `sponsor: @x` line under it. */
export function topicsOf(headings: HeadingInfo[]): Topic[] {
  const topics: Topic[] = []
  for (const h of headings) {
    if (h.role !== 'topic') continue
    let owners = findHandles(h.text).map((m) => m.handle)
    if (owners.length === 0) owners = ownersBelow(h)
    const title = owners.length && trailingHandles.test(h.text) ? h.text.replace(trailingHandles, '').trim() || h.text : h.text
    topics.push({title, depth: h.node.depth, line: h.node.position?.start.line ?? 0, owners: [...new Set(owners)]})
  }
  return topics
}

function ownersBelow(h: HeadingInfo): string[] {
  const next = h.parent.children[h.index + 1] as Nodes | undefined
  if (!next || (next.type !== 'paragraph' && next.type !== 'html')) return []
  const raw = next.type === 'html' ? next.value : phrasingText(next.children)
  const text = cleanTitle(raw.split('\n')[0] ?? '')
  const label = ownerLine.exec(text)
  if (!label) return []
  // Only the owner clause: `sponsor: @x; time: 10 min` stops at the semicolon.
  const clause = text.slice(label[0].length).split(/[;|]|\b(?:time|duration|minutes?)\s*:/i)[0] ?? ''
  return findHandles(clause).map((m) => m.handle)
}
