import type {List, ListItem, Paragraph, Root, RootContent, Table} from 'mdast'
import type {HeadingInfo} from './headings.ts'
import {shepherdNames, trailingOwners} from './headings.ts'
import {givenNames} from './given-names.ts'
import {closingOwners, ownerNames} from './owners.ts'
import {awayGroup} from './participants.ts'
import {fullNameMention} from './person-entry.ts'
import {cleanTitle, findHandles, phrasingText, titleText} from './text.ts'
import type {Topic} from './types.ts'
import type {Vocabulary} from './vocabulary.ts'

/** A paragraph that only says the agenda follows: `Agenda:`, `**Agenda**`, `Today's meeting agenda:`, `Topics covered:`. */
const agendaLabel = /^\W*(?:(?:today['’]?s\s+)?(?:meeting\s+)?agenda(?:\s+items?)?|topics(?:\s+covered|\s+for today)?|tagesordnung)\W*$/i
/** A top-level item that only separates (`—---- Time Ran Out Here ----—`), not a discussion item. */
const separator = /^[\W_]*$|time ran out|^[-—–=_*\s]{3,}/i
/** `[All]`: the whole group, nobody in particular. */
const everyone = /^\s*(?:all|everyone|everybody|group)\s*$/i
/** A tracker reference in an item: a link, or `#123`. */
const reference = /#\d+|https?:\/\//

/**
 * Topics of an agenda written as a list: the top-level items of the list right under an `Agenda`
 * heading or label (the children of a lone top-level item too: a list pushed one level in), and the
 * items under a repository heading of the agenda (`### openjs-foundation/cross-project-council`, each
 * item an issue). An item indented deeper than the list's first (a note written at the wrong indent)
 * is not a topic. Depth: the heading's above + 1.
 */
export function agendaTopics(tree: Root, headings: HeadingInfo[], known: ReadonlySet<string>): Topic[] {
  const byNode = new Map(headings.map((h) => [h.node, h]))
  const topics: Topic[] = []
  let depth = 0
  let mode: {depth: number; group: boolean; label?: boolean} | null = null
  /** Under `## Discussion items`, `## Topics`: a table of the items may follow. */
  let discussion = false
  for (const [index, node] of tree.children.entries()) {
    if (node.type === 'heading') {
      depth = node.depth
      const info = byNode.get(node)
      discussion = info !== undefined && discussionHeading.test(info.text)
      // `## Agenda`, a repository heading of the agenda, or a topic that is the agenda (`## Actions/Agenda`).
      const agenda = info?.role === 'agenda' || (info?.role === 'topic' && /(?:^|[/&+,]\s*)agenda\s*(?:$|[/&+,:])/i.test(info.text))
      mode = agenda || info?.role === 'group' ? {depth: depth + 1, group: info?.role === 'group'} : null
      continue
    }
    // `Agenda:`, or a note about the agenda right before its list (`Agenda items should be entered a day before.`).
    const label = node.type === 'paragraph' ? titleText(node.children) : ''
    if (node.type === 'paragraph' && (agendaLabel.test(label) || (/^\W*agenda\b/i.test(label) && tree.children[index + 1]?.type === 'list'))) {
      mode = {depth: depth + 1, group: false, label: true}
      continue
    }
    // `| Time | Item | Who | Notes |` under the agenda or `## Discussion items`: a row per item, led by who its column names.
    if (node.type === 'table' && (mode || discussion)) {
      const rows = tableTopics(node, (mode?.depth ?? depth + 1), known)
      if (rows) {
        topics.push(...rows)
        mode = null
        discussion = false
        continue
      }
    }
    if (!mode) continue
    // `**Agenda**` / `**Budget**` / `- …`: after an agenda label, a short bold title of its own (no colon, no digit:
    // not `**Chair: Alice Smith**` nor `**Times are UTC, 15:00 to 16:00**`) is a section of the notes, and the list
    // after it is that section's, not the agenda.
    if (mode.label && node.type === 'paragraph' && node.children.length === 1 && node.children[0]!.type === 'strong' && /^[^:\d]{2,40}$/.test(label) && label.trim().split(/\s+/).length <= 5) {
      mode = null
      continue
    }
    if (node.type === 'list') {
      topics.push(...itemsOf(node, mode, known))
      // Under a repository heading every list is agenda items; under `Agenda` the first list is the agenda.
      if (!mode.group) mode = null
    } else if (node.type !== 'paragraph' && node.type !== 'html' && node.type !== 'definition') {
      mode = null
    }
  }
  return topics
}

/** A heading over the meeting's items: `Discussion items`, `Discussion topics`, `Topics`, `Items`. */
const discussionHeading = /^\W*(?:discussion(?:\s+(?:items|topics|points))?|topics(?:\s+(?:discussed|for (?:today|discussion)))?|items(?: for discussion)?|agenda(?:\s+items)?)\W*$/i
/** A column of a table of items that names the item, and one that names who leads it. */
const itemColumn = /^\W*(?:(?:agenda|discussion)\s+)?(?:items?|topics?|subjects?)\W*$/i
const whoColumn = /^\W*(?:who|owners?|presenters?|presented by|leads?|speakers?|champions?|facilitators?)\W*$/i

/**
 * The rows of a table of the meeting's items (`| Time | Item | Who | Notes |`, as wiki meeting-notes
 * pages write them): each row with words in its item cell is a topic, owned by the people its who cell
 * names. Null when the header names no item and who columns.
 */
function tableTopics(table: Table, depth: number, known: ReadonlySet<string>): Topic[] | null {
  const [head, ...rows] = table.children
  const header = head?.children.map((cell) => titleText(cell.children)) ?? []
  const item = header.findIndex((h) => itemColumn.test(h))
  const who = header.findIndex((h) => whoColumn.test(h))
  if (item === -1 || who === -1) return null
  const topics: Topic[] = []
  for (const row of rows) {
    const cells = row.children
    const title = cells[item] ? titleText(cells[item].children) : ''
    if (!/[\p{L}\p{N}]/u.test(title)) continue
    let names = cells[who] ? titleText(cells[who].children) : ''
    // `@Rafaela Nunes`: a wiki's mention by full name is the person, not the handle `@rafaela`.
    if (names.includes('@')) names = names.split(/\s*(?:[,;&]|\band\b)\s*/).map((part) => (fullNameMention.test(part) ? part.slice(1) : part)).join(', ')
    const handles = findHandles(names).map((h) => h.handle)
    const owners = handles.length ? handles : names ? (ownerNames(names, known, true, true) ?? []) : []
    topics.push({title, depth, line: row.position?.start.line ?? 0, owners})
  }
  return topics.length ? topics : null
}

function itemsOf(list: List, mode: {depth: number; group: boolean}, known: ReadonlySet<string>): Topic[] {
  const column = list.children[0]?.position?.start.column ?? 1
  let items = list.children.filter((item) => (item.position?.start.column ?? 1) <= column)
  const only = items[0]
  if (!mode.group && items.length === 1 && only) {
    // One top-level item with the real agenda nested under it: a list pushed in by an editor.
    const nested = only.children.find((c): c is List => c.type === 'list')
    if (nested && nested.children.length >= 3) items = [only, ...nested.children]
  }
  const topics: Topic[] = []
  for (const item of items) {
    const first = item.children[0]
    if (first?.type !== 'paragraph') continue
    // Under a repository heading an item is an issue of the agenda: it carries its reference (`[#12](…)`),
    // if only in a note — nested, or written as the next items at a deeper indent.
    if (mode.group && !reference.test(itemSource(item) + notesAfter(list, item).map(itemSource).join(' '))) continue
    const topic = itemTopic(item, first, mode.depth, known)
    if (topic) topics.push(topic)
  }
  return topics
}

/** The items right after `item` indented deeper than it: its notes, written at the wrong indent. */
function notesAfter(list: List, item: ListItem): ListItem[] {
  const column = item.position?.start.column ?? 1
  const out: ListItem[] = []
  for (const next of list.children.slice(list.children.indexOf(item) + 1)) {
    if ((next.position?.start.column ?? 1) <= column) break
    out.push(next)
  }
  return out
}

/** An item's text with the URLs of its links, notes included. */
function itemSource(item: ListItem): string {
  let out = ''
  const walk = (nodes: readonly unknown[]): void => {
    for (const node of nodes as Array<{type: string; url?: string; value?: string; children?: unknown[]}>) {
      if (node.type === 'link' && node.url) out += ` ${node.url} `
      if (typeof node.value === 'string') out += node.value
      if (node.children) walk(node.children)
    }
  }
  walk(item.children)
  return out
}

/** A task marker with its owner (`AI Kaito: open an issue`, `TODO @x: …`, `ACTION Rui – …`): a task written into the agenda. */
const ownedTask = /^\W*(?:AI|TODO|ToDo|ACTION|Action items?)\s+(@[\w.-]+|\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*)?)\s*(?::|\s[–—-])\s/u
/** …with a person after the marker: a handle, or a name that is a participant's or starts with a common given name (`AI Working Group: …`, `AI Alliance: …` name things). */
function taskWithOwner(title: string, known: ReadonlySet<string>): boolean {
  const m = ownedTask.exec(title)
  if (!m) return false
  const words = m[1]!.split(' ')
  return m[1]!.startsWith('@') || known.has(m[1]!) || known.has(words[0]!) || givenNames.has(words[0]!)
}

/** An agenda item as a topic: its first line, owners from `[Owner] …`, `… (Owner)`, `Owner: …`, `… - Owner`. */
function itemTopic(item: ListItem, first: Paragraph, depth: number, known: ReadonlySet<string>): Topic | null {
  // Emphasis markers a document converter left unpaired (`_10 min _MAX`) are not part of the title.
  let title = titleText(first.children, true).replace(/(^|\s)_+(?=\S)|(?<=\S)_+(?=\s|$)/g, '$1')
  // A separator, or an outcome or a task written into the agenda (`Decision: …`, `AI @x: …`), is not a discussion item.
  if (separator.test(title) || (/^\W*(?:decisions?|decided|agreed|resolved|resolution|consensus|conclusion|action(?: items?)?|AI|to[ -]?do)\b\s*:/i.test(title) && !/\?/.test(title)) || taskWithOwner(title, known)) return null
  const owners: string[] = []
  // `[bcallaway] Confirm by vote: …`, `(needs to start after :30 past) [Kairo / Zach] New …`, `[Aeva] - Brief update`
  // `[annebertucio – parking lot of various items!]`: the owner and the topic in one bracket.
  const whole = /^\[([^\]–—-]{2,40}?)\s+[–—-]\s+([^\]]+)\]$/.exec(title)
  const wholeOwner = whole ? ownerNames(whole[1]!, known, true) : null
  if (whole && wholeOwner) return {title: whole[2]!.trim(), depth, line: item.position?.start.line ?? 0, owners: wholeOwner}
  // `(needs to start after :30 past) [Kairo / Zach] New …`, `2 May - [CRob] Jessica Marz to present …`
  const lead = /^(\([^)]*\)\s*:?\s*|(?:\d{1,2}\s+\p{L}{3,9}|\p{L}{3,9}\s+\d{1,2}|\d{4}-\d{2}-\d{2})\s*[-–—:]\s*)?\[([^\]]+)\]\s*(?:[-–—:]\s*)?/u.exec(title)
  const leading = lead ? (everyone.test(lead[2]!) ? [] : ownerNames(lead[2]!, known, true)) : null
  if (lead && leading) {
    owners.push(...leading)
    title = (lead[1] ?? '') + title.slice(lead[0].length)
  }
  // `(Tom) Release notes for 1.33`: a person's name in a parenthesis that opens the item (before a dash,
  // `(David A. Wheeler) - Proposal …`, it stays in the title, below).
  const opening = owners.length ? null : /^\(([^()]{2,40})\)\s*(?=[\p{L}\p{N}])/u.exec(title)
  const openers = opening ? ownerNames(opening[1]!, known) : null
  if (opening && openers) {
    owners.push(...openers)
    title = title.slice(opening[0].length)
  }
  const trailing = trailingOwners(title, known)
  if (trailing) {
    owners.push(...trailing.owners)
    title = trailing.title
  }
  if (owners.length === 0) owners.push(...ownersInTitle(title, known))
  // `Supply Chain Security & the EO (Kay Williams) - [slides]`: a person's name in a parenthesis before a dash.
  if (owners.length === 0) {
    const named = /\(([^()]{3,40})\)\s*[-–—]/.exec(title)
    const names = named ? ownerNames(named[1]!, known) : null
    if (names && names.every((n) => /\s/.test(n) || known.has(n))) owners.push(...names)
  }
  title = title.trim()
  if (!/[\p{L}\p{N}]/u.test(title)) return null
  return {title, depth, line: item.position?.start.line ?? 0, owners: [...new Set(owners.filter((o) => !/^all$/i.test(o)))]}
}

