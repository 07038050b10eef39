import type {List, ListItem, Paragraph, Root} from 'mdast'
import type {HeadingInfo} from './headings.ts'
import {trailingOwners} from './headings.ts'
import {ownerNames} from './owners.ts'
import {cleanTitle, findHandles, phrasingText, titleText} from './text.ts'
import type {Topic} from './types.ts'

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
  let mode: {depth: number; group: boolean} | null = null
  for (const [index, node] of tree.children.entries()) {
    if (node.type === 'heading') {
      depth = node.depth
      const info = byNode.get(node)
      // `## Agenda`, a repository heading of the agenda, or a topic that is the agenda (`## Actions/Agenda`).
      const agenda = info?.role === 'agenda' || (info?.role === 'topic' && /(?:^|[/&+,]\s*)agenda\s*(?:$|[/&+,:])/i.test(info.text))
      mode = agenda || info?.role === 'group' ? {depth: depth + 1, group: info?.role === 'group'} : null
      continue
    }
    // `Agenda:`, or a note about the agenda right before its list (`Agenda items should be entered a day before.`).
    const label = node.type === 'paragraph' ? titleText(node.children) : ''
    if (node.type === 'paragraph' && (agendaLabel.test(label) || (/^\W*agenda\b/i.test(label) && tree.children[index + 1]?.type === 'list'))) {
      mode = {depth: depth + 1, group: false}
      continue
    }
    if (!mode) continue
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

/** An agenda item as a topic: its first line, owners from `[Owner] …`, `… (Owner)`, `Owner: …`, `… - Owner`. */
function itemTopic(item: ListItem, first: Paragraph, depth: number, known: ReadonlySet<string>): Topic | null {
  // Emphasis markers a document converter left unpaired (`_10 min _MAX`) are not part of the title.
  let title = titleText(first.children, true).replace(/(^|\s)_+(?=\S)|(?<=\S)_+(?=\s|$)/g, '$1')
  // A separator, or an outcome or a task written into the agenda (`Decision: …`, `AI @x: …`), is not a discussion item.
  if (separator.test(title) || (/^\W*(?:decisions?|decided|agreed|resolved|resolution|consensus|conclusion|action(?: items?)?|AI|to[ -]?do)\b\s*:/i.test(title) && !/\?/.test(title))) return null
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
  const beforeNames = before ? ownerNames(before[1]!, known) : null
  if (beforeNames) return beforeNames
  // One trailing clause only: `Chair - Jane and Vice Chair - Joe` names office holders, not owners, and
  // `Request volunteer for scribe - Riaan & Reden` names who took a role.
  if ((title.match(/\s[-–—]\s/g) ?? []).length > 1 || /\b(?:volunteers?|scribe|note[- ]?taker|minutes)\b/i.test(title)) return []
  const after = /(?:\s[-–—]|:)\s+([^:–—-]{2,40})$/.exec(title)
  return (after && ownerNames(after[1]!, known)) || []
}
