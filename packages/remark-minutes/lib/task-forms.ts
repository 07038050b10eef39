import {givenNames} from './given-names.ts'
import {isPersonName, ownerNames} from './owners.ts'
import {assignmentsIn, attending, lineNames, meetingNickname, presentWorkAt, workVerbAt} from './people.ts'
import {enclosingParen, hasWords} from './task-text.ts'
import {execAll} from './text.ts'
import type {Unit} from './units.ts'
import {imperative} from './verbs.ts'

/**
 * Forms that give a task to people without a marker in front: the owner in a parenthesis after the task,
 * a passive with its agent, a person before a marker, one task per sentence of an `Actions:` line,
 * volunteers and the answers to a *Who …?*.
 */

/** `(someone from the board)`: nobody in particular. */
export const nobodyParen = /\s*\(\s*(?:someone|somebody|anyone|volunteers?|tbd)\b[^)]*\)\s*$/i

/**
 * `rfcbot merge planned (to be started by Niko)`, `New PR to be opened by Adam`, `band to be chosen by Hilary`: a passive
 * with its agent (a participle in *-ed*, *-en* or one of the common irregular ones).
 */
export function passiveAgent(text: string, known: ReadonlySet<string>): {people: string[]; text: string} | null {
  const passive = /\bto be (?:\w+ed|(?!(?:seen|been|given|spoken|happen|open|listen|even|often)\b)\w+en|done|made|sent|led|held|run|drawn|shown|built|bought|brought|found|kept|paid|set up|put up|sorted) by ([\p{Lu}@](?:[\w.@-]*[\w-])?(?:(?:\s(?:(?:and|&)\s)?|\/)(?:@[\w.-]*[\w-]|\p{Lu}[\w-]*)){0,2})/u.exec(text)
  if (!passive) return null
  const names = ownerNames(passive[1]!, known, true)
  if (!names) return null
  const paren = enclosingParen(text, passive.index)
  return {people: names, text: paren ? text.slice(0, paren.open) : text}
}

/** A parenthesis at the end of a task: `(Kay)`, `(someone from TAC)`. */
export const trailingParen = /\s*[([]([^()[\]]{2,60})[)\]]\s*$/
/** Names in parentheses inside a task (`propose uplift (scottmcm) & cancel FCP`): owners, left out of the text. */
export const parenNames = /\s*\((?!(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|EOD|EOW)\))(?:[\p{L}][\p{L}\d._-]*(?:\s*(?:,|&|\/|and)\s*[\p{L}][\p{L}\d._-]*)*)\)(?=\s|$|[.,;&])/gu

/** (Not a call written in code: `#![feature(maybe_uninit_ref)]` names nobody.) */
const parenthesised = /(?<![\p{L}\d_])\(([^()]{2,60})\)/gu
export function namesInParens(text: string, known: ReadonlySet<string>): string[] {
  for (const m of execAll(parenthesised, text)) {
    // `(owner: Maria)`, `(assignee: @x)`: a label that says who does it.
    const names = ownerNames(m[1]!.replace(/^\s*(?:owners?|assignees?|assigned to|responsible|who)\s*:\s*/i, ''), known, true)
    // `Images (public and private)`, `IPv6 support (ingress and kubeapi)`: plain lowercase words
    // joined in a box's parenthesis describe the thing, unless one is known or a given name (`(niko and
    // scottmcm)`); a single word (`(scottmcm)`) is still taken for the nickname it usually is.
    const plain = (n: string) => /^\p{Ll}+$/u.test(n) && !known.has(n) && !givenNames.has(n[0]!.toUpperCase() + n.slice(1))
    if (names && names.length > 1 && names.every(plain)) continue
    if (names && !/^\s*(?:done|wip|optional|maybe|later|tbd)\s*$/i.test(m[1]!)) return names
  }
  return []
}

/** `CRob -`, `Jenn Bonner:` before a marker: the people it names. */
export function namePrefix(before: string, known: ReadonlySet<string>): string[] {
  const m = /^\W*([^:–—-]{2,40}?)\s*[-–—:]\s*\W*$/.exec(before)
  return m ? (ownerNames(m[1]!, known, true) ?? []) : []
}

/** A unit that is only a link (`[Action items list](https://…)`): where the tasks are, not a task. */
export function onlyLink(unit: Unit): boolean {
  return unit.source.isLinkOnly(unit.start, unit.end)
}

/** A committee's or a council's letters (`TSC`, `CPC`, `TAC`), a working group's: a body, not someone's initials (`CPC voting members need to …`). */
const bodyInitials = /^(?:[A-Z]{1,2}C|[A-Z]?WG|SIG)$/

/**
 * `Actions: JB to encourage members. All to review issue #205. Will review the times next week. BW removing the label.`:
 * the sentences after a marker that each give a task (to a person, to all, or to nobody in particular).
 */
