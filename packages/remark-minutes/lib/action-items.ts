import type {VFile} from 'vfile'
import {arrowsIn, assignmentsIn, ownersIn, peoplePrefix} from './people.ts'
import {cleanTitle, phrasingText, squash} from './text.ts'
import type {ActionItem} from './types.ts'
import {headerLabel, type Unit} from './units.ts'

/** `AI` as a marker, not inside a word (`AIs`, `AI's`, `GPU/AI`). Case-sensitive: `ai` is a word. */
const aiMarker = /(?<![\w/.'’-])(?<![\w.]@)AI(?![\w'’@/-])/g
/** `ToDo:`, `TODO (later):`, `Action item:`, `Action:`; checked for a colon or a handle after it. */
const todoMarker = /(?<![\w-])(?:to[ -]?do|action[ -]?items?|action)(?![\w-])/gi
const arrowBefore = /(?:-+>|=+>|→|⇒)\s*$/
const doneWord = '(?:done|closed|finished|completed|merged|erledigt|fixed|resolved)'
const doneInText = new RegExp(
  `(?:^\\W*${doneWord}\\b|\\(\\s*${doneWord}\\b[^)]*\\)|\\[\\s*${doneWord}\\s*\\]|(?:[,;:–—-]|->|=>|→)\\s*${doneWord}\\W*$)`,
  'i',
)
const doneShout = /\b(?:DONE|CLOSED|FINISHED|MERGED)\b/
const doneSign = /[✅✔☑]/u
const doneChild = new RegExp(`^\\W*(?:${doneWord}|✅|✔)`, 'iu')
/** The roles every meeting repeats: not tasks. */
const roleLine =
  /^\W*(?:who\b[^?]*\?|(?:minutes?|minute[- ]?taker|protocol|notes?|moderation|moderator|facilitation|facilitator|chair|host)\b[^:]{0,40}:|responsible for (?:the )?minutes|[^:]{0,40}\b(?:community call|minutes|protocol|moderation|facilitation)\b[^:]{0,20}:\s*@)/i
/** Headings whose list items are tasks: `Action items`, `Pending action items`, `AIs of last week`. */
export const actionHeading = /^(?:(?:pending|open|new|old|previous|last|check(?:ing)?(?: pending| open)?)\s+)?(?:action[ -]?items?|AIs|to[ -]?dos?|tasks|follow[ -]?ups?)\b/i

const source = 'remark-minutes'

/** Find the action items among the units of a document. */
export function collectActionItems(
  units: readonly Unit[],
  topicAt: (line: number) => string | null,
  file: VFile,
  known: ReadonlySet<string> = new Set(),
): ActionItem[] {
  const items: ActionItem[] = []
  const visit = (list: readonly Unit[], inherited: boolean): void => {
    for (const unit of list) {
      const inSection = inherited || (unit.kind === 'item' && unit.depth === 0 && isActionSection(unit))
      const found = unit.kind === 'heading' ? headingItem(unit, known) : detect(unit, inSection, known)
      let childrenAreItems = false
      if (found === 'header') {
        childrenAreItems = true
      } else if (found) {
        found.topic = topicAt(unit.line)
        if (!found.done && unit.children.some((child) => doneChild.test(child.text))) found.done = true
        items.push(found)
        if (found.assignees.length === 0) {
          file.message(`Unexpected action item without assignee, expected \`AI @handle: …\``, {
            place: {line: found.line, column: 1},
            ruleId: 'action-owner',
            source,
          })
        }
      }
      visit(unit.children, childrenAreItems)
    }
  }
  visit(units, false)
  return items
}

function isActionSection(unit: Unit): boolean {
  if (!unit.heading) return false
  const title = cleanTitle(phrasingText(unit.heading.children))
  return actionHeading.test(title)
}

/** Headings only carry tasks in the plainest forms: `### @x to check …`, `### … -> ToDo @x`. */
function headingItem(unit: Unit, known: ReadonlySet<string>): ActionItem | null {
  const found = detect(unit, false, known)
  if (!found || found === 'header') return null
  return /^\s*@/.test(unit.text) || found.kind === 'marked' ? found : null
}

