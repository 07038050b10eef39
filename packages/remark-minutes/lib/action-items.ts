import type {Heading} from 'mdast'
import type {VFile} from 'vfile'
import {arrowsIn, assignmentsIn, ownersIn, peoplePrefix} from './people.ts'
import {cleanTitle, findHandles, phrasingText, squash} from './text.ts'
import {imperative} from './verbs.ts'
import type {ActionItem} from './types.ts'
import {actionLabel, type Unit} from './units.ts'

/** `AI` as a marker, not inside a word (`AIs`, `AI's`, `GPU/AI`). Case-sensitive: `ai` is a word. */
const aiMarker = /(?<![\w/.'’-])(?<![\w.]@)AI(?![\w'’@/-])/g
/** `ToDo:`, `TODO (later):`, `Action item:`, `Action:`; checked for a colon or a handle after it. */
const todoMarker = /(?<![\w-])(?:to[ -]?do|action[ -]?items?|action)(?![\w-])/gi
const arrowBefore = /(?:-+>|=+>|→|⇒)\s*$/
const doneWord = '(?:done|closed|finished|completed|merged|erledigt|fixed|resolved)'
const doneInText = new RegExp(
  `(?:^\\W*${doneWord}\\b|\\(\\s*${doneWord}\\b[^)]*\\)|\\[\\s*${doneWord}\\s*\\]|(?:[,;:–—]|\\s-|->|=>|→)\\s*${doneWord}(?:\\W*$|\\s*[,;:.(]))`,
  'i',
)
/** A status note with its explanation: `— done, see https://…`, `merged in https://…`. */
const statusNote = new RegExp(`(?:\\s*[—–,;]\\s*${doneWord}\\b.*|\\s+${doneWord}\\s+(?:in|see|via|with|as)\\s+(?:\\S+\\s+)?\\S*https?:\\/\\/\\S*.*)$`, 'i')
/** A status note at the end of the task text: `(done)`, `✅`, `- done`. */
const trailingStatus = new RegExp(`\\s*(?:\\(\\s*${doneWord}\\s*\\)|[✅✔☑]\\uFE0F?|(?:[,;–—]|\\s-)\\s*${doneWord})\\s*$`, 'iu')
const doneShout = /\b(?:DONE|CLOSED|FINISHED|MERGED)\b/
const doneSign = /[✅✔☑]/u
const doneChild = new RegExp(`^\\W*(?:${doneWord}|✅|✔)`, 'iu')
/** The roles every meeting repeats: not tasks. */
const roleLine =
  /^\W*(?:who\b[^?]*\?|(?:minutes?|minute[- ]?taker|protocol|notes?|moderation|moderator|facilitation|facilitator|chair|host)\b[^:]{0,40}:|responsible for (?:the )?minutes|[^:]{0,40}\b(?:call|minutes|protocol|moderation|facilitation|moderat\w*|transfer)\b[^:]{0,20}:\s*@)/i
/** Headings whose list items are tasks: `Action items`, `Pending action items`, `AIs of last week`. */
export const actionHeading = /^(?:(?:pending|open|new|old|previous|last|check(?:ing)?(?: pending| open)?)\s+)?(?:action[ -]?items?|AIs|to[ -]?dos?|tasks|follow[ -]?ups?)\b/i

const source = 'remark-minutes'

/** A cheap test that a line could hold a task at all (no handle in it). */
const maybeTask = /\bAI\b|[Tt][Oo][ -]?[Dd][Oo]|[Aa]ction|ACTION|[>→⇒]|^[^\p{L}]*\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?\s+(?:will|to|shall|should|must|wants?|needs?|plans?|offered|volunteered|agreed|takes?)\b/u