export function sentenceTasks(text: string, from: number, known: ReadonlySet<string>): Array<{people: string[]; text: string; offset: number; addressed?: true}> {
  const out: Array<{people: string[]; text: string; offset: number; addressed?: true}> = []
  const rest = text.slice(from)
  let offset = from
  for (const part of rest.split(/(?<=[.!?])\s+(?=[A-Z])/)) {
    const found = text.indexOf(part, offset)
    offset = found + part.length
    const lead = /^[\s:–—-]*/.exec(part)![0].length
    const sentence = part.slice(lead)
    const at = found + lead
    const given = assignmentsIn(sentence, known)
    // `JB to poke the reps`, `MD will work on a draft`: a transcript's initials after a marker are people.
    const initials = /^([A-Z]{2,4})\s+(?:to|will)\s+(?=[a-z])/.exec(sentence)
    // `BW removing the meeting label`, `Dana updating the page`: after a marker, someone and what they are doing.
    const doing = /^([A-Z]{2,4}|\p{Lu}\p{Ll}+)\s+(?=[a-z]{3,}ing\s)/u.exec(sentence)
    if (given.length > 0 && given[0]!.index <= 2) out.push({people: given[0]!.people, text: sentence.slice(given[0]!.rest), offset: at})
    else if (initials) out.push({people: [initials[1]!], text: sentence.slice(initials[0].length), offset: at})
    else if (doing && (known.has(doing[1]!) || givenNames.has(doing[1]!) || (/^[A-Z]{2,3}$/.test(doing[1]!) && !bodyInitials.test(doing[1]!)))) out.push({people: [doing[1]!], text: sentence.slice(doing[0].length), offset: at})
    else if (/^(?:all|everyone)\s+(?:to|are (?:encouraged|asked) to|should)\s+/i.test(sentence)) out.push({people: [], text: sentence.replace(/^\S+\s+(?:to|are (?:encouraged|asked) to|should)\s+/i, ''), offset: at})
    else if (/^will\s+[a-z]/i.test(sentence)) out.push({people: [], text: sentence.replace(/^will\s+/i, ''), offset: at})
    else {
      const called = addressedTo(sentence, known)
      if (called) out.push({people: [called.person], text: called.text, offset: at, addressed: true})
    }
  }
  return out
}

/** An imperative and, at its end, the one it speaks to: after a comma, or after the pronoun that is its object (`DO IT MYLES`). */
const vocative = /^(.*?[\p{L}\p{N})'’])(?:\s*,\s*|\s+(?<=\b(?:it|this|that|them)\s+))(\p{L}[\p{L}'’-]*)[.!]*\s*$/iu

/**
 * `send the poster to the library, Ann.`, `order the trays, carla!`, a shouted `DO IT MYLES`: after a marker, an
 * imperative addressed to one of the meeting's people named at its end (a participant, a common given name or a proper
 * noun of the file, in any case). A name right after the verb is its object (`thank Ann for …`); a name before the
 * comma makes a list (`invite Ben, Carla`); a day is when (`check it Monday`).
 */
function addressedTo(sentence: string, known: ReadonlySet<string>): {person: string; text: string} | null {
  const m = vocative.exec(sentence)
  if (!m) return null
  const [, task, word] = m as unknown as [string, string, string]
  const named = (w: string): boolean => {
    const name = w[0]!.toUpperCase() + w.slice(1).toLowerCase()
    return isPersonName(name, known) || lineNames(name, known)
  }
  if (!named(word)) return null
  const last = /(\p{L}+)\W*$/u.exec(task)?.[1]
  if (last && named(last)) return null
  return imperative.test(task) || workVerbAt(task.toLowerCase()) || /^\W*do\s/i.test(task) ? {person: word, text: task} : null
}

/**
 * Volunteers: `Jacques, Arnaud, Zach volunteer.`, `Zach volunteers to help.`, `Bob and Ryan express
 * interest.`, and the answer to a `Who …?` just above (`Dana: I'll take it on`, `ANYONE ELSE …: Dan, Ryan`).
 * The task is what follows `to`, else the request the volunteers answer.
 */
