import {givenNames} from './given-names.ts'
import {findHandles, handleSource} from './text.ts'
import {imperative} from './verbs.ts'

/** A capitalised given name (`Kurt`, `Jean-Luc`, `Eduard`), optionally with a family name. */
const nameSource = "[A-ZÄÖÜ][a-zäöüßéèáàóíñç]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàóíñç]+)?(?:\\s[A-ZÄÖÜ][a-zäöüßéèáàóíñç]+)?"
const joiner = '\\s*(?:,|&|\\+|/|\\band\\b|\\bund\\b|\\bor\\b)\\s*'
const person = `(?:${handleSource}|${nameSource})`

/** Words that start sentences and look like names but are not people. */
const notNames = new Set(
  (
    'A An The This That These Those It Its We Our Us They Them Their He She His Her I You Your Everyone Everybody ' +
    'Someone Somebody Nobody Anyone Anybody All Each Every Both Some Many Most Few None Team Teams Who What Which ' +
    'Where When Why How There Here Next Then Now Today Tomorrow Yesterday Also And But So Or If Else Nothing ' +
    'Something Anything One Two People Community Partners Providers Customers Users Please Note Notes Maybe ' +
    'Probably Perhaps Still Only Just Further Other Others Another Same Such Thanks Thank Until After Before ' +
    'During Since While Once Always Never Sometimes Usually Meanwhile However Therefore Currently Finally ' +
    'Please Let Lets Go Make Do Does Did Done Will Would Should Could Can May Might Must Shall Need Needs ' +
    'Everything Whoever Whatever Discussion Question Questions Topic Topics Issue Issues Meeting Session ' +
    'Release Releases Registration Location Input Feedback Decision Work Result Results Status Update Updates ' +
    'Action Item Items Todo ToDo TODO Task Tasks Agenda Summary Proposal Idea Ideas Plan Plans Goal Goals ' +
    'Board Group Groups Member Members Company Companies Project Projects Blog Post Mail Email Call Calls ' +
    'Talk Talks Test Tests Testing Documentation Docs Code Review Reviews Everyone Somewhere Nowhere Anyway ' +
    'Here There Yes No Not Ok Okay Hi Hello Welcome'
  ).split(' '),
)

/** Parse people at the start of `text` (after a marker): `@x and @y:`, `(@x)`, `Kurt:`, `Kurt to`. */
const prefixChain = new RegExp(`^[\\s:(\\[*_]*(${person}(?:${joiner}${person})*)[*_]*\\s*[)\\]]?`, 'u')
const viaClause = new RegExp(`^\\s*\\(?\\s*via\\s+${handleSource}\\s*\\)?`, 'u')
const handlesGlobal = new RegExp(handleSource, 'gu')
const namesGlobal = new RegExp(nameSource, 'gu')

export function peoplePrefix(text: string, known?: ReadonlySet<string>): {people: string[]; end: number} {
  const m = prefixChain.exec(text)
  if (!m) return {people: [], end: 0}
  const chain = m[1]!
  let end = m[0].length
  // A plain name only counts when something marks it as the owner: `:`, `to`, `will`, `,`, `)` or the end.
  const after = text.slice(end)
  const handles = findHandles(chain)
  const names = namesIn(chain, known)
  if (handles.length === 0) {
    if (names.length === 0) return {people: [], end: 0}
    if (!/^\s*(?:$|[:,)\]–—-]|to\b|will\b|shall\b|should\b|is going to\b)/i.test(after)) return {people: [], end: 0}
  }
  // `AI @kgube via @anjastrunk`: the messenger is not an assignee.
  const via = viaClause.exec(after)
  if (via) end += via[0].length
  return {people: [...handles.map((h) => h.handle), ...names], end}
}

/** Names in a chain; with `known`, only names that are known to be people. */
function namesIn(chain: string, known?: ReadonlySet<string>): string[] {
  const withoutHandles = chain.replace(handlesGlobal, ' ')
  const names: string[] = []
  for (const m of withoutHandles.matchAll(namesGlobal)) {
    const first = m[0].split(/\s/)[0]!
    if (notNames.has(first) || /[A-Z]{2}/.test(m[0]) || imperative.test(first)) continue
    if (known && !givenNames.has(first) && !known.has(first) && !known.has(m[0])) continue
    names.push(m[0])
  }
  return names
}

/** Words after which a handle is someone mentioned, not someone who owns the task. */
const mentionBefore =
  /(?:\b(?:ask|asks|asking|asked|ping|pings|pinging|pinged|with|from|by|to|invite|invites|inviting|invited|contact|contacts|contacting|cc|thanks|thank|via|inform|informs|informing|tell|tells|telling|mention|mentioned|notify|sync|syncing|talk|talking|reach|reaching|reached|per|of|about|like|see|suggested|proposed|input|feedback|supported|support|help|helped|helping|involve|involving|include|including|loop in|cf|re)\b[\s:]*(?:\([^)]*\)\s*)?|\bout\s+)(?:@[\w.-]+\s*(?:,|&|\band\b|\bor\b)\s*)*$/i