/** Find the action items among the units of a document. */
export function collectActionItems(
  units: readonly Unit[],
  topicAt: (line: number) => string | null,
  file: VFile,
  known: ReadonlySet<string> = new Set(),
): ActionItem[] {
  const items: ActionItem[] = []
  /** `inherited`: the units are the tasks of a `ToDo:` label, owned by `owners` unless they name their own. */
  const visit = (list: readonly Unit[], inherited: {owners: string[]} | null): void => {
    for (const unit of list) {
      const inSection = inherited !== null || ((unit.kind === 'item' || unit.kind === 'paragraph') && unit.depth === 0 && isActionSection(unit))
      const result = unit.kind === 'heading' ? headingItem(unit, known) : detect(unit, inSection, known)
      let label: {owners: string[]} | null = null
      if (result && 'label' in result) label = {owners: result.owners}
      const found = !result || 'label' in result ? [] : Array.isArray(result) ? result : [result]
      for (const item of found) {
        if (item.assignees.length === 0 && inherited) item.assignees = [...inherited.owners]
        item.topic = topicAt(unit.line)
        if (!item.text) item.text = item.topic ?? ''
        if (!item.done && unit.children.some((child) => doneChild.test(child.text))) item.done = true
        items.push(item)
        if (item.assignees.length === 0) {
          file.message(`Unexpected action item without assignee, expected \`AI @handle: …\``, {
            place: {line: item.line, column: 1},
            ruleId: 'action-owner',
            source,
          })
        }
      }
      visit(unit.children, label)
    }
  }
  visit(units, null)
  return items
}

/** Per heading: every item below it asks. */
const actionSections = new WeakMap<Heading, boolean>()

function isActionSection(unit: Unit): boolean {
  if (!unit.heading) return false
  let is = actionSections.get(unit.heading)
  if (is === undefined) {
    is = actionHeading.test(cleanTitle(phrasingText(unit.heading.children)))
    actionSections.set(unit.heading, is)
  }
  return is
}

/** Headings only carry tasks in the plainest forms: `### @x to check …`, `### … -> ToDo @x`. */
function headingItem(unit: Unit, known: ReadonlySet<string>): ActionItem | null {
  const result = detect(unit, false, known)
  if (!result || 'label' in result) return null
  const found = Array.isArray(result) ? result[0]! : result
  return /^\s*@/.test(unit.text) || found.kind === 'marked' ? found : null
}

/** A label whose child items are the tasks: `- ToDo:`, `- ToDo: @bob` (then @bob owns them). */
interface Label {
  label: true
  owners: string[]
}