export function volunteerOf(unit: Unit, known: ReadonlySet<string>): {people: string[]; text: string; offset: number; line?: number; end?: number; more?: true} | null {
  const text = unit.text
  // (A cheap test first: the volunteers' pattern is long and this runs for most lines.)
  const offered = volunteerWord.test(text)
  const m = offered ? volunteers.exec(text) : null
  if (m?.[2] && attending.test(m[2])) return null
  const named = m ? ownerNames(m[1]!, known, true) : null
  if (named) return {people: named, text: m![2] ?? askedAbove(requestAbove(unit)), offset: 0}
  // `Soldering workshop on 18 October: need two more helpers.` / `Yusuf and Femke volunteer.`: volunteers in a
  // later sentence of the item take on what an earlier one asks for.
  // (The request may say `volunteers` itself, naming nobody before it: `The kiln needs two more volunteers on Fridays.
  // Rosa and Emil volunteer.`)
  const later = offered ? /[.!?]\s+(?=[\p{Lu}@])/u.exec(text) : null
  if (later && !named) {
    const rest = text.slice(later.index + later[0].length)
    const answered = volunteers.exec(rest)
    if (answered?.[2] && attending.test(answered[2])) return null
    const asked = answered ? requestedTask(text.slice(0, later.index)) : null
    const names = answered && (answered[2] || asked) ? ownerNames(answered[1]!, known, true) : null
    if (names) return {people: names, text: answered![2] ?? asked!, offset: later.index + later[0].length}
  }
  // `Who can cover the week of April 14? @x volunteered.`, `Need volunteers for the jury — Ana and Inés
  // volunteer.`: the request and its answer on one line.
  // (Only a line with a volunteer's words in it: the split costs where it is tried on every line.)
  // (`Need someone to review the onboarding doc: @x volunteered.`: a colon parts them too.)
  // (`need a second reviewer for the CLI changes -> Lou volunteered`: an arrow too.)
  // (In a later sentence too, at its line: `The field day is on 29 August. We need someone to run the station — Priya
  // volunteered.`)
  const said = offered ? text.search(/\bvolunteer/i) : -1
  // (And, last, from the sentence before the volunteer's, the question on its own: `**School visit.** Ana visits … .
  // Who can come along and run the demo? Dmitri volunteered.`, too long to split from the line's start.)
  const answerStart = said > 0 ? sentenceStart(text, said) : 0
  // (A later line of a paragraph holds its own request: `… rota: <url>` / `Can someone cover Sunday? → Ana volunteered.`)
  // (Its question and answer both, read from the line's start when the line above ends without a full stop: `Sign-up
  // sheet: <url>` / `Who can mow the verge on Sunday? Lena volunteered.`)
  const lineStart = said > 0 ? Math.max(0, unit.source.lineStartAt(unit.start + said) - unit.start) : 0
  for (const from of said > 0 ? new Set([Math.max(answerStart, lineStart), answerStart, 0, ...(answerStart > 2 ? [sentenceStart(text, answerStart - 2)] : []), lineStart]) : [0]) {
    const line = from ? text.slice(from) : text
    const split = offered ? /^([^?]{3,120}\?|[^?]{3,120}?\s[–—-]\s|[^?:]{3,120}?:\s|[^?]{3,120}?\s(?:-+>|=+>|→|⇒)\s)\s*(?=\S)/.exec(line) : null
    // (`… -> Quim volunteered last year, not this time`, `… → Lou volunteered and already approved it`: a report; the
    // question may say `already`: `Who can check whether X already does it? @x volunteered.`)
    const answer = split && !/\b(?:not this time|already|last (?:year|week|month|time))\b/i.test(line.slice(split[0].length)) ? volunteers.exec(line.slice(split[0].length)) : null
    const task = split && answer ? (requestedTask(split[1]!.replace(/\s(?:[–—-]|-+>|=+>|→|⇒)\s$|:\s$/, '')) ?? whoAsked(split[1]!)?.replace(/^(?:will|can|could|should|would)\s+(?=[a-z])/i, '')) : null
    if (answer && task) {
      const names = ownerNames(answer[1]!, known, true)
      if (names) return {people: names, text: answer[2] ?? task, offset: from}
    }
  }
  // `… panics with zero width. Needs a regression test. @ferris volunteered.`: a piece of work the item needs, in the
  // sentence right before the volunteers' (who name no task of their own), is what they take on.
  // (Not a thing the meeting needs from itself: `Needs a decision first. @x volunteered.`; nor its roles, `We need a note
  // taker for the fair. Sandeep volunteers.`)
  const needFrom = said > 0 && answerStart > 2 ? sentenceStart(text, answerStart - 2) : -1
  const need = needFrom >= 0 ? /^(?:(?:it|this)\s+)?(?:still\s+)?needs?\s+((?:a|an)\s+(?!(?:decision|vote|consensus|discussion|answer|reply|quorum)\b|[^.;!?]*(?:takers?|keepers?)\b)[a-z][^.;!?]{2,60}?)\s*\.\s*$/i.exec(text.slice(needFrom, answerStart)) : null
  const needAnswer = need ? volunteers.exec(text.slice(answerStart)) : null
  if (need && needAnswer && !needAnswer[2]) {
    const names = ownerNames(needAnswer[1]!, known, true)
    if (names) return {people: names, text: need[1]!, offset: needFrom}
  }
  const taken = text.includes('?') ? takenOnLine(text, known) : null
  if (taken) return taken
  // `Volunteers: Erik, Fatima, Tomás.` under `Erik proposed a task force to rework the guide`: the people named
  // take on what the line above proposes (what follows its `to`, else the line).
  // (Also after the request on the same line: `Fatima asked for volunteers to write the guide. Volunteers: Sofía, Yuna.`)
  // (Both forms name volunteers in `volunteerWord`'s words: only a line that has them, `offered`, is read.)
  const listed = offered ? (/^\W*(?:volunteers?|volunteered|signed up)\s*:\s*(\S[^:]{0,100})$/i.exec(text) ?? /[.!?]\s+(?:volunteers?|volunteered|signed up)\s*:\s*(\S[^:]{0,100})$/i.exec(text)) : null
  // (In the middle of a paragraph, the sentences after it its own: `Eleven children signed up. Beatrix asked for two more
  // volunteers for the Thursday sessions. Volunteers: Ollie, Declan. Fenna will check …` — the request is the sentence
  // before the names, what its `to` says or a count of people wanted, at its line.)
  const amid = offered ? /[.!?]\s+(?:[Vv]olunteers?|[Vv]olunteered)\s*:\s*(\p{Lu}[^:.!?]{0,100})[.!]\s+(?=[\p{Lu}@])/u.exec(text) : null
  if (listed) {
    const names = ownerNames(listed[1]!.replace(/[.!]+\s*$/, ''), known, true)
    const above = listed.index > 0 ? text.slice(0, listed.index + 1) : requestAbove(unit)
    const task = volunteeredTask(above) ?? above
    if (names && hasWords(task)) return {people: names, text: task, offset: 0}
    if (!amid) return null
  }
  if (amid) {
    const from = sentenceStart(text, amid.index)
    const request = text.slice(from, amid.index + 1)
    const task = volunteeredTask(request)
    const names = task ? ownerNames(amid[1]!, known, true) : null
    if (names) return {people: names, text: task!, offset: from, end: amid.index + amid[0].length}
  }
  // `Needs a review from someone who knows OpenVDB. Lukas: I can take it.`: the request and the reply on one line.
  // (A transcript's turn may open with a dash, `— brambling: I can do that.`, and name its speaker by a nickname the
  // meeting knows, as the reply on a line of its own may.)
  const replied = /:\s*(?:I['’]ll|I will|I can|I['’]m happy to|I volunteer|me)\b/i.test(text) ? /^(.{3,160}?[.!?])\s+(?:[–—-]+\s*)?([\p{L}@][^:.!?]{1,30}):\s*(.+)$/u.exec(text) : null
  // (`Who orders a new banner? Mei-Ling: I can do that`: the question asks for a doer in its own words.)
  // (The question may be a speaker's turn too: `Ines: who's doing the flyer? Pavel: I can do that.` — the speaker's name and
  // colon are no part of it.)
  const question = replied ? replied[1]!.replace(/^[\p{Lu}@][\p{L}.'’_-]*(?:\s\p{Lu}[\p{L}'’-]*)?:\s+(?=(?:[Ww]ho|[Aa]ny(?:one|body)|[Cc]ould|[Cc]an|[Ww]ould)\b)/u, '') : ''
  const repliedTask = replied ? (requestedTask(question) ?? whoAsked(question)) : null
  if (replied && repliedTask && takesOn.test(replied[3]!.slice(0, 80))) {
    const names = /^\p{Ll}/u.test(replied[2]!) && !meetingNickname(replied[2]!, known) ? null : ownerNames(replied[2]!, known, true)
    if (names) return {people: names, text: repliedTask, offset: 0}
  }
  // `We need someone with a Windows box to bisect the failure, any takers? Dara said she can give it a try.`: the reply
  // told, not quoted.
  const told = /\bsaid\s+(?:she|he|they)\s+(?:can|could|will|would)\b/.test(text) ? /[.!?,]\s+(\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}'’-]*)?)\s+said\s+(?:she|he|they)\s+(?:can|could|will|would)\s+(?:do|take|handle|give it a try|try|have a go|look)\b/u.exec(text) : null
  // (The request is the sentence before the reply: the last question or sentence up to it.)
  const toldTask = told ? requestedTask(text.slice(0, told.index).split(/(?<=[.!])\s+(?=\p{Lu})/u).at(-1)! + '.') : null
  if (told && toldTask) {
    const names = ownerNames(told[1]!, known, true)
    if (names) return {people: names, text: toldTask, offset: 0}
  }
  const asked = requestAbove(unit)
  // `we need a volunteer to draft the abstract` / `Tom: I can take a stab at it`: a reply that takes on the request above.
  const wanted = requestedTask(asked)
  if (wanted && !/^\W*(?:who|anyone|anybody)\b/i.test(asked)) {
    const reply = replyLine.exec(text)
    if (!reply || !takesOn.test(reply[2]!.slice(0, 80))) return null
    const names = ownerNames(reply[1]!, known, true)
    // `Mariam: I'll do the announcement.`: a reply that names what it takes on is the task, on its own line.
    const own = ownTask.exec(reply[2]!)
    if (names && own) return {people: names, text: reply[2]!.slice(own[0].length), offset: reply[0].length - reply[2]!.length + own[0].length}
    // The task's words are the request's: its line is the request's too.
    const req = (unit.lead ?? previousOf(unit))!
    const at = Math.max(0, req.text.indexOf(wanted))
    return names ? {people: names, text: wanted, offset: 0, line: req.source.lineAt(req.start + at) || req.line} : null
  }
  // `Who will leave the comment:` / `* Centril`: a name alone answering the question above.
  const who = whoWill.exec(whoAbove(unit)?.text ?? '')
  if (who && unit.children.length === 0 && !/[:]/.test(text)) {
    const names = ownerNames(text.replace(/[.!]+\s*$/, ''), known, true)
    if (names && names.length <= 4) return {people: names, text: who[1]!, offset: 0}
  }
  // (A reply that takes *it* on answers a `Who should do this?` further up the thread too: `Dana: … I'll take it on` under a
  // later item of it.)
  const upThread = takesIt.test(text) && whoUpThread(unit)
  if (!upThread && !/^\W*(?:who|anyone|anybody|any volunteers?|volunteers?)\b[^?]*\?/i.test(asked) && !/^[^:]*\b(?:anyone|who)\b[^:]*:\s*\S/i.test(text)) return null
  // `Dana: I'll take it on` answering `Who should do this?`; `ANYONE ELSE WANT ON THE INVITE: Dan, Ryan.`
  const reply = replyLine.exec(text)
  if (!reply) return null
  if (/\b(?:anyone|who)\b/i.test(reply[1]!)) {
    // `Who: Marta, João, Rui` labels who attended; `Who wants on the invite: Dan, Ryan.` asks.
    if (/^\W*who\W*$/i.test(reply[1]!)) return null
    const names = ownerNames(reply[2]!.replace(/[.!]+\s*$/, ''), known, true)
    // (`ANYONE ELSE WANT ON THE INVITE: Dan, Ryan.`: more volunteers for the task volunteered for above, `more`, when the
    // item it follows asks for nobody itself: after `Slack moderators - volunteers requested` it asks for more of those.)
    const more = /\b(?:anyone|anybody|who)\s+else\b/i.test(reply[1]!) && !volunteerWord.test(asked) && requestedTask(asked) === null ? ({more: true} as const) : {}
    return names ? {people: names, text: asked.replace(/^.*?\b(?:who|anyone)\b[^?]*\?\s*/i, '') || asked, offset: 0, ...more} : null
  }
  if (!takesOn.test(reply[2]!.slice(0, 80))) return null
  const names = ownerNames(reply[1]!, known, true)
  return names ? {people: names, text: reply[2]!, offset: reply[0].length - reply[2]!.length} : null
}