/** Owners a title names without a bracket, the title kept: `Kay: Technical Vision`, `Public vs. Private - Dan Lorenc`, `… Help: Todd/Lindsay`. */
function ownersInTitle(title: string, known: ReadonlySet<string>): string[] {
  const handles = findHandles(title).map((m) => m.handle)
  if (handles.length) return handles
  const before = /^([^:–—]{2,40}?)\s*(?::|\s[-–—])\s+\S/.exec(title)
  // `MB: there's also #240`: initials before a colon are a transcript's speaker, not an owner.
  const beforeNames = before && !/^\p{Lu}{2,3}\s*:/u.test(title) ? ownerNames(before[1]!, known) : null
  if (beforeNames) return beforeNames
  return closingOwners(title, known, true)
}

/** A meeting bot's stamp ending a line: who set it and when, `(adamv, 16:08:15)`. */
const botStamp = /\s*\([^(),\s]{1,40},\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|Z))?\)\s*$/i
/**
 * An item's text (`itemText`) when its first paragraph ends in a bot's stamp, else null. Most items end
 * otherwise, and their text is not made: the last text node must end in a time and a closing bracket
 * first (the extraction's time, bench:extract).
 */
function stampedText(item: ListItem): string | null {
  const first = item.children[0]
  const last = first?.type === 'paragraph' ? first.children.at(-1) : undefined
  if (last?.type !== 'text' || !/\d:\d\d(?::\d\d)?(?:\s*(?:UTC|Z))?\)\s*$/i.test(last.value)) return null
  const text = itemText(item)
  return botStamp.test(text) ? text : null
}