function detect(unit: Unit, inSection: boolean, known: ReadonlySet<string>): ActionItem | 'header' | null {
  const text = unit.text
  if (!/\S/.test(text)) return null
  if (roleLine.test(text) && !/\bAI\b|to[ -]?do/i.test(text)) return null

  const item = (assignees: string[], body: string, offset: number, kind: ActionItem['kind']): ActionItem => {
    let task = tidy(body)
    let line = unit.source.lineAt(unit.start + offset)
    // `* Prepare security advisory` / `  -> AI @garloff`: the task is the line the marker follows.
    if (!/[\p{L}\p{N}]/u.test(task) && unit.lead) {
      task = tidy(unit.lead.text)
      line = unit.lead.line
    }
    return {assignees: [...new Set(assignees)], text: task, line, done: isDone(unit, text), topic: null, kind}
  }

  // A bare label (`ToDo:`, `- AI`, `Action items from last week:`) whose child items are the tasks.
  if (unit.children.length > 0 && headerLabel.test(text) && unit.checked === null) return 'header'

  if (unit.checked !== null) {
    // A checklist of features (`- [x] IAM`) is not a task list: a task has an owner or a verb.
    const {people, end} = peoplePrefix(text, known)
    const owners = people.length ? people : ownersIn(text)
    if (owners.length === 0 && !imperative.test(text) && !inSection) return null
    return item(owners, text.slice(end), 0, 'marked')
  }

  const markers = findMarkers(text)
  if (markers.length > 0) {
    const first = markers[0]!
    let people = markers.flatMap((m) => m.people)
    if (people.length === 0) people = ownersIn(text.slice(0, first.index) + ' ' + text.slice(first.end))
    people.push(...assignmentsIn(text, known).flatMap((a) => a.people))
    const task = taskText(text, first)
    return item(people, task.text, task.before ? 0 : first.index, 'marked')
  }

  const raw = unit.source.text.slice(unit.start, unit.end)
  const assigned = [...assignmentsIn(text, known), ...arrowsIn(raw)].sort((a, b) => a.index - b.index)
  if (inSection) {
    const {people, end} = peoplePrefix(text, known)
    const owners = people.length ? people : assigned.length ? assigned.flatMap((a) => a.people) : ownersIn(text)
    return item(owners, text.slice(end), 0, 'marked')
  }
  if (assigned.length > 0) {
    // `@x to <verb> …`: the verb phrase is the task; `<task> -> @x`: the text before the arrow is.
    const first = assigned[0]!
    const before = text.slice(0, first.index).replace(/\(\s*$/, '')
    const useBefore = first.arrow && words(before) >= 1
    return item(
      assigned.flatMap((a) => a.people),
      useBefore ? before : clause(text, first.rest),
      useBefore ? 0 : first.index,
      'unmarked',
    )
  }
  if (unit.kind === 'item' && imperative.test(text) && trailingOwners.test(text)) {
    // `Document ORC way (@jschoone)`: an imperative with its owner at the end. A trailing handle
    // without the verb is usually a credit (`KCD talk from Munich @x`), not an owner.
    const owners = ownersIn(text)
    if (owners.length > 0) return item(owners, text.replace(trailingOwners, ''), 0, 'unmarked')
  }
  return null
}

/** A list item that opens with a verb in the imperative. */
const imperative = new RegExp(
  `^[\\s*_~>•·-]*(?:${[
    'add', 'adjust', 'align', 'announce', 'ask', 'check', 'clarify', 'clean up', 'collect', 'come up with',
    'communicate', 'compile', 'consolidate', 'contact', 'coordinate', 'create', 'define', 'deploy', 'describe',
    'design', 'discuss', 'document', 'draft', 'evaluate', 'extend', 'figure out', 'file', 'find', 'finish',
    'finalize', 'finalise', 'fix', 'follow up', 'forward', 'gather', 'get', 'implement', 'improve', 'inform',
    'install', 'investigate', 'invite', 'look', 'make', 'merge', 'migrate', 'move', 'open', 'organize',
    'organise', 'plan', 'ping', 'post', 'prepare', 'present', 'prioritize', 'prioritise', 'propose', 'provide',
    'publish', 'push', 'put', 'raise', 'reach out', 'refine', 'release', 'remove', 'rename', 'reply', 'report',
    'request', 'research', 'resolve', 'review', 'reword', 'rework', 'schedule', 'send', 'set up', 'setup',
    'share', 'sort out', 'start', 'submit', 'summarize', 'summarise', 'support', 'sync', 'take care', 'talk',
    'test', 'track', 'try', 'update', 'upload', 'validate', 'verify', 'write',
  ].join('|')})\\b`,
  'i',
)
const trailingOwners = /\s*\(?\s*@[\w.-]+(?:\s*(?:,|&|and)\s*@[\w.-]+)*\s*\)?\s*$/

interface Marker {
  index: number
  /** Where the marker and its people end. */
  end: number
  people: string[]
  /** Inside parentheses: `(AI @fkr)`. */
  paren: {open: number; close: number} | null
}

function findMarkers(text: string): Marker[] {
  const out: Marker[] = []
  for (const m of text.matchAll(aiMarker)) {
    const marker = qualify(text, m.index, m[0].length, true)
    if (marker) out.push(marker)
  }
  for (const m of text.matchAll(todoMarker)) {
    if (/call to\s*$/i.test(text.slice(0, m.index))) continue
    const marker = qualify(text, m.index, m[0].length, false)
    if (marker) out.push(marker)
  }
  return out.sort((a, b) => a.index - b.index)
}

function qualify(text: string, index: number, length: number, isAi: boolean): Marker | null {
  let after = text.slice(index + length)
  // `TODO (maybe past R4?): …`, `AI(berendt): …`
  const note = /^\s*\(([^)]*)\)\s*:/.exec(after)
  let skip = 0
  if (note && !/@/.test(note[1]!) && !isAi) {
    skip = note[0].length - 1
    after = after.slice(skip)
  }
  const before = text.slice(0, index).replace(/@$/, '')
  const atStart = /^[\s*_>•·(\[-]*$/.test(before) || arrowBefore.test(before)
  const paren = enclosingParen(text, index)
  // `Action item for @fkr: …`, `TODO for @x, …`
  const towards = /^\s+(?:for|to)(?=\s+@)/.exec(after)
  if (towards) {
    skip += towards[0].length
    after = after.slice(towards[0].length)
  }
  const {people, end} = peoplePrefix(after)
  const colon = /^\s*:/.test(after)
  // `AI(berendt): …`: a plain lowercase name in parentheses right after the marker.
  const inline = isAi ? /^\(\s*([a-z][\w.-]+)\s*\)\s*:/.exec(after) : null
  if (inline && people.length === 0) {
    return {index, end: index + length + inline[0].length, people: [inline[1]!], paren}
  }
  const qualifies = isAi
    ? colon || people.length > 0 || ((atStart || paren !== null) && /^\s+\S/.test(after))
    : colon || people.length > 0 || (arrowBefore.test(before) && /^\s*(?:$|[).,])/.test(after))
  if (!qualifies) return null
  return {index, end: index + length + skip + end, people, paren}
}

function enclosingParen(text: string, index: number): {open: number; close: number} | null {
  const open = text.lastIndexOf('(', index)
  if (open === -1 || text.lastIndexOf(')', index) > open) return null
  const close = text.indexOf(')', index)
  return close === -1 ? null : {open, close}
}

/** The task itself: after the marker and its people, or — for a trailing marker — the text before it. */
function taskText(text: string, marker: Marker): {text: string; before: boolean} {
  if (marker.paren) {
    const inner = text.slice(marker.end, marker.paren.close)
    if (words(inner) >= 2) return {text: inner, before: false}
    return {text: text.slice(0, marker.paren.open) + ' ' + text.slice(marker.paren.close + 1), before: true}
  }
  const rest = text.slice(marker.end)
  if (words(rest) >= 1) return {text: rest, before: false}
  return {text: text.slice(0, marker.index), before: true}
}

/** The rest of a clause from `start`: up to the parenthesis it sits in, if any. */
function clause(text: string, start: number): string {
  const paren = enclosingParen(text, start)
  return paren ? text.slice(start, paren.close) : text.slice(start)
}

function words(text: string): number {
  return (stripDecoration(text).match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length
}

function stripDecoration(text: string): string {
  return text.replace(/^[\s:;,.*_~>•·|=-]+|[\s:;,*_~>•·|=(-]+$/g, '')
}

function tidy(text: string): string {
  let t = squash(text)
  t = t.replace(/^(?:to|will|shall)\s+/i, '')
  t = stripDecoration(t)
  t = t.replace(/^(?:-+>|=+>|→|⇒)\s*/, '').replace(/\s*(?:-+>|=+>|→|⇒)$/, '')
  t = t.replace(/\(\s*\)/g, '').replace(/\s{2,}/g, ' ')
  return stripDecoration(t).replace(/^\((.*)\)$/, '$1').trim()
}

function isDone(unit: Unit, text: string): boolean {
  if (unit.checked === true) return true
  if (unit.source.isStruck(unit.start, unit.end)) return true
  const marker = /\bAI\b\s*:?\s*|\bto[ -]?do\s*:\s*/i.exec(text)
  if (marker && unit.source.isStruck(unit.start + marker.index + marker[0].length, unit.end)) return true
  return doneSign.test(text) || doneInText.test(text) || doneShout.test(text)
}