/**
 * `Jacques, Arnaud, Zach volunteer.`, `@x volunteered`, `Zach volunteers to help`: group 1 the volunteers, group 2 what
 * they take on. (A dot or a hyphen inside a word belongs to it: `@moss.tile volunteered`, `Jae-hyun`.)
 */
const volunteers =
  /^[^\p{L}@]*([\p{L}@](?:[^:.;!?–—-]|(?<=\w)[.-](?=\w)){1,80}?)\s+(?:volunteers?|volunteered|(?:is |are )?volunteering|express(?:es|ed)? interest|(?:is |are )?expressing interest|signed up(?!\s+for\s+(?:the |a |an |this |next |our )?(?:\w+\s+)?(?:exams?|tests?|course|courses|class|classes|lessons?|trip|tours?|conference|workshops?|talks?|events?|training|newsletter|mailing list|session)\b)|offer(?:s|ed) to help)(?!\s+(?:requested|needed|wanted|welcome|required))\b(?:\s+(?:to|for)\s+([\s\S]+))?/iu

/** `Dana: I'll take it on`, `ANYONE ELSE …: Dan, Ryan.`: group 1 who speaks (or the question), group 2 the words. */
const replyLine = /^\W*([^:]{2,40}):\s*([\s\S]+)$/

/** A reply that says what it takes on, not `it`, `that` or `a stab at it`: `I'll do the announcement` (group: up to the verb). */
const ownTask =
  /^\W*(?:I['’]ll|I will|I can|I['’]m happy to)\s+(?:also\s+)?(?=(?:do|take|write|draft|handle|run|send|post|review|prepare|update|open|file|fix|check|make|lead|own|organi[sz]e|schedule|publish|announce|cover)\s+(?!(?:it|that|this|these|those|one|them|a stab|on|care|over)\b)\S)/i