/** What a bot's summary records under a topic (`ACTION:`, `AGREED:`, `LINK:` …), not a topic. */
const botMarker = /^\W*(?:ACTION|AGREED|ACCEPTED|REJECTED|INFO|IDEA|HELP|LINK|NOTE|VOTE|UNDO|DECISION)\b/

/**
 * Topics of a meeting bot's summary (MeetBot, OpenStack's): top-level items ending in the bot's stamp
 * (`* **Fedora 42 Beta status** (adamv, 16:08:15)`), each a `#topic` with what was said under it. An
 * item in bold is a topic; a plain one when the list nests stamped notes under its items (a bot
 * without topics writes its `#info` lines at the top level, with nothing under them). The stamp names
 * who set the topic, not who leads it: no owners.
 */
export function botTopics(tree: Root, headings: HeadingInfo[]): Topic[] {
  const topics: Topic[] = []
  forRootLists(tree, headings, (list, depth) => {
    const stamped = list.children.flatMap((item) => {
      const text = stampedText(item)
      return text !== null && !botMarker.test(text) ? [{item, first: item.children[0] as Paragraph, text}] : []
    })
    const threaded = stamped.some(({item}) => item.children.some((c) => c.type === 'list' && c.children.some((note) => stampedText(note) !== null)))
    for (const {item, first, text} of stamped) {
      const bold = first.children.length <= 2 && first.children[0]?.type === 'strong'
      const title = text.replace(botStamp, '').trim()
      if ((bold || threaded) && /[\p{L}\p{N}]/u.test(title)) topics.push({title, depth, line: item.position?.start.line ?? 0, owners: []})
    }
  })
  return topics
}

