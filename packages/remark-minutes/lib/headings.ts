import type {Heading, Nodes, Parent, Root, RootContent} from 'mdast'
import {findDate} from './date.ts'
import {awayGroup, groupHeading} from './participants.ts'
import {closingOwners, ownerNames} from './owners.ts'
import {cleanTitle, findHandles, phrasingText, titleText} from './text.ts'
import type {Topic} from './types.ts'
import type {Vocabulary} from './vocabulary.ts'

/**
 * `outcome`: it records the outcome of the topic above (`### Conclusion`), its items are decisions;
 * `absent`: it lists who did not attend (`## Regrets`); `group`: a repository heading inside the agenda (`### openjs-foundation/cross-project-council`)
 * whose list items are the agenda items.
 */
export type HeadingRole = 'title' | 'participants' | 'absent' | 'agenda' | 'date' | 'empty' | 'topic' | 'outcome' | 'group'

export interface HeadingInfo {
  node: Heading
  parent: Parent
  index: number
  /** Cleaned text: HTML, emoji and shortcodes removed. */
  text: string
  role: HeadingRole
}

/** Every heading in document order (outside code and quotes), with where it sits. */
export function collectHeadings(tree: Root, vocab: Vocabulary): HeadingInfo[] {
  const out: HeadingInfo[] = []
  const walk = (parent: Parent): void => {
    parent.children.forEach((node, index) => {
      if (node.type === 'heading') {
        out.push({node, parent, index, text: titleText(node.children), role: 'topic'})
      } else if (node.type === 'list' || node.type === 'listItem') {
        // Not into blockquotes: a heading there is quoted material (a PR's description), not the meeting's.
        walk(node)
      }
    })
  }
  walk(tree)
  classify(out, vocab)
  return out
}

export const agendaOnly = /^(?:agenda|tagesordnung)\s*:?$/i
/** Headings that record a topic's outcome: `Conclusion`, `Conclusion/Resolution`, `Decisions`, `Summary of decisions`. */
export const outcomeHeading =
  /^(?:(?:conclusions?|resolutions?|resolved|decisions?(?: made)?|decided|outcomes?|agreed|agreements?|consensus|summary of (?:decisions|conclusions|outcomes|resolutions))(?:\s*(?:[/&,+]|\band\b)\s*|\s*:?\s*$))+$/i
/** `owner/repo`: a repository heading that groups agenda items generated from its issues. */
const repositoryHeading = /^[\w.-]+\/[\w.-]+$/
/**
 * A heading of people who were away, of four words at most: `Regrets`, `## 1. Apologies for absence` (a number of formal
 * minutes' items first); not an item of business joined to them (`1. Welcome and apologies`, `Opening prayer and apologies`).
 */
function awayHeading(text: string): boolean {
  const bare = text.charCodeAt(0) <= 57 ? text.replace(/^\d{1,2}(?:\.\d{1,2})*[.)]?\s+/, '') : text
  return awayGroup.test(bare) && bare.split(/\s+/).length <= 4 && !/\s(?:and|&)\s+(?:apologies|regrets)\b/i.test(bare)
}

/** A group heading of four words at most, a place's note in a closing bracket not counted (`On site (Himmelsberg office, Leipzig)`). */
function shortGroup(text: string): boolean {
  const bare = text.charCodeAt(text.length - 1) === 41 ? text.replace(/\s*\([^()]*\)$/, '') : text
  return bare.split(/\s+/).length <= 4
}