/** A reply that takes a task on: `I'll …`, `I can take a stab at it`, `me`. */
const takesOn = /\b(?:I['’]ll|I will|I can|I['’]m happy to|I volunteer|me)\b/i

/**
 * Doers a request for a number of people names (`two more helpers`, `a second reviewer`, `a marshal`): the nouns
 * `requestedTask`'s count and `We still need …` (action-items.ts) share; each adds its own.
 */
export const wantedDoers = String.raw`helpers?|volunteers?|hands|people|reviewers?|mentors?|judges?|drivers?|operators?|hosts?|moderators?|testers?|translators?|admins?|stewards?|marshals?|coaches?`

/** A count of people wanted and what for (group 1; see `requestedTask`). */
const peopleCount = new RegExp(
  String.raw`\b(?:need(?:s|ed)?|asks? for|asked for|asking for|looking for)\s+((?:a|an|one|two|three|four|five|some|a few|\d+)\s+(?:(?:more|extra|additional)\s+)?(?:[a-z-]+\s+){0,2}?(?:${wantedDoers}|speakers?|managers?|writers?|person|(?![a-z-]*(?:takers?|keepers?)\b)[a-z]{3,}(?:er|or)s?)\b(?:\s+(?:for|on)\s+[^.;?!]{2,60}?(?=\s*(?:$|[.;?!]|\s(?:[–—-]|-+>|=+>|→|⇒)\s)))?)`,
  'i',
)

