import {calendarNames, givenNames} from './given-names.ts'
import {findHandles, squash} from './text.ts'
import {imperative} from './verbs.ts'

/** Words that look like names in a bracket but are not people: `(WIP)`, `[All]`, `(optional)`. */
const notOwners = new Set(
  (
    'all any everyone everybody anyone somebody someone nobody researcher engineer developer architect consultant designer student intern manager director tbd tba tbc wip draft done optional continued cont update updates ' +
    'discussion recap followup follow-up new old fyi info note notes none n/a na misc other others various team staff group ' +
    'board tac tsc cpc sig wg community maintainers postponed deferred cancelled canceled parked skipped pending approved ' +
    'closed open merged yes no maybe optional! time permitting action actions todo to-do decision decisions question questions ' +
    'consensus resolution resolved summary agenda topic topics update status note wanted needed noone no-one slides slide ' +
    'deck doc docs link links video recording motion ongoing recurring reminder blocked ' +
    'mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday eod eow'
  ).split(' '),
)

/** A capitalised name: `Jane Doe`, `Chris H.`, `Jean-Luc`, `Carlos O’Donell`, `CRob`, `DavidW`. */
const capitalised = /^\p{Lu}[\p{L}'’-]*\.?(?:\s+(?:\p{Lu}[\p{L}'’-]*\.?|van|von|de|der|da|di|le|la))*(?:\s+\p{Lu}[\p{L}'’-]*\.?)?$/u
/** A nickname that is clearly not a word: `ecstatic-morse`, `BatmanAod`, `bcallaway2`, `tmmoore_1`. */
const nickname = /^(?:[a-z0-9]+(?:[-_][a-z0-9]+)+|\p{Lu}?\p{Ll}+\p{Lu}[\p{L}\d]*|[a-z]+\d+)$/u
const groupWord = /^(?:board|council|committee|team|group|seat|project|foundation|wg|sig|tsc|tac|staff|members?|moderators?|volunteers?|folks|people|maintainers|owners|chairs?|co-chairs|editors|authors|presenters|speakers)$/i
const duration = /^~?\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|m|h|hrs?|hours?)\b.*$|^(?:\d+\s*)?(?:min(?:ute)?s?|minute timebox|timebox)$/i

/**
 * The people a bracket or clause names (`Jane Doe, 10 min`, `Ryan/Kay`, `Chris H., Matteo, Jory`,
 * `@fkr`), or `null` when any part is not a person (`see also #44`, `time permitting`, `WIP`).
 * Durations are left out. `known`: names written as people elsewhere in the meeting.
 */
export function ownerNames(text: string, known: ReadonlySet<string> = new Set(), loose = false, purposeful = false): string[] | null {
  // Emphasis marks go; an underscore inside a nickname stays (`stefan_h`, `tmmoore_1`).
  const parts = squash(text.replace(/[*~`]|(?<![\p{L}\d])_+|_+(?![\p{L}\d])/gu, ''))
    .split(/\s*(?:,|;|\/|&|\+|\band\b|\bund\b)\s*/)
    .map((p) => p.replace(/^[\s:–—-]+|[\s:?!–—-]+$/g, '').replace(/\s*\([A-Z]{2,5}\)$/, ''))
    .filter((p) => p && !duration.test(p))
  if (parts.length === 0) return null
  const out: string[] = []
  // Full names no rule confirms (`Santiago Torres`, not a participant, not a common given name)
  // count beside one that is confirmed: `(Priya Wadhwa & Santiago Torres)`.
  let confirmed = false
  for (const part of parts) {
    const handles = findHandles(part)
    if (handles.length === 1 && handles[0]!.index === 0 && handles[0]!.end === part.length) {
      out.push(handles[0]!.handle)
      confirmed = true
      continue
    }
    // `purposeful`: a bracket that gives a time or says *presenter* names people (`(Jo Tan, 10 min)`,
    // `[MK, 15 min]`): a full name or a pair of initials counts there without another sign.
    if (isPersonName(part, known, loose) || (purposeful && (fullName(part) || /^\p{Lu}{2}$/u.test(part)))) confirmed = true
    else if (!fullName(part)) return null
    out.push(part)
  }
  return confirmed ? out : null
}

/** Two or three capitalised words, not a group's acronym or a word of the notOwners list: the shape of `Santiago Torres`. */
function fullName(part: string): boolean {
  const words = part.split(/\s+/)
  return (
    words.length >= 2 &&
    words.length <= 3 &&
    capitalised.test(part) &&
    !words.some((w) => /^\p{Lu}{2,}$/u.test(w) || groupWord.test(w) || notOwners.has(w.toLowerCase())) &&
    !imperative.test(part)
  )
}

/**
 * A part of an owner clause that names a person. Strict (a trailing parenthesis, a trailing dash,
 * where projects and places are named too): a known or common given name, a nickname, or a full
 * name. Loose (a leading `[bcallaway]` bracket, a `Presenter:` line, whose purpose is to name people):
 * any capitalised name or single handle-like word.
 */
export function isPersonName(part: string, known: ReadonlySet<string> = new Set(), loose = false): boolean {
  const words = part.split(/\s+/)
  // (`Sun` in a who cell beside the participant Sun Tao is him, not a day.)
  if ((notOwners.has(part.toLowerCase()) && !(known.has(part) && calendarNames.has(part))) || words.length > 4) return false
  // `Request volunteer for scribe`: a verb, not a person.
  if (imperative.test(part) || /^(?:request|requests|need|needs|looking|seeking|asking|call|thanks|welcome|please)\b/i.test(part)) return false
  // `CPC Board Seat`, `vis.gl`: a group's acronym or a domain is not a person (a wiki's account name the
  // attendance writes, `Oskar.lind`, is).
  if (/\./.test(part) && known.has(part)) return true
  if (words.some((w) => /^\p{Lu}{3,}$/u.test(w) || groupWord.test(w)) || /\.\w{2,}$/.test(part)) return false
  if (known.has(part)) return true
  // `2023-07-03`, `scs-0214`: a date or a document's number, not a person (`bcallaway2`, `tmmoore_1` are).
  if (/\d{3,}|^\d|[-.]\d/.test(part)) return false
  if (nickname.test(part)) return true
  // `Jane Doe`, `Chris H.`: capitalised words, not an acronym of a group (`TAC`, `KaaS`); of two or
  // more words (or any in a loose place) only when the first is a given name: a title in title case
  // (`Budget Planning Update`, `Action Requested`, `Early Preview`) is capitalised words too.
  const name = capitalised.test(part) && !/^\p{Lu}{2,}s?$/u.test(part) && !/^\p{Lu}\p{Ll}+\p{Lu}$/u.test(part)
  if (givenNames.has(words[0]!)) return words.length === 1 || name
  // `María de la Cruz` beside the participant María de la Cruz Ortega: a participant's first name opens it.
  if (words.length > 1 && known.has(words[0]!)) return name
  if (loose && words.length === 1 && /^[\p{L}\d][\p{L}\d._-]*$/u.test(part) && /\p{L}/u.test(part) && !/^\p{Lu}{2,}s?$/u.test(part)) return true
  return false
}

/**
 * Names in the clause that closes an agenda item after a dash or a colon (`Public vs private channels -
 * Rui Silva`, `… Help: Todd/Lindsay`), or a heading after a dash (`### Versioned docs — Quentin`: there
 * only people the meeting names or a common given name, since a heading's dash also introduces what a
 * thing is called, `Cloud in a Box - CiaB`).
 */
export function closingOwners(title: string, known: ReadonlySet<string>, item = false): string[] {
  // One trailing clause only: `Chair - Jane and Vice Chair - Joe` names office holders, not owners, and
  // `Request volunteer for scribe - Riaan & Reden` names who took a role.
  if ((title.match(/\s[-–—]\s/g) ?? []).length > 1 || /\b(?:volunteers?|scribe|note[- ]?taker|minutes)\b/i.test(title)) return []
  // `LTS3 branch plan — Aiko (20 min)`: the time after the name is not part of it.
  const timed = title.replace(/\s*[([]\s*~?\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|h|hrs?|hours?)\.?\s*[)\]]\s*$/i, '')
  const after = (item ? /(?:\s[-–—]|:)\s+([^:–—-]{2,40})$/ : /\s[-–—]\s+([^:–—-]{2,40})$/).exec(timed)
  const names = (after && ownerNames(after[1]!, known)) || []
  return item || names.every((name) => known.has(name) || givenNames.has(name.split(' ')[0]!)) ? names : []
}
