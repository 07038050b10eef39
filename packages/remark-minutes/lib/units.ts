import type {BlockContent, Heading, List, ListItem, Root, RootContent, Table} from 'mdast'
import {cleanTitle, InlineText, phrasingText} from './text.ts'

/**
 * A unit of text that may carry one task or one decision: a list item, a line group of a paragraph,
 * a heading, or a table row. Units keep their nesting (a list item's child items) because a bare
 * `ToDo:` item gives its children meaning.
 */
export interface Unit {
  kind: 'item' | 'paragraph' | 'heading' | 'row'
  source: InlineText
  start: number
  end: number
  /** The unit's text with newlines as spaces; offsets equal those in `source`. */
  text: string
  line: number
  /** Task-list state: `true` / `false` for `[x]` / `[ ]`, `null` otherwise. */
  checked: boolean | null
  children: Unit[]
  /** Nearest heading above the unit. */
  heading: Heading | null
  /** List nesting: 0 for a top-level list item or anything outside lists. */
  depth: number
  /** The unit this one was split from (a later line of the same paragraph or item). */
  lead: Unit | null
  /**
   * The unit before this one among its siblings (for the first, the item it is nested in), and the item it is
   * nested in: set by `collectActionItems` (fields rather than maps: a map entry per unit cost a fortieth of the rules).
   */
  previous: Unit | null
  parent: Unit | null
  /** A row of a table of tasks (`| What | Who | When |`): where its task cell starts and ends, and who it names. */
  task?: {start: number; end: number; who: string; weak: boolean; status: string}
}

/**
 * Headers of a table of tasks: the task's column and the column naming who does it. `What` names the
 * task only under an action heading (`| Time | What | Who |` is an agenda's schedule elsewhere).
 */
const taskColumn = /^(?:action(?:[ _-]?items?)?|actions|tasks?|to[ -]?dos?|next steps?|what)$/i
const whoColumn = /^(?:who|owners?|assignees?|assigned(?: to)?|responsible|by whom|person|people|lead)$/i
const statusColumn = /^(?:status|state|done|progress)$/i

/** Lines that start a new unit inside a list item: a new marker or a bullet written too far in, not a wrapped line. */
const itemStarter =
  /^\s*(?:[-*+•·]\s+\S|(?:(?:->|=>|→|⇒)\s*)?(?:AI\b|to[ -]?do\s*:|action[ -]?items?\s*:|action\s*:|decisions?\s*:|decided\s*:|agreed\s*:|resolved\b[^:\n]{0,30}:|resolutions?\s*:|conclusions?\s*:|outcomes?\s*:|(?:[\w-]+\s+){0,2}consensus\b[^:\n]{0,30}:))/i

/** Lines that start a new unit inside a paragraph rather than continuing the previous line. */
const starter =
  /^\s*(?:\[[\w./-]*\d[\w./-]*\]\s+(?:AI\b|action)|AI\b|@[A-Za-z0-9]|->|=>|→|-->|==>|⇒|[-*+•·]\s|\p{Extended_Pictographic}|to[ -]?do\b|action[ _-]?items?\b|actions?\s*:|decisions?\b|decided\b|agreed\b|resolution\b|resolved\b|consensus\s*:|conclusions?\s*:|\d+[.)]\s|\[[ xX]\][ \t]+\S)/iu
/** A time of day opening a line (`15:29 `, `[15:29:03] `). */
const clockTime = /^\s*\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+(?=[\p{L}@])/u
/** A task box at the start of a line that is not a list item (`[ ] @x to …`, `[x] …`). */
const plainBox = /^\s*\[([ xX])\][ \t]+(?=\S)/

/** A transcript's next speaker (`MC: …`, the whole group's `All: …`) or a `Name - …` note: a new line of its own (case matters). */
const speaker = /^\s*(?:[A-Z]{2,4}:\s|(?:All|Everyone|Everybody):\s|\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)?\s+[-–—]\s)/u

/** A bare label for the list under it: `ToDo:`, `AIs from last time:`, `Next step:`, `Action Items (AIs): 6 in total`. */
export const actionLabel =
  /^\s*(?:(?:completed|done|closed|finished|pending|open|outstanding|remaining|new|old|previous)\s+)?(?:AIs?(?!\s*\/)|action[ _-]?items?|actions?|to[ -]?dos?|open (?:AIs|action items|tasks)|tasks?)\b[^:.?!@]{0,40}(?::\s*\d+(?:\s+(?:in total|total|open|new|items?))?\.?|:)?\s*$|^\s*next steps?\b[^:.?!@]{0,40}:\s*$/i