/**
 * What a request for a doer asks to be done: `Who can cover the week of April 14?` → `cover the week of
 * April 14`, `we need a volunteer to draft the abstract` → `draft the abstract`, `Need volunteers for the
 * jury` → `the jury`; null when the text asks for nobody.
 */
function requestedTask(text: string): string | null {
  // Every form below asks with one of these words: most lines have none.
  if (!requestWord.test(text)) return null
  const who = whoWill.exec(text)
  if (who) return who[1]!
  // (`need someone with a Windows box to bisect …`: who is wanted may come between.)
  const need = /\b(?:need|needs|needed|looking for|seeking|asking for|call for)\s+(?:a |an |one |some |more )?(?:volunteers?|someone|somebody)(?:\s+(?:with|who)\s+[^.;?!,]{1,40}?)?\s+(?:to|for)\s+([^.;?!]{3,100})/i.exec(text)
  if (need) return need[1]!.replace(/,\s*(?:any\s+takers|anyone|anybody|any\s+volunteers?)\s*$/i, '').replace(/[\s,]+$/, '')
  // `Volunteers needed for the car park`, `Ushers needed for the interval` → what they are needed for.
  const needed = /\b(?:volunteers|helpers|hands|people|someone|somebody|\p{L}{3,}(?:ers|ors))\s+(?:needed|wanted|required)\s+(?:for|on)\s+([^.;?!:]{3,100})/iu.exec(text)
  if (needed) return needed[1]!.replace(/[\s,]+$/, '')
  // `Could someone check the 30 items …?` → `check the 30 items …`.
  const could = /\b(?:could|can|would|will)\s+(?:someone|somebody|anyone|anybody)\s+(?:please\s+)?([a-z][^?]{3,100})\?/i.exec(text)
  if (could) return could[1]!
  // `I can take that if someone else takes the release announcement` → `take the release announcement`.
  const other = /\bif\s+(?:someone|somebody|anyone)(?:\s+else)?\s+(?:takes|can take|could take|will take|handles|can handle|does|can do)\s+([^.;?!]{3,100})/i.exec(text)
  if (other) return `${/^(?:handles|can handle)$/.test(other[0].split(/\s+/).slice(-2).join(' ')) ? 'handle' : /do/.test(other[0]) ? 'do' : 'take'} ${other[1]!.trim()}`
  // `need two more helpers` → `two more helpers`, `need a second reviewer for the CLI changes`, `asks for a backup camera
  // person`, `need two proofreaders`, `need a second admin for the buildmaster`: a count of people wanted (and what for), a doer's noun in -er / -or too (not the
  // meeting's roles: `a note taker`, `a timekeeper`); `more` / `extra` after the count is part of it (`two more ticket desk sellers`).
  const count = peopleCount.exec(text)
  if (count) return count[1]!
  // `Needs a review from someone who knows OpenVDB` → `review`.
  const from = /\bneed(?:s|ed)?\s+(?:a |an |one |some )?([a-z][\w -]{1,40}?)\s+(?:from|by)\s+(?:someone|somebody|a volunteer)\b/i.exec(text)
  return from ? from[1]! : null
}

/** `Who orders the banner? Mei-Ling: I can do that.`: a question for a doer of work (not a role, not who comes) and its reply on one line. */
export function repliedOnLine(text: string): boolean {
  const m = /^(.{3,160}?\?)\s+(?:[–—-]+\s*)?[\p{L}@][^:.!?]{1,30}:\s*(?:I['’]ll|I will|I can|I['’]m happy to)\b/u.exec(text)
  // (whoAsked leaves out who comes and the meeting's roles.)
  return m !== null && whoAsked(m[1]!) !== null
}

/**
 * `Who writes the advisory? @nkoroma`, `Could someone check the 30 items? — Oskar.lind will do it.`: a question for a
 * doer and, after it on the line, only who takes it: the question's task, theirs (`end`: where sentences after the answer start).
 */