function classify(headings: HeadingInfo[], vocab: Vocabulary): void {
  const title = titleBlock(headings, vocab)
  for (const h of headings) {
    // A file that opens with its participants (`### Participants`) has no title heading of its own.
    if (title.has(h) && !(h === headings[0] && vocab.participantsHeading(h.text))) h.role = 'title'
    else if (!h.text || !/[\p{L}\p{N}]/u.test(h.text)) h.role = 'empty'
    else if (vocab.participantsHeading(h.text)) h.role = 'participants'
    // `## 1. Apologies for absence`: a numbered item of formal minutes that lists who sent apologies.
    else if (awayHeading(h.text)) h.role = 'absent'
    else if (vocab.agendaHeading(h.text)) h.role = 'agenda'
    else if (isOnlyDate(h.text) || (dateLabelHeading.test(h.text) && datedBelow(h))) h.role = 'date'
    else if (vocab.outcomeHeading(h.text)) h.role = 'outcome'
    else if (repositoryHeading.test(h.text) && inAgenda(headings, h)) h.role = 'group'
  }
  // `## Participants` with `### On site` and `### Remote` under it: where people were, not topics.
  // (One pass: the latest heading of each depth is the one above a deeper heading.)
  const latest: Array<HeadingInfo | undefined> = []
  for (const h of headings) {
    const depth = h.node.depth
    if (h.role === 'topic' && groupHeading(h.text, (h.parent.children as RootContent[])[h.index + 1]) && shortGroup(h.text)) {
      let above: HeadingInfo | undefined
      for (let d = depth - 1; d >= 1 && !above; d--) above = latest[d]
      if (above?.role === 'participants') h.role = 'participants'
    }
    latest[depth] = h
    latest.length = depth + 1
  }
  // `## 5. Resolutions` with `### A. Adopt a release cadence policy` under it: a section of the meeting
  // that holds topics of its own, not the outcome of the topic above.
  headings.forEach((h, i) => {
    const next = headings[i + 1]
    if (h.role === 'outcome' && next && next.node.depth > h.node.depth) h.role = 'topic'
  })
}

/** `## Date`, `## Date and time`, `## When`: a heading that labels the meeting's date, written under it. */
const dateLabelHeading = /^(?:date|date and time|date & time|when|datum)\s*:?$/i

/** The block right under the heading is a paragraph that is only a date (`09 Sep 2025`, with a time perhaps). */
function datedBelow(h: HeadingInfo): boolean {
  const next = h.parent.children[h.index + 1]
  if (next?.type !== 'paragraph') return false
  const text = phrasingText(next.children)
  return text.length < 80 && findDate(text) !== null
}

/** Is a heading under an agenda heading (deeper, with no shallower heading between)? */
function inAgenda(headings: HeadingInfo[], h: HeadingInfo): boolean {
  for (let i = headings.indexOf(h) - 1; i >= 0; i--) {
    const above = headings[i]!
    if (above.node.depth < h.node.depth) return agendaOnly.test(above.text) || /\bagenda\b/i.test(above.text)
  }
  return false
}

/**
 * The first heading, plus the headings right after it (nothing but HTML between) when one of those
 * carries a date or the run ends in a slide separator: the title slide of a deck.
 */
