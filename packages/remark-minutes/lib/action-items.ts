import type {Heading} from 'mdast'
import type {VFile} from 'vfile'
import {givenNames} from './given-names.ts'
import {ownerNames} from './owners.ts'
import {arrowsIn, assignmentsIn, isMentioned, laterClause, knownInLowercase, lineNames, lowercaseDoers, meetingNickname, officeName, ownersIn, peoplePrefix, presentSoon, presentTasks, speakerClause, workVerbAt, type Assignment} from './people.ts'
import {cleanTitle, execAll, findHandles, handleSource, phrasingText} from './text.ts'
import {imperative} from './verbs.ts'
import type {ActionItem} from './types.ts'
import type {Vocabulary} from './vocabulary.ts'
import {actionLabel, underHeading, type Unit} from './units.ts'
import {clause, doneChild, doneLinkNote, enclosingParen, hasWords, isDone, openNote, statusNote, tidy, trailingOwners, trailingStatus, withoutTrailingOwners, words} from './task-text.ts'
import {answersWho, namePrefix, repliedOnLine, takenOnLine, namesInParens, nobodyParen, onlyLink, parenNames, passiveAgent, sentenceTasks, trailingParen, volunteerOf, wantedDoers} from './task-forms.ts'

/** `AI` as a marker, not inside a word (`AIs`, `AI's`, `GPU/AI`). Case-sensitive: `ai` is a word. */
const aiMarker = /(?<![\w/.'’-])(?<![\w.]@)AI(?![\w'’@/-])(?!\s*\/)/g
/** `AR:`, `AR-25-06-01:` (an action required, numbered in a log): a marker like `AI`, before its colon. */
const arMarker = /(?<![\w/.'’-])AR(?:[-–]\d+(?:[-–.]\d+)*)?(?=\s*:)/g
/** The number of an action log's item before its people: `[AP-26-31]`, `[A7]`, `A-12:`. */
const logNumber = /^[\s*_]*(?:\[[A-Z]{1,5}[-–. ]?\d+(?:[-–./]\d+)*\]|[A-Z]{1,5}[-–]\d+(?:[-–./]\d+)*:?)\s+/
/** A lowercase verb and its object opening a box (`export the first 500 entries`), not an auxiliary's question (`is the …`). */
const verbAndObject = /^[\s*_~]*(?!(?:is|are|was|were|has|have|had|do|does|did|can|could|will|would|should|may|might|must)\s)\p{Ll}+\s+(?:the|a|an|our|this|these|those|all)\s/u
/** Notes after a marker that say when or how, not who: `TODO(later):`, `TODO(p1):`. */
const notOwnerNote = /^(?:later|soon|next|now|future|maybe|someday|optional|urgent|asap|follow-?up|wip|tbd|tba|all|everyone|team|low|medium|high|blocked|done|open|closed|ongoing|pending|[pv]\d.*|\d.*)$/i
/** `ToDo:`, `TODO (later):`, `Action item:`, `Action:`; checked for a colon or a handle after it. */
const todoMarker = /(?<![\w-])(?:to[ -]?do|action[ _-]?items?|actions?)(?![\w-])/gi
const arrowBefore = /(?:-+>|=+>|→|⇒)\s*$/
/** The roles every meeting repeats: not tasks. */
const roleLine =
  /^\W*(?:who\b[^?]*\?|(?:minutes?|minute[- ]?taker|protocol|notes?|moderation|moderator|facilitation|facilitator|chair|host)\b[^:]{0,40}:|responsible for (?:the )?minutes|[^:]{0,40}\b(?:call|minutes|protocol|moderation|facilitation|moderat\w*|transfer)\b[^:]{0,20}:\s*@)/i
/** Headings whose list items are tasks: `Action items`, `Pending action items`, `AIs of last week`, `Review of last call's tasks`. */
export const actionHeading =
  /^(?:summary of (?:the )?(?:new |open )?|review(?:ing)?(?: of)? (?:the )?)?(?:(?:(?:the )?(?:last|previous) (?:call|meeting|week|month|sync|session|time)|january|february|march|april|may|june|july|august|september|october|november|december|yesterday)['’]s\s+)?(?:(?:pending|open|new|old|previous|last|check(?:ing)?(?: pending| open)?)\s+)?(?:action[ _-]?items?|action points?|actions|AIs|to[ -]?dos?|tasks|follow[ -]?ups?|next steps?)\b/i

const source = 'remark-minutes'

/** A cheap test that a line could hold a task at all (no handle in it): `Who reviews the section? btran and Jun.` too. */
const maybeTask =
  /\bAI\b|[Tt][Oo][ -]?[Dd][Oo]|[Aa]ction|ACTION|[Nn]ext steps?\b|[>→⇒]|\b(?:will|to|shall|should|must|wants?|needs?|plans?|offered|volunteer\w*|agreed|takes?|took|commits?|interest|asked)\b|['’]ll\b|\)\s*$|\s[-–—]\s|:\s|\b[Ww]ho\b[^?\n]*\?\s*\S/u

/** Find the action items among the units of a document. */
export function collectActionItems(
  units: readonly Unit[],
  topicAt: (line: number) => string | null,
  file: VFile,
  known: ReadonlySet<string>,
  agendaLines: ReadonlySet<number>,
  vocab: Vocabulary,
): ActionItem[] {
  const items: ActionItem[] = []
  // Per heading: every item below an action heading is a task.
  const isActionSection = underHeading(vocab.actionHeading)
  // `## TODO Ana`: an action heading that names its people owns the tasks under it that name none.
  const headingOwners = new WeakMap<Heading, string[]>()
  const ownersOfHeading = (unit: Unit): string[] => {
    if (!unit.heading) return []
    let owners = headingOwners.get(unit.heading)
    if (!owners) headingOwners.set(unit.heading, (owners = labelHeadingOwners(cleanTitle(phrasingText(unit.heading.children)), known) ?? []))
    return owners
  }
  /** `inherited`: the units are the tasks of a `ToDo:` label, owned by `owners` unless they name their own. */
  const visit = (list: readonly Unit[], inherited: {owners: string[]; done?: boolean} | null, parent: Unit | null = null): void => {
    for (let i = 0; i < list.length; i++) {
      const unit = list[i]!
      unit.previous = i > 0 ? list[i - 1]! : parent
      unit.parent = parent
    }
    markTranscripts(list)
    const boxes = list.filter((u) => u.checked !== null)
    if (boxes.length >= 3 && boxes.filter((u) => u.children.length > 0).length * 2 >= boxes.length) for (const box of boxes) agendaChecklist.add(box)
    // Items seen under the current heading: a paragraph after an action section's list is a note or a
    // footer (`Next sync: 2025-03-14`), read like any paragraph.
    let listed = false
    for (const unit of list) {
      if (unit.kind === 'heading') listed = false
      // (A table of tasks too: `Next meeting: July 24.` after its rows is the footer.)
      else if (unit.kind === 'item' || unit.task !== undefined) listed = true
      const inSection =
        inherited !== null || ((unit.kind === 'item' || (unit.kind === 'paragraph' && !listed) || unit.task !== undefined) && unit.depth === 0 && isActionSection(unit))
      const result = unit.kind === 'heading' ? headingItem(unit, known) : detect(unit, inSection, known, agendaLines.has(unit.line) && unit.lead === null)
      let label: {owners: string[]; done?: boolean} | null = null
      if (result && 'label' in result) label = {owners: result.owners, done: result.done}
      const found: ActionItem[] = !result || 'label' in result ? [] : Array.isArray(result) ? result : [result]
      // `We still need three parent helpers for the tuck shop.`: people wanted that nobody took, on a line no other task
      // of the unit is read at (a paragraph's later sentence too).
      if (unit.kind !== 'heading' && unit.kind !== 'row' && unit.text.includes(' need')) {
        const wanted = peopleWanted(unit).filter((w) => !found.some((f) => f.line === w.line))
        if (wanted.length) {
          found.push(...wanted)
          found.sort((a, b) => a.line - b.line)
        }
      }
      for (const item of found) {
        if (item.assignees.length === 0 && inherited) item.assignees = [...inherited.owners]
        else if (item.assignees.length === 0 && inSection && unit.kind !== 'heading') item.assignees = [...ownersOfHeading(unit)]
        // `* okafor` / `* okafor update the volume docs`: the bot repeats the owner of its label before each task.
        if (inherited?.owners.length === 1 && item.text.toLowerCase().startsWith(inherited.owners[0]!.toLowerCase() + ' ')) item.text = item.text.slice(inherited.owners[0]!.length + 1)
        if (inherited?.done) item.done = true
        // An empty bullet of a template (`- ` under `## Action items`) is nobody's task and no task.
        if (!item.text && item.assignees.length === 0) continue
        // A recap that repeats a task (a bot's `Action Items` and `Action Items, by person`, `Summary of action items`) records it once;
        // a table of next steps with its dates is a plan of its own, not a recap (`| Publish the survey results | Giulia | 14 March |`).
        // (`* nattie send the contract …` under the bot's `* nattie` repeats `#action nattie send the contract …`.)
        if (isActionSection(unit) && !unit.task && items.some((other) => sameSet(other.assignees, item.assignees) && withoutDoers(other) === withoutDoers(item))) continue
        // `Scott to close? What's up with that?`: a question about a task, not one given (a note after it too: `Kim to look into it? (no decision)`).
        if (item.kind === 'unmarked' && /^[^:?]{1,60}\?(?:\s*\([^()]{1,40}\))?$/.test(item.text) && !item.assignees.some((a) => a.startsWith('@'))) continue
        // `We need someone to fix the CI` / `Rin: I'll take that one`: the request's task, now with its doer.
        const open = item.assignees.length > 0 ? items.find((o) => o.line === item.line && o.assignees.length === 0 && o.text.toLowerCase().endsWith(item.text.toLowerCase())) : undefined
        // `Next step is a proposal/PR for …` / `Eemeli is going to do that`: the nobody's task just above, taken on.
        const above = !open && item.assignees.length > 0 && unit.previous && takesThat.test(item.text) ? items.findLast((o) => o.line === unit.previous!.line && o.assignees.length === 0) : undefined
        if (open || above) {
          const task = (open ?? above)!
          task.assignees = item.assignees
          if (open) task.text = item.text
          const i = file.messages.findIndex((m) => m.ruleId === 'action-owner' && m.line === task.line)
          if (i !== -1) file.messages.splice(i, 1)
          continue
        }
        item.topic = topicAt(unit.line)
        // (`Bob, Zach and Ryan express interest.` … `ANYONE ELSE WANT ON THE INVITE: Dan, Ryan.`: the task the others took on,
        // the last one given above under the same topic.)
        if (moreVolunteers.has(item)) item.text = items.findLast((o) => o.topic === item.topic && o.assignees.length > 0)?.text ?? item.text
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
      visit(unit.children, label, unit)
    }
  }
  visit(units, null)
  return items
}

/** `do that`, `take it on`: a task that only points at the one above. */
const takesThat = /^(?:do|take|handle|own)\s+(?:that|it|this)(?:\s+on)?\.?$/i

/** Words that open a task's sentence, not nicknames: after a marker, `is to comment`, `going to land`. */
const notDoer = /^(?:is|are|was|were|be|been|being|has|have|had|does|did|done|going|needs?|plans?|wants?|tries|trying|agreed|asked|decided|still|also|just|then|first|next|later|maybe|probably|somebody|nobody|anyone|everyone|someone|group|team|folks|people|others|each|both|either|owner|owners|author|authors|reviewer|reviewers|whoever|continue|continues|proposal|decision|plan|goal|idea)$/

/** `David - provide …`, `Jennifer Fernick - …`: a line that opens with a name and a dash. */
const dashRemark = /^\W*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,2}\s+[-–—]\s+\S/u
/** Units of a list most of whose lines are `Name - remark`: a transcript. */
const transcript = new WeakSet<Unit>()

/**
 * Mark the runs of items (one markdown list each) with three or more `Name - remark` lines of which at
 * least two are views (`Jenn - agree, keep it light`, `CRob - lightweight process …`) rather than tasks
 * (`Kurt - update the docs`, `Anja - review the PR`: a list of tasks written that way stays one).
 */
function markTranscripts(list: readonly Unit[]): void {
  let start = 0
  let remarks = 0
  let views = 0
  for (let i = 0; i <= list.length; i++) {
    const unit = list[i]
    if (unit?.kind === 'item') {
      const m = unit.text.includes(' ') ? dashRemark.exec(unit.text) : null
      if (m) {
        remarks++
        if (!imperative.test(unit.text.slice(m[0].length - 1))) views++
      }
    } else if (unit === undefined || unit.lead === null) {
      if (remarks >= 3 && views >= 2) for (let j = start; j < i; j++) if (list[j]!.kind === 'item') transcript.add(list[j]!)
      start = i + 1
      remarks = 0
      views = 0
    }
  }
}

/** What is left after a marker when it only reports a state: `No action; awaiting review.`, `Issue closed.`, `none`. */
const statusOnly =
  /^\W*(?:no (?:action|actions|update|updates|progress|change|changes)(?: (?:taken|needed|required|this week|yet))?|none|n\/?a|nothing(?: new)?|(?:the )?(?:issue|pr|pull request) (?:is |was )?(?:closed|merged|landed)|closed|done|completed|landed|merged)\b[\s.,;:!-]*(?:(?:still )?(?:awaiting|waiting (?:for|on)) [^.;]{1,60}[.!]?)?\s*$/i

/** `leave comment (see action items)`, `take up with oli (acton item)`: a note that it is a task, not part of it. */
const markerNote = /\s*\((?:see\s+)?(?:the\s+)?(?:ac?ti?on[ -]?items?|AIs?|to[ -]?dos?)\)\s*\.?$/i

/**
 * `add pinned message … and then we’ll close`, `land update for express and then it’s done`, `ping Joe, we agreed once …`: a
 * clause of someone else's (after a comma, the meeting's: not the main clause after `when …,`).
 */
const otherSubject = /(?:,?\s+and\s+(?:then\s+)?(?:we|we['’]ll|we will|it['’]s|it is|it will|they|they['’]ll|people)|(?<!^\W*(?:when|if|once|after|before|until|since|because|while|as)\b[^,]*),\s+we)\b.*$/i

/** Text up to a parenthesis it opens and does not close (when words come before it). */
function beforeOpenParen(text: string): string {
  let depth = 0
  let open = -1
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') {
      if (depth === 0) open = i
      depth++
    } else if (text[i] === ')' && depth > 0) depth--
  }
  if (depth === 0 || open === -1 || !hasWords(text.slice(0, open))) return text
  return text.slice(0, open).replace(/[\s,;:–—-]+$/, '')
}

/**
 * `## TODO Ana`, `## Action items for @bkoh`, `## Tasks: Ana, Ben`: an action heading whose words after the marker are
 * only the people it names (a participant, a common given name, a handle, a nickname), as a label item `- ToDo: @bob`
 * names the owner of the items under it; null for any other heading (`TODO list`, `TODO Q3`, `Action items from last
 * week`).
 */
function labelHeadingOwners(title: string, known: ReadonlySet<string>): string[] | null {
  const m = /^\W*(?:to[ -]?dos?|action[ _-]?items?|actions|tasks|AIs?)\s*(?:for\s+|[:–—-]\s*|\(\s*)?([^()]{2,60}?)\)?\s*$/i.exec(title)
  // (`Action items (Jan)`, `TODO May`: a month, not Jan or May.)
  if (!m || /^(?:for|from|of|list|items?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i.test(m[1]!)) return null
  const names = ownerNames(m[1]!, known)
  // (Plain words only where the meeting knows them as people, or a common given name: not `TODO Backlog`.)
  return names && names.every((n) => n.startsWith('@') || known.has(n) || known.has(n.split(' ')[0]!) || givenNames.has(n.split(' ')[0]!)) ? names : null
}

/** Headings only carry tasks in the plainest forms: `### @x to check …`, `### … -> ToDo @x`; a heading that names whose tasks follow (`## TODO Ana`) carries none. */
function headingItem(unit: Unit, known: ReadonlySet<string>): ActionItem | null {
  if (/^\W*(?:to[ -]?do|action|task|AI)/i.test(unit.text) && labelHeadingOwners(unit.text, known)) return null
  const result = detect(unit, false, known)
  if (!result || 'label' in result) return null
  const found = Array.isArray(result) ? result[0]! : result
  return /^\s*@/.test(unit.text) || found.kind === 'marked' ? found : null
}

/** A label whose child items are the tasks: `- ToDo:`, `- ToDo: @bob` (then @bob owns them). */
interface Label {
  label: true
  owners: string[]
  /** `Completed action items:`: the tasks under it are done. */
  done?: boolean
}

const doneLabel = /^\W*(?:completed|done|closed|finished)\b/i
/** `: [Probably Mike Dolan to own this]`, `(Jenn to own it)`: who owns the item's task, in a note closed by a bracket (group 1; a hedge before it is not the name). */
const ownerNote = /(?::\s*[[(]?\s*|\s*[[(]\s*)(?:(?:probably|maybe|likely|perhaps|tentatively)\s+)?([^[\]():]{2,40}?)\s+to\s+own\s+(?:this|it|that)\s*[\])]/i
/** `open issue - https://…/issues/115`, `create a PR – https://…/pull/12`: a task that makes an issue or a PR, then a dash and the link to the one made. */
const madeLink = /(\b(?:open|create|file|raise|submit)\s+(?:(?:an?|the|new)\s+)*(?:issues?|PRs?|pull requests?|MRs?|merge requests?|tickets?))\s+[-–—]\s+<?https?:\/\/\S+\/(?:issues|pull|pulls|merge_requests)\/\d+\/?>?\s*$/i

/** A task the unit gives (`text` the unit's text): owners and status fields of their own, the line where its words are. */
function taskItem(unit: Unit, text: string, assignees: string[], body: string, offset: number, kind: ActionItem['kind']): ActionItem {
  const owners = [...new Set(assignees)]
  const done = isDone(unit, text)
  // `✅ tinsel: merge request for the regression — https://…/merge_requests/1204`: where a done task was done, not its words.
  if (done && /https?:\/\/\S+>?\s*$/.test(body)) body = body.replace(/\s+[—–]\s+<?https?:\/\/\S+>?\s*$/, '')
  // `Michael to open issue - https://…/issues/115`: the link after a dash is the issue or PR the task makes, not its words.
  else body = body.replace(madeLink, '$1')
  // The owners and the status are fields of their own: `… (@bkramer)`, `… (done)` leave the text.
  let task = tidy(withoutTrailingOwners(body.replace(trailingStatus, '').replace(statusNote, '').replace(doneLinkNote, '').replace(openNote, ''), owners), kind === 'marked')
  // `Start writing standards (focus: Container layer! @x)`: the owner was read inside a parenthesis that
  // holds other words too; the task ends before it rather than in the middle of it.
  task = beforeOpenParen(task).replace(markerNote, '').replace(otherSubject, '')
  // A unit whose text carries no position (a heading's own words) has the unit's line (never 0).
  let line = unit.source.lineAt(unit.start + offset) || unit.line
  if (!hasWords(task) && unit.lead) {
    // `* Prepare security advisory` / `  -> AI @garloff`: the task is the line the marker follows.
    task = tidy(unit.lead.text)
    line = unit.lead.line
  }
  // `* @a, @b (AI @b)` under a heading: the task is the topic itself (filled in by the caller).
  if (!hasWords(task)) task = ''
  return {assignees: owners, text: task, line, done, topic: null, kind}
}

/** `Proposed action items to review / check boxes:`: a marker (a word may qualify it) and `to`, the task, and a colon. */
const taskLabel = /^\W*(?:[a-z]+\s+)?(?:action[ _-]?items?|actions?|AIs?|to[ -]?dos?|tasks?)\s+to\s+(?=[a-z])([^:]{3,60}?)\s*:$/i

/**
 * A label that says the task (`Action items to review / check boxes:`) over child items that are each only a person
 * (a handle or a single name), one of them one the meeting knows (a participant, in any case, a common given name,
 * one of its nicknames): the task of them all. Items that are things (`- docs`, `- RFC 3016`) are not people.
 */
function labelOfPeople(unit: Unit, known: ReadonlySet<string>): {people: string[]; task: string; offset: number} | null {
  const m = taskLabel.exec(unit.text)
  if (!m) return null
  const people: string[] = []
  let confirmed = false
  for (const child of unit.children) {
    const names = child.children.length === 0 && child.checked === null && !/\s/.test(child.text.trim()) ? ownerNames(child.text, known, true) : null
    if (names?.length !== 1) return null
    const name = names[0]!
    confirmed ||= name.startsWith('@') || knownInLowercase(name, known) || givenNames.has(name) || meetingNickname(name, known)
    people.push(name)
  }
  return confirmed ? {people, task: m[1]!, offset: m.index + m[0].indexOf(m[1]!)} : null
}

/** `agendaItem`: the unit is an item of a list agenda, whose owner in brackets leads the topic rather than owns a task. */
function detect(unit: Unit, inSection: boolean, known: ReadonlySet<string>, agendaItem = false): ActionItem | ActionItem[] | Label | null {
  const text = unit.text
  // `Action items to review the RFC:` / `- pnkfelix` / `- josh`: a label that says the task, over the people who do it.
  const peopleLabel = unit.children.length > 0 && unit.checked === null && text.endsWith(':') && text.includes(' to ') ? labelOfPeople(unit, known) : null
  if (peopleLabel) return taskItem(unit, text, peopleLabel.people, peopleLabel.task, peopleLabel.offset, 'marked')
  // A bare label (`ToDo:`, `- AI`, `Action items from last week:`, `next steps:`) whose child items are the tasks.
  if (unit.children.length > 0 && unit.checked === null && actionLabel.test(text)) return {label: true, owners: [], done: doneLabel.test(text)}
  // `- adamv` / `- **UNASSIGNED**` with the person's tasks under it (a bot's `Action Items, by person`):
  // a label; a participant's name alone, or `(none)`, is no task.
  // `[ the one Thorsten had about the UX survey still pending ]`: an editor's note in brackets, not a task
  // unless it gives one itself (`[Robin to add context …]`, `[AI @bob review the doc]`).
  if (unit.checked === null && /^\s*\[[^[\]@]*\s[^[\]@]*\s[^[\]@]*\]\s*$/.test(text) && !onlyLink(unit) && assignmentsIn(text, known).length === 0 && findMarkers(text, known).length === 0) return null
  const bare = text.length <= 40 ? text.replace(/[*_]/g, '').trim() : ''
  if (bare && /^\(?(?:none|nothing|n\/a)\)?\.?$/i.test(bare)) return null
  if (bare && inSection && unit.checked === null && (known.has(bare) || /^unassigned$/i.test(bare))) {
    return unit.children.length > 0 ? {label: true, owners: /^unassigned$/i.test(bare) ? [] : [bare]} : null
  }
  // A row of a table of tasks (`| Merge the PR | Oskar, @mia | 10 March |`): the task cell, done by who its column names.
  if (unit.task && (inSection || !unit.task.weak)) {
    const {who, start, end, status} = unit.task
    // `@mkl, Oskar`: handles and names, each as written.
    const owners = who.split(/\s*(?:,|;|&|\/|\band\b)\s*/).flatMap((part) => {
      const handles = findHandles(part)
      // (The column says who: a full name there is a person's, as in a bracket that says *presenter*; an office, `Chair`,
      // its holder's.)
      return handles.length ? handles.map((h) => h.handle) : (ownerNames(part, known, true, true) ?? (officeName.test(part.trim()) ? [part.trim()] : []))
    })
    const task = tidy(unit.source.text.slice(start, end), true)
    // A status column (`Status`, `Done`): `done`, `closed`, `✓`, `x` mark the task done.
    // `Closed — superseded by item 4`, `Withdrawn (no longer needed)`, `Superseded by item 4`: a state that ends the task, with a note after it.
    const done = isDone(unit, task) || /^\W*(?:done|closed|completed?|finished|merged|resolved|yes|x|✓|✔|☑|✅)\W*$/iu.test(status.trim()) || /^\W*(?:done|closed|completed?|finished|merged|resolved|withdrawn|superseded|replaced|obsolete|dropped|cancell?ed)\b(?:\s*(?:[-–—,:;(]|$)[^]*|(?<=\b(?:superseded|replaced))\s+by\s[^]*)?$/i.test(status.trim())
    return hasWords(task) ? {assignees: owners, text: task, line: unit.line, done, topic: null, kind: 'marked'} : null
  }
  // `Legal review form: [Probably Mike Dolan to own this] - legal review …`, its `[` lost too: a note in brackets naming who
  // owns the item's task, which is the rest of the item (`[Robin to add context]` gives a task of its own).
  const ownNote = inSection && /\bto own (?:this|it|that)\s*[\])]/i.test(text) ? ownerNote.exec(text) : null
  const noteOwners = ownNote ? ownerNames(ownNote[1]!, known, true) : null
  if (ownNote && noteOwners) {
    const rest = text.slice(0, ownNote.index) + text.slice(ownNote.index + ownNote[0].length)
    if (hasWords(rest)) return taskItem(unit, text, noteOwners, rest, 0, 'marked')
  }
  // Most lines are notes: without a handle, a marker word, an arrow or a leading name there is nothing to find.
  if (!inSection && unit.checked === null && !text.includes('@') && !maybeTask.test(text) && !presentSoon(text) && !(text.length <= 80 && answersWho(unit))) return null
  // (`Who can cover the week of April 14? @x volunteered.` answers its question: not a role; nor does `Who orders
  // the banner? Mei-Ling: I can do that.`, a reply after it on the line. Every role line has a colon, asks who or
  // says who is responsible: a cheap test first.)
  if ((text.includes(':') || /who|responsible/i.test(text)) && roleLine.test(text) && !/\bAI\b|to[ -]?do|\bvolunteer(?:s|ed)?\b/i.test(text) && !repliedOnLine(text) && !(text.includes('?') && takenOnLine(text, known))) return null

  if (unit.checked !== null) {
    // A checklist of features (`- [x] IAM`) is not a task list: a task has an owner or a verb. A box
    // that is only a handle (`> * [ ] @cramertj`) is a reviewer's check mark, and the boxes of a list
    // whose items carry notes are its agenda, ticked as it is covered.
    if (!hasWords(text) || (agendaChecklist.has(unit) && !inSection) || onlyLink(unit)) return null
    // `- [ ] Trusted publishing rollout (@nkoroma)` in the agenda: an item ticked as it is covered, with who leads it.
    // (A box that gives a task all the same is one: `- [ ] Ben: draft the blog post`, `- [ ] Update the policy (@x)`.)
    // (An imperative with its object, `Update the policy`, not a title that opens with a word of both: `Release train for 3.2`.)
    if (agendaItem && !inSection && !(imperative.test(text) && /^\W*\S+(?:\s+(?:up|out|in|on))?\s+(?:the|a|an|our|this|that|these|those|it|them|all|new)\b/i.test(text)) && !isNamed(/^\W*([\p{L}@][\w.@-]*(?:\s\p{Lu}[\p{L}-]+)?)\s*:\s/u.exec(text)?.[1], known) && assignmentsIn(text, known).length === 0 && findMarkers(text, known).length === 0) return null
    // `- [ ] [2021-05-04]: Niko to track down …`: a list of tasks dated by the meeting that gave them.
    const dated = /^\s*\[?\d{4}-\d{2}-\d{2}\]?\s*:\s*/.exec(text)?.[0].length ?? 0
    const afterDate = dated ? peoplePrefix(text.slice(dated), known, true) : null
    // (`- [ ] @kvoigt @tmerkel review …`: handles parted by spaces, as after a marker.)
    let {people, end} = afterDate?.people.length ? {people: afterDate.people, end: dated + afterDate.end} : spacedHandles(text, peoplePrefix(text, known, inSection))
    // `- [x] Ola Kowalczyk`, `- [ ] Yusuf Demir`: a person's name alone is an attendance's check mark, not a task.
    if (people.length > 0 && !hasWords(text.slice(end))) return null
    // `- [ ] @bytewitch, kuro — Lighthouse writeup`: the meeting's nicknames joined to the people before the dash or colon.
    for (let more; people.length > 0 && (more = joinedNickname.exec(text.slice(end))) && meetingNickname(more[1]!, known); end += more[0].length) people = [...people, more[1]!]
    // `- [ ] dunja_p — add a CI job`, `- [ ] kolibri: test the release candidate`: a box is a task wherever it stands; one
    // of the meeting's nicknames and a dash or a colon open it as in an action section.
    if (people.length === 0 && !inSection && /^[\s*_~]*[a-z][\w.-]{1,30}[*_~]*(?:\s*:|\s+[–—-])\s/.test(text)) ({people, end} = peoplePrefix(text, known, true))
    // `- [ ] Anouk de Vries - send the questions …`: a participant's full name with a particle (`de`, `van der`) before the dash or colon.
    if (people.length === 0) {
      const particled = particleName.exec(text)
      if (particled && known.has(particled[1]!)) ({people, end} = {people: [particled[1]!], end: particled[0].length})
    }
    // `- [ ] Bea: move the catalogue …` where Bea was away that day: a name the file writes as a person's (another
    // meeting's attendance, `Here: …, Bea Lindgren`), a colon and a verb of work (not `- [ ] Budget: final numbers`).
    if (people.length === 0) {
      const named = /^[\s*_~]*(\p{Lu}\p{Ll}+)[*_~]*\s*:\s+(?=[a-z])/u.exec(text)
      if (named && (workVerbAt(text.slice(named[0].length)) || imperative.test(text.slice(named[0].length))) && lineNames(named[1]!, known)) ({people, end} = {people: [named[1]!], end: named[0].length})
    }
    // `- [ ] AR-25-06-02: Chen, Ahmed — FP8 comparison`, `- [ ] TODO(mei): …`: a marker opening the box, with its people.
    const boxed = people.length === 0 && maybeTask.test(text) ? findMarkers(text, known)[0] : undefined
    if (boxed && boxed.people.length > 0 && !boxed.paren && /^[\s*_>•·(\[-]*$/.test(text.slice(0, boxed.index))) {
      return taskItem(unit, text, boxed.people, text.slice(boxed.end).replace(parenNames, ' '), boxed.end, 'marked')
    }
    // `- [ ] Elif → wiki migration plan (Fri)`: a name before an arrow is the doer, as in an action section.
    const arrowed = people.length === 0 && /[→⇒>]/.test(text) ? /^\W*([^→>=\n]{2,40}?)\s*(?:→|⇒|-+>|=+>)\s*/.exec(text) : null
    const arrowNames = arrowed ? ownerNames(arrowed[1]!, known, inSection) : null
    if (arrowed && arrowNames) return taskItem(unit, text, arrowNames, text.slice(arrowed[0].length), arrowed[0].length, 'marked')
    // `- [ ] Renée drafts the grant application`: a person and a verb of work in the present.
    const present = people.length === 0 ? presentTasks(text, known, true)[0] : undefined
    if (present && present.index <= 2) return taskItem(unit, text, present.people, text.slice(present.rest), present.rest, 'marked')
    const owners = people.length ? people : ownersIn(text).length ? ownersIn(text) : namesInParens(text, known)
    // `- [ ] Sandbox backlog triage → Sofia, Ben`: the box's task handed to the names after the arrow.
    // (A person's name there, not any word: `- [x] OpenStack Networks -> mandatory` is a feature's state.)
    const handedTo = owners.length === 0 ? handedToNames(text, known, inSection) : null
    if (handedTo) return taskItem(unit, text, handedTo.names, text.slice(0, handedTo.index).replace(parenNames, ' '), 0, 'marked')
    // (`- [ ] export the first 500 entries`: a lowercase word and a determiner open a verb and its object, listed or not.)
    if (owners.length === 0 && !inSection && (!(imperative.test(text) || verbAndObject.test(text)) || unit.children.length > 0)) return null
    return taskItem(unit, text, owners, text.slice(end || dated).replace(parenNames, ' '), 0, 'marked')
  }

  const volunteer = volunteerOf(unit, known)
  if (volunteer) {
    // `Lucía volunteered to do a first pass. mbaptiste will review her notes afterwards.`: the offer ends with its
    // sentence; a later sentence that gives a task gives one of its own.
    // (`Who will run the stall? Maggie. Rob will bring the urn.`: the sentences after an answer, `end`, likewise.)
    const stop = volunteer.end === undefined ? /(?<!\b(?:e\.g|i\.e|etc|vs|cf|approx|incl))[.!?]\s+(?=[\p{L}@])/u.exec(volunteer.text) : null
    const at = stop ? text.indexOf(volunteer.text) : -1
    const from = volunteer.end ?? (at !== -1 ? at + stop!.index + stop![0].length : -1)
    const after = from !== -1 ? assignmentsIn(text.slice(from), known)[0] : undefined
    const found = taskItem(unit, text, volunteer.people, after && stop ? volunteer.text.slice(0, stop.index) : volunteer.text, volunteer.offset, 'unmarked')
    if (volunteer.line) found.line = volunteer.line
    if (volunteer.more) moreVolunteers.add(found)
    // `The hall is booked. Bram will ask the organist. Who prints the programmes? Dora.`: the sentences before the
    // answered request give tasks of their own (in the present too, with a time to come: `Stuart sends a reminder
    // tomorrow. Need a tail walker — Dominic volunteered.`).
    const lead = volunteer.offset > 0 && !volunteer.line ? text.slice(0, volunteer.offset) : ''
    const earlier = lead ? withPresent(assignmentsIn(lead, known), presentTasks(lead, known)).filter((a) => !a.arrow).sort((a, b) => a.index - b.index) : []
    if (earlier.length) return [...earlier.map((a) => taskItem(unit, text, a.people, clause(lead, a.rest), a.index, 'unmarked')), found]
    if (!after) return found
    return [found, taskItem(unit, text, after.people, clause(text, from + after.rest), from + after.index, 'unmarked')]
  }

  const markers = findMarkers(text, known)
  if (markers.length > 0) {
    const first = markers[0]!
    let people = markers.flatMap((m) => m.people)
    // `Actions: JB to poke the reps. All to review issue #205.`: one task per sentence that gives one (`ACTION: send the poster, Ann.`: one that speaks to its doer too).
    const several = sentenceTasks(text, first.end, known)
    if ((several.length > 1 || (several.length === 1 && (several[0]!.offset > first.end + 1 || several[0]!.addressed))) && people.length === 0) {
      return several.map((t) => taskItem(unit, text, t.people, t.text, t.offset, 'marked'))
    }
    // `AI: No action; awaiting review.`, `Last week's AI: Issue closed.`: the state of an earlier task, not a task.
    if (markers.length === 1 && first.people.length === 0 && statusOnly.test(text.slice(first.end)) && !hasWords(text.slice(0, first.index).replace(/\b(?:last|previous) (?:week|time|meeting|call)['’]?s?\b/i, ''))) return null
    // `Actions: PR landed`: a transcript's outcome line names tasks only in sentences that give them.
    if (/^actions$/i.test(text.slice(first.index, first.index + 7)) && people.length === 0 && several.length === 0) return null
    // `ACTION: Cerys to update the handbook, Tomasz to check the policy`: after a marker, one task per clause, as
    // without the marker (the marker's people, if any, are the first clause's).
    if (markers.length === 1 && /\bto\b|\bwill\b/.test(text.slice(first.end))) {
      const clauses = assignmentsIn(text, known)
      const head = clauses[0]
      if (clauses.length > 1 && head && clauses.every((a) => !a.arrow && a.index >= first.index) && (people.length === 0 || sameSet(people, head.people)) && words(text.slice(first.end, Math.max(first.end, head.index))) === 0) {
        return clauseTasks(unit, text, clauses, 'marked')
      }
    }
    // `CRob - action to: triage …`: the person before the marker.
    if (people.length === 0) people = namePrefix(text.slice(0, first.index), known)
    // `- ToDo: @bob` with child items: the children are @bob's tasks.
    if (unit.children.length > 0 && markers.length === 1 && !hasWords(text.slice(first.end)) && !hasWords(text.slice(0, first.index))) {
      return {label: true, owners: people}
    }
    if (people.length === 0) people = ownersIn(text.slice(0, first.index) + ' ' + text.slice(first.end))
    people.push(...assignmentsIn(text, known).flatMap((a) => a.people))
    const task = taskText(text, first)
    // `AI: update the wiki page (Xisco)`: the names in a parenthesis own it when nothing else does.
    if (people.length === 0) {
      const named = namesInParens(task.text, known)
      if (named.length > 0) return taskItem(unit, text, named, task.text.replace(parenNames, ' '), task.before ? 0 : first.index, 'marked')
    }
    return taskItem(unit, text, people, task.text, task.before ? 0 : first.index, 'marked')
  }

  const raw = unit.source.text.slice(unit.start, unit.end)
  // The source keeps line breaks: a name at the start of a wrapped line is at the start of a sentence.
  const given = [...assignmentsIn(raw, known), ...arrowsIn(raw), ...pleaseIn(raw, known)]
  const assigned = withPresent(given, presentTasks(raw, known, inSection, given)).sort((a, b) => a.index - b.index)
  if (inSection) {
    // A link to where the tasks are kept (`[Action items list](https://…)`) is not a task.
    if (onlyLink(unit)) return null
    // `Decision: Is this a valid MVP?`, `Question: Does this group need to meet again?`: a question, not a task.
    if (/\?\s*(?:https?:\/\/\S+\s*)?$/.test(text) && !assigned.length) return null
    // `@mkarasek will represent the SIG at the summit`, `Ana will be on vacation in May`: an appearance or an absence
    // under an action heading, no task.
    if (!assigned.length && unit.checked === null && /\bwill\s/.test(text) && appearance.test(text)) return null
    // `[AP-26-31] Callum – kit list …`, `A-12 Ines: …`: an action log's number before its people.
    const numbered = logNumber.exec(text)?.[0].length ?? 0
    let {people, end} = peoplePrefix(text.slice(numbered), known, true)
    end += numbered
    // `Marta confirmed room 2.14 ✅` in a review of earlier tasks: a participant and what they did about theirs.
    if (people.length === 0 && assigned.length === 0) {
      const did = reported.exec(text)
      if (did && (known.has(did[1]!) || lineNames(did[1]!, known))) ({people, end} = {people: [did[1]!], end: did[0].length - did[2]!.length})
    }
    // Under an action heading every handle is a candidate owner, even `meeting with @x`.
    const owners = people.length
      ? people
      : assigned.length
        ? assigned.flatMap((a) => a.people)
        : ownersIn(text).length
          ? ownersIn(text)
          : findHandles(text).length
            ? findHandles(text).map((h) => h.handle)
            : namesInParens(text, known)
    // `Arno → template for projects …`: in an action section, a name before an arrow is the doer.
    const arrowed = owners.length === 0 ? /^\W*([^→>=\n]{2,40}?)\s*(?:→|⇒|-+>|=+>)\s*/.exec(text) : null
    const arrowNames = arrowed ? ownerNames(arrowed[1]!, known, true) : null
    if (arrowed && arrowNames) return taskItem(unit, text, arrowNames, text.slice(arrowed[0].length).replace(parenNames, ' '), arrowed[0].length, 'marked')
    // `Merge the feedback PR → Oskar`: names after a closing arrow are the doers of what comes before it.
    const handedTo = owners.length === 0 ? handedToNames(text, known, true) : null
    if (handedTo) return taskItem(unit, text, handedTo.names, text.slice(0, handedTo.index).replace(parenNames, ' '), 0, 'marked')
    const agent = owners.length === 0 ? passiveAgent(text, known) : null
    // `Proposal for a new flavor => @x`: nothing after the arrow, the task is what comes before it.
    const handed = assigned[0]?.arrow && !people.length && !hasWords(clause(text, assigned[0].rest)) ? raw.slice(0, assigned[0].index) : null
    const body = agent ? agent.text : handed && hasWords(handed) ? handed : assigned.length && !people.length ? clause(text, assigned[0]!.rest) : text.slice(end)
    return taskItem(unit, text, agent ? agent.people : owners, body.replace(parenNames, ' ').replace(nobodyParen, ''), 0, 'marked')
  }
  if (assigned.length > 0) {
    // `@x to <verb> …`: the verb phrase is the task; `<task> -> @x`: the text before the arrow is.
    const first = assigned[0]!
    // Only the first line's text when later lines are arrows of their own (`-> Container pieces: @x`).
    const before = raw.slice(0, first.index).split(/\n\s*(?:-+>|=+>|→|⇒)/)[0]!.replace(/\(\s*$/, '')
    const paren = enclosingParen(text, first.index)
    // `Give hotel recommendations (@x will look for hotels)`: the text before the parenthesis is the task.
    // `Should this special-case PhantomData? (Mark to post a comment.)`: after a question, the parenthesis is;
    // after a colon too (`To land this PR we need: (Centril to leave comment)`).
    const subject = paren && words(text.slice(0, paren.open)) >= 2 && !/[?:]\s*$/.test(text.slice(0, paren.open)) ? text.slice(0, paren.open) : null
    const useBefore = first.arrow && words(before) >= 1
    // `@a to create the repo, @b to help with the plugin`: one task per clause, each with its owner.
    const clauses = assigned.filter((a) => !a.arrow)
    // `Consensus: add a sentence (Michael will suggest some wording). Need approvals (Michael and Joe commit to those
    // approvals)`: assignments each in a parenthesis of its own are each a task, the parenthesis' words.
    if (paren && clauses.length > 1 && clauses.length === assigned.length) {
      const parens = clauses.map((a) => enclosingParen(text, a.index))
      if (parens.every((p, i) => p !== null && (i === 0 || p.open !== parens[i - 1]!.open))) {
        // (`commit to those approvals`: a promise of a thing keeps its verb; `commit to review it` is the review.)
        const from = (a: Assignment): number => {
          if (workVerbAt(text.slice(a.rest))) return a.rest
          const promise = /\bcommits? to\s+$/.exec(text.slice(a.index, a.rest))
          return promise ? a.index + promise.index : a.rest
        }
        return clauses.map((a, i) => taskItem(unit, text, a.people, text.slice(from(a), parens[i]!.close), a.index, 'unmarked'))
      }
    }
    // (Also after what an arrow closes: `Agreed to split the guide → @a writes the outline, Ingrid reviews`;
    // after a label: `Workshop recap: Omar will draft the post, Dana edits it`; after a sentence of its own:
    // `Nobody objected. Tomasz will send it to the list. Ines to set up a CI job.`; after a clause's comma:
    // `To keep it running, Rosalynd is going to look into a contract.` / `Helga and Tomasz to write up a checklist`)
    if (subject === null && clauses.length > 1 && clauses.length === assigned.length && (words(text.slice(0, first.index)) === 0 || arrowBefore.test(text.slice(0, first.index)) || /^[^:]{2,80}:\s*$/.test(text.slice(0, first.index)) || /[.!?,]\s*$/.test(text.slice(0, first.index)) || /\n[\s>]*$/.test(raw.slice(0, first.index)))) {
      // (`@joesepi will go to the next TSC (Paula volunteered to join if appropriate)`: a clause ends with its parenthesis.)
      return clauseTasks(unit, text, clauses, 'unmarked')
    }
    return taskItem(
      unit,
      text,
      assigned.flatMap((a) => a.people),
      subject ?? (useBefore ? before : clause(text, first.rest, raw)),
      subject !== null || useBefore ? 0 : first.index,
      'unmarked',
    )
  }
  if (unit.kind === 'item' && imperative.test(text) && trailingOwners.test(text)) {
    // `Document ORC way (@jschoone)`: an imperative with its owner at the end. A trailing handle
    // without the verb is usually a credit (`KCD talk from Munich @x`), not an owner.
    const owners = ownersIn(text)
    if (owners.length > 0) return taskItem(unit, text, owners, text.replace(trailingOwners, ''), 0, 'unmarked')
  }
  if (agendaItem) return null
  // `… a handheld mic is a must -> ask the video team (Quim)`: an imperative after the line's last arrow, its owner at the end.
  const afterArrow = /[>→⇒]/.test(text) && /\)\s*[.!]?\s*$/.test(text) ? /\s(?:-+>|=+>|→|⇒)\s*([^>→⇒]+)$/.exec(text) : null
  if (afterArrow && imperative.test(afterArrow[1]!)) {
    const rest = afterArrow[1]!
    const m = trailingParen.exec(rest)
    const names = m && !reportTitle.test(rest.slice(0, m.index)) ? ownerNames(m[1]!, known) : null
    if (m && names) return taskItem(unit, text, names, rest.slice(0, m.index), afterArrow.index + afterArrow[0].length - rest.length, 'unmarked')
  }
  if (unit.kind === 'item' && imperative.test(text)) {
    // `Draft content for blog (Kay)`, `Merge final (someone from TAC)`: the owner named at the end.
    const m = trailingParen.exec(text)
    // `Release Engineering update (Cloph)`: an area's report, titled, with who gives it: not a task.
    if (m && reportTitle.test(text.slice(0, m.index))) return null
    if (m) {
      if (/^\s*(?:someone|somebody|anyone|volunteer|tbd)\b/i.test(m[1]!)) return taskItem(unit, text, [], text.slice(0, m.index), 0, 'unmarked')
      const names = ownerNames(m[1]!, known)
      if (names) return taskItem(unit, text, names, text.slice(0, m.index), 0, 'unmarked')
    }
  }
  // `-> Marta: announce RC1 on the forum`: names after an arrow, a colon, the task.
  const handedOver = /[>→⇒]/.test(raw) ? /(?:^|\n)[\s*_>•·-]*(?:-+>|=+>|→|⇒)\s*([^:\n]{2,40}?)\s*:\s*(?=\p{L})/u.exec(raw) : null
  if (handedOver) {
    // A participant or a common given name, not a label (`=> Conclusion: …`).
    const names = ownerNames(handedOver[1]!, known)
    const at = handedOver.index + handedOver[0].length
    const end = raw.indexOf('\n', at)
    if (names) return taskItem(unit, text, names, text.slice(at, end === -1 ? undefined : end), at, 'unmarked')
  }
  // `Dan - update TAC github membership setting`, `Kris - will send an email`: a person, a dash, the task.
  const dashed = /^([^-–—:\n]{2,40}?)\s+[-–—]\s+(?:will\s+)?(?=\p{L})/u.exec(text)
  // In a transcript of `Name - remark` lines (`David - provide a simple process - don't believe …`), a
  // remark that opens with a verb is what was said; `Kris - will send an email` still gives a task.
  if (dashed && ((imperative.test(text.slice(dashed[0].length)) && !transcript.has(unit)) || /^will\s/i.test(text.slice(dashed[1]!.length).replace(/^\s+[-–—]\s+/, '')))) {
    const names = ownerNames(dashed[1]!, known, true)
    // The task is the rest of that line: a paragraph of such notes goes on with other things.
    if (names) return taskItem(unit, text, names, text.slice(dashed[0].length, raw.includes('\n') ? raw.indexOf('\n') : undefined), dashed[0].length, 'unmarked')
  }
  // `…; TAC agrees to review @CRob - talk with Katharine …`: handles, a dash and an imperative later in the line.
  for (const m of execAll(handleDash, text)) {
    const at = m.index + m[0].length
    if (isMentioned(text, m.index + m[0].indexOf('@')) || !imperative.test(text.slice(at))) continue
    return taskItem(unit, text, findHandles(m[1]!).map((h) => h.handle), text.slice(at), at, 'unmarked')
  }
  const agent = passiveAgent(text, known)
  if (agent) return taskItem(unit, text, agent.people, agent.text, 0, 'unmarked')
  const later = laterClause(text, known) ?? speakerClause(text, known)
  if (later) return taskItem(unit, text, later.people, clause(text, later.rest, raw), later.rest, 'unmarked')
  // A note under an item that says what will be done, with no one named (`will review and close`), or asks
  // for someone (`Need someone to make a PR …`): a task of the group, nobody's in particular.
  // (A paragraph may ask too: `We need someone to take over the buildbot duties — no takers in the room.`)
  if ((unit.kind === 'item' || (unit.kind === 'paragraph' && /^\W*we\s+need\s+(?:someone|somebody|a volunteer|volunteers)\s+to\s+[^.!?]*(?:[.!]?\s*$|\s[—–-]\s+no\s+(?:takers|volunteers|one)\b)/i.test(text))) && ((unit.kind === 'item' && unit.depth > 0 && !/^[^.]*\?/.test(text) && /^will\s+(?!be\b|not\b|have\b|see\b|need\b|probably\b|possibly\b|likely\b|maybe\b|perhaps\b|result\b|cause\b|break\b|happen\b|affect\b|depend\b|require\b|take (?:a |some )?(?:while|time|long)\b)[a-z]/i.test(text)) || /^\W*(?:(?:still|just|we)\s+)?(?:need|needs|looking for|seeking)\s+(?:a\s+|some\s+)?(?:someone|somebody|volunteers?) to\s+[a-z]/i.test(text))) {
    // (`Michael will open an issue …` / `will ping Joe and the members`: a note without a subject under an item that gives its
    // person a task goes on with that person.)
    const above = unit.kind === 'item' && unit.parent && /^will\s/i.test(text) ? assignmentsIn(unit.parent.text, known)[0] : undefined
    const owners = above && !above.arrow && words(unit.parent!.text.slice(0, above.index)) === 0 ? above.people : []
    return taskItem(unit, text, owners, text.replace(/^(?:will|(?:(?:we|still|just)\s+)?(?:need|needs|looking for) (?:someone|somebody|a volunteer) to)\s+/i, '').replace(/\s+[—–-]\s+no (?:takers|volunteers|one)\b[^]*$/i, ''), 0, 'unmarked')
  }
  // (… or as the last sentence of one: `Readings were high. All agreed, but not before we have checked our data. We need
  // someone to compare our numbers with the council's station.`)
  const lastAsks = unit.kind === 'paragraph' ? lastRequest.exec(text) : null
  if (lastAsks) return taskItem(unit, text, [], lastAsks[1]!, lastAsks.index + lastAsks[0].indexOf(lastAsks[1]!), 'unmarked')
  // `All: post things we need to get done`: the whole group's task, nobody's in particular.
  const everyone = text.length > 8 && /^\W*(?:all|everyone|everybody)\s*:\s+/i.exec(text)
  if (everyone && imperative.test(text.slice(everyone[0].length))) return taskItem(unit, text, [], text.slice(everyone[0].length), everyone[0].length, 'unmarked')
  // `Next steps would be a pull request that clarifies …`, `Next step is to ask legal`: the group's next step, nobody's in particular.
  const next = nextStep.exec(text)
  if (next) return taskItem(unit, text, [], text.slice(next[0].length), next[0].length, 'unmarked')
  // `This is the week for Brian to get it done`, `Now is the time for Ana to publish the notes`: when a person does it, a
  // sentence whose words are the task.
  const timed = text.includes(' for ') ? timeFor.exec(text) : null
  if (timed && lineNames(timed[1]!, known)) return taskItem(unit, text, [timed[1]!], text, 0, 'unmarked')
  // `Asked the TAC to think about this`: whoever was asked.
  const asked = /(?:^|[.;!?]\s+)[Aa]sked (?:the )?([\p{Lu}@][\w.@-]*(?:\s[\p{Lu}][\w-]*)?) to ([a-z][\s\S]*)$/u.exec(text)
  if (asked) {
    const names = /^[A-Z]{2,6}$/.test(asked[1]!) ? [asked[1]!] : ownerNames(asked[1]!, known)
    if (names) return taskItem(unit, text, names, asked[2]!, asked.index, 'unmarked')
  }
  return null
}

/** `Next steps would be …`, `Next step is to …`: what the group does next, an infinitive or a thing (not `Next steps are being discussed`). */
const nextStep = /^\W*next steps?\s+(?:is|are|would be|will be)\s+(?:to\s+(?=[a-z])|(?=(?:a|an|the)\s))/i

/** `This is the week for Brian to …`, `It's time for Ana to …`: a sentence opening with when, then the person (group 1) and `to` and a verb. */
const timeFor = /^\W*(?:[Tt]his|[Nn]ext|[Nn]ow|[Ii]t['’]s|[Ii]t is)\b[^.;:!?]{0,30}?\b(?:week|month|day|time|sprint)\s+for\s+(\p{Lu}\p{Ll}+)\s+to\s+[a-z]/u

/**
 * `We still need a second follow-spot operator for the Friday shows.`, `We still need three parent helpers for the tuck
 * shop.`, `We need a leader with a first-aid certificate for the Saturday night.`: a sentence asking for a number of
 * people to do work (a doer's noun), nobody taking it on in it: a task for nobody in particular, the sentence its words
 * (not `We still need consensus on …`, `We still need two more chairs`, nor `… which is why Lea took it on`).
 */
const stillWanted =
  new RegExp(
    String.raw`(?:^|[.!?]\s+)[Ww]e\s+(?:still\s+|also\s+)?need\s+(?:a|an|one|two|three|four|five|six|another|a few|some|\d+)\s+(?:[a-z-]+\s+){0,2}?(?:${wantedDoers}|persons?|leaders?|photographers?|organi[sz]ers?|first[- ]aiders?|runners?|cooks?|bakers?|ushers?|readers?|buddies)\b(?![^.!?]*\b(?:which is why|because|since|so \w+ took|volunteer\w*|took it|takes it)\b)[^.!?]*`,
    'g',
  )

function peopleWanted(unit: Unit): ActionItem[] {
  return execAll(stillWanted, unit.text).map((m) => {
    const lead = m[0].search(/[Ww]e\s/)
    return taskItem(unit, unit.text, [], m[0].slice(lead), m.index + lead, 'unmarked')
  })
}

/** A paragraph's last sentence asking for someone: group 1 the task. */
const lastRequest = /[.!?]\s+we\s+need\s+(?:someone|somebody|a volunteer)\s+to\s+(?![^.!?]*\b(?:which is why|because|since|so \w+ took)\b)([a-z][^.!?]*?)[.!]?\s*$/i

/**
 * Tasks said in the present beside the others: one that another form has read already is not read twice,
 * and an arrow right before its subject (`→ @bazevedo opens the PR today`) hands over no more than it does.
 */
/**
 * `@kdrozdov please rebase #2811`, `Dana, please send the slides`: a request to a handle or a participant,
 * at the start of a line or sentence, with a verb after `please`.
 */
function pleaseIn(text: string, known: ReadonlySet<string>): Assignment[] {
  if (!/\bplease\b/i.test(text)) return []
  const out: Assignment[] = []
  for (const m of execAll(pleaseRequest, text)) {
    const who = m[1]!
    const handle = findHandles(who)[0]?.handle
    if (!handle && !known.has(who)) continue
    out.push({people: [handle ?? who], arrow: false, index: m.index + m[0].indexOf(who), rest: m.index + m[0].length})
  }
  return out
}
const pleaseRequest = /(?:^|\n|[.;!?]\s+)[\s*_>•·\[\]x-]*(@[\w.-]*\w|\p{Lu}[\p{L}'’-]+),?\s+(?:can you\s+)?please\s+(?=[a-z])/gu

function withPresent(found: Assignment[], present: Assignment[]): Assignment[] {
  if (present.length === 0) return found
  const kept = present.filter((p) => !found.some((a) => !a.arrow && a.index <= p.index && p.index < a.rest))
  return [...found.filter((a) => !(a.arrow && kept.some((p) => a.index < p.index && p.index < a.rest + 2))), ...kept]
}

/** `Merge the feedback PR → Oskar`: the names after a closing arrow, and where the arrow starts (the task is the text before it). */
function handedToNames(text: string, known: ReadonlySet<string>, loose: boolean): {names: string[]; index: number} | null {
  const handedTo = /\s*(?:→|⇒|-+>|=+>)\s*([^→>=\n]{2,60}?)[\s.]*$/.exec(text)
  if (!handedTo || handedTo.index === 0 || !hasWords(text.slice(0, handedTo.index))) return null
  const names = ownerNames(handedTo[1]!, known, loose)
  return names ? {names, index: handedTo.index} : null
}

/** `Release Engineering update`, `UX / Design status`: a title in title case that ends in a report's word. */
const reportTitle = /^\W*\p{L}+\s+(?:\/\s+)?\p{Lu}[^.;:!?]*?\s(?:update|updates|status|report|news|recap)\s*$/u

/** Handles before a dash in the middle of a line: `@CRob - talk with …`. */
const handleDash = /\s(@[\w.-]+(?:\s*(?:,|&|and)\s*@[\w.-]+)*)\s+[-–—]\s+(?=\p{L})/gu

/** A name opening an item and a verb in the past: `Marta confirmed room 2.14`, `João asked on Discord`. */
const reported = /^[\s*_]*(\p{Lu}[\p{Ll}'’-]+(?:\s\p{Lu}[\p{Ll}'’-]+)?)\s+((?:[a-z]+ed|did|sent|wrote|made|took|got|put|set|began|ran|found|held|brought|told|met|spoke|gave|built|bought|paid|won|read|has|have)\b)/u

/** A nickname joined to the people who open a box, before its dash or colon: `, kuro` in `@bytewitch, kuro — …`. */
const joinedNickname = /^\s*(?:,|&|\+|\band\b)\s*([a-z][\w.-]{1,30})(?=\s*(?:,|&|\+|\band\b|:|\s[–—-]\s))/

/** Task-list boxes that are an agenda's (most boxes of their list carry notes). */
const agendaChecklist = new WeakSet<Unit>()
/** `ANYONE ELSE WANT ON THE INVITE: Dan, Ryan.`: tasks of more volunteers, whose task is the one volunteered for above. */
const moreVolunteers = new WeakSet<ActionItem>()

interface Marker {
  index: number
  /** Where the marker and its people end. */
  end: number
  people: string[]
  /** Inside parentheses: `(AI @fkr)`. */
  paren: {open: number; close: number} | null
}

/** A handle after a space (and another handle): `@a @b add …`. */
const spacedHandle = new RegExp(`^[ \\t]*${handleSource}(?=[\\s:,]|$)`, 'u')

/** Is `who` one of the meeting's people (a handle, a participant, a common given name)? (`RFC:` is not.) */
function isNamed(who: string | undefined, known: ReadonlySet<string>): boolean {
  return who !== undefined && (findHandles(who).length === 1 || known.has(who) || givenNames.has(who.split(' ')[0]!))
}

/** `@a @b add …`: after a first handle, more handles parted by spaces only are people too. */
function spacedHandles(text: string, first: {people: string[]; end: number}): {people: string[]; end: number} {
  let {people, end} = first
  if (people.length === 0 || !people[0]!.startsWith('@')) return first
  // (The first's end may take the space after it.)
  for (let more = spacedHandle.exec(text.slice(end)); more && /\s/.test(text[end - 1]! + more[0][0]); more = spacedHandle.exec(text.slice(end))) {
    people = [...people, ...findHandles(more[0]).map((h) => h.handle)]
    end += more[0].length
  }
  return {people, end}
}

function findMarkers(text: string, known: ReadonlySet<string>): Marker[] {
  const out: Marker[] = []
  for (const m of execAll(aiMarker, text)) {
    const marker = qualify(text, m.index, m[0].length, true, known)
    if (marker) out.push(marker)
  }
  if (text.includes('AR')) {
    for (const m of execAll(arMarker, text)) {
      const marker = qualify(text, m.index, m[0].length, true, known)
      if (marker) out.push(marker)
    }
  }
  for (const m of execAll(todoMarker, text)) {
    if (/call to\s*$/i.test(text.slice(0, m.index))) continue
    // `what I want to do:` is a sentence; `To do:` at the start of a line, or `TODO`/`ToDo`, is a marker.
    if (m[0] === 'to do' && !/^[\s*_>•·(\[-]*$/.test(text.slice(0, m.index))) continue
    const marker = qualify(text, m.index, m[0].length, false, known)
    if (marker) out.push(marker)
  }
  return out.sort((a, b) => a.index - b.index)
}

/** A lowercase nickname of one of the meeting's people: their given name (`amara`) or a nickname made of their names (`jkowalski` beside Jan Kowalski). */
function nicknameOfKnown(nick: string, known: ReadonlySet<string>): boolean {
  for (const name of known) {
    const words = name.toLowerCase().split(/\s+/)
    if (words.length === 1 ? words[0] === nick : words.at(-1)!.length >= 3 && nick.includes(words.at(-1)!) && nick[0] === words[0]![0]) return true
  }
  return false
}

function qualify(text: string, index: number, length: number, isAi: boolean, known: ReadonlySet<string>): Marker | null {
  let after = text.slice(index + length)
  let skip = 0
  // `Previous action items (Marek, 5 min)`, `Open actions [Lea, 10 min]`: an agenda item with who leads it
  // and its time, not a task.
  if (!isAi && /^\s*[([][^()[\]]*\b\d+\s*(?:min(?:ute)?s?|h|hrs?|hours?)\b[^()[\]]*[)\]]\s*$/i.test(after)) return null
  // `ACTION 14.1: …`, `Action #3: …`: the task's number in a numbered log, before its colon.
  const numbered = !isAi && /^\s+#?\d/.test(after) ? /^\s+#?\d+(?:\.\d+)*(?=\s*:)/.exec(after) : null
  if (numbered) {
    skip = numbered[0].length
    after = after.slice(skip)
  }
  // `TODO (maybe past R4?): …`, `AI(berendt): …`
  const note = /^\s*\(([^)]*)\)\s*:/.exec(after)
  // `Action item (Niko): ping Ryan`: the note names who does it (`TODO (maybe past R4?): …` does not).
  let noted: string[] = []
  if (note && !/@/.test(note[1]!) && !isAi) {
    skip += note[0].length - 1
    after = after.slice(note[0].length - 1)
    // `ACTION(amara): …`, like `AI(berendt): …`: a nickname of one of the meeting's people alone in the note
    // (`amara` beside Amara Nwosu, `jkowalski` beside Jan Kowalski; not `To Do (future):`, `Action Items (individual):`).
    // `TODO(mei):`, `ACTION(ilse_v):` — the note right after the marker, as code comments write an owner — names them too.
    const tight = note[0].startsWith('(') && /^\s*[a-z][\w.-]{1,30}\s*$/.test(note[1]!) && !notOwnerNote.test(note[1]!.trim())
    noted = /^\s*\p{Lu}/u.test(note[1]!)
      ? (ownerNames(note[1]!, known, true) ?? [])
      : tight || (/^\s*[a-z][\w.-]+\s*$/.test(note[1]!) && nicknameOfKnown(note[1]!.trim(), known))
        ? [note[1]!.trim()]
        : []
  }
  const before = text.slice(0, index).replace(/@$/, '')
  // `#action gpetrakis split the job`: a meeting bot's command, typed in the channel and copied into the notes.
  const command = !isAi && /^[\s*_>•·(\[-]*#$/.test(before) && /^action\s(?!\s*items?\b)/i.test(text.slice(index)) && /^\s+\S/.test(after)
  // (`[175-A01] Action Item for …:`: a numbered log's id in brackets before the marker.)
  const atStart = /^[\s*_>•·(\[-]*(?:\[[\w./-]*\d[\w./-]*\]\s*)?$/.test(before) || arrowBefore.test(before) || command
  const paren = enclosingParen(text, index)
  // `Action item for @fkr: …`, `TODO for @x, …`
  const towards = /^\s+(?:for|to)(?=\s+@)/.exec(after)
  if (towards) {
    skip += towards[0].length
    after = after.slice(towards[0].length)
  }
  // `Action Item for Rohan Desai: …`, `Action item for all SESC members: …`: the people it is for, before the colon.
  const forNamed = !towards && !isAi && atStart ? /^\s+for\s+([^:@()]{2,60}?)\s*:\s*/.exec(after) : null
  if (forNamed) {
    const group = forNamed[1]!.replace(/^all\s+(?:the\s+)?/i, '')
    const body = /^(?:[A-Z]{2,6}|[\p{L}-]+)\s+(?:members|maintainers|chairs|editors|leads)$/u.test(group) ? [group] : null
    // (The meeting's people only: `Action item for Q3: …`, `… for later: …` name nobody.)
    const named = body ?? ownerNames(group, known, true)
    const names = named && (body || named.every((n) => n.startsWith('@') || known.has(n) || givenNames.has(n.split(' ')[0]!))) ? named : null
    if (names) return {index, end: index + length + skip + forNamed[0].length, people: names, paren}
  }
  // `CRob - action to: triage …`, `Action to revisit …`, `Action - create channel`.
  const toLabel = !isAi ? /^\s+to\s*:\s*/.exec(after) : null
  if (toLabel) {
    skip += toLabel[0].length
    after = after.slice(toLabel[0].length)
  }
  // `Action item: @a @b add …`: handles parted by spaces only, after the marker's first, are its people too.
  let {people, end} = spacedHandles(after, peoplePrefix(after))
  // `TODO IP: update the page`: initials the meeting defines for one of its people.
  const initials = people.length === 0 ? /^\s+([A-Z]{2,3})\s*(?=:|\s[-–—]\s)/.exec(after) : null
  if (initials && known.has(initials[1]!)) ({people, end} = {people: [initials[1]!], end: initials[0].length})
  // `ACTION ITEM: nikomatsakis to add a comment`: after a marker and its colon, a lowercase nickname before `to` is the doer.
  if (people.length === 0 && /^\s*:/.test(after)) {
    const doers = lowercaseDoers(after)
    // Not a verb or a word of the sentence (`Action: convert to an issue`, `AI: is to comment`).
    // A short one (`rin`) when the meeting writes it as a person's nickname (`@rin:matrix.org`).
    if (doers && doers.people.every((p) => (/[\d_-]|^[a-z]{4,}$/.test(p) || meetingNickname(p, known)) && !imperative.test(p) && !notDoer.test(p))) ({people, end} = doers)
  }
  // `AI Kurt: …` opens a line (or follows an arrow); `(IBM, AI Alliance)`, `AI Working Group: charter
  // approved` name a thing: after `AI`, a plain name of several words must start like a person's.
  if (isAi && people.length > 0 && !/^\s*:/.test(after) && !people.some((p) => p.startsWith('@'))) {
    const placed = atStart || arrowBefore.test(before) || (paren !== null && /^\s*(?::|to\s|will\s)/.test(after.slice(end)))
    const likely = placed && people.every((p) => !/\s/.test(p) || givenNames.has(p.split(' ')[0]!))
    if (!likely) ({people, end} = {people: [], end: 0})
  }
  // `AR-25-06-01: Pieter — binutils patch`, `AI: Chen, Ahmed — FP8 comparison`: names before a dash after the colon.
  if (isAi && people.length === 0 && /^\s*:/.test(after)) {
    const dashed = /^\s*:\s*([^—–:@]{2,50}?)\s+[—–-]\s+(?=\S)/.exec(after)
    const names = dashed ? ownerNames(dashed[1]!, known, true) : null
    if (dashed && names) ({people, end} = {people: names, end: dashed[0].length})
  }
  // After the command, the nickname (or name) of one of the meeting's people opens the task (`#action gpetrakis
  // split …`, `#action Ann to send …`); a command without one is nobody's task (`#action update the wiki`).
  if (command && people.length === 0) {
    const nick = /^\s+(\p{L}[\w.'’-]{1,30})(?:\s*(?:,|&|\band\b)\s*(\p{L}[\w.'’-]{1,30}))?[:,]?\s+(?=\S)/u.exec(after)
    const nicks = nick ? [nick[1]!, nick[2]].filter((n): n is string => n !== undefined) : []
    const person = (n: string): boolean => (/^\p{Lu}/u.test(n) ? known.has(n) || ownerNames(n, known) !== null : meetingNickname(n, known) && !notDoer.test(n))
    if (nick && nicks.every(person)) ({people, end} = {people: nicks, end: nick[0].length})
  }
  const colon = /^\s*:/.test(after) || toLabel !== null || command
  // `AI(berendt): …`: a plain lowercase name in parentheses right after the marker.
  const inline = isAi ? /^\(\s*([a-z][\w.-]+)\s*\)\s*:/.exec(after) : null
  if (inline && people.length === 0) {
    return {index, end: index + length + inline[0].length, people: [inline[1]!], paren}
  }
  const qualifies = isAi
    ? colon || people.length > 0 || ((atStart || paren !== null) && (imperative.test(after) || /^\s*[-–—]\s/.test(after)))
    : colon || people.length > 0 || (arrowBefore.test(before) && /^\s*(?:$|[).,])/.test(after)) || (atStart && /^\s+(?:[-–—]\s+|to\s+(?=[a-z]))\S/.test(after))
  if (!qualifies) return null
  return {index, end: index + length + skip + end, people: people.length ? people : noted, paren}
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

/** A task's text in lowercase without its doers opening it (`nattie send …` → `send …`). */
function withoutDoers(item: ActionItem): string {
  let text = item.text.toLowerCase()
  for (const who of item.assignees) {
    const name = who.replace(/^@/, '').toLowerCase()
    if (text.startsWith(name + ' ') || text.startsWith('@' + name + ' ')) text = text.slice(text.indexOf(' ') + 1)
  }
  return text
}

/** People opening an item, `will`, and an appearance or an absence: `@x will represent the SIG at …`, `Ana will be away …`. */
const appearance = /^[\s*_]*(?:@[\w.-]+|\p{Lu}[\p{L}-]+)(?:\s*(?:,|and|&|\+)\s*(?:@[\w.-]+|\p{Lu}[\p{L}-]+))*\s+will\s+(?:represent|attend(?!\s+to\b)|present at|speak at|talk at|be (?:on (?:vacation|holiday|leave)|away|out of office|absent|off))\b/u

/** A full name with a particle opening a line, before a dash or a colon: `Anouk de Vries -`, `Jan van der Berg:`. */
const particleName = /^[\s*_~]*(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s(?:de|van|von|der|den|da|di|du|del|della|dos|das|do|ter|ten|le|la|al|el|bin|ibn)(?:\s(?:der|den|la|los|las|de))?\s\p{Lu}[\p{L}'’-]+)[*_~]*(?:\s*:|\s+[–—-])\s+(?=\p{L})/u

/**
 * One task per clause (`@a to create the repo, @b to help with the plugin`): each clause's verb phrase up to the next
 * clause, ending with its parenthesis (`… (Paula volunteered to join if appropriate)`).
 */
function clauseTasks(unit: Unit, text: string, clauses: Assignment[], kind: ActionItem['kind']): ActionItem[] {
  return clauses.map((a, i) => taskItem(unit, text, a.people, text.slice(a.rest, clauses[i + 1]?.index ?? text.length).replace(/^([^()]*)\)[^]*$/, '$1'), a.index, kind))
}

/** The same people, in any order. */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x))
}
