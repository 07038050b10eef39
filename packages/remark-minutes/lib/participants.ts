import type {List, ListItem, Paragraph, Root, RootContent} from 'mdast'
import {markedText, peopleOfTable, rollCallHeader, rowsOfHtmlTable, rowsOfTable} from './attendance-table.ts'
import type {HeadingInfo} from './headings.ts'
import {fullNameMention, orgWord, readEntry} from './person-entry.ts'
import {cleanTitle, findHandles, InlineText, phrasingText, squash} from './text.ts'
import type {Participant} from './types.ts'
import type {Vocabulary} from './vocabulary.ts'

/** Words that open a participants section. */
const strongWords = String.raw`participants?|attendees?|attendance|teilnehmer(?:innen|\*innen|:innen)?|anwesend(?:e)?`
/** Words that do only when alone (`## Present`, `Who:`), not as the start of a sentence (`Present the plan`). */
const weakWords = String.raw`present|(?:people|(?:[a-z-]+ )?(?:members|directors|trustees|councill?ors|governors|delegates|representatives)|staff|officers|mods|moderators|maintainers|reviewers|committers|editors|stewards|volunteers) present|in attendance|on the call|roll[ -]?call|who|(?:also |people |members )?attending|attended|sign[- ]?in(?: sheet| list)?|signed in|joined|here|who(?:['’]s| is) here|who (?:was|were) (?:there|here|present)|who attended|who came`
const participantsWords = new RegExp(String.raw`^(?:list of )?(?:(?:${strongWords})\b|(?:${weakWords})\s*(?:$|[:(\[]|[-–—]\s))`, 'i')

/** Does a heading (cleaned) open a participants section? Typos such as `Particpants` count. */
export function isParticipantsHeading(text: string): boolean {
  if (/^(?:new|call for|future|potential)\b/i.test(text)) return false
  if (participantsWords.test(text)) return true
  const first = /^\p{L}+/u.exec(text)?.[0].toLowerCase()
  // The distance is at least the difference in length: most words need no table.
  return first !== undefined && first.length >= 8 && ['participants', 'participant', 'attendees'].some((w) => Math.abs(first.length - w.length) <= 2 && withinEdits(first, w, 2))
}

/** Two rows of the edit-distance table, reused: the test runs on the first word of every heading. */
let previousRow = new Uint16Array(16)
let currentRow = new Uint16Array(16)

/**
 * Is the edit distance between `a` and `b` at most `max`? (The rows' least value never falls: once a row is
 * all above `max`, so is the distance.)
 */
function withinEdits(a: string, b: string, max: number): boolean {
  if (b.length + 1 > previousRow.length) {
    previousRow = new Uint16Array(b.length + 1)
    currentRow = new Uint16Array(b.length + 1)
  }
  let prev = previousRow
  let row = currentRow
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    row[0] = i
    let least = i
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1))
      if (row[j]! < least) least = row[j]!
    }
    if (least > max) return false
    const swap = prev
    prev = row
    row = swap
  }
  return prev[b.length]! <= max
}

/**
 * A paragraph or list item that labels who attended: `Participants:`, `**Attendance (please add
 * yourself):**`, `Present: Myles, Jory`, `Attendance (please add yourself)`. Group 1: what follows the colon.
 */
/** (`:Attendees: …` too: a reStructuredText-style field list writes its labels between colons.) */
export const participantsLabel = new RegExp(String.raw`^\s*:?(?:list of )?(?:${strongWords}|${weakWords})\s*(?:\([^)]*\)\)?)?\s*(?::\s*([\s\S]*))?$`, 'i')