/** Handles in `text` that are not merely mentioned (`ping @x`, `with @y`, `via @z`). */
export function ownersIn(text: string): string[] {
  const out: string[] = []
  for (const h of findHandles(text)) {
    if (mentionBefore.test(text.slice(Math.max(0, h.index - 60), h.index))) continue
    if (!out.includes(h.handle)) out.push(h.handle)
  }
  return out
}

/** Is the handle at `index` of `text` the object of a verb like `ask` or `ping`? */
export function isMentioned(text: string, index: number): boolean {
  return mentionBefore.test(text.slice(Math.max(0, index - 60), index))
}

const willNot =
  /^(?:be|not|never|join|attend|participate|take part|miss|have|also be|probably be|likely be|then be|stay|remain|leave|present at|visit|talk at|speak at|give a talk|be absent|come|return|continue to be|get|moderate|facilitate|chair|host|take (?:the )?minutes|take notes)\b/i

export interface Assignment {
  people: string[]
  /** Handed over with an arrow (`-> @x`) rather than said in words (`@x to …`). */
  arrow: boolean
  /** Where the chain of people starts and where the verb phrase (after `to` / `will`) starts. */
  index: number
  rest: number
}

/**
 * Unmarked assignments: `@x to <verb>`, `@x and @y will <verb>`, and — only at the start of the
 * text or right after an arrow or parenthesis — `Kurt will <verb>`, `Kurt to <verb>`.
 */
const assignment = new RegExp(
  `(${person}(?:${joiner}${person})*)(?:\\s*\\((?:et al\\.?|[^()@]{0,20})\\))?\\s*:?\\s*(?:(to)|(will|shall|is going to|are going to|wants? to|needs? to|has to|have to|plans? to|offered to|volunteered to|agreed to|should|must|takes care(?: of)?|take care(?: of)?|'ll))\\s+([A-Za-z][\\w-]*(?:\\s+[a-z]+)?)`,
  'gu',
)
/** Cheap test before the expensive one: no linking word, no assignment. */
const assignmentHint = /\b(?:to|will|shall|should|must|going|wants?|needs?|has|have|plans?|offered|volunteered|agreed|takes?)\b|'ll/i

export function assignmentsIn(text: string, known: ReadonlySet<string> = new Set()): Assignment[] {
  const out: Assignment[] = []
  if (!assignmentHint.test(text)) return out
  for (const m of text.matchAll(assignment)) {
    const chain = m[1]!
    const index = m.index
    const handles = findHandles(chain)
    const verb = m[4]!
    if (m[2] && !/^[a-z]/.test(verb)) continue
    if (m[2] && /^(?:be|the|a|an|do|this|that|it|all|some)\b/.test(verb)) continue
    // The exclusions are phrases (`will continue to be`): test them on the text, not the captured words.
    if (m[3] && /^(?:will|shall|should|must)$/i.test(m[3]) && willNot.test(text.slice(m.index + m[0].length - verb.length))) continue
    if (m[3] && /^be\b/.test(verb)) continue
    if (isMentioned(text, index)) continue
    let people = handles.map((h) => h.handle)
    if (people.length === 0) {
      const atStart = /^(?:[\s(\[*_>•·-]|->|=>|→|⇒|\p{Extended_Pictographic})*$/u.test(text.slice(0, index))
      if (!atStart || !/^[a-z]/.test(verb)) continue
      // A plain name owns a task only where a person is plausible: right after an arrow, or a known name.
      const afterArrow = /(?:-+>|=+>|→|⇒)\s*$/.test(text.slice(0, index))
      people = namesIn(chain, afterArrow ? undefined : known)
      if (people.length === 0) continue
    } else if (namesIn(chain).length > 0 && !/^\s*@/.test(chain)) {
      // `Thanks Kurt and @x to …`: handles decide, a leading capitalised word is not part of the chain.
      people = handles.map((h) => h.handle)
    }
    out.push({people, arrow: false, index, rest: m.index + m[0].length - verb.length})
  }
  return out
}

/** `-> @x`, `=> @x, @y`, `→ (@x)`: an arrow handing something to people. Not `@a -> @b` (a hand-over). */
// `-> @x`, `=> DesignDocs (@x)`, `-> Container pieces: @x`: handles within a short clause after the arrow.
const arrow = new RegExp(`(?:-+>|=+>|→|⇒)\\s*((?:[^@>()\\n]{0,30}?[:(]\\s*)?\\(?\\s*)(${handleSource}(?:${joiner}${handleSource})*)`, 'gu')
const endsInHandle = new RegExp(`${handleSource}\\)?$`, 'u')

export function arrowsIn(text: string): Assignment[] {
  const out: Assignment[] = []
  if (!/[>→⇒]/.test(text) || !text.includes('@')) return out
  for (const m of text.matchAll(arrow)) {
    const before = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index).trimEnd()
    if (endsInHandle.test(before)) continue
    if (mentionBefore.test(m[1]!)) continue
    const people = findHandles(m[2]!).map((h) => h.handle)
    out.push({people, arrow: true, index: m.index, rest: m.index + m[0].length})
  }
  return out
}