/** The scribe's own sections: `Notes`, `Minutes`. */
const sectionWords = /^\W*(?:notes?|minutes)\W*$/i

/**
 * Topics of a list with no agenda label: right under the meeting's heading (or with none above), a list
 * whose items are each a short title line — the owner perhaps in a trailing bracket, `1. Release
 * Engineering update (Cloph)` — with the notes nested under it, after the participants (where the
 * meeting names any). Every item but section labels (`* Present:`, `- Action items`) must be such a title — a sentence, a label with text after its colon or
 * a long line makes the list notes —, two or more of them, and all but one with notes under them. Not
 * the list of a label (`Attendees:`, `Decisions:`), not a table of contents, not people, and only in a
 * meeting whose headings (but for action and outcome sections) and agenda gave no topics — the caller
 * leaves out a meeting with an agenda.
 */
export function sectionListTopics(tree: Root, headings: HeadingInfo[], known: ReadonlySet<string>, vocab: Vocabulary, people: readonly number[], titleLines?: Set<number>): Topic[] {
  if (headings.some((h) => h.role === 'topic' && !sectionLabel(h.text, vocab))) return []
  const topics: Topic[] = []
  forRootLists(tree, headings, (list, depth, above, before) => {
    if (above && above.role !== 'title' && above.role !== 'date') return
    // The topics follow the roll call (perhaps a `* Present:` item of the same list): a list before it is
    // the meeting's links and notices.
    const end = list.position?.end.line ?? 0
    if (people.some((line) => line > end)) return
    const label = before?.type === 'paragraph' ? titleText(before.children) : ''
    if (/:\s*$/.test(label) && !listLabel.test(label)) return
    const titled: ListItem[] = []
    const led = new Set<ListItem>()
    for (const item of list.children) {
      const first = item.children[0]
      if (first?.type !== 'paragraph' || (first.children.length === 1 && first.children[0]?.type === 'link' && first.children[0].url.startsWith('#'))) return
      const text = titleText(first.children)
      if (sectionLabel(text, vocab)) continue
      // `2. Field day review` / `   Eleven members came …`: the title on the item's first line, its notes on the
      // lines under it in the same paragraph (no blank line between); not a sentence wrapped at its end.
      const raw = phrasingText(first.children)
      const head = raw.includes('\n') ? titleLine.exec(raw) : null
      if (!shortTitle(head ? titleText(first.children, true) : text)) return
      if (head) led.add(item)
      titled.push(item)
    }
    if (titled.some((item) => people.some((line) => line >= (item.position?.start.line ?? 0) && line <= (item.position?.end.line ?? 0)))) return
    // The notes nested under the title: a list, or paragraphs indented under it (a loose list: `1. Matters arising` / `   Approved …`).
    const withNotes = titled.filter((item) => led.has(item) || item.children.some((c, k) => (c.type === 'list' && c.children.length > 0) || (k > 0 && c.type !== 'list'))).length
    if (withNotes < 2 || withNotes < titled.length - 1) return
    const shepherds = shepherdNames(titled.map(itemText), known)
    for (const item of titled) {
      const topic = itemTopic(item, item.children[0] as Paragraph, depth, shepherds)
      if (topic) topics.push(topic)
      // (`1. Matters arising` / blank line / `   Approved as a correct record.`: a loose item's title paragraph and the
      // paragraphs under it would be read as one text; the title is a unit of its own there too.)
      if (topic && (led.has(item) || (item.children[1]?.type === 'paragraph' && !phrasingText((item.children[0] as Paragraph).children).includes('\n')))) titleLines?.add(topic.line)
    }
  })
  return topics
}