function titleBlock(headings: HeadingInfo[], vocab: Vocabulary): Set<HeadingInfo> {
  const first = headings[0]
  if (!first) return new Set()
  const run = [first]
  const siblings = first.parent.children as RootContent[]
  let i = first.index + 1
  for (; i < siblings.length; i++) {
    const node = siblings[i]!
    // HTML, and an image on its own (a deck's title slide: `![](logo.jpg)` before its `---`).
    if (node.type === 'html' || (node.type === 'paragraph' && node.children.every((c) => c.type === 'image' || c.type === 'html' || (c.type === 'text' && !c.value.trim())))) continue
    if (node.type !== 'heading') break
    const info = headings.find((h) => h.node === node)
    if (info) run.push(info)
  }
  const endsInSeparator = i >= siblings.length || siblings[i]!.type === 'thematicBreak'
  const dated = run.slice(1).some((h) => findDate(h.text) !== null || /\b\d{3}X-XX-XX\b|YYYY-MM-DD/i.test(h.text))
  const participantsInRun = run.slice(1).some((h) => vocab.participantsHeading(h.text))
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

/** A line under a topic that names who leads it: `Presenter: Jane Doe (JDE)`, `sponsor: @x`, `Facilitator - Zach`. */
const ownerLine =
  /^\s*(?:sponsors?|owners?|presenters?|presented by|speakers?|champions?|shepherds?|facilitators?|facilitated by|lead|leads|led by|responsible|moderators?|moderated by|reports? by|reported by|drivers?)\b\s*(?::|[-–—](?=\s))?\s*/i

/** A remark on how someone takes part in an item, beside their name in its closing bracket: `by email`, `remote`, `in writing`, `tbc`. */
const howWords = String.raw`(?:by|via|over) (?:e-?mail|mail|phone|video|chat|slack|matrix|letter)|in writing|remote(?:ly)?|async(?:hronously)?|absent|tbc|tba|tentative|if time(?: permits)?|time permitting|pre-?recorded|recorded`
/**
 * `(@x)`, `[@x, @y]`, and with a time given (`(@fkr - ~5min)`, `(@jschoone 10min)`, `(10 min, @x)`) or a remark on how
 * they take part (`(@moth, async)`) at the end of a title.
 */
const minutes = String.raw`~?\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|m|h|hrs?|hours?)\.?`
const trailingHandles = new RegExp(
  String.raw`\s*[([]\s*(?:${minutes}\s*[-–—,;:]?\s*)?@[\w.-]+(?:\s*(?:,|&|\+|\/|and|und)\s*@[\w.-]+)*(?:\s*[-–—,;:]?\s*(?:${minutes}|${howWords}))?\s*[)\]]\s*$`,
)
/** `… (Matteo)`, `… [Jane Doe, 10 min]`, `… (Chris H., Matteo, Jory)` at the end of a title. */
const trailingBracket = /\s*([([])([^()[\]]+)[)\]]\s*$/
const duration = /\b\d+\s*(?:min(?:ute)?s?|h|hours?)\b/i
const howRemark = new RegExp(`^(?:${howWords})$`)
/** A document's or an issue's number: `SESC/25-162`, `L2/25-162`, `N4321`, `#14102`, `PR #88`, `2025-11-04`. */
const documentNumber = /^(?:(?:\p{Lu}[\p{L}]*\s?)?#\d+|\p{Lu}[\p{Lu}\d]*[/-]\d[\w/.-]*|\p{Lu}{1,4}\d{3,}[\w/.-]*|\d+[/-]\d+[\w/.-]*)$/u

/**
 * Topics from the headings, each with owners: handles in the heading, a `Presenter:` / `sponsor:`
 * line under it, or names in a bracket at its end (then left out of the title). `known`: the names
 * the meeting's participants are written with.
 */
export function topicsOf(headings: HeadingInfo[], known: ReadonlySet<string> = new Set()): Topic[] {
  const topics: Topic[] = []
  const shepherds = shepherdNames(headings.filter((h) => h.role === 'topic').map((h) => h.text), known)
  for (const h of headings) {
    if (h.role !== 'topic') continue
    let title = h.text
    let owners = findHandles(h.text).map((m) => m.handle)
    if (owners.length && trailingHandles.test(title)) title = title.replace(trailingHandles, '').trim() || title
    if (owners.length === 0) owners = ownersBelow(h, known)
    // `## RFC 3399: \`#[deprecated_safe]\``: a bracket written as code is code, not owners.
    if (owners.length === 0 && h.node.children.at(-1)?.type !== 'inlineCode') {
      const named = trailingOwners(title, shepherds)
      if (named) ({title, owners} = named)
    }
    // `### Versioned docs — Quentin`: a name closing the heading after a dash (it stays in the title).
    if (owners.length === 0) owners = closingOwners(title, shepherds)
    topics.push({title, depth: h.node.depth, line: h.node.position?.start.line ?? 0, owners: [...new Set(owners)]})
  }
  return topics
}

/** `1. Triage of open RFCs (Miguel)`: a number, then a short title. */
const numberedTitle = /^\s*\d{1,2}[.)]\s+\S/
/** Bold lines that label a part of the minutes rather than a topic. */
const sectionLabel = /^(?:agenda|minutes(?! of\b)|notes|attendees|attendance|participants|present|regrets|apologies|absent|action(?:s| items?| points?)?|next steps|to-?dos?|decisions?|outcomes?|summary|next meeting|links|resources|date|time|location|where|when)\b/i

/**
 * A post without markdown headings (a forum's, a mailing list's) writes each item's heading as a bold
 * numbered paragraph: `**1. Triage of open RFCs (Miguel)**`. Two or more such paragraphs at the top level,
 * each wholly bold and one short line, are topics, owners read as in a heading's closing bracket. In a
 * meeting with no topic headings (`plain`), unnumbered ones too (`**Ideas list**`, `**Comms**`), as a
 * document exported from a word processor writes its sections — not a label (`**Agenda**`, `**Notes**`).
 */
export function boldTopics(tree: Root, known: ReadonlySet<string> = new Set(), plain = false): Topic[] {
  const found: Array<{text: string; line: number; depth: number}> = []
  const unnumbered: Array<{text: string; line: number; depth: number}> = []
  let depth = 1
  for (const node of tree.children) {
    if (node.type === 'heading') depth = node.depth + 1
    if (node.type !== 'paragraph') continue
    const only = node.children.filter((c) => !(c.type === 'text' && !c.value.trim()))
    if (only.length !== 1 || only[0]!.type !== 'strong') continue
    const text = cleanTitle(phrasingText(only[0]!.children))
    if (text.length > 80 || text.includes('\n') || /[.:;,!?]$/.test(text)) continue
    if (numberedTitle.test(text)) found.push({text, line: node.position?.start.line ?? 0, depth})
    else if (plain && /^\p{Lu}/u.test(text) && text.split(/\s+/).length <= 8 && !sectionLabel.test(text)) unnumbered.push({text, line: node.position?.start.line ?? 0, depth})
  }
  if (found.length < 2 && unnumbered.length >= 2) found.splice(0, found.length, ...unnumbered)
  if (found.length < 2) return []
  const shepherds = shepherdNames(found.map((f) => f.text), known)
  return found.map(({text, line, depth}) => {
    const named = trailingOwners(text, shepherds)
    return {title: named?.title ?? text, depth, line, owners: [...new Set(named?.owners ?? [])]}
  })
}

/**
 * Names the meeting writes as people, and, where several topic titles of a meeting (its headings, the
 * items of a list of topics) end in a one-word parenthesis and two of those are plainly people
 * (`(ecstatic-morse)`), the others too (`(qmx)`): a list of items each with its shepherd.
 */
export function shepherdNames(titles: string[], known: ReadonlySet<string>): ReadonlySet<string> {
  const words = titles.map((title) => /\(([\p{L}][\w.-]*)\)\s*$/u.exec(title)?.[1]).filter((w): w is string => w !== undefined)
  const plain = words.filter((w) => ownerNames(w, known) !== null).length
  if (plain < 2 || plain * 2 < words.length) return known
  return new Set([...known, ...words.filter((w) => ownerNames(w, known, true) !== null)])
}

/** Names in a bracket that ends a title: the title without them, and the owners. */
export function trailingOwners(title: string, known: ReadonlySet<string>): {title: string; owners: string[]} | null {
  const m = trailingBracket.exec(title)
  if (!m || m.index === 0) return null
  // A bracket with a duration (`[Jane Doe, 10 min]`), a label (`(Presenter: Kevin Wu)`) or a square one
  // names people on purpose; a bare parenthesis may name a project.
  const label = ownerLine.exec(m[2]!)
  const labelled = label !== null && label[0].length < m[2]!.length
  let inside = labelled ? m[2]!.slice(label[0].length) : m[2]!
  // `(SESC/25-162, RD)`, `(#14102, Ana)`: the document the item is about, then who presents it; the number is no person.
  if (/\d/.test(inside) && /[,;]/.test(inside)) {
    const parts = inside.split(/\s*[,;]\s*/)
    const people = parts.filter((p) => !documentNumber.test(p))
    if (people.length > 0 && people.length < parts.length) inside = people.join(', ')
  }
  // `(Adaeze, by email)`, `(Ana, remote)`: a person, then a lowercase remark on how they take part; the remark is no person.
  // Like a time, the remark says the bracket names someone: a full name counts without another sign.
  let how = false
  if (inside.indexOf(',') > 0) {
    const parts = inside.split(/\s*,\s*/)
    const kept = parts.filter((p, i) => i === 0 || !howRemark.test(p) || known.has(p))
    if (kept.length < parts.length) (inside = kept.join(', ')), (how = true)
  }
  const timed = duration.test(inside)
  const owners = ownerNames(inside, known, m[1] === '[' || timed || labelled, how || timed || labelled)
  return owners ? {title: title.slice(0, m.index).trim(), owners} : null
}

/** Owners named on a line right under the heading (a paragraph line or an item of the first list). */
function ownersBelow(h: HeadingInfo, known: ReadonlySet<string>): string[] {
  const siblings = h.parent.children as Nodes[]
  const lines: string[] = []
  /** The first line under the heading: `- presentation by @x`, `Quick update on this by @fkr`. */
  let first: string | undefined
  for (let i = h.index + 1; i < siblings.length && i <= h.index + 3; i++) {
    const node = siblings[i]!
    if (node.type === 'heading') break
    if (first === undefined) {
      const block = node.type === 'list' ? node.children[0]?.children[0] : node
      first = block?.type === 'paragraph' ? (phrasingText(block.children).split('\n')[0] ?? '') : ''
    }
    if (node.type === 'paragraph') lines.push(...phrasingText(node.children).split('\n'))
    else if (node.type === 'html') lines.push(node.value.split('\n')[0] ?? '')
    else if (node.type === 'list') {
      // In a list only the labels that name who leads the topic: `- Presenter: …`, not `- Responsible for the minutes: @x`.
      for (const item of node.children) {
        const first = item.children[0]?.type === 'paragraph' ? phrasingText(item.children[0].children).split('\n')[0]! : ''
        if (/^\W*(?:presenters?|presented by|speakers?|champions?|shepherds?|facilitators?|facilitated by|owners?|sponsors?)\b/i.test(first)) lines.push(first)
      }
    }
  }
  for (const raw of lines) {
    const text = cleanTitle(raw)
    const label = ownerLine.exec(text)
    if (!label || label[0].length === text.length) continue
    // Only the owner clause: `sponsor: @x; time: 10 min` stops at the semicolon.
    // `Presented by Bruno Azevedo.`: the sentence's full stop is not part of the name.
    const clause = (text.slice(label[0].length).split(/[;|]|\b(?:time|duration|minutes?|slides?|proposal)\s*:/i)[0] ?? '').replace(/(?<=\p{Ll}{2})\.\s*$/u, '')
    const handles = findHandles(clause).map((m) => m.handle)
    if (handles.length) return handles
    const names = ownerNames(clause.replace(/\s*\([^)]*\)/g, (p) => (/^\s*\([A-Z]{2,5}\)$/.test(p) ? '' : p)), known, true)
    if (names) return names
  }
  const opening = first ? cleanTitle(first) : ''
  const lead = byLead.exec(opening)
  const by = lead ? byPeople.exec(opening.slice(lead[0].length)) : null
  if (by) {
    const handles = findHandles(by[1]!).map((m) => m.handle)
    if (handles.length) return handles
    return ownerNames(by[1]!, known) ?? []
  }
  return []
}

/** A first line that says who gives the topic: `presentation by @x`, `quick update on this by @fkr`, `Live demo by Jane Doe`. */
const byLead =
  /^\W*(?:(?:a|an|the|quick|short|brief|live|small|first)\s+)*(?:presentation|update|updates|report|demo|talk|introduction|intro|overview|walk-?through)\b[^.;:!?]{0,50}?\bby\s+/i
const byPeople = /^((?:@[\w.-]+|\p{Lu}[\p{L}'-]+(?:\s\p{Lu}[\p{L}'-]+)?)(?:\s*(?:,|&|and)\s*(?:@[\w.-]+|\p{Lu}[\p{L}'-]+(?:\s\p{Lu}[\p{L}'-]+)?))*)\s*[.!]?\s*$/u