/** A bare label for the decisions listed under it: `Decisions:`, `Agreed:`. */
export const decisionLabel =
  /^\s*(?:(?:decisions?(?! time)|resolutions?|conclusions?|outcomes?|consensus|(?:emerging|general|rough|lazy|team|meeting|group) consensus|summary of decisions)\b[^:.?!@]{0,40}:?|(?:decided|agreed|resolved)(?:\b[^:.?!@]{0,40}:|\s*:?))\s*$/i

/** An indented block that is a list pushed four spaces in, not code: `    - *AI @fkr - …*`. */
const indentedList = /^(?: {4}|\t)\s*(?:[-*+]\s|AI\b)/

/** Collect the units of a document, in order, with headings attached. `value` is the source. */
export function collectUnits(tree: Root, value: string, titleLines?: ReadonlySet<number>): Unit[] {
  const units: Unit[] = []
  let heading: Heading | null = null
  const blocks = (nodes: readonly RootContent[], out: Unit[], depth: number): void => {
    let last: Unit | undefined
    for (const node of nodes) {
      switch (node.type) {
        case 'heading': {
          heading = node
          const text = new InlineText()
          // The block's own line first: GFM's literal autolinks replace text nodes with nodes without positions.
          text.newline(node.position?.start.line)
          text.add(node.children)
          out.push(make('heading', text, 0, text.text.length, null, node, 0))
          last = undefined
          break
        }
        case 'paragraph': {
          const text = new InlineText()
          text.newline(node.position?.start.line)
          text.add(node.children)
          const groups = split(text, 'paragraph', null, heading, depth)
          out.push(...groups)
          last = groups[groups.length - 1]
          break
        }
        case 'list':
          // A list right after a bare label paragraph (`TODO:`) belongs to that label.
          if (last && last.kind === 'paragraph' && (actionLabel.test(last.text) || decisionLabel.test(last.text))) list(node, last.children, depth)
          else list(node, out, depth)
          last = undefined
          break
        case 'blockquote':
          blocks(node.children, out, depth)
          last = undefined
          break
        case 'table':
          table(node, out)
          last = undefined
          break
        case 'code':
          if (!node.lang && node.position && indentedList.test(value.slice(node.position.start.offset, node.position.end.offset))) {
            codeLines(node.value, node.position.start.line, out)
          }
          last = undefined
          break
        default:
          last = undefined
      }
    }
  }
  const list = (node: List, out: Unit[], depth: number): void => {
    for (const item of node.children) listItem(item, out, depth)
  }
  const listItem = (item: ListItem, out: Unit[], depth: number): void => {
    const text = new InlineText()
    const rest: BlockContent[] = []
    for (const child of item.children) {
      if (child.type === 'paragraph' && rest.length === 0) {
        text.newline(child.position?.start.line)
        text.add(child.children)
      } else if (child.type !== 'list') {
        rest.push(child as BlockContent)
      }
    }
    const line = item.position?.start.line ?? 0
    // `2. Field day review` / `   Eleven members came …`: a topic's title line is a unit of its own, its notes others.
    const groups = split(text, 'item', item.checked ?? null, heading, depth, line, titleLines?.has(line) === true)
    const head = groups[0]!
    out.push(...groups)
    for (const child of item.children) {
      if (child.type === 'list') list(child, head.children, depth + 1)
    }
    if (rest.length) blocks(rest as RootContent[], head.children, depth + 1)
  }
  const codeLines = (code: string, line: number, out: Unit[]): void => {
    code.split('\n').forEach((raw, i) => {
      const value = raw.replace(/^\s*(?:[-*+]\s+)?/, '').replace(/(^|\s)[*_]+|[*_]+(?=\s|$)/g, '$1')
      if (!value.trim()) return
      const text = new InlineText()
      text.add([{type: 'text', value, position: {start: {line: line + i, column: 1}, end: {line: line + i, column: 1}}}])
      out.push(make('item', text, 0, value.length, null, heading, 0, line + i))
    })
  }
  const table = (node: Table, out: Unit[]): void => {
    const header = (node.children[0]?.children ?? []).map((cell) => cleanTitle(phrasingText(cell.children)).replace(/[*_:]/g, '').trim())
    const what = header.findIndex((h) => taskColumn.test(h))
    const who = header.findIndex((h) => whoColumn.test(h))
    const state = header.findIndex((h) => statusColumn.test(h))
    for (const row of node.children.slice(1)) {
      const text = new InlineText()
      const cells: Array<{start: number; end: number}> = []
      for (const cell of row.children) {
        const start = text.text.length
        text.add(cell.children)
        cells.push({start, end: text.text.length})
        text.add([{type: 'text', value: ' | '}])
      }
      const unit = make('row', text, 0, text.text.length, null, heading, 0, row.position?.start.line)
      const task = cells[what]
      if (what !== -1 && who !== -1 && task && text.text.slice(task.start, task.end).trim()) {
        const cellText = (i: number) => (cells[i] ? text.text.slice(cells[i].start, cells[i].end) : '')
        // Without a status column, a cell that says only that the task is done (`| OPS-2293 |` … `| done |` under *Tracking*) is its state.
        const stateCell = state !== -1 ? state : cells.findIndex((_, i) => i !== what && i !== who && /^\W*(?:done|closed|completed?|finished|merged|resolved)\W*$/i.test(cellText(i)))
        unit.task = {...task, who: cellText(who), weak: /^what$/i.test(header[what]!), status: stateCell === -1 ? '' : cellText(stateCell)}
      }
      out.push(unit)
    }
  }
  blocks(tree.children, units, 0)
  return units
}