function detect(unit: Unit, inSection: boolean, known: ReadonlySet<string>): ActionItem | ActionItem[] | Label | null {
  const text = unit.text
  // Most lines are notes: without a handle, a marker word, an arrow or a leading name there is nothing to find.
  if (!inSection && unit.checked === null && !text.includes('@') && !maybeTask.test(text)) return null
  if (roleLine.test(text) && !/\bAI\b|to[ -]?do/i.test(text)) return null

  const item = (assignees: string[], body: string, offset: number, kind: ActionItem['kind']): ActionItem => {
    const owners = [...new Set(assignees)]
    // The owners and the status are fields of their own: `… (@bkramer)`, `… (done)` leave the text.
    let task = tidy(withoutTrailingOwners(body.replace(trailingStatus, '').replace(statusNote, ''), owners))
    // A unit whose text carries no position (a heading's own words) has the unit's line (never 0).
    let line = unit.source.lineAt(unit.start + offset) || unit.line
    if (!hasWords(task) && unit.lead) {
      // `* Prepare security advisory` / `  -> AI @garloff`: the task is the line the marker follows.
      task = tidy(unit.lead.text)
      line = unit.lead.line
    }
    // `* @a, @b (AI @b)` under a heading: the task is the topic itself (filled in by the caller).
    if (!hasWords(task)) task = ''
    return {assignees: owners, text: task, line, done: isDone(unit, text), topic: null, kind}
  }

  // A bare label (`ToDo:`, `- AI`, `Action items from last week:`) whose child items are the tasks.
  if (unit.children.length > 0 && actionLabel.test(text) && unit.checked === null) return {label: true, owners: []}

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
    // `- ToDo: @bob` with child items: the children are @bob's tasks.
    if (unit.children.length > 0 && markers.length === 1 && !hasWords(text.slice(first.end)) && !hasWords(text.slice(0, first.index))) {
      return {label: true, owners: people}
    }
    if (people.length === 0) people = ownersIn(text.slice(0, first.index) + ' ' + text.slice(first.end))
    people.push(...assignmentsIn(text, known).flatMap((a) => a.people))
    const task = taskText(text, first)
    return item(people, task.text, task.before ? 0 : first.index, 'marked')
  }

  const raw = unit.source.text.slice(unit.start, unit.end)
  const assigned = [...assignmentsIn(text, known), ...arrowsIn(raw)].sort((a, b) => a.index - b.index)
  if (inSection) {
    const {people, end} = peoplePrefix(text, known)
    // Under an action heading every handle is a candidate owner, even `meeting with @x`.
    const owners = people.length ? people : assigned.length ? assigned.flatMap((a) => a.people) : ownersIn(text).length ? ownersIn(text) : findHandles(text).map((h) => h.handle)
    return item(owners, text.slice(end), 0, 'marked')
  }
  if (assigned.length > 0) {
    // `@x to <verb> …`: the verb phrase is the task; `<task> -> @x`: the text before the arrow is.
    const first = assigned[0]!
    // Only the first line's text when later lines are arrows of their own (`-> Container pieces: @x`).
    const before = raw.slice(0, first.index).split(/\n\s*(?:-+>|=+>|→|⇒)/)[0]!.replace(/\(\s*$/, '')
    const paren = enclosingParen(text, first.index)
    // `Give hotel recommendations (@x will look for hotels)`: the text before the parenthesis is the task.
    const subject = paren && words(text.slice(0, paren.open)) >= 2 ? text.slice(0, paren.open) : null
    const useBefore = first.arrow && words(before) >= 1
    // `@a to create the repo, @b to help with the plugin`: one task per clause, each with its owner.
    const clauses = assigned.filter((a) => !a.arrow)
    if (subject === null && clauses.length > 1 && clauses.length === assigned.length && words(text.slice(0, first.index)) === 0) {
      return clauses.map((a, i) => item(a.people, text.slice(a.rest, clauses[i + 1]?.index ?? text.length), a.index, 'unmarked'))
    }
    return item(
      assigned.flatMap((a) => a.people),
      subject ?? (useBefore ? before : clause(text, first.rest)),
      subject !== null || useBefore ? 0 : first.index,
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
    ? colon || people.length > 0 || ((atStart || paren !== null) && (imperative.test(after) || /^\s*[-–—]\s/.test(after)))
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
  // A second marker in parentheses (`AI: contact … (AI @x)`) only adds owners.
  const rest = text.slice(marker.end).replace(/\(\s*(?:AI|to[ -]?do)\b[^)]*\)/gi, ' ')
  if (words(rest) >= 1) return {text: rest, before: false}
  return {text: text.slice(0, marker.index), before: true}
}

/** Text with letters or digits once handles are left out. */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text.replace(/@[\w.-]+/g, ''))
}

/** Drop a trailing `(@x)` / `@x` when those handles are the task's owners anyway. */
function withoutTrailingOwners(text: string, owners: readonly string[]): string {
  const m = trailingOwners.exec(text)
  if (!m) return text
  const handles = m[0].match(/@[\w.-]+/g) ?? []
  return handles.every((h) => owners.includes(h.toLowerCase())) ? text.slice(0, m.index) : text
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
  let t = squash(text).replace(/\(\s*via\s+[^)]*\)|^\s*via\s+\S+\s*$/gi, ' ')
  t = t.replace(/^(?:to|will|shall)\s+/i, '')
  t = stripDecoration(t)
  t = t.replace(/^(?:-+>|=+>|→|⇒)\s*/, '').replace(/\s*(?:-+>|=+>|→|⇒)$/, '')
  t = t.replace(/\(\s*\)/g, '').replace(/\s{2,}/g, ' ')
  return stripDecoration(t).replace(/^\((.*)\)$/, '$1').trim()
}

function isDone(unit: Unit, text: string): boolean {
  if (unit.checked === true) return true
  if (unit.source.isStruck(unit.start, unit.end) || unit.source.startsStruck(unit.start, unit.end)) return true
  const marker = /\bAI\b\s*:?\s*|\bto[ -]?do\s*:\s*/i.exec(text)
  if (marker && unit.source.startsStruck(unit.start + marker.index + marker[0].length, unit.end)) return true
  return doneSign.test(text) || doneInText.test(text) || doneShout.test(text)
}