export function takenOnLine(text: string, known: ReadonlySet<string>): {people: string[]; text: string; offset: number; end?: number} | null {
  // (The question is the last sentence before the answer: `Tomasz signed up for the exam. Alan books the room. Who can run
  // the practical assessments? Sally and Dennis.` is read from `Who`, at its line.)
  // A line answers only a question for a doer: `whoAsked` and `requestedTask` both need one of `requestWord`'s words in
  // the question, which is part of the line (read from a sentence's start, so its word boundaries are the line's too).
  // Most lines with a `?` have none: the question's pattern below need not be tried on them.
  if (!requestWord.test(text)) return null
  const last = text.lastIndexOf('?')
  const from = last > 150 ? sentenceStart(text, last) : 0
  // (The answer may close with its full stop before other sentences: `Who will run the stall? Maggie. It would be nice …`.)
  const answered = /^(.{3,160}?\?)\s*(?:[–—-]+\s*)?(\S[^?]{0,60}?)\s*(?:$|(?<=[\p{L}\d)])\.\s+(?=\p{Lu}))/u.exec(from ? text.slice(from) : text)
  // (`Who is reporting in the community call? @martinmo`, `Minute transfer to github? @fkr`: the meeting's roles.)
  if (!answered || /\b(?:minutes?|notes|protocol|report(?:s|ing)?|present(?:s|ing)?|moderat\w*|chair\w*|facilitat\w*|host(?:s|ing)?|transfer\w*|call)\b/i.test(answered[1]!)) return null
  const taker = /^(.{1,40}?)\s+(?:will|can|['’]ll)\s+(?:do|take|handle|own)\s+(?:it|that|this)\b[^.!?]*[.!]?$/i.exec(answered[2]!)?.[1] ?? answered[2]!.replace(/[.!]+$/, '')
  // (A question for a doer of work: `Who writes …?`, `Who can …?`; not a fact, `Who owns the key today? @x`, `Who was
  // at the summit? @y`, `Anyone from Red Hat here? @z`.)
  const who = whoAsked(answered[1]!)
  const wanted = who ?? requestedTask(answered[1]!)
  // (`Who's doing the grotto decorations?`, `Who is doing the raffle?`: a job of the event asked for in the present.)
  // (`Who picks up the lamp?`, `Who does the flyer?`: a verb of work in the present, or doing a job, ask for work too.)
  const asked = wanted !== null && (/^(?:will|can|could|should|would)\s/i.test(wanted) || workVerbAt(wanted) || presentWorkAt(wanted) || doingJob.test(wanted)) ? wanted : null
  const names = asked ? ownerNames(taker, known, true) : null
  // (A plain word that answers is a person only if the meeting knows it as one: not `Weblate.`, `Legal.`, `Both.`)
  if (names?.some((n) => !n.startsWith('@') && !known.has(n) && !known.has(n.split(' ')[0]!) && !givenNames.has(n.split(' ')[0]!))) return null
  if (!names || names.length > 4) return null
  // (The task is what the question asks, without its modal: `Who can run the assessments?` → `run the assessments`.)
  const question = from + sentenceStart(answered[1]!, answered[1]!.length - 1)
  const end = from + answered[0].length
  return {people: names, text: asked!.replace(/^(?:will|can|could|should|would|is)\s+(?=[a-z])/i, ''), offset: question, ...(end < text.length ? {end} : {})}
}

/** `doing the grotto decorations`, `is doing the raffle`, `does the flyer`: a job asked for in the present (not `doing what`, `doing OK`). */
const doingJob = /^(?:(?:is\s+)?doing|does)\s+(?:the|a|an|our|this|next)\s/i

/** Where the sentence holding `at` starts: after the last `.`, `!` or `?` and a space before it, with a capital after them. */
function sentenceStart(text: string, at: number): number {
  let start = 0
  for (const m of text.slice(0, at).matchAll(/[.!?]\s+(?=[\p{Lu}@])/gu)) start = m.index + m[0].length
  return start
}

/** `Who has a 24V bed for #2815?`, `… second moderator. Who can help?`: the last sentence's question for a doer, answered by a volunteer on the same line. */
function whoAsked(text: string): string | null {
  const last = text.trim().split(/(?<=[.!?])\s+(?=\p{Lu})/u).at(-1) ?? ''
  const m = /^\W*(?:who(?:['’]s(?=\s+doing\b))?|anyone|anybody)\s+(\S.{1,80}?)\s*\?$/i.exec(last)
  // (`Who can attend the summit? @x volunteered.` says who goes, not who does something.)
  // (Nor `Who is coming to the summit?`, `Who takes notes?`: who goes, and a meeting's roles.)
  // (`Who hosts the December meetup?`, `Who is going through the backlog?` ask for work.)
  // (Nor who does it now: `Who tests on Windows at the moment?`. But `Who can come along and run the demo?` asks for work.)
  if (m && /\b(?:at the moment|currently|right now|these days|usually|so far)\b/i.test(m[1]!)) return null
  return m && !/^(?:\w+\s+)?(?:attend(?:s|ing)?|join(?:s|ing)?|participat\w*|come|comes|coming|going to (?:the|a|an)\b|be|present|here|there|takes? (?:the )?(?:notes|minutes)|(?:chair|moderate|facilitate|scribe)s?\b|hosts? (?:(?:the|this|next|today['’]s)\s+){0,2}(?:call|meeting|sync)\b)\b(?!\s+(?:along\s+)?and\s+[a-z])/i.test(m[1]!) ? m[1]! : null
}

const requestWord = /\b(?:who|any(?:one|body)|some(?:one|body)|need|needs|needed|looking for|seeking|asking for|asks? for|asked for|call for)\b/i
const volunteerWord = /volunteer|interest|signed up|offer/i

/** What a request that volunteers answer by name asks: what its `to` says, else a count of people wanted (`two more volunteers for …`). */
function volunteeredTask(request: string): string | null {
  return /\bto\s+([a-z][^.;!?]{2,100})/.exec(request)?.[1] ?? requestedTask(request)
}

/** What the line above asks for: `Desire to have a small group review all docs` → what the group is to do. */
function requestAbove(unit: Unit): string {
  return ((unit.lead ?? previousOf(unit))?.text ?? '').replace(/^(?:desire|want|need|request|ask|looking)(?:s|ed|ing)? (?:to have|for) (?:a |the )?(?:small )?(?:group|team|volunteers?|someone|people)(?: to)? /i, '')
}

/**
 * What a question above the volunteers asks to be done (`Who can proofread the newsletter?` / `- Sandeep and Hemi
 * volunteer.` → `proofread the newsletter`; `Could someone …?` too); any other request as written. A question of
 * who comes or of a meeting's role (`Who takes notes next time?`) stays a question, which is no task.
 */
function askedAbove(above: string): string {
  if (!/\?\s*$/.test(above)) return above
  // (whoAsked leaves out who comes and the meeting's roles; requestedTask words the task without the modal.)
  if (/^\W*(?:who|anyone|anybody)\b/i.test(above) && whoAsked(above) === null) return above
  return requestedTask(above) ?? whoAsked(above) ?? above
}

/** `Who will leave the comment:`, `Who can review this?`: a question for a doer, group 1 the task. */
const whoWill = /^\W*(?:who|anyone|anybody)\s+(?:will|can|could|should|wants? to|is going to|would like to|volunteers? to)\s+(?!(?:attend|join|participate|come|be|present)\b(?!\s+(?:along\s+)?and\s+[a-z])|(?:take|do|write) (?:the )?(?:notes|minutes)\b|(?:co-?)?chair\b|moderate\b|facilitate\b|scribe\b|minute\b|host (?:(?:the|this|next|today['’]s)\s+){0,2}(?:call|meeting|sync)\b)([^?:]{3,80}?)\s*[?:]\s*$/i

/** The question for a doer a unit answers: its parent item, or the item just before it. */
function whoAbove(unit: Unit): Unit | undefined {
  if (unit.lead && asksWho(unit.lead.text)) return unit.lead
  if (unit.parent && asksWho(unit.parent.text)) return unit.parent
  if (unit.previous && asksWho(unit.previous.text)) return unit.previous
  return undefined
}

/** A reply taking on the work asked for, as a pronoun: `I'll take it on`, `I can do that`. */
const takesIt = /\bI(?:['’]ll| will| can) (?:take (?:it|this|that)(?: on)?|do (?:it|this|that)|handle (?:it|this|that)|own (?:it|this|that))\b/i

/**
 * A question for a doer further up the thread of a unit (`Who should do this? How can we move this forward?` as an earlier
 * item of the topic's item, the reply nested under a later one): the items before it and their parents, within a
 * topic's item (not past an item at the top of its list) and a few items up.
 */
function whoUpThread(unit: Unit): boolean {
  let at = unit.previous
  for (let steps = 0; at && at.depth > 0 && steps < 8; steps++, at = at.previous) {
    if (asksWho(at.text.split(/(?<=\?)\s+/)[0]!)) return true
  }
  return false
}

/** Does a unit's text ask who will do something? (A cheap test first: most lines do not open with *who*.) */
function asksWho(text: string): boolean {
  return /^\W*(?:who|anyone|anybody)\s/i.test(text) && whoWill.test(text)
}

/** Is the unit an answer to a question for a doer just above it? */
export function answersWho(unit: Unit): boolean {
  return whoAbove(unit) !== undefined
}

/** The unit before this one among its siblings, when the caller keeps them (set by `collectActionItems`). */
function previousOf(unit: Unit): Unit | undefined {
  return unit.previous ?? undefined
}