/** What starts a unit of its own inside a paragraph: a bullet or marker written inline, or a transcript's next speaker. */
const paragraphStarter = {test: (line: string) => starter.test(line) || speaker.test(line)}

function split(
  text: InlineText,
  kind: Unit['kind'],
  checked: boolean | null,
  heading: Heading | null,
  depth: number,
  firstLine?: number,
  titled = false,
): Unit[] {
  const value = text.text
  const out: Unit[] = []
  const starts = kind === 'item' ? itemStarter : paragraphStarter
  // A part that starts with a bullet written too far in to be a list item is a note under the item.
  let nested = false
  let start = 0
  let at = value.indexOf('\n')
  // `[19:22] Decision: …` / `[19:23] @rafa will write …`: in a log whose lines open with the time, each line is its own.
  const log = at !== -1 && /^\s*\[?\d/.test(value) && clockTime.test(value.slice(0, 16))
  while (at !== -1) {
    if (titled || starts.test(value.slice(at + 1, at + 40)) || (log && clockTime.test(value.slice(at + 1, at + 17)))) {
      titled = false
      cut(out, text, kind, checked, heading, nested ? depth + 1 : depth, firstLine, start, at)
      start = at + 1
      nested = kind === 'item' && /^\s*[-*+•·]\s/.test(value.slice(at + 1, at + 10))
    }
    at = value.indexOf('\n', at + 1)
  }
  cut(out, text, kind, checked, heading, nested ? depth + 1 : depth, firstLine, start, value.length)
  return out
}

/** The part of `text` from `start` to `end` as the next unit of `out`: the first of the kind split, later ones paragraphs led by the one before. */
function cut(out: Unit[], text: InlineText, kind: Unit['kind'], checked: boolean | null, heading: Heading | null, depth: number, firstLine: number | undefined, start: number, end: number): void {
  const first = out.length === 0
  const unit = make(first ? kind : 'paragraph', text, start, end, first ? checked : null, heading, depth, first ? firstLine : undefined)
  unit.lead = out[out.length - 1] ?? null
  out.push(unit)
}

function make(
  kind: Unit['kind'],
  source: InlineText,
  start: number,
  end: number,
  checked: boolean | null,
  heading: Heading | null,
  depth: number,
  line?: number,
): Unit {
  // `[ ] @x to open an issue` written as a line of its own, not as a list item: a task box all the same.
  const box = checked === null && (kind === 'item' || kind === 'paragraph') ? plainBox.exec(source.text.slice(start, start + 8)) : null
  if (box) {
    checked = box[1] !== ' '
    start += box[0].length
  }
  // `15:29 Tomasz will write …`, `[15:18] Agreed: …`: a clock time opening a line of timestamped notes is when it was said, not part of the sentence.
  if (kind !== 'heading' && kind !== 'row' && /^\s*\[?\d/.test(source.text.slice(start, start + 4))) {
    const time = clockTime.exec(source.text.slice(start, start + 16))
    if (time) start += time[0].length
  }
  return {
    kind,
    source,
    start,
    end,
    text: source.text.slice(start, end).replace(/\n/g, ' '),
    line: line ?? source.lineAt(start),
    checked,
    children: [],
    heading,
    depth,
    lead: null,
    previous: null,
    parent: null,
  }
}

/** A test of a unit's heading (its cleaned text), worked out once per heading. */
export function underHeading(test: (text: string) => boolean): (unit: Unit) => boolean {
  const seen = new WeakMap<Heading, boolean>()
  return (unit) => {
    if (!unit.heading) return false
    let is = seen.get(unit.heading)
    if (is === undefined) {
      is = test(cleanTitle(phrasingText(unit.heading.children)))
      seen.set(unit.heading, is)
    }
    return is
  }
}

/** Depth-first, document order. */
export function* eachUnit(units: readonly Unit[]): Generator<Unit> {
  for (const unit of units) {
    yield unit
    yield* eachUnit(unit.children)
  }
}