/** A group inside a participants section: `On site:`, `Remote`, `Team members: a, b`, `Others:`. Group 1: the people after the colon. */
const groupLabel = /^\s*[\p{L}][\p{L}\s&/'’.-]{0,40}?\s*(?:\([^)]*\))?\s*:\s*(.*)$/su
/** Groups of people who did not attend (`Apologies for absence`, as council minutes write it; `Couldn't make it:`). */
export const awayGroup = /^\W*(?:[\p{L}-]+\s+){0,3}?(?:regrets|apologies(?: for absence)?|apologi[sz]ed|absent|excused|not present|not attending|unable to attend|(?:could(?:n['’]t| not)|can(?:['’]t|not)) (?:make it|attend|join)|declined|missing|away|abwesend|entschuldigt)\b(?!\s+\p{Ll})/iu
/** A person marked as not there. */
const awayWords = /\b(?:excused|absent|apologi[sz]ed|apologies|regrets|not present|not attending|entschuldigt|abwesend|cancell?ed|PTO|OOO|out of office|on leave|on vacation|on holiday)\b/i
const away = {test: (text: string) => awayWords.test(text) || /\bMIA\b/.test(text)}
/** A line labelled as people who were not there: `Away: Lukas`, `Attendees (absent): A, B`, `not: @x (traveling)` (the word alone as the label, as SCS lists write it), `Not here: vexa_, TurboLemming`. */
function awayLabel(raw: string): boolean {
  const text = raw.charCodeAt(0) === 58 ? raw.slice(1) : raw
  const colon = text.indexOf(':')
  if (colon <= 0) return false
  const label = text.slice(0, colon)
  return awayGroup.test(label) || awayWords.test(label) || /^\W*not(?: (?:here|there|on the call|in attendance))?\W*$/i.test(label)
}
/** Places and roles that group people under a participants heading. */
export const placeGroup = /^(?:also (?:present|attending|in attendance|joined|here|on the call|on the line|in (?:the )?(?:channel|room|call)|on (?:irc|matrix|zoom|jitsi|discord|slack|video|the phone|the stream))|on[- ]?site|remote(?:ly)?|online|virtual|in[- ]person|in the room|dial[- ]?in|phone|video|guests?|visitors?|observers?|members|team members|others|staff|(?:[\p{L}-]+\s+){0,2}members)\b/iu
/**
 * A sub-heading of a participants section that names a group of people, over a list of them (`### Core team`, `###
 * Volunteers`): more words than a label's (`Speakers confirmed: …` is news, `### Speakers` over a paragraph a topic).
 */
const teamGroup = /^(?:(?:core|organi[sz]ing|steering|program(?:me)?|project)\s+(?:team|committee|group)|volunteers?|organi[sz]ers|maintainers|contributors|speakers|mentors|helpers)$/iu
export function groupHeading(text: string, next: RootContent | undefined): boolean {
  return placeGroup.test(text) || awayGroup.test(text) || (next?.type === 'list' && teamGroup.test(text.trim()) && next.children.every((item) => item.children.length === 1 && item.children[0]!.type === 'paragraph' && personLine.test(phrasingText(item.children[0]!.children).trim())))
}
/** A list item that may be a person's entry: short, no label, no sentence (`Lars Henriksen — venue & catering`). */
const personLine = /^(?!.*(?::\s|\swill\s|\sto\s[a-z]|\.$)).{1,80}$/su
const indentedPeople = /^\s*[-*+]\s+\S/

export interface People {
  list: Participant[]
  /** Where each person was found: under `Present:` (who was there) or a roster such as `Participants` (who is in the group). */
  present?: Set<Participant>
  /** Lines where a person already in the list appeared again. */
  duplicates: Array<{key: string; line: number}>
  /** Sections found: where each starts and whether it held anyone. */
  sections: Array<{line: number; people: number}>
  /** Tables under a participants heading without a column of names or handles, and sign-in tables nobody marked. */
  tables: Array<{line: number; reason: 'unrecognised' | 'unmarked'}>
  /** While a section is read whose legend names the parts of its slash-parted entries, none of them an organisation. */
  slashesUnaffiliated?: boolean
}

/** A legend of the parts of each sign-in entry: `Sign in (name / lesson(s) / where you are)`, `Name / handle / organisation / what you work on`. */
const slashLegend = /(?:^|\()\s*(?:your\s+)?(?:full\s+)?name\s*\/(.+)$/i
/**
 * A part of a legend that is not where the person works: a role, lessons or languages, a place, pronouns, a
 * handle (`Sign in (name / agency / role)` names an organisation: `agency` is none of these).
 */
const personalPart =
  /^(?:your\s+)?(?:roles?|positions?|titles?|lessons?|lesson\(s\)|languages?|language\(s\)|courses?|tracks?|topics?|interests?|what you work on|where you are|where you(?:['’]re| are) (?:from|based)|city|town|place|location|country|region|time ?zone|pronouns|handles?|github(?: handle)?|user ?name|nick(?:name)?|e-?mail|first (?:call|time)\??)$/i

/**
 * Does the section's legend (in its heading or label, or a line of its own under the heading) name the
 * parts of its entries, each a role, lessons, a place or the like (`name / lesson(s) / where you are`)? Then
 * the parts after an entry's name are no affiliation.
 */
function legendWithoutOrganisation(label: string, blocks: readonly RootContent[]): boolean {
  let legend = label.includes('/') ? slashLegend.exec(label) : null
  for (let i = 0; !legend && i < blocks.length && i < 3; i++) {
    const block = blocks[i]!
    if (block.type !== 'paragraph') continue
    const text = phrasingText(block.children).replace(/[*_]/g, '')
    if (text.includes('/') && !text.includes('\n')) legend = slashLegend.exec(text)
  }
  return legend !== null && legend[1]!.replace(/\)\s*$/, '').split('/').every((part) => personalPart.test(part.trim()))
}

/**
 * The participants of a meeting, wherever its minutes put them: under a participants heading (with
 * groups per place or role), after a `Participants:` label (a paragraph, a bold line, a list item), in
 * GFM or HTML tables with a presence column. `value` is the file's source (HTML tables are read from it).
 */
export function collectParticipants(tree: Root, headings: HeadingInfo[], value: string, vocab: Vocabulary): People {
  const people: People = {list: [], duplicates: [], sections: [], tables: []}
  const inSections = new Set<RootContent>()
  for (const h of headings) {
    // `### On site` under `## Participants` is in that section's blocks already: not a section of its own.
    if (h.role !== 'participants' || inSections.has(h.node)) continue
    const before = people.list.length
    const blocks = sectionBlocks(h)
    for (const block of blocks) inSections.add(block)
    people.slashesUnaffiliated = legendWithoutOrganisation(h.text, blocks)
    readBlocks(blocks, value, people, null, vocab)
    people.slashesUnaffiliated = false
    people.sections.push({line: h.node.position?.start.line ?? 0, people: people.list.length - before})
  }
  // `**Participants:** @a, @b`, `Present: Myles, Jory`, or a label paragraph with the list after it.
  const labels = (nodes: readonly RootContent[]): void => {
    nodes.forEach((node, index) => {
      if (node.type === 'blockquote') return labels(node.children)
      // A roll-call table standing alone (no label or participants heading before it): its people.
      if (node.type === 'table') {
        if (inSections.has(node) || !rollCallHeader(node.children[0]?.children.map((cell) => markedText(cell.children)) ?? [])) return
        const before = people.list.length
        readBlocks([node], value, people, null, vocab)
        people.sections.push({line: node.position?.start.line ?? 0, people: people.list.length - before})
        return
      }
      if (node.type !== 'paragraph') return
      const text = phrasingText(node.children).replace(/[*_]/g, '')
      const first = firstLine(text)
      const label = vocab.participantsLabel(first)
      // (Its lines only for a paragraph of properties, one a line: most paragraphs are neither.)
      if (!label) return text.includes('\n') ? propertyLines(node, text.split('\n')) : undefined
      const before = people.list.length
      const next = nodes[index + 1]
      const blocks: RootContent[] = [node]
      const presentLabel = /^\W*(?:present|in attendance|attended)\b/i.test(phrasingText(node.children))
      // `PMC members present:` inside `## Roll call` was read with its section: read again for the people
      // the section's reading leaves out (`Also attending: …` beside a table), not to warn of duplicates.
      const duplicates = inSections.has(node) && !presentLabel ? people.duplicates.length : -1
      // `Present: Ingrid, Paolo` names them on its line: the list after it is the notes, not more people.
      const named = /[\p{L}@]/u.test(label[1] ?? '')
      if (next && !named && (next.type === 'list' || next.type === 'table' || next.type === 'html' || next.type === 'code')) {
        blocks.push(next)
        inSections.add(next)
        // `Also present: Harriet Moss (Fenwick Scouts), for item 3` after the list or table: more people of the label's.
        const after = nodes[index + 2]
        if (after?.type === 'paragraph' && alsoOpening.test(phrasingText(after.children).replace(/[*_]/g, ''))) blocks.push(after)
      } else if (next?.type === 'paragraph' && !label[1]?.trim() && !vocab.participantsLabel(phrasingText(next.children))) blocks.push(next)
      people.slashesUnaffiliated = legendWithoutOrganisation(first, [])
      readBlocks(blocks, value, people, node, vocab)
      people.slashesUnaffiliated = false
      if (duplicates >= 0) people.duplicates.length = duplicates
      if (presentLabel && headings.some((h) => h.role === 'participants' && !/^\W*(?:present|in attendance|attended)\b/i.test(h.text))) {
        // Who the label names, found in the roster or added: mark them.
        people.present ??= new Set()
        for (const p of people.list.slice(before)) people.present.add(p)
      }
      people.sections.push({line: node.position?.start.line ?? 0, people: people.list.length - before})
    })
  }
  // `Date: October 8, 2025` / `Attendees: @Leila Haddad @Tomás Ferreira` / `Tags: …`: a page's properties, one of them who came.
  const propertyLines = (node: Paragraph, lines: string[]): void => {
    // (`:Date: …` / `:Attendees: …`: a reStructuredText-style field list, its labels between colons; `Who's here: …`, an apostrophe in a label.)
    if (lines.length < 2 || !lines.every((l) => /^\s*:?[\p{L}][\p{L} '’]{0,30}:/u.test(l))) return
    let found = false
    lines.forEach((l, k) => {
      // After the line of who came, `Guests: …`, `Remote: …` name more people; `Excused: …` did not come.
      const place = found && !awayLabel(l) ? /^\s*:?([^:]+):\s*(.*)$/.exec(l) : null
      const label = k === 0 ? null : place && placeGroup.test(place[1]!.trim()) ? place : vocab.participantsLabel(l)
      if (!label || !/[\p{L}@]/u.test(label.at(-1) ?? '')) return
      found = true
      const before = people.list.length
      const line = (node.position?.start.line ?? 0) + k
      for (const part of commaParts(label.at(-1)!)) person(part, line, people)
      people.sections.push({line, people: people.list.length - before})
    })
  }
  labels(tree.children)
  // `* Present` / `* Attendees: a, b` inside a list.
  for (const node of tree.children) if (node.type === 'list') listLabels(node, value, people, vocab)
  // A `Present:` line beside a `Participants` roster says who of the group was there.
  if (people.present && people.present.size > 0 && people.present.size < people.list.length) {
    people.list = people.list.filter((p) => people.present!.has(p))
  }
  postGrades(people.list)
  return people
}

/**
 * All-caps notes of one attendance that are one another with a letter or two before them (`SL`, `ASL`, `GSL`; `HC`,
 * `AHC`): the grades of one post, as assistants, deputies and heads are written, not organisations' abbreviations
 * (`IBM`, `ABB` beside them stay ones).
 */
function postGrades(list: Participant[]): void {
  const caps = new Set(list.flatMap((p) => (p.affiliation && /^[A-Z]{2,5}$/.test(p.affiliation) ? [p.affiliation] : [])))
  if (caps.size < 2) return
  const graded = (a: string, b: string): boolean => b.length > a.length && b.length - a.length <= 2 && b.endsWith(a)
  for (const p of list) {
    const a = p.affiliation
    if (a && caps.has(a) && [...caps].some((b) => graded(a, b) || graded(b, a))) p.affiliation = null
  }
}

/** The first line of a text, without splitting all of it. */
function firstLine(text: string): string {
  const end = text.indexOf('\n')
  return end === -1 ? text : text.slice(0, end)
}

/** The blocks of a participants heading's section: up to the next heading, but across sub-headings that name a group (`### Remote`). */
function sectionBlocks(h: HeadingInfo): RootContent[] {
  const siblings = h.parent.children as RootContent[]
  const blocks: RootContent[] = []
  for (let i = h.index + 1; i < siblings.length; i++) {
    const node = siblings[i]!
    if (node.type === 'heading') {
      const text = cleanTitle(phrasingText(node.children))
      if (node.depth <= h.node.depth || !groupHeading(text, siblings[i + 1])) break
    }
    blocks.push(node)
  }
  return blocks
}

function listLabels(list: List, value: string, people: People, vocab: Vocabulary): void {
  for (const item of list.children) {
    const first = item.children[0]
    const text = first?.type === 'paragraph' ? phrasingText(first.children).replace(/[*_]/g, '') : ''
    // In a list, `Who: users and providers` is more often a note than a roll call.
    const label = /^\s*who\b/i.test(text) ? null : vocab.participantsLabel(firstLine(text))
    if (label) {
      const before = people.list.length
      fromItem(item, value, people, false, vocab)
      people.sections.push({line: item.position?.start.line ?? 0, people: people.list.length - before})
    } else {
      for (const child of item.children) if (child.type === 'list') listLabels(child, value, people, vocab)
    }
  }
}

/**
 * Read the people in the blocks of a section. With a table of people, lists beside it are notes (an
 * agenda that follows); with a list, paragraphs beside it are notes (`Minutes transfer: @x`), except
 * a label paragraph.
 */
function readBlocks(blocks: readonly RootContent[], value: string, people: People, labelled: Paragraph | null, vocab: Vocabulary): void {
  let tableEnd = -1
  let hasTable = false
  for (const block of blocks) {
    if (block.type === 'table' || (block.type === 'html' && /<table\b/i.test(block.value))) {
      const start = block.position?.start.offset ?? 0
      if (start < tableEnd) continue
      const rows = block.type === 'table' ? rowsOfTable(block) : rowsOfHtmlTable(value, start, block.position?.start.line ?? 0)
      if (!rows) continue
      if (block.type === 'html') tableEnd = (rows as {end: number}).end
      const table = peopleOfTable(Array.isArray(rows) ? rows : rows.rows)
      if (!table.recognised) people.tables.push({line: block.position?.start.line ?? 0, reason: 'unrecognised'})
      else {
        hasTable = true
        if (table.unmarked) people.tables.push({line: block.position?.start.line ?? 0, reason: 'unmarked'})
      }
      for (const p of table.people) add(people, p)
    }
  }
  if (hasTable) {
    // `Also on the call: @a, @b` after the table (after a sentence too: `Quorum: 5 of 7. Also present: …`; with a note:
    // `Also present (non-voting): …`): more people.
    for (const block of blocks) {
      if (block.type !== 'paragraph' || block === labelled) continue
      const text = phrasingText(block.children).replace(/[*_]/g, '')
      if (!/:/.test(text)) continue
      const also = alsoLabel.exec(text)
      const line = block.position?.start.line ?? 0
      if (also) for (const part of commaParts(also[1]!.replace(/\.\s*$/, ''))) person(part, line, people)
    }
    return
  }
  const hasList = blocks.some((b) => b.type === 'list' || (b.type === 'code' && indentedPeople.test(b.value)))
  let skipping = false
  for (const block of blocks) {
    if ((block.position?.start.offset ?? 0) < tableEnd) continue
    if (block.type === 'heading') {
      skipping = awayGroup.test(cleanTitle(phrasingText(block.children)))
      continue
    }
    if (skipping) {
      // `Guests:` after `PMC members absent:` and its list: the people after it attended.
      const text = block.type === 'paragraph' ? phrasingText(block.children).replace(/[*_]/g, '') : ''
      if (!(groupLabel.test(text) && !awayGroup.test(text))) continue
      skipping = false
    }
    if (block.type === 'list') {
      for (const item of attendedItems(block)) fromItem(item, value, people, true, vocab)
    } else if (block.type === 'code' && !block.lang && indentedPeople.test(block.value)) {
      // `    * @jnull` under the heading: a list indented into a code block.
      const start = block.position?.start.line ?? 0
      block.value.split('\n').forEach((raw, i) => {
        const text = raw.replace(/^\s*[-*+]\s+/, '')
        if (text.trim()) person(text, start + i, people)
      })
    } else if (block.type === 'paragraph') {
      const text = phrasingText(block.children)
      // `Agenda:`, `Notes:` written as a paragraph (a document export without headings): the section ends.
      const label = /^\s*([^:\n]{2,30}):?\s*$/.exec(text.replace(/[*_]/g, ''))
      if (label && (vocab.agendaHeading(label[1]!.trim()) || otherSection.test(label[1]!.trim()))) break
      if (awayGroup.test(text.replace(/[*_]/g, ''))) {
        skipping = !/:\s*\S/.test(text)
        continue
      }
      if (!hasList || block === labelled || groupLabel.test(text.replace(/[*_]/g, ''))) paragraph(block, block === labelled, people, vocab)
    }
  }
}

/** `Also on the call:`, `Also present:`, `Guests:` opening a line or after a sentence: more people beside a table's. */
const alsoLabel = /(?:^|[.;!]\s+)(?:also (?:on the call|present|attending|in attendance|joined|here)|guests?|observers?|visitors?)\s*(?:\([^()\n]{1,30}\)\s*)?:\s*([^\n]+)$/im

/** A paragraph opening with `Also present:`, `Also on the call:`, as formal minutes add who came for an item. */
const alsoOpening = /^\s*also (?:on the call|present|attending|in attendance|joined|here)\s*(?:\([^()\n]{1,30}\)\s*)?:/i

/** Labels of the sections that follow the participants: `Notes:`, `Minutes:`, `Discussion:`, `Action items:`. */
const otherSection = /^(?:(?:meeting )?notes|minutes|topics|discussion|open discussion|action items|actions|decisions|updates|announcements)$/i

/** The items of a list of people, but for the boxes left unticked in a checklist where some are ticked (`- [x] nyx` / `- [ ] Yusuf Demir`: he did not come). */
function attendedItems(list: List): ListItem[] {
  return list.children.some((item) => item.checked === true) ? list.children.filter((item) => item.checked !== false) : list.children
}

/** A list item of a participants section: a person, a group of people, or a group of people who were away. */
function fromItem(item: ListItem, value: string, people: People, inSection: boolean, vocab: Vocabulary): void {
  const first = item.children[0]
  const line = item.position?.start.line ?? 0
  const text = first?.type === 'paragraph' ? paragraphText(first) : ''
  const plainText = text.replace(/[\u0001\u0002]/g, '')
  const nested = item.children.filter((child): child is List => child.type === 'list')
  // `Regrets: …`, `Attendees (absent): …`: who was not there.
  if (awayGroup.test(plainText) || awayLabel(plainText)) return
  // `~~Jonah W.~~ (had a lab)`: struck off the list.
  if (first?.type === 'paragraph' && nested.length === 0 && struckOff(first)) return
  const label = vocab.participantsLabel(plainText) ?? (inSection ? groupLabel.exec(plainText) : null)
  const isGroup = label !== null && findHandles(plainText.slice(0, plainText.indexOf(':') + 1 || undefined)).length === 0
  if (isGroup || (nested.length > 0 && findHandles(plainText).length === 0 && (placeGroup.test(plainText) || !readEntry(text)?.handle))) {
    // `- Team members: a, b` / `- On site` with the people nested under it / `- Company A` / `  - @x`.
    const after = label?.[1]?.trim()
    if (isGroup && after) for (const part of commaParts(after)) person(part, line, people)
    for (const list of nested) for (const sub of attendedItems(list)) fromItem(sub, value, people, true, vocab)
    const tables = item.children.filter((child) => child.type === 'table' || child.type === 'html')
    if (tables.length) readBlocks(tables, value, people, null, vocab)
  } else if (text) {
    person(text, line, people)
  }
}

/** The lines (or comma-separated parts) of a paragraph of people, each with its line. */
function paragraph(node: Paragraph, labelled: boolean, people: People, vocab: Vocabulary): void {
  const text = new InlineText()
  text.add(node.children)
  let offset = 0
  let stripLabel = labelled
  const rows = text.text.split('\n')
  // The lines opening with a bold label, found when a line first asks (most paragraphs never do).
  let bold: Set<number> | undefined
  for (let r = 0; r < rows.length; r++) {
    let raw = rows[r]!
    const line = text.lineAt(offset)
    offset += raw.length + 1
    // A line that leaves a parenthesis open goes on on the next (`guests Rahul Menon` / `(Foundation board) and @x`).
    while (labelled && r + 1 < rows.length && unclosed(raw, rows[r + 1]!)) {
      raw += ' ' + rows[++r]!
      offset += rows[r]!.length + 1
    }
    let value = raw.replace(/[*_]{2,}/g, '')
    // `Attendees (absent): A, B`, `Away: Lukas`, `Apologies: …`: people who were not there.
    if (awayLabel(value)) {
      stripLabel = false
      continue
    }
    if (stripLabel) {
      const label = vocab.participantsLabel(value)
      value = label ? (label[1] ?? '') : value
      stripLabel = false
    } else {
      const group = groupLabel.exec(value)
      const labelWords = group ? value.slice(0, value.indexOf(':')) : ''
      const named = group !== null && findHandles(labelWords).length === 0
      // `Guests:` alone on its line labels the list after it; `Others: a, b` and `Remote: Mia` name them;
      // after a `Present: …` line, a role on a line of its own (`Notes: Sarah`, `Scribe: cwalden`) says who
      // did what, not who else came (a transcript's initials, `MB: Myles Borins`, are the person).
      if (named && (placeGroup.test(labelWords.trim()) || vocab.participantsLabel(labelWords + ':'))) value = group[1]!
      else if (named && (labelled || roleLabel.test(labelWords)) && !/^\s*[A-Z]{2,4}\s*$/.test(labelWords) && !/[,;]|\band\b/.test(group[1]!) && group[1]!.trim()) continue
      else if (named && (/[,;]|\band\b/.test(group[1]!) || !group[1]!.trim())) value = group[1]!
      // `**Payload:** Ana Restrepo`: a bold label over one person names their group (a team, a subsystem).
      else if (named && group[1]!.trim() && (bold ??= boldLines(node)).has(line)) value = group[1]!
    }
    if (labelled) {
      // The list ends where a sentence does: `… and @dkessler. Notes by Yuki.`
      const end = sentenceEnd.exec(value) ?? roleAfter.exec(value) ?? awayAfter.exec(value)
      if (end) value = value.slice(0, end.index)
    }
    for (const part of commaParts(value)) person(labelled ? part.replace(groupPrefix, '') : part, line, people)
  }
}

/** `area team members Ana Ruiz`, `guests Rahul Menon`: a lowercase group's name before the people of a labelled line. */
const groupPrefix = /^\s*(?:[a-z][\w-]*\s+){0,3}?(?:members|guests?|observers?|visitors?|invitees|staff|maintainers|reviewers)\s+(?=\p{Lu}|@)/u
/** The end of a sentence inside a line of people: a period, then a capitalised word and a lowercase one (`. Notes by Yuki`). */
const sentenceEnd = /(?<=[\p{Ll}\d)_-]{2})\.\s+(?=\p{Lu}\p{Ll}+\s+\p{Ll})/u

/** The lines of a paragraph that open with a bold label (`**Payload:** …`, `**Faculty advisor**: …`). */
function boldLines(node: Paragraph): Set<number> {
  const lines = new Set<number>()
  node.children.forEach((child, i) => {
    if (child.type !== 'strong' || !child.position) return
    const before = node.children[i - 1]
    if (before && !(before.type === 'break' || (before.type === 'text' && /\n\s*$/.test(before.value)))) return
    const next = node.children[i + 1]
    const label = phrasingText(child.children)
    if (/:\s*$/.test(label) || (next?.type === 'text' && next.value.startsWith(':'))) lines.add(child.position.start.line)
  })
  return lines
}

/** `raw` leaves a parenthesis open, or the next line opens with one. */
function unclosed(raw: string, next: string): boolean {
  if (/^\s*\(/.test(next)) return true
  let depth = 0
  for (const c of raw) {
    if (c === '(') depth++
    else if (c === ')' && depth > 0) depth--
  }
  return depth > 0
}

/** `a, b and c`: the parts, unless the commas are inside a parenthesis (`Name (Org, role)`). */
function commaParts(value: string): string[] {
  if (!/[,;]/.test(value)) return value.trim() ? [value] : []
  // Commas inside a parenthesis belong to its person (`Sara Quispe (visiting, Universidad de Chile), Mei Lin`).
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!
    if (c === '(' || c === '[' || c === '（') depth++
    else if ((c === ')' || c === ']' || c === '）') && depth > 0) depth--
    else if (depth === 0 && (c === ',' || c === ';')) {
      parts.push(value.slice(start, i))
      start = i + 1
    }
  }
  parts.push(value.slice(start))
  return parts.flatMap((part) => part.split(/\s+and\s+(?=\S)/)).filter((part) => part.trim())
}

/** The label of a line that says who did what in the meeting (`Minutes: Lena`, `Scribe: cwalden`), not who else came. */
const roleWords = String.raw`minutes|notes|note[- ]?tak(?:er|ing)|minute[- ]?tak(?:er|ing)|scribe|protocol|chair(?:ed by)?|moderat(?:or|ion)|host|facilitat(?:or|ion)|recording|secretary`
const roleLabel = new RegExp(String.raw`^\s*(?:${roleWords})\s*$`, 'i')
/** …and a sentence of people ending before a role's label: `… and Frank (by phone). Notes: Katya.` */
const roleAfter = new RegExp(String.raw`(?<=[\p{L}\d)_-]{2})\.\s+(?=(?:${roleWords})\s*:)`, 'iu')
/** …or before the label of who did not come, on the same line: `Present: A, B, Irene Mosley. Apologies: Derek Pym.` */
const awayAfter = /(?<=[\p{L}\d)_-]{2})\.\s+(?=(?:apologies(?: for absence)?|absent|regrets|excused|not present)\s*:)/iu

/** Is the entry struck through (`~~Jonah W.~~ (left before we started)`)? Its first visible node is a deletion. */
function struckOff(paragraph: Paragraph): boolean {
  const first = paragraph.children.find((c) => !(c.type === 'text' && !c.value.trim()))
  return first?.type === 'delete'
}

function paragraphText(paragraph: Paragraph): string {
  return markedText(paragraph.children)
}

const onlyHandles = /^[\s,;&/]*(?:@[\w.-]+(?:[\s,;&/]+|\s+(?:and|und|or)\s+|$))+$/i

/** Add the person (or people) written in `text`. */
function person(text: string, line: number, people: People): void {
  const value = squash(text.replace(/[\u0001\u0002]/g, (c) => c))
  const plainValue = value.replace(/[\u0001\u0002]/g, '')
  if (!plainValue || away.test(plainValue)) return
  // `@a, @b and @c` in one item: one person per handle.
  // One handle keeps a capitalised note (`@bob (Acme)`, `@hvoss (guest, OSISM)`: a part after a role); `@x (minutes)`,
  // `@x (bzapiec)` are remarks and nicknames.
  const handles = onlyHandles.test(plainValue.replace(/\([^)]*\)/g, ' ')) ? findHandles(plainValue.replace(/\([^)]*\)/g, ' ')) : []
  if (handles.length > 1 || (handles.length === 1 && !/\((?:[^()]*[,;]\s*)?\p{Lu}/u.test(plainValue))) {
    for (const h of handles) add(people, {handle: h.handle, name: null, affiliation: null, line})
    return
  }
  // `@Leila Haddad @Tomás Ferreira`: a wiki's mentions by full name, one after another.
  const mentions = plainValue.indexOf('@') === 0 && plainValue.indexOf('@', 1) !== -1 ? plainValue.split(/\s+(?=@)/) : []
  if (mentions.length > 1 && mentions.every((m) => fullNameMention.test(m.trim()) && m.trim().split(/\s+/).length <= 4)) {
    for (const m of mentions) person(m, line, people)
    return
  }
  // `Stephan, Xisco, Michael W, Heiko` in one item: three or more names, not `Name, Organisation, role`.
  const parts = plainValue.includes(',') ? commaParts(plainValue) : []
  if (parts.length >= 3 && parts.every((part) => listedName.test(part) && !orgWord.test(part))) {
    for (const part of parts) person(part, line, people)
    return
  }
  const entry = readEntry(value)
  if (!entry) return
  const {nickname, ...rest} = entry
  // `Ama Boateng / Core Team / Tamale` under `Sign in (name / role / town)`: the legend names no organisation.
  if (people.slashesUnaffiliated && rest.affiliation && plainValue.includes(' / ')) rest.affiliation = null
  const participant = {...rest, line}
  if (nickname) nicknames.set(participant, nickname)
  add(people, participant)
}

/** The nicknames attendance entries give their people (`Rei Nakamura (rnakamura)`): the notes may name them so. */
export const nicknames = new WeakMap<Participant, string>()

/** A person's name alone: a capitalised word and up to three more words, initials or particles (`Michael W`, `Ana de Souza`). */
const listedName = /^\s*\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s+(?:\p{Lu}[\p{L}'’-]*\.?|van|von|de|da|di|le|la|der)){0,3}\s*$/u

/** `Dan Appelquist` after `Daniel Appelquist`: the same family name and a first name that shortens the other. */
function sameName(a: string, b: string): boolean {
  // (Names are squashed: one space between words. Compared without splitting: this runs for every pair.)
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  if (x === y) return true
  const xi = x.lastIndexOf(' ')
  const yi = y.lastIndexOf(' ')
  if (xi < 0 || yi < 0 || x.length - xi !== y.length - yi || !x.endsWith(y.slice(yi))) return false
  const fx = x.slice(0, x.indexOf(' '))
  const fy = y.slice(0, y.indexOf(' '))
  const [p, q] = fx.length <= fy.length ? [fx, fy] : [fy, fx]
  return p.length >= 3 && q.startsWith(p)
}

function add(people: People, p: Participant): void {
  const key = p.handle ?? p.name!.toLowerCase()
  if (people.list.some((q) => (q.handle ?? q.name!.toLowerCase()) === key || (p.name && q.name && sameName(p.name, q.name) && (!p.handle || !q.handle)))) {
    people.duplicates.push({key, line: p.line})
    return
  }
  people.list.push(p)
}

