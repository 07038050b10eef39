import {squash} from './text.ts'
import type {Unit} from './units.ts'

/**
 * The text and state of a task once found: its words without decoration, owners or status notes, where
 * its sentence ends, and whether it is done.
 */

const doneWord = '(?:done|closed|finished|completed|merged|erledigt|fixed|resolved)'
const doneInText = new RegExp(
  `(?:^\\W*${doneWord}\\b(?!\\s*[(:])|\\(\\s*${doneWord}\\b[^)]*\\)|\\[\\s*${doneWord}\\s*\\]|(?:[,;:–—]|\\s--?|->|=>|→)\\s*${doneWord}(?:\\W*$|\\s*[,;:.(]))`,
  'i',
)
/** A status note with its explanation: `— done, see https://…`, `merged in https://…`. */
export const statusNote = new RegExp(`(?:\\s*(?:[—–,;]|\\s--|->|=>|→|\\.?\\s*[✅✔☑✓]\\uFE0F?)\\s*${doneWord}\\b.*|\\s+${doneWord}\\s+(?:in|see|via|with|as)\\s+(?:\\S+\\s+)?\\S*https?:\\/\\/\\S*.*)$`, 'i')
/** `… **Done: https://…/pull/107**`: a capitalised label saying it was done, and where, closing the task (not `publish it when done: https://…`). */
export const doneLinkNote = new RegExp(`\\s+(?:${doneWord.replace(/\b[a-z]/g, (c) => c.toUpperCase())}|${doneWord.toUpperCase()}):\\s*https?:\\/\\/\\S+\\s*$`)
/** A note that the task is still open, at its end: `— carried over`, `(carried over)`, `→ still open`, `- not done yet`, `✘ Not done — waiting …`. */
export const openNote =
  /\s*(?:\.?\s*[✘✗❌]\uFE0F?\s*(?:not (?:yet )?done|open|pending|doing)\b.*|\(\s*(?:carried (?:over|forward)|(?:still )?(?:open|pending|ongoing|in progress)(?: since [^()]{1,30})?|not (?:yet )?done(?: yet)?)\s*\)|(?:[,;–—]|\s-|->|=>|→)\s*(?:carried (?:over|forward)|(?:still )?(?:open|pending|ongoing|in progress)|not (?:yet )?done(?: yet)?|(?:moved|deferred|postponed|pushed) to (?:the )?(?:next \w+|\p{L}+(?: \d{1,2})?|\d{1,2} \p{L}+))\.?)\s*$/iu
/** A status note at the end of the task text: `(done)`, `✅`, `- done`. */
export const trailingStatus = new RegExp(`\\s*(?:\\(\\s*${doneWord}\\s*\\)|\\[\\s*${doneWord}\\s*\\]|[✅✔☑]\\uFE0F?|(?:[,;–—]|\\s--?)\\s*${doneWord})\\s*$`, 'iu')
const doneShout = /\b(?:DONE|CLOSED|FINISHED|MERGED)\b/
const doneSign = /[✅✔☑]/u
/** A child note saying the task happened: `done`, `✅`, `PR created here: …`, `PR#76, done`, `PR: <url>, merged`. */
export const doneChild = new RegExp(
  `^\\W*(?:${doneWord}|✅|✔|(?:(?:the |an? )?(?:issue|pr|pull request|post|email|mail|blog post)\\s+)?(?:created|opened|filed|posted|sent|merged|landed|published)\\s+(?:here|in|at|as|on|via)\\b)|^(?:[^.!?\\n]{0,40}?<?https?:\\/\\/[^\\s>]+>?\\s*|[^.!?\\n]{1,40})(?:[,;–—]|\\s-)\\s*${doneWord}\\W*$`,
  'iu',
)

export const trailingOwners = /\s*\(?\s*@[\w.-]+(?:\s*(?:,|&|and)\s*@[\w.-]+)*\s*\)?\s*$/

export function enclosingParen(text: string, index: number): {open: number; close: number} | null {
  const open = text.lastIndexOf('(', index)
  if (open === -1 || text.lastIndexOf(')', index) > open) return null
  const close = text.indexOf(')', index)
  return close === -1 ? null : {open, close}
}


/** Text with letters or digits once handles are left out. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text.replace(/@[\w.-]+/g, ''))
}

/** Drop a trailing `(@x)` / `@x` when those handles are the task's owners anyway. */
export function withoutTrailingOwners(text: string, owners: readonly string[]): string {
  // `Review the grant draft (owner: Maria)`: a labelled owner is a field of its own.
  const labelled = /\s*\((?:owners?|assignees?|assigned to|responsible|who)\s*:\s*([^()]+)\)\s*$/i.exec(text)
  if (labelled && owners.length > 0) return text.slice(0, labelled.index)
  const m = trailingOwners.exec(text)
  if (!m) return text
  const handles = m[0].match(/@[\w.-]+/g) ?? []
  return handles.every((h) => owners.includes(h.toLowerCase())) ? text.slice(0, m.index) : text
}

/**
 * The rest of a clause from `start`: up to the parenthesis or bracket it sits in, if any. With `raw` (the text with its
 * line breaks), also up to the end of a line that ends its sentence (see `lineSentenceEnd`).
 */