/**
 * A title line over notes in the same paragraph: the first line, ending without punctuation or a word that goes
 * on (`the`, `and`, `of` …), the next line opening a sentence of its own (capitalised, or a digit).
 */
const titleLine = /^([^\n]*[^\s.,;:!?(\n-])(?<!\b(?:the|a|an|and|or|of|to|for|in|on|at|with|by|from|as|that|is|are|was|were|will|his|her|their|its|our|my|your))\n\s*(?=[\p{Lu}\p{N}])/u

/** A label whose list may be the topics: `Notes:`, `Discussion:`. */
const listLabel = /^\W*(?:notes?|minutes|discussion|topics discussed)\W*$/i

/** A section's label rather than a discussion item: `Present:`, `Pending Action Items:`, `Attendees`, `Decisions`. */
function sectionLabel(text: string, vocab: Vocabulary): boolean {
  const bare = text.replace(/\s*:\s*$/, '')
  return (
    /:\s*$/.test(text) ||
    vocab.participantsHeading(bare) ||
    vocab.actionHeading(bare) ||
    vocab.outcomeHeading(bare) ||
    vocab.agendaHeading(bare) ||
    awayGroup.test(bare) ||
    sectionWords.test(text)
  )
}

/**
 * A title, not a note: one line, capitalised, at most eight words and 60 characters once a trailing
 * bracket is left out, not ending as a sentence or a label does, no colon or handle in it (`Paolo: …`,
 * `@x to …`, `AI …` are what was said or given).
 */
function shortTitle(text: string): boolean {
  if (text.includes('\n')) return false
  const bare = text.replace(/\s*[([][^()[\]]*[)\]]\s*$/, '').trim()
  if (bare.length < 2 || bare.length > 60 || bare.split(/\s+/).length > 8) return false
  if (!/^[\p{Lu}\p{N}]/u.test(bare) || /[.!?:;,]$/.test(bare) || /:\s|@[\w-]|\b(?:AI|TODO|ToDo)\b/.test(bare)) return false
  return true
}

/** Each list at the top level of the meeting, with the depth its topics take, the heading above it and the block right before it. */
function forRootLists(tree: Root, headings: HeadingInfo[], visit: (list: List, depth: number, above: HeadingInfo | undefined, before: RootContent | undefined) => void): void {
  const byNode = new Map(headings.map((h) => [h.node, h]))
  let above: HeadingInfo | undefined
  let depth = 1
  tree.children.forEach((node, index) => {
    if (node.type === 'heading') {
      above = byNode.get(node)
      depth = node.depth + 1
    } else if (node.type === 'list') visit(node, depth, above, tree.children[index - 1])
  })
}

/** An item's first paragraph as one line of visible text. */
function itemText(item: ListItem): string {
  const first = item.children[0]
  return first?.type === 'paragraph' ? titleText(first.children).replace(/\s+/g, ' ') : ''
}