export function clause(text: string, start: number, raw?: string): string {
  const stop = raw !== undefined && raw.includes('\n', start) ? lineSentenceEnd(raw, start) : -1
  if (stop !== -1) text = text.slice(0, stop)
  const paren = enclosingParen(text, start)
  if (paren) return text.slice(start, paren.close)
  const open = text.lastIndexOf('[', start)
  const close = text.indexOf(']', start)
  return open !== -1 && close !== -1 && text.lastIndexOf(']', start) < open ? text.slice(start, close) : text.slice(start)
}

/** A link in brackets that closes a line: `(https://…/pull/91 )`, `[https://…]`. */
const closingLink = /\s*[([]\s*<?https?:\/\/[^\s()[\]]+>?\s*[)\]]\s*$/

/**
 * Where a sentence ends at a soft line break after `from` (an offset of `raw`, or -1): the line ends with `.`, `!` or `?`
 * — a link in brackets after it aside, an abbreviation's dot too (`… loans/etc.  (https://…/pull/91 )`) — and the next
 * line opens with a capital (`Paul can include this …`). A line wrapped inside a sentence (`… visits with the` /
 * `Parks Department …`, `… options, e.g.` / `GitHub Pages …`) goes on.
 */
function lineSentenceEnd(raw: string, from: number): number {
  for (let nl = raw.indexOf('\n', from); nl !== -1; nl = raw.indexOf('\n', nl + 1)) {
    const line = raw.slice(from, nl).replace(closingLink, '').trimEnd()
    if (!/[.!?]$/.test(line) || /(?:\be\.g|\bi\.e|\bvs|\bcf|\b[A-Z])\.$/.test(line) || !/^[\s>]*\p{Lu}/u.test(raw.slice(nl + 1))) continue
    if ((line.match(/\(/g) ?? []).length === (line.match(/\)/g) ?? []).length) return from + line.length
  }
  return -1
}

export function words(text: string): number {
  return (stripDecoration(text).match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length
}

function stripDecoration(text: string): string {
  // (A dash opening the text is what parted it from its owner: `AI: Begoña — open the form`.)
  return text.replace(/^[\s:;,.*_~>•·|=–—-]+|[\s:;,*_~>•·|=(-]+$/g, '')
}

/** `… (adamv, 16:25:33)`, `… (14:02)`: who said it when, as a meeting bot logs each line; not part of what was said. */
export const clockNote = /\s*\((?:[^(),]{1,40},\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|Z))?\)\s*$/i

/** The task text: decoration, status and owners' notes left out; a sentence's task ends with the sentence (a label's at its full stop, not at a `;`). */
export function tidy(text: string, marked = false): string {
  let t = squash(text).replace(clockNote, '').replace(/\(\s*via\s+[^)]*\)|^\s*via\s+\S+\s*$/gi, ' ')
  t = stripDecoration(t).replace(/^(?:to|will|shall)\s+/i, '')
  // `[TBAssigned] Capture the requirements`: a placeholder for the owner, not part of the task.
  t = stripDecoration(t).replace(/^\[\s*(?:TBA|TBD|TBC|TBAssigned|to be assigned|unassigned|\?+)\s*\]\s*/i, '')
  t = t.replace(/^(?:-+>|=+>|→|⇒)\s*/, '').replace(/\s*(?:-+>|=+>|→|⇒)$/, '')
  t = t.replace(/\(\s*\)/g, '').replace(/\s{2,}/g, ' ')
  // (`[Robin to add context]`: the bracket the task was written in closes after it.)
  t = stripDecoration(firstSentence(t, marked)).replace(/^\((.*)\)$/, '$1').replace(/^([^[\]]*)\]$/, '$1').trim()
  // A sentence's full stop is not part of the task; an abbreviation's is (`meetings/etc.`).
  return /(?:\betc|\be\.g|\bi\.e|\bvs|\bal|\.\.)\.$/i.test(t) ? t : t.replace(/\.$/, '')
}

/** The task up to the end of its sentence: `create a list. In general, …` → `create a list`; `draft X; if people …` → `draft X`. */
function firstSentence(text: string, marked = false): string {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '(' || c === '[') depth++
    else if ((c === ')' || c === ']') && depth > 0) depth--
    else if (depth === 0 && ((c === ';' && !marked) || (/[.!?]/.test(c) && /^\s+[\p{Lu}]/u.test(text.slice(i + 1)) && !/(?:\betc|\be\.g|\bi\.e|\bvs|\b[A-Z])$/.test(text.slice(0, i))))) {
      if (/\S/.test(text.slice(i + 1))) return text.slice(0, c === ';' ? i : i + 1)
    }
  }
  return text
}

export function isDone(unit: Unit, text: string): boolean {
  if (unit.checked === true) return true
  if (unit.source.isStruck(unit.start, unit.end) || unit.source.startsStruck(unit.start, unit.end)) return true
  const marker = /\bAI\b\s*:?\s*|\bto[ -]?do\s*:\s*/i.exec(text)
  if (marker && unit.source.startsStruck(unit.start + marker.index + marker[0].length, unit.end)) return true
  return doneSign.test(text) || doneInText.test(text) || doneShout.test(text)
}
