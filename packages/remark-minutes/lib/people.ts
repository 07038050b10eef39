import {calendarNames, calendarWords, everydayNames, givenNames} from './given-names.ts'
import {awayGroup} from './participants.ts'
import {execAll, findHandles, handleSource} from './text.ts'
import {imperative} from './verbs.ts'

/**
 * Letters of names in Latin scripts (`Émile`, `Łukasz`, `Zoë`, `Óscar`), spelt out: a class of few ranges
 * runs at about the speed of `A-Z` (it is tried at every position of a text), where `\p{Lu}` doubled
 * the cost of finding assignments; capitals beyond Latin-1 are those names start with most.
 */
const upper = 'A-ZÀ-ÖØ-ÞĆČĐŁŚŠŹŻŽ'
const lower = 'a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžșț'
/** Titles written before a name (`Dr Samuel Pryce`, `Cllr Ann Lee`): not part of who the person is. */
export const nameTitles = 'Dr|Prof|Cllr|Mrs?|Ms'
/** The second syllable of a romanised Korean given name (`Ji-won`, `Jun-seo`, `Ha-eun`). */
const koreanSyllables = 'eun|un|won|woo|yeon|jin|min|hee|hoon|young|yoon|soo|ah|ji|na|seo|hyun|jun|ho|bin'
/**
 * A romanised Korean given name (`Jun-seo`, `Ji-woo`: a capitalised syllable, a hyphen, a lowercase one): a given
 * name wherever it is written, as the common given names are (`- [ ] Jun-seo — prepare the budget` beside `Park
 * Jun-seo`, who is written family name first, or beside nobody).
 */
const koreanGiven = new RegExp(`^\\p{Lu}\\p{Ll}{1,4}-(?:${koreanSyllables})$`, 'u')
/** A common given name, or a romanised Korean one. */
const givenLike = (word: string): boolean => givenNames.has(word) || (word.includes('-') && koreanGiven.test(word))
/** A capitalised given name (`Kurt`, `Jean-Luc`, `Eduard`), optionally with a family name or its initial (`Mike D`, `Chris A.`). */
const nameSource = `(?:(?:${nameTitles})\\.?\\s(?=[${upper}][${lower}]))?(?:[A-Z]{2}|[${upper}])[${lower}]+(?:-?[${upper}][${lower}]+|-(?:${koreanSyllables}))?(?:\\s[${upper}](?:[${lower}]+(?:-[${upper}][${lower}]+)?|\\.|(?=[\\s,:]|$)))?`
/**
 * A family name after an initial (`TODO R. Kowalski: …`; not after a word: `option A. Joe will …`), read
 * where a line opens with its people only: in the pattern every sentence is searched with, it cost the
 * extraction a sixtieth of its time (bench:extract).
 */
const initialNameSource = `[${upper}]\\.(?<!(?:[\\p{L}\\p{N}.]|[\\p{Ll}\\p{N}]\\s)[${upper}]\\.)\\s?[${upper}][${lower}]+(?:-[${upper}][${lower}]+)?(?![\\p{L}.])`
/** A named team: `TAC`, `TAC members`, `webpack TSC`, `GNU stewards`, `Foundation staff`. */
const teamSource = `\\b[A-Z]{3,6}(?:\\s+(?:members|team|staff|chairs?|leads?|maintainers))?(?![\\w-])`
/** A team named with a word before it (`webpack TSC`, `GNU stewards`, `Foundation staff`): read only where a sentence starts, being costly to look for everywhere. */
const namedTeam = /(?:^|[.;!?:]\s+|\n)[\s*_>•·-]*((?:[A-Za-z][\w.-]*\s+)(?:TSC|TAC|WG|SIG|team|staff|stewards|maintainers|members|chairs)(?:\s+(?:members|leads|chairs))?)\s+(?:to|will|(?:is|are) happy to)\s+([a-z][\w-]*)/g
/**
 * A team named after the word *Team*, *SIG* or *WG* (`Team Container to handle …`, `-> Team CaaS should try …`,
 * `Disk alerts keep firing → Team Storage to look …`) where a sentence starts or after an arrow, before *to*,
 * *will* or *should* (the caller asks for a verb of work). Not an event so named (`Team Building will take
 * place …`, `SIG Meeting will move …`).
 */
const teamNamed =
  /(?:^|[.;!?:]\s+|\n|\s(?=-+>|=+>|→|⇒))(?:[\s*_>•·-]|→|⇒|=>)*((?:Team|SIG|WG)\s+(?!(?:Meeting|Meetings|Call|Calls|Session|Sessions|Sync|Standup|Dinner|Lunch|Breakfast|Building|Offsite|Retreat|Social|Event|Events|Party|Day|Days|Week|Photo|Picture|Outing|Drinks)\b)[A-Z][\w-]*)\s+(?:to|will|should)\s+([a-z][\w-]*)/g
/** Such a team right before the handles it is joined to (`Team IaaS and @x to test …`), where a sentence starts. */
const teamJoined = /(?:^|[.;!?:]\s+|\n)[\s*_>•·-]*((?:Team|SIG|WG)\s+[A-Z][\w-]*)\s*(?:,|&|\+|\band\b)\s*$/
/**
 * A body of the project as the subject of a future task, where a sentence starts: `Chairs will run the
 * adoption call …`, `the chairs will start a WGLC …`, `The SC will reach out …`, `The steering committee
 * will send …`. Group 1 is the body as written (without *the*), group 2 the verb. An acronym counts when it
 * names a body (a council, committee or board: `SC`, `TSC`, `TOC`, `PMC`, `WG`, `SIG`, `IESG`), a noun
 * when it is a body's (*chairs*, *maintainers*, *editors*, *organizers*, *board*, *council*, *committee*,
 * a *core*, *release* or *steering team*; not *the team* alone).
 */
const bodySubject =
  /(?:^|[.;!?:]\s+|\n)[\s*_>•·-]*(?:[Tt]he\s+)?((?:[A-Z]{1,5}C|[A-Z]{0,3}WG|SIG|IESG|IAB)(?:\s+(?:chairs|members|leads))?|(?:(?:[Ss]teering|[Cc]ore|[Rr]elease|[Pp]rogram(?:me)?|WG|[Ww]orking [Gg]roup)\s+)?(?:[Cc]hairs|[Cc]o-chairs|[Mm]aintainers|[Ee]ditors|[Oo]rgani[sz]ers|[Bb]oard|[Cc]ouncil|[Cc]ommittee)|(?:[Ss]teering|[Cc]ore|[Rr]elease)\s+[Tt]eam)\s+will\s+([a-z][\w-]*)/g
/**
 * An office: `Chair`, `Secretary`, `Treasurer`, …, or a post named by its field (`Programme Officer`, `Community
 * Manager`, `Release Coordinator`; not a program's part: `The Package Manager will check …`).
 */
const office = String.raw`Chair|Co-[Cc]hair|Vice[- ][Cc]hair|Secretary|Treasurer|Conven[eo]r|President|(?:(?:Programme|Program|Project|Community|Release|Events?|Finance|Grants?|Product|Operations|Membership|Communications|Executive|Managing|Technical|General|Office)\s)?(?:Officer|Manager|Coordinator|Director|Administrator)`
/** An office alone (`Chair`, `Treasurer`), as a table's owner cell names its holder. */
export const officeName = new RegExp(`^(?:${office})$`)
/** `The Chair agreed to take this forward`, `The Secretary will circulate …`: an office holder opening a sentence. */
const officeHolder = new RegExp(String.raw`(?:^|[.;!?:]\s+|\n)[\s*_>•·-]*(?:\d+(?:\.\d+)*\s+)?[Tt]he\s+(${office})\s+(?:will|agreed to|to|undertook to)\s+([a-z][\w-]*)`, 'g')
const officeHint = new RegExp(String.raw`\b(?:${office})\s+(?:will|agreed to|to|undertook to)\s`)
const joiner = '\\s*(?:,|&|\\+|/|\\band\\b|\\bund\\b|\\bor\\b)\\s*'
/**
 * (A fediverse account writes its server after the handle: `@quill@inkwell.cafe to write up …` is @quill's. A mention
 * chip writes the initial of a family name after it, `@Nicholas M to open …`: the initial is part of the mention, not
 * of the task; `@ana I will …` is someone speaking to @ana.)
 * Every form opens with `@` or a capital letter: said first, the pattern skips other positions at once (an assignment
 * search over the corpus took a sixth of the time).
 */
const person = `(?=[@\\p{Lu}])(?:${handleSource}(?:@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+|\\s[A-HJ-Z]\\.?(?=\\s+(?:to|will)\\s))?|${teamSource}|${nameSource})`
/** Acronyms that start sentences and are not teams. */
const notTeams = /^(?:AI|AIs|PR|PRs|RFC|RFCs|FCP|MCP|CI|CD|API|APIs|URL|CVE|MVP|TBD|TBA|FYI|AOB|EOD|OK|PM|ASAP|IMO|FAQ|CFP|QA|IIRC|AFAIK|TL|DR|NB|PS|OS|UI|UX|SDK|CLI|LTS|OSS|SBOM|DNS|SSO|TLS|HTTP|JSON|YAML|IT|US|EU|UK|CEST|CET|UTC|PST|EST|ET|PT|Q[1-4])\b/

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
    'Here There Yes No Not Ok Okay Hi Hello Welcome ' +
    // Words of state and intent that open notes (`Ready to merge`, `Agreed to move`, `Happy to share`).
    'Ready Happy Glad Good Fine Great Best Hard Easy Agreed Approved Proposed Decided Started Going Want Wants ' +
    'Hope Hoping Trying Planning Planned Aim Expect Expected Inclined Able Ability Unable Open Free Worth Time ' +
    // Words of procedure and status that open items (`Motion to move …`, `Ongoing: Dana to …`), and days and months.
    'Motion Motions Ongoing Pending Recurring Carried Reminder Postponed Deferred Blocked ' +
    calendarWords
  ).split(' '),
)
/**
 * A word that is no one's name (`notNames`), unless it is a day's or a month's name that the meeting's people are
 * written with: `Jun` beside `Jun Park` in the attendance names him in `Jun sends the pages by Friday`.
 */
function notName(word: string, known: ReadonlySet<string> | undefined): boolean {
  return notNames.has(word) && !(known?.has(word) && calendarNames.has(word))
}

/** Parse people at the start of `text` (after a marker): `@x and @y:`, `(@x)`, `Kurt:`, `Kurt to`, after a status mark (`✅ Renée: …`). */
/** Who opens a line: as `person`, or a family name after an initial. */
const opener = `(?:${initialNameSource}|${person})`
const prefixChain = new RegExp(`^[\\s:(\\[*_\\p{Extended_Pictographic}\\uFE0F]*(${opener}(?:${joiner}${opener})*)(?![\\p{L}\\p{N}_])[*_]*\\s*[)\\]]?`, 'u')
const looseEnd = /^\s*(?:(?:and|&|\+)\s+(?:others|more|team)|et\s+al\.?|\(\s*(?:\?+|tbc|tbd|maybe)\s*\))(?=\s*:)/i
const viaClause = new RegExp(`^\\s*\\(?\\s*via\\s+${handleSource}\\s*\\)?`, 'u')
const handlesGlobal = new RegExp(handleSource, 'gu')
const namesGlobal = new RegExp(`[A-Za-z][\\w.-]*\\s+(?:TSC|TAC|WG|SIG|team|staff|stewards|maintainers|members|chairs)(?:\\s+(?:members|leads|chairs))?(?![\\w-])|${teamSource}|${initialNameSource}|${nameSource}`, 'gu')
/** Words whose ending says they name a thing, not a person: `Registration`, `Documentation`, `Testing`. */
const nounish = /^\p{Lu}\p{Ll}{4,}(?:tion|sion|ment|ness|ity|ing|ance|ence|ism|ure|ship|ics|ogy)$/u

/** A participant, or a name that starts like a person's (a common given name first). */
function personLike(n: string, known: ReadonlySet<string> | undefined): boolean {
  const first = n.split(' ')[0]!
  return known?.has(n) || givenLike(first) || known?.has(first) || false
}

/**
 * People at the start of `text`: `@x and @y:`, `(@x)`, `Kurt:`, `Kurt to`. `section`: the text is an
 * item of an action section, where a lowercase name before `to`/`will` (`niko to post …`) is a person too.
 */
export function peoplePrefix(text: string, known?: ReadonlySet<string>, section = false): {people: string[]; end: number} {
  const lowercase = section ? lowercaseDoers(text) : null
  if (lowercase) return lowercase
  // `mkaply: file the bug …` in an action list: a nickname of the meeting's people, a colon, the task.
  // With a note on when (`mzeman (when back): re-check …`), or a dash for the colon (`kbit — sign-up sheet`).
  // (A wiki's account name as the attendance writes it, `Oskar.lind: merge the duplicates …`, too.)
  // (After a review's status mark too: `✅ kobold: review the CI image MR`.)
  const nick = section && known ? /^[\s*_~]*(?:\p{Extended_Pictographic}\uFE0F?\s*)?(\p{L}[\w.-]{1,30})[*_~]*(?:\s*\([^()@]{1,30}\))?(?:\s*:|\s+[–—-])\s+(?=\p{L})/u.exec(text) : null
  if (nick && known && (/^\p{Lu}[\w-]*\.[\w.-]+$/u.test(nick[1]!) ? known.has(nick[1]!) : meetingNickname(nick[1]!, known))) return {people: [nick[1]!], end: nick[0].length}
  // `MK + TS: set up …`, `AB to book …` in an action section: a transcript's or an attendance list's initials.
  const initials = section ? /^[\s*_]*([A-Z]{2,3}(?:\s*(?:,|&|\+|\band\b)\s*[A-Z]{2,3})*)[*_]*(?:\s*:\s*|\s+(?=(?:to|will)\s+[a-z]))/.exec(text) : null
  if (initials) {
    const names = initials[1]!.split(/\s*(?:,|&|\+|\band\b)\s*/)
    // (Initials the meeting gives someone are theirs even where they spell a word of the trade, `Claire Dubois (CD, …)`
    // and `ACTION CD: publish …`; not before another doer: `CI: Tom to fix the flaky job`.)
    const work = /^\s*[a-z]/.test(text.slice(initials[0].length))
    if (names.every((n) => !notTeams.test(n) || (work && known?.has(n)))) return {people: names, end: initials[0].length}
  }
  // `mdolan@example.org to resolve …`: a mail address (a mention chip of an exported document) names its owner.
  const mail = /^[\s:(\[*_]*([\w.+-]+@[\w-]+(?:\.[\w-]+)+)[*_]*\s*[)\]]?(?=\s*(?::|to\s+[a-z]|will\s))/.exec(text)
  if (mail) return {people: [mail[1]!], end: mail[0].length}
  const m = prefixChain.exec(text)
  if (!m) return {people: [], end: 0}
  const chain = m[1]!
  let end = m[0].length
  // A plain name only counts when something marks it as the owner: `:`, `to`, `will`, `,`, `)` or the end.
  const after = text.slice(end)
  const handles = findHandles(chain)
  // In an action section a capitalised name is an owner whoever it is (`Niko to comment on …`); a name of
  // several words only when it starts like a person's (`Electronic Vote - due by January 8` is a thing).
  // An item that is one word and nothing more (`- Testcase` under `ToDo:`) is the task, unless the word is a person's.
  const alone = section && /^[\s*_.]*$/.test(text.slice(m[0].length)) && handles.length === 0
  const names = namesIn(chain, section ? undefined : known).filter(
    (n) => !section || (alone ? personLike(n, known) : !/\s/.test(n) || /^[A-Z]{2}/.test(n) || personLike(n, known)),
  )
  if (handles.length === 0) {
    if (names.length === 0) return {people: [], end: 0}
    if (!/^\s*(?:$|[:,)\]–—-]|to\b|will\b|shall\b|should\b|is going to\b)/i.test(after)) return {people: [], end: 0}
    // `- [ ] Budget — final numbers`: before a dash, a capitalised word that is not a participant, a given name or a
    // name the document writes as one is a subject's title, unless work follows (`Dan - update the setting`) and the
    // document never writes the word in lowercase (`Venue — confirm with Ana` beside `the venue`).
    if (section && /^\s*[–—-]/.test(after) && names.some((n) => !/\s/.test(n) && !personLike(n, known) && !properNoun(n, known ?? none))) {
      const rest = after.replace(/^\s*[–—-]+\s*/, '')
      const work = imperative.test(rest) || /^will\s/i.test(rest)
      const doc = known ? documents.get(known) : undefined
      if (!work || names.some((n) => !/\s/.test(n) && !personLike(n, known) && doc !== undefined && writtenLowercase(doc.text, n.toLowerCase()))) return {people: [], end: 0}
    }
  }
  // `AI @kgube via @anjastrunk`: the messenger is not an assignee.
  const via = viaClause.exec(after)
  if (via) end += via[0].length
  // `AI @x and others: …`, `AI @x et al.: …`, `AI @x (?): …`: words about the people, not the task.
  else {
    const loose = looseEnd.exec(after)
    if (loose) end += loose[0].length
  }
  return {people: [...handles.map((h) => h.handle), ...names], end}
}

/**
 * `niko to post …`, `pnkfelix, cramertj to review …` where a task is given (an action section's item,
 * after a marker: `ACTION ITEM: nikomatsakis to add a comment`): lowercase nicknames before `to`/`will`.
 */
export function lowercaseDoers(text: string): {people: string[]; end: number} | null {
  const lowercase = /^[\s:*_]*([a-z][\w.-]{1,30})(?:\s*(?:,|&|\+|\band\b)\s*([a-z][\w.-]{1,30}))*\s+(?=(?:to|will)\s+[a-z])/.exec(text)
  if (!lowercase || /^(?:we|you|they|he|she|it|this|that|there|someone|everyone|all|need|needs|plan|want|try|how|what|who|and|or|not|also|then|next|time|nothing|anything|something)$/.test(lowercase[1]!)) return null
  const names = lowercase[0].replace(/^[\s:]+/, '').trim().split(/\s*(?:,|&|\+|\band\b)\s*/).map((n) => n.replace(/^[*_]+/, '')).filter(Boolean)
  return {people: names, end: lowercase[0].length}
}

/**
 * Names in a chain. With `known`, only names known to be people (written in the participants, or a
 * common given name) and named teams; without, any capitalised word that is not a thing.
 */
function namesIn(chain: string, known?: ReadonlySet<string>, lowercase: ReadonlySet<string> | undefined = known): string[] {
  const withoutHandles = chain.replace(handlesGlobal, ' ')
  const names: string[] = []
  for (const m of execAll(namesGlobal, withoutHandles)) {
    const first = m[0].split(/\s/)[0]!
    if (/^[A-Z]{2}/.test(m[0])) {
      if (!notTeams.test(m[0])) names.push(m[0])
      continue
    }
    if (/^[a-z]/.test(m[0]) || / (?:TSC|TAC|WG|SIG|team|staff|stewards|maintainers|members|chairs)(?: (?:members|leads|chairs))?$/.test(m[0])) {
      if (/\s/.test(m[0]) && !notTeams.test(first) && !notNames.has(first[0]!.toUpperCase() + first.slice(1))) names.push(m[0])
      // `All TAC members to preread …`: the team without the word that quantifies it.
      else if (/^(?:[Aa]ll|[Tt]he)\s+[A-Z]{2,6}\b/.test(m[0])) names.push(m[0].replace(/^\S+\s+/, ''))
      continue
    }
    // `CRob`: two capitals then lowercase is a nickname, when the meeting writes it as a person.
    if (/^[A-Z]{2}[a-z]/.test(first) && !(known ?? lowercase)?.has(first)) continue
    if (notName(first, known ?? lowercase) || notPeople.has(first) || (/[A-Z]{2}/.test(m[0]) && !/^[A-Z]{2}[a-z]+$/.test(first)) || imperative.test(first) || nounish.test(first)) continue
    if (known && !givenLike(first) && !known.has(first) && !known.has(m[0])) continue
    names.push(m[0])
  }
  for (const word of withoutHandles.split(/\s*(?:,|&|\+|\/|\band\b|\bund\b|\bor\b)\s*/)) {
    // A lowercase name as the participants write it (`niko`, `scott`), or initials the meeting defines (`IP`).
    // (Not initials that spell a word of the trade, `CI will run the suite`, though the meeting gives them to someone.)
    if (lowercase?.has(word.trim()) && /^(?:[a-z]|[A-Z]{2,3}$)/.test(word.trim()) && !notTeams.test(word.trim()) && !names.includes(word.trim())) names.push(word.trim())
  }
  return names
}

/** Words after which a handle is someone mentioned, not someone who owns the task. */
const mentionBefore =
  /(?:\b(?:ask|asks|asking|asked|ping|pings|pinging|pinged|with|from|by|to|invite|invites|inviting|invited|contact|contacts|contacting|cc|thanks|thank|via|inform|informs|informing|tell|tells|telling|mention|mentioned|notify|sync|syncing|talk|talking|reach|reaching|reached|per|of|about|like|see|suggested|proposed|input|feedback|supported|support|help|helped|helping|involve|involving|include|including|loop in|cf|re)\b[\s:]*(?:\([^)]*\)\s*)?|\bout\s+|\bw\/\s*)(?:@[\w.-]+\s*(?:,|&|\band\b|\bor\b)\s*)*$/i

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
  /^(?:be|not|never|join|attend|participate|take part|miss|have|also be|probably be|likely be|then be|stay|remain|leave(?! (?:a |the )?(?:comments?|note|review)\b)|present at|visit|talk at|speak at|give a talk|be absent|come|return|continue to be|get(?!\s+(?:(?:a|an|two|three|some|more|new|fresh|further)\s+)?(?:prices?|quotes?|quotations?|estimates?)\b)|moderate|facilitate|chair|host|take (?:the )?minutes|take notes|scribe|be the scribe|be sponsor|talk about|speak about|present (?:on|about|at)|give a keynote|be presenting|keynote|represent|present\s+[^.,;()]{1,40}?\s+there)\b/i

/** What an offer or a volunteer takes on when it is only attending (`Dr Ahn offered to come to the February session`): no work (`… to come along and run the demo` is). */
export const attending = /^(?:come|join|attend|participate|take part)\b(?!\s+(?:along\s+)?and\s+[a-z])/

export interface Assignment {
  people: string[]
  /** Handed over with an arrow (`-> @x`) rather than said in words (`@x to …`). */
  arrow: boolean
  /** Where the chain of people starts and where the verb phrase (after `to` / `will`) starts. */
  index: number
  rest: number
}

/**
 * Unmarked assignments: `@x to <verb>`, `@x and @y will <verb>`, `Jory takes action to <verb>`, and —
 * only at the start of a sentence or line, right after an arrow, a parenthesis or a dash — `Kurt will
 * <verb>`, `Kurt to <verb>`, `TAC members to <verb>`, `Robin, will <verb>`.
 */
const phrase =
  "will|would|shall|is going to|are going to|wants? to|needs? to|has to|have to|plans? to|offered to|offers to|volunteered to|volunteers? to|agreed to|should|must|takes care(?: of)?|take care(?: of)?|'ll|commits? to|(?:is|are) happy to|happy to|is taking (?:this |it )?(?:forward )?to|takes? (?:an? |the )?action(?: items?)? to|took (?:an? |the )?(?:action(?: items?)?|todo|to-?do) to|ha(?:s|ve) (?:an? |the )?action(?: items?)? to"
const assignmentFor = (people: string) =>
  new RegExp(
    // A name ends where its word does: not `Kai` + `to` in `Kaito is …`.
    `(${people}(?:${joiner}${people})*)(?![\\p{L}\\p{N}_])(?:\\s*\\((?:et al\\.?|[^()@]{0,20})\\))?\\s*(,|:)?\\s*(?:(to)|(${phrase}))\\s+([A-Za-z][\\w-]*(?:\\s+[a-z]+)?)`,
    'gu',
  )
const assignment = assignmentFor(person)
/** With the lowercase names of a meeting's participants (`niko`, `scott`) as people too. */
const withNames = new Map<string, RegExp>()
/** The pattern for each set of known names (asked for every text of a meeting). */
const patternOf = new WeakMap<ReadonlySet<string>, RegExp>()
function assignmentWith(known: ReadonlySet<string>): RegExp {
  let re = patternOf.get(known)
  if (re) return re
  // Lowercase nicknames (`niko`) and initials the meeting defines (`IP`), which `person` does not match.
  const lowercase = [...known].filter((n) => /^(?:[a-z][\w.-]*|[A-Z]{2,3})$/.test(n)).sort()
  const key = lowercase.join('|')
  re = lowercase.length === 0 ? assignment : withNames.get(key)
  if (!re) {
    re = assignmentFor(`(?:${person}|\\b(?:${lowercase.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b)`)
    withNames.set(key, re)
  }
  patternOf.set(known, re)
  return re
}
/** Verbs of work: after `Name will` / `Name to` at the start of a line they make a plain name an owner. */
const taskVerb =
  /^(?:add|do\s+(?:a|an)\b|leave (?:a |the )?(?:comments?|note|review)\b|announce|approve|arrange|ask|book|bring|buy|cancel|check|circle|circulate|clarify|close|collect|comment|compile|confirm|contact|coordinate|create|discuss|document|draft|draw up|drive|edit|email|file|find|finish|fix|follow|handle|implement|investigate|invite|land|lead|look|make|merge|message|move|nominate|notify|open|order|organi[sz]e|own|ping|post|prep|prepare|print|proofread|propose|publish|reach|remove|rename|renew|reply|report|request|review|run|schedule|send|set|share|start|submit|summari[sz]e|take|test|translate|triage|update|work|write)\b/
/**
 * A chain of one to three plain names, each a single capitalised word or a nickname (`Jory`, `Tierney and
 * Sean`, `BatmanAod`): a plural (`Docs`, `Slides`) or a word of the notes is not one.
 */
export function lineNames(chain: string, known: ReadonlySet<string>): boolean {
  const parts = chain.trim().split(/\s*(?:,|&|\band\b)\s*/)
  return (
    parts.length <= 3 &&
    parts.every((p) => /^\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?$/u.test(p) && !/s$/.test(p) && !notName(p, known) && !notPeople.has(p) && !imperative.test(p) && !nounish.test(p) && (known.has(p) || givenNames.has(p) || everydayNames.has(p) || properNoun(p, known) || awayNamed(p, known)))
  )
}

/**
 * `Couldn't make it: Tamsin Hale`, `Apologies: Ewa, Tamsin`: a word the document writes in a line of people away, after
 * its label — a person's name, though not at the meeting (`Tamsin to update the handbook` gives them work all the same).
 */
function awayNamed(word: string, known: ReadonlySet<string>): boolean {
  const doc = documents.get(known)
  if (!doc) return false
  const key = `@away:${word}`
  let named = doc.nouns.get(key)
  if (named === undefined) {
    named = false
    for (let at = doc.text.indexOf(word); at !== -1 && !named; at = doc.text.indexOf(word, at + 1)) {
      if (/[\p{L}\p{N}_]/u.test(doc.text[at + word.length] ?? ' ') || /[\p{L}\p{N}_]/u.test(doc.text[at - 1] ?? ' ')) continue
      const line = doc.text.slice(doc.text.lastIndexOf('\n', at) + 1, at)
      const label = /^([^:\n]{2,40}):(?:[^:\n]*(?:,|&|\band)\s+|[\s*_]*)$/.exec(line)
      named = label !== null && awayGroup.test(label[1]!)
    }
    doc.nouns.set(key, named)
  }
  return named
}

/** The text of the document a set of known names belongs to, and what has been learnt about its words. */
const documents = new WeakMap<ReadonlySet<string>, Document>()
interface Document {
  text: string
  nouns: Map<string, boolean>
  /** The text lowercased, made when first asked for (see `meetingNickname`). */
  lower?: string
  /** Does the text say who is away (`Excused:`, `Regrets:`), in any case? */
  away?: boolean
}
/** Say which document `known` names the people of, so that `properNoun` can read it. */
export function knownIn(known: ReadonlySet<string>, text: string): void {
  // A second set of names for the same text (action-items' second reading) shares what was learnt of its words.
  const nouns = lastDocument?.text === text ? lastDocument.nouns : new Map<string, boolean>()
  lastDocument = {text, nouns}
  documents.set(known, lastDocument)
}
let lastDocument: Document | undefined
const none: ReadonlySet<string> = new Set()

/**
 * A word the document writes as a proper noun: capitalised in the middle of a sentence or alone in a
 * bracket (`for Aeva to seed`, `[Jory]`, `(Jory Doe)`) and nowhere in lowercase but in a mail address
 * or a path (`ilse@example.org`). `Agreed`, `Want`, `Ready` open lines but are written in lowercase
 * elsewhere; a name is not. Read only when asked, for the few words that need it.
 */
function properNoun(word: string, known: ReadonlySet<string>): boolean {
  const doc = documents.get(known)
  if (!doc) return false
  let noun = doc.nouns.get(word)
  if (noun === undefined) {
    noun = writtenAsName(doc.text, word) && !writtenLowercase(doc.text, word.toLowerCase())
    doc.nouns.set(word, noun)
  }
  return noun
}
/** `… for Jory to seed`, `[Jory]`, `(Jory Doe)`: the word after a lowercase word, a digit, `,` or `;`, or alone in a bracket. Found by `indexOf`, not a regular expression over the whole file. */
function writtenAsName(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const end = at + word.length
    const before = text[at - 1]
    if (before === '[' || before === '(') {
      if (/^(?:\s\p{Lu}[\p{L}-]+)?[\])]/u.test(text.slice(end, end + 40))) return true
      continue
    }
    if (/[\p{L}\p{N}_]/u.test(text[end] ?? ' ')) continue
    let i = at - 1
    while (i >= 0 && /\s/.test(text[i]!)) i--
    if (i < at - 1 && i >= 0 && /[\p{Ll}\d,;]/u.test(text[i]!)) return true
  }
  return false
}

/** The word in lowercase as a word of its own (not in a mail address or a path: `ilse@example.org`). */
function writtenLowercase(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (at > 0 && /[\p{L}\d@./_-]/u.test(text[at - 1]!)) continue
    if (/[\p{L}\d@_-]/u.test(text[at + word.length] ?? ' ')) continue
    return true
  }
  return false
}

/** A word that names one of the meeting's people as written, or one of them written in lowercase (`josh` beside `Josh`). */
export function knownInLowercase(word: string, known: ReadonlySet<string>): boolean {
  return known.has(word) || [...known].some((k) => k.toLowerCase() === word)
}

/**
 * A lowercase word the meeting writes as one of its people's nicknames: as a handle (`@rin:matrix.org`,
 * `@rin`) or in a bracket right after a capitalised name (`Mike Kaply (mkaply)`, as attendance lists
 * give chat nicknames), or as a participant's name (`Present: lnowak, jpavlik`). `mkaply: file the bug …` in
 * an action list, `Action: rin to switch …` name them.
 */
export function meetingNickname(word: string, known: ReadonlySet<string>): boolean {
  const doc = documents.get(known)
  if (!doc || !/^[a-z][\w.-]{1,30}$/.test(word)) return false
  // `Present: lnowak, jpavlik, stefan_h`: the attendance lists them by nickname.
  if (known.has(word)) return true
  const key = `@nick:${word}`
  let nick = doc.nouns.get(key)
  if (nick === undefined) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    // Both patterns need the word in the text as written there, in any case: `@word` or `(word)` for the first,
    // the word itself for the second. Tested on the document lowercased once (its `ſ` read as the `s` it matches
    // case-insensitively, the one letter other than ASCII that lowercasing leaves apart), which rules out most
    // words without compiling two patterns and reading the whole document with them.
    const lower = (doc.lower ??= doc.text.toLowerCase().replaceAll('ſ', 's'))
    doc.away ??= /excused|regrets|apologies|absent|away|not present/.test(lower)
    const w = word.toLowerCase()
    // … or among those away (`Excused: mzeman (vacation until 29th)`): a person of the meeting all the same.
    nick =
      ((lower.includes(`@${w}`) || lower.includes(`(${w})`)) && new RegExp(`(?<![\\w.@])@${escaped}(?![\\w-])|\\p{Lu}[\\p{L}'’-]+\\s*\\(${escaped}\\)`, 'iu').test(doc.text)) ||
      (doc.away && lower.includes(w) && new RegExp(`^[\\s*_>-]*(?:excused|regrets|apologies|absent|away|not present)\\b[^:\\n]{0,30}:[^\\n]*(?<![\\w.@-])${escaped}(?![\\w-])`, 'im').test(doc.text))
    doc.nouns.set(key, nick)
  }
  return nick
}

/** Capitalised words that open lines about software, not people. */
const notPeople = new Set('GitHub GitLab Gitea Kubernetes OpenStack Docker Zuul Python Rust Linux Windows Google Microsoft Amazon Zulip Slack Matrix Jenkins Ansible Terraform Helm Gerrit Launchpad Jira Confluence Grafana Prometheus Keystone Nova Neutron Cinder Glance Octavia Ceph Kolla Cargo Clippy Rustc Node Deno Npm Yarn Webpack Chrome Firefox Safari Android Apple Debian Ubuntu Fedora Red Hat CentOS Alpine Renovate Dependabot Travis CircleCI Codecov Sonar Snyk Trivy Cosign Sigstore Rekor Fulcio Scorecard Discord Zoom Meet Teams Outlook Gmail Twitter Mastodon LinkedIn YouTube Everyone Nobody Somebody Anyone'.split(' '))
/** Cheap test before the expensive one: no linking word, no assignment. */
const assignmentHint = /\b(?:to|will|shall|should|must|going|wants?|needs?|has|have|plans?|offered|volunteered|agreed|takes?|took|commits?)\b|'ll/i
/** What may come before a plain name that owns a task: the start of a sentence or line, an arrow (after other words too: `… broken again → Dmitri to open …`), a parenthesis, a dash, `that`, a clause's `but` (`Nothing to decide, but Gwen will …`). */
const beforeName = /(?:^|[.;!?]\s+|\n|,\s+|(?:^|\n|,\s+)but\s+|[([]\s*|\)\s+|\bthat\s+|\s[-–—]\s+|\s(?=-+>|=+>|→|⇒)|^\W*(?:[Oo]ngoing|[Pp]ending|[Oo]pen|[Nn]ew|[Rr]ecurring|[Cc]arried(?: over| forward)?|[Ss]till open|[Ii]n progress|[Ff]ollow[- ]?up)\s*:\s+)(?:[\s(\[*_>•·-]|->|=>|→|⇒|\p{Extended_Pictographic})*$/u
/** After a label of the line (`Blog post: Kateryna will draft`, `2021-05-11: Felix to ask …`): a participant or a given name only, not a body (`SCS: standardize …`). */
const labelBefore = /^[^:\n]{2,80}:\s+(?:[\s(\[*_>•·-]|->|=>|→|⇒)*$/
/** `Proposal: assign to Niko to review …`, `assigned Dana to draft …`: the word that gives the person after it the work. */
const assignedTo = /\bassign(?:s|ed|ing)?\s+(?:(?:it|this|that|them)\s+)?(?:to\s+)?$/i
/** Phrases that say it on purpose: any capitalised name counts (`Jory took action item to …`). */
const explicit = /^(?:commits? to|takes? |took |ha(?:s|ve) (?:an? |the )?action|is taking|volunteer)/i

/** Assignments found per set of known names and text; a set made by `knownWith` reuses its base's for a text that names none of the added. */
const found = new WeakMap<ReadonlySet<string>, Map<string, Assignment[]>>()
const extended = new WeakMap<ReadonlySet<string>, {base: ReadonlySet<string>; added: string[]}>()

/** `known` and more names: a second reading of a meeting with the doers it found (see plugin.ts). */
export function knownWith(known: ReadonlySet<string>, added: Iterable<string>): ReadonlySet<string> {
  const names = [...added]
  const more = new Set([...known, ...names])
  extended.set(more, {base: known, added: names.map((n) => n.toLowerCase())})
  return more
}

export function assignmentsIn(text: string, known: ReadonlySet<string> = new Set()): Assignment[] {
  if (!assignmentHint.test(text)) return []
  let cache = found.get(known)
  if (!cache) found.set(known, (cache = new Map()))
  let out = cache.get(text)
  if (out) return out
  const ext = extended.get(known)
  if (ext) {
    const lower = text.toLowerCase()
    if (!ext.added.some((name) => lower.includes(name))) out = found.get(ext.base)?.get(text)
  }
  out ??= findAssignments(text, known)
  cache.set(text, out)
  return out
}

/** Does `text` open with a verb of work, in the base form or the third person (`write …`, `writes the advisory`)? */
export function workVerbAt(text: string): boolean {
  // (Not who holds something: `owns the key`.)
  if (/^owns?\b/.test(text)) return false
  if (taskVerb.test(text)) return true
  const verb = /^[a-z]+(?=\s|$)/.exec(text)?.[0]
  if (!verb || !verb.endsWith('s')) return false
  const rest = text.slice(verb.length)
  return [verb.slice(0, -1), verb.replace(/es$/, ''), verb.replace(/ies$/, 'y')].some((base) => base !== verb && taskVerb.test(base + rest))
}

/** A meeting's roles after `to`: `Lukas to chair`, `Jae-hyun to scribe`, `ayoshida to take notes`. */
const roleVerb = /^(?:chair|co-?chair|scribe|moderate|host|facilitate|minute|take\s+(?:the\s+)?(?:minutes|notes))\b/

function findAssignments(text: string, known: ReadonlySet<string>): Assignment[] {
  const out: Assignment[] = []
  for (const m of execAll(assignmentWith(known), text)) {
    const chain = m[1]!
    const index = m.index
    // Read with what follows: `@priyanka.dev will …` is a handle where `@example.dev` alone is a domain
    // (the next few words are enough: the whole rest of a long text, read for each match, was not).
    const handles = findHandles(text.slice(index, index + chain.length + 40)).filter((h) => h.end <= chain.length)
    const [, , separator, to, said, verb = ''] = m
    if (to && !/^[a-z]/.test(verb)) continue
    // `to do` is a marker or a list of things to do; `Sean to do a recording`, `tjark and pelle to do the installation` are tasks.
    if (to && /^(?:be|the|a|an|do(?!\s+(?:a|an|the)\b)|this|that|it|all|some|serve|act|become|join|remain|stay)\b/.test(verb)) continue
    // `Lukas to chair, Jae-hyun to scribe` (next time): a meeting's roles, not tasks.
    if (to && roleVerb.test(verb)) continue
    // The exclusions are phrases (`will continue to be`): test them on the text, not the captured words.
    if (said && /^(?:will|shall|should|must|'ll)$/i.test(said) && willNot.test(text.slice(m.index + m[0].length - verb.length))) continue
    if (said && /^be\b/.test(verb)) continue
    // `@oleg.t: should the fix go into 3.7 too?`, `@x will this break …?`: a modal before its subject asks a question.
    if (said && /^(?:will|would|shall|should|must)$/i.test(said) && /^(?:the|a|an|this|that|these|those|it|we|you|they|he|she|i|there|anyone|someone|everyone|our|my|your|their)\b/i.test(verb)) continue
    if (said && /^(?:offer|volunteer)/.test(said) && attending.test(text.slice(m.index + m[0].length - verb.length))) continue
    // `@kwame (async): happy to take the three media icons`: the note-taker's record of an offer, after the
    // person and a colon, for a verb of work (`Dana: I'm happy to …` stays dialog).
    if (said === 'happy to' && (separator !== ':' || !taskVerb.test(text.slice(m.index + m[0].length - verb.length)))) continue
    // (`assign to Niko to review …`, `assign @x to draft …`: the person given the work, not mentioned.)
    const assigned = text.includes('ssign') && assignedTo.test(text.slice(Math.max(0, index - 30), index))
    if ((isMentioned(text, index) && !assigned) || (said === 'would' && handles.length > 0 && !/\bthat\s+$/.test(text.slice(0, index)))) continue
    let people = handles.map((h) => h.handle)
    // `TAC agreed to share it with the PPC`: what a body agreed is its decision, not a task.
    if (people.length === 0 && said === 'agreed to' && /^(?:[Tt]he\s+)?(?:[A-Z]{2,6}\b|[\w-]+\s+(?:TSC|TAC|WG|SIG|team|staff|stewards|maintainers|members|chairs)\b)/.test(chain.trim())) continue
    if (people.length === 0) {
      const before = text.slice(0, index)
      // `Name: I want to …` is what someone said; `TAC needs to …` a necessity, not an assignment.
      // `Jory needs to send …` gives a participant a task; `TAC needs to …`, `Someone needs to …` is a necessity.
      const needs = said !== undefined && /^needs? to$/i.test(said) && !(said === 'needs to' && !separator && known.has(chain.trim()) && /(?:^|\n)(?:[\s(\[*_>•·-])*$/.test(before))
      // `Jory: will confirm with Toby`, like `Kris - will send an email`: the note-taker's record of a
      // commitment (a name, a colon, *will* and a verb of work); `scott: I'll take that` stays dialog.
      const committed = separator === ':' && (said === 'will' || said === 'happy to') && taskVerb.test(verb) && /(?:^|\n)(?:[\s(\[*_>•·-])*$/.test(before)
      const afterLabel = !beforeName.test(before) && labelBefore.test(before)
      if ((separator === ':' && !committed) || needs || !(afterLabel || assigned || beforeName.test(before)) || !/^[a-z]/.test(verb)) continue
      // `would` is a reported `will` only in what was agreed: `It was agreed that Ben would ask …`.
      if (said === 'would' && !/\bthat\s+$/.test(before)) continue
      // A plain name owns a task only where a person is plausible: right after an arrow, said on purpose,
      // a known name, or any name opening a line with a verb of work after it (`Centril will make a PR`).
      // `Jory to create a repo`, `Tierney and Sean to do a recording`: names opening a line with `to` and a verb of work.
      // (`Looking to enable it for our projects, Tierny is going to look into a partnership`: a clause after a comma opens
      // as a line does, for a name the file writes as one — a participant, a common given name, a proper noun never written
      // in lowercase — with *will* or *is going to*.)
      const lineStart =
        (said !== undefined ? /^(?:will|is going to)$/i.test(said) && !/\s/.test(chain.trim()) : to !== undefined && lineNames(chain, known)) &&
        (/(?:(?:^|\n)(?:[\s(\[*_>•·-]|->|=>|→|⇒)*|\(\s*)$/.test(before) || (said !== undefined && /[\p{L}\p{N})],\s+$/u.test(before) && lineNames(chain, known))) &&
        taskVerb.test(text.slice(m.index + m[0].length - verb.length)) &&
        !/\?\s*$/.test(text)
      // (An arrow after other words, `Reevaluate -> Attempt to align …`, is loose only for the meeting's people.)
      const arrowAfterWords = /[\p{L}\p{N})][ \t]*(?:-+>|=+>|→|⇒)\s*$/u.test(before)
      const loose = (/(?:-+>|=+>|→|⇒)\s*$/.test(before) && !arrowAfterWords) || (said !== undefined && explicit.test(said)) || lineStart
      people = namesIn(chain, loose ? undefined : known, known)
      // `CNI must support …`, `CSP has to provide …`, `UNICC wants to …`: a requirement or a wish of a thing,
      // a task only of a person (a participant or a given name).
      if (said !== undefined && /^(?:must|ha(?:s|ve) to|wants? to)$/i.test(said) && !people.every((p) => known.has(p) || givenNames.has(p.split(' ')[0]!))) continue
      if (people.length === 0) continue
      if (afterLabel && !people.every((p) => known.has(p) || givenNames.has(p.split(' ')[0]!))) continue
      // (After such an arrow, `Fortran -> Julia to make it faster`, `Bob -> Alice to cover the holidays` rename or
      // replace: only the meeting's own people, and a verb of work.)
      if (arrowAfterWords && !(people.every((p) => known.has(p)) && taskVerb.test(text.slice(m.index + m[0].length - verb.length)))) continue
    } else if (namesIn(chain).length > 0) {
      // `Thanks Kurt and @x to …`: handles decide, a leading capitalised word is not part of the chain.
      // `Priya and @jdelacroix to collect …`, `@x and Priya to …` opening a sentence: a chain of handles and names
      // the meeting knows (a participant or a common given name) is all of them.
      const parts = chain.trim().split(/\s*(?:,|&|\+|\band\b)\s*/)
      const named = (p: string): boolean => findHandles(p).length === 1 || known.has(p) || (!/\s/.test(p) && givenNames.has(p))
      if (parts.length > 1 && parts.every(named) && beforeName.test(text.slice(0, index))) people = parts.map((p) => findHandles(p)[0]?.handle ?? p)
      else if (!/^\s*@/.test(chain)) people = handles.map((h) => h.handle)
    }
    // `(Lorenzo, wants to see the interaction first)`, `Mike/Myles want to avoid …`, `@x wants to understand …`: a wish
    // or a view, not work (`Lea wants to ship …`).
    if (said !== undefined && /^wants? to$/i.test(said) && /^(?:see|know|hear|understand|avoid|wait|learn|think|believe|keep|stay|hold|be|have)\b/.test(verb)) continue
    // `Team IaaS and @x to test …`: a team joined to the handles does it with them.
    // (Read before the first handle: `Team Network and @x` may be read as a chain of a name and a handle.)
    const team = handles.length > 0 && /\b(?:Team|SIG|WG)\s/.test(text) ? teamJoined.exec(text.slice(0, index + handles[0]!.index)) : null
    if (team) people = [team[1]!, ...people]
    // `Adrian is taking this forward to establish meetings`: taking it on is the commitment, kept in the task's words (as
    // `takes this on` keeps its verb; `takes action to land`, whose *action* marks a task, gives `land`).
    const taking = said !== undefined && /^is taking\b/i.test(said) ? m[0].lastIndexOf(said) + 3 : -1
    out.push({people, arrow: false, index: team ? team.index + team[0].indexOf(team[1]!) : index, rest: m.index + (taking !== -1 ? taking : m[0].length - verb.length)})
  }
  if (/\b(?:TSC|TAC|WG|SIG|team|staff|stewards|maintainers|members|chairs|leads)\s+(?:to|will|is|are)\b/.test(text)) {
    for (const m of execAll(namedTeam, text)) {
      const team = namesIn(m[1]!)
      const index = m.index + m[0].indexOf(m[1]!)
      if (team.length === 0 || /^(?:be|the|a|an|this|that|these|those|it|all)$/.test(m[2]!) || out.some((a) => a.index <= index && index < a.rest)) continue
      out.push({people: team, arrow: false, index, rest: m.index + m[0].length - m[2]!.length})
    }
    out.sort((a, b) => a.index - b.index)
  }
  if (/\b(?:Team|SIG|WG)\s+[A-Z][\w-]*\s+(?:to|will|should)\s/.test(text)) {
    for (const m of execAll(teamNamed, text)) {
      const index = m.index + m[0].indexOf(m[1]!)
      const rest = m.index + m[0].length - m[2]!.length
      const work = text.slice(rest)
      if (!(taskVerb.test(work) || imperative.test(work)) || /^(?:take place|move (?:to|from|back)|start (?:at|on|in)|begin)\b/.test(work) || willNot.test(work) || /^[^.;!?\n]*\?/.test(work) || out.some((a) => a.index <= index && index < a.rest)) continue
      out.push({people: [m[1]!], arrow: false, index, rest})
    }
    out.sort((a, b) => a.index - b.index)
  }
  if (text.includes(' will ') && /(?:\b[A-Z]{1,5}C|WG|SIG|IESG|IAB|[Cc]hairs|[Mm]aintainers|[Ee]ditors|[Oo]rgani[sz]ers|[Bb]oard|[Cc]ouncil|[Cc]ommittee|[Tt]eam)\s+will\s/.test(text)) {
    for (const m of execAll(bodySubject, text)) {
      const index = m.index + m[0].indexOf(m[1]!)
      const rest = m.index + m[0].length - m[2]!.length
      // A commitment to work (`will run`, `will reach out`), not what will happen (`will meet`, `will be`), nor a question.
      if (notTeams.test(m[1]!) || !taskVerb.test(text.slice(rest)) || willNot.test(text.slice(rest)) || /^[^.;!?\n]*\?/.test(text.slice(rest))) continue
      // (`The TSC will review …` may be found as a named team already: the same words, one task.)
      if (out.some((a) => a.index < rest && index < a.rest)) continue
      out.push({people: [m[1]!], arrow: false, index, rest})
    }
    out.sort((a, b) => a.index - b.index)
  }
  // `The Chair agreed to take this forward with the Secretariat`: one office holder, not a body, takes work on.
  if (officeHint.test(text)) {
    for (const m of execAll(officeHolder, text)) {
      const index = m.index + m[0].indexOf(m[1]!)
      const rest = m.index + m[0].length - m[2]!.length
      // (The verbs of a named person's task: `The Chair will get prices.`)
      const work = text.slice(rest)
      if (!(taskVerb.test(work) || imperative.test(work)) || willNot.test(work) || out.some((a) => a.index <= index && index < a.rest)) continue
      out.push({people: [m[1]!], arrow: false, index, rest})
    }
    out.sort((a, b) => a.index - b.index)
  }
  // Where a line names people by handle, its lowercase words are not people (`aov, sxperts to test … (AI @x)`).
  if ((/^[\s*_>•·-]*[a-z]/m.test(text) || /[,;.]\s+[a-z]/.test(text)) && !text.includes('@')) {
    for (const a of lowercaseAssignments(text, known)) if (!out.some((b) => b.index <= a.index && a.index < b.rest)) out.push(a)
    out.sort((a, b) => a.index - b.index)
  }
  return out
}

/** Lowercase words that open a clause before `to`/`will` and are not people. */
const notHandles = new Set(
  (
    'we you they he she it this that these those there here someone somebody everyone everybody anyone nobody all both each ' +
    'others folks people team teams members maintainers reviewers owners authors users docs doc tests test bugs issues prs ' +
    'items tasks changes things work next then also and or not now need needs plan want try how what who which one ' +
    'nothing anything something time decision consensus proposal question summary note notes action'
  ).split(' '),
)
/**
 * `pnkfelix, cramertj, scottmcm to take …`, `rylev + scottmcm will discuss …`: two or more lowercase
 * nicknames joined by commas, `+` or `&`, opening a line or clause, before `to`/`will` and a verb of
 * work. Joined by `and` (`bugs and docs to fix`) only when one of them is a participant; one alone
 * (`mark will post …`) only when it is a participant's name in lowercase.
 */
const lowercaseChain = /(?:^|\n|[.;!?]\s+|,\s+)[\s*_>•·-]*([a-z][a-z\d_-]{2,30}(?:\s*(?:,|\+|&|\band\b)\s*[a-z][a-z\d_-]{2,30}){0,5})\s+(?:to|will)\s+(?=[a-z])/g
function lowercaseAssignments(text: string, known: ReadonlySet<string>): Assignment[] {
  const out: Assignment[] = []
  for (const m of execAll(lowercaseChain, text)) {
    const rest = m.index + m[0].length
    // (`rgallo to chair, ayoshida to take notes`: the next meeting's roles, as with names.)
    if (!taskVerb.test(text.slice(rest)) || (/\sto\s+$/.test(m[0]) && roleVerb.test(text.slice(rest)))) continue
    const chain = m[1]!
    const names = chain.split(/\s*(?:,|\+|&|\band\b)\s*/)
    if (names.some((n) => notHandles.has(n) || imperative.test(n) || /^(?:will|would|shall|should|must|can|could|may|might)$/.test(n))) continue
    // (No handle can be among them: the caller reads only lines without one.)
    const person = (n: string) => knownInLowercase(n, known)
    if (names.length === 1 ? !person(names[0]!) : /\band\b/.test(chain) && !names.some(person)) continue
    out.push({people: names, arrow: false, index: m.index + m[0].indexOf(chain), rest})
  }
  return out
}

/** A person opening a sentence, and a later `will` or an offer of the same sentence. */
const laterWill = /(?:^[\s*_>•·-]*|[.!?;]\s+)(\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)\s+(?!will\b|to\b|would\b|should\b|offer(?:ed|s)\b|volunteer(?:ed|s)\b)[a-z][^.;:!?()\n]{0,80}?(?:,\s*|\s+and\s+)(?:will|offer(?:ed|s) to|volunteer(?:ed|s) to)\s+([a-z])/u
/** `Jory have already worked on this, have a spreadsheet … (will provide the link)`: a parenthesis in the first sentence of an item, its doer the name opening it. */
const parenWill = /^[\s*_>•·-]*(\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)\s+(?!will\b|to\b|would\b|should\b)[a-z][^.;:!?()\n]*?\s\(\s*will\s+([a-z])/u
/**
 * `Tobie has comments and will swing back …`, `Niko started on the board, will try to finish it`, `Jun has three of
 * the boards and offered to test 5141`, `Ben has a car and offers to take the trailer`: a person opening a sentence does what follows a later `will` (or an offer)
 * of the same sentence, or a parenthesis that opens with `will` (`Jory has a spreadsheet … (will provide the link)`). The person is a known or common given name, or a word the file writes as a proper noun — or,
 * opening the item with a verb of work after `will`, any capitalised name.
 */
export function laterClause(text: string, known: ReadonlySet<string>): Assignment | null {
  if (!/\b(?:will|offer(?:ed|s) to|volunteer(?:ed|s) to)\s/.test(text)) return null
  const m = laterWill.exec(text) ?? (text.includes('(') ? parenWill.exec(text) : null)
  if (!m || willNot.test(text.slice(m.index + m[0].length - 1))) return null
  // (An offer for work named, `offered to test 5141`; not a report, `followed up with Marcin, offered to help out`, `met
  // the maintainer in March and offered to review …`.)
  if (/(?:offer(?:ed|s)|volunteer(?:ed|s)) to\s+[a-z]$/.test(m[0]) && (!taskVerb.test(text.slice(m.index + m[0].length - 1)) || /^\s*(?:\w+ed|met|had|was|were|went|said|told|took|made|got|gave|came|saw|spoke|wrote)\b/.test(m[0].slice(m[0].indexOf(m[1]!) + m[1]!.length)))) return null
  const name = m[1]!
  const first = name.split(' ')[0]!
  const rest = m.index + m[0].length - 1
  // Opening the item with a verb of work after `will`, any name does, as in `Centril will make a PR` (`Niko started
  // playing with projects, will try to finish the write-up`, where the file writes Niko only as a speaker).
  const opening = m[0].indexOf(name) === /^[\s*_>•·-]*/.exec(text)![0].length && name === first && /(?:,\s*|\s+and\s+)will\s+[a-z]$/.test(m[0])
  // (The name must be the sentence's subject: a report of what it did follows, `Niko started …`; not `Has been raised …, will …`,
  // `Discussed last time, will …`, `In project form, will …`.)
  const reported = /^\s+(?:[a-z]{2,}ed|began|did|made|wrote|took|sent|got|gave|found|met|ran|built|spoke|put)\s/.test(m[0].slice(m[0].indexOf(name) + name.length))
  const loose = opening && reported && !/(?:ed|ing)$/.test(first) && taskVerb.test(text.slice(rest).replace(/^try to\s+/, '')) && namesIn(first).length === 1
  if (!(loose || known.has(name) || known.has(first) || (givenNames.has(first) && !notName(first, known)) || lineNames(first, known))) return null
  return {people: [name], arrow: false, index: m.index + m[0].indexOf(name), rest}
}

/** A speaker's remark (a name and a comma or a colon), then a later sentence opening with `Will` (group 2: the verb's first letter). */
const speakerWill = /^[\s*_>•·-]*(\p{Lu}\p{Ll}+)\s*[,:]\s+[^.!?\n]{1,120}[.!]\s+Will\s+([a-z])/u
/**
 * `Brian, have not heard any objections.  Will send email to the board …`, `Michael: Not yet. Will create the PR.`: a
 * transcript's speaker (a participant or a common given name) whose next sentence, without a subject, says what they
 * will do — a verb of work (not `Will require charter changes`, `Will be done soon`, `Will this break …?`).
 */
export function speakerClause(text: string, known: ReadonlySet<string>): Assignment | null {
  const m = text.includes('Will ') ? speakerWill.exec(text) : null
  if (!m) return null
  const rest = m.index + m[0].length - 1
  const name = m[1]!
  if (!taskVerb.test(text.slice(rest)) || willNot.test(text.slice(rest)) || !(known.has(name) || (givenNames.has(name) && !notName(name, known)))) return null
  return {people: [name], arrow: false, index: m.index + m[0].indexOf(name), rest}
}

/** `-> @x`, `=> @x, @y`, `→ (@x)`: an arrow handing something to people. Not `@a -> @b` (a hand-over). */
// `-> @x`, `=> DesignDocs (@x)`, `-> Container pieces: @x`: handles within a short clause after the arrow.
const arrow = new RegExp(`(?:-+>|=+>|→|⇒)\\s*((?:[^@>()\\n]{0,30}?[:(]\\s*)?\\(?\\s*)(${handleSource}(?:${joiner}${handleSource})*)`, 'gu')
const endsInHandle = new RegExp(`${handleSource}\\)?$`, 'u')

export function arrowsIn(text: string): Assignment[] {
  const out: Assignment[] = []
  if (!/[>→⇒]/.test(text) || !text.includes('@')) return out
  for (const m of execAll(arrow, text)) {
    const before = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index).trimEnd()
    if (endsInHandle.test(before)) continue
    if (mentionBefore.test(m[1]!)) continue
    const people = findHandles(m[2]!).map((h) => h.handle)
    out.push({people, arrow: true, index: m.index, rest: m.index + m[0].length})
  }
  return out
}


/** Verbs of work, whose present tense (`drafts`, `opens`, `reviews`; a treasurer's `banks`, `pays`, `refunds`) says what someone does next. */
const presentBase =
  'add announce arrange bank book build buy check collect configure contact coordinate create cut deploy document draft edit email file finish fix follow up handle implement install investigate invite invoice land look into merge message open order organise organize pay pick up ping place post prepare print publish reach out refund reimburse release review run schedule send set up share split submit summarise summarize tag test translate triage update upload write'
const thirdPerson = (verb: string): string => verb.replace(/^(\S+)/, (w) => (/(?:s|sh|ch|x|z)$/.test(w) ? `${w}es` : /[^aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`))
const presentOne = presentBase.split(' ').reduce<string[]>((out, w, i, all) => {
  // (Two-word verbs: `follow up`, `look into`, `pick up`, `reach out`, `set up`.)
  if (/^(?:up|into|out)$/.test(w)) return out
  out.push(/^(?:up|into|out)$/.test(all[i + 1] ?? '') ? thirdPerson(`${w} ${all[i + 1]}`) : thirdPerson(w))
  return out
}, [])
/** `takes the ghc review`, `takes this on`, `picks it up`: taking a task on, wherever the notes say it (not `takes notes`). */
const takingOn = /^(?:takes\s+(?!(?:notes|the minutes|minutes|part|place|time|long|a while|a break|the floor|the view|the position)\b)(?:on\s+|over\s+)?(?:the|this|that|it|care|a look|ownership)\b|picks\s+(?:up|it up|this up|that up)\b)/
const presentVerb = new RegExp(`^(?:${presentOne.join('|')})(?![\\p{L}-])`, 'u')
/** The same verbs after two people (`Lukas + Sofía update the slides`). */
const presentPlural = new RegExp(`^(?:${presentBase.replace(/ (up|into|out)\b/g, '\u0000$1').split(' ').map((w) => w.replace('\u0000', ' ')).join('|')})(?![\\p{L}-])`, 'u')
const presentSubject = new RegExp(
  `(?:^|\\n|[.;!?]\\s+|(,\\s+)|\\s(?=-+>|=+>|→|⇒))[\\s*_>•·\\[\\]x-]*(?:(-+>|=+>|→|⇒)\\s*)?((?:${handleSource}|\\p{L}[\\p{L}\\d_'’-]*)(?:\\s*(?:,|&|\\+|\\band\\b)\\s*(?:${handleSource}|\\p{L}[\\p{L}\\d_'’-]*))?)(?:\\s*\\([^()@]{1,20}\\))?\\s+(?=[a-z])`,
  'gu',
)
/**
 * A time still to come (`this week`, `by Friday`, `before the 14th`, `within four weeks`, `before the next call`, `after the
 * call`, `before the routers arrive`): beside a verb of work in the present it says what someone will do, where the present otherwise narrates
 * the meeting.
 */
const futureTime =
  /(?<!\b(?:for|of|from|since|about|on|in|than|during)\s)\b(?:(?:this|next|the coming) (?:week|month|sprint|weekend)(?!['’]s)|(?:on|this|next|this coming) (?:mon|tues|wednes|thurs|fri|satur|sun)day(?!s|['’]s)|tomorrow|tonight|asap|in (?:january|february|march|april|june|july|august|september|october|november|december)(?! \d{4}\b)|(?:by|before) (?:(?:the )?(?:next|coming|following) (?:call|meeting|week|month|sprint|release)|(?:the )?end of (?:the )?(?:week|month|day|sprint)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|eod|eow|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}\b|\d{4}-\d{2}-\d{2}|the \d{1,2}(?:st|nd|rd|th)\b)|after (?:the |this |today['’]s )?(?:call|meeting|sync)(?! (?:notes|minutes|recording))|within (?:the next |a |an |one |two |three |four |\d+ )?(?:days?|weeks?|months?)|before (?:the |our |its |their )[\w-]+(?: [\w-]+)? (?:arrives?|starts?|begins?|ships?|opens?|goes live|go live))\b/i
/** A name set off by commas inside a clause (`her first dog, Moss, on Saturday`, `the adopters, Ana and Raul, their papers`). */
const appositiveName = /,\s+\p{Lu}[\p{L}'’.-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}'’.-]*){0,3},/gu
/** Does the text open with a verb of work in the present (`picks up the lamp`, `prints the flyers`)? */
export function presentWorkAt(text: string): boolean {
  return presentVerb.test(text)
}
/** A cheap test: a verb of work in the present somewhere in the text. */
const presentHint = new RegExp(`\\s(?:${presentOne.join('|')}|takes|picks)\\b|\\s\\+\\s`)

/** A verb of work in the present and a time still to come: a line that may give a task said in the present. */
export function presentSoon(text: string): boolean {
  return futureTime.test(text) && presentHint.test(text)
}

/** Does `at` go on, in the same sentence, from a task given with `will` / `to` before it? */
function goesOnFrom(given: readonly Assignment[], text: string, at: number): boolean {
  return given.some((a) => !a.arrow && a.rest < at && /^[^.;!?\n]*$/.test(text.slice(a.rest, at)))
}

/**
 * Tasks said in the present, as what someone does next: `lnowak takes the ghc review`, `Renée takes this
 * on` (taking a task on, wherever it is said), and — after an arrow, in a task-list box or an action
 * section (`anyVerb`) — any verb of work: `→ @bazevedo opens the PR today, @elifk reviews`, `- [ ] Renée
 * drafts the grant application`. The subject is a handle, a participant, a common given name or a
 * nickname the meeting writes as its people's; the task's text keeps its verb. Not a report (`drafted`,
 * `is working on`), nor a thing (`CI passes`).
 */
export function presentTasks(text: string, known: ReadonlySet<string>, anyVerb = false, given: readonly Assignment[] = []): Assignment[] {
  const out: Assignment[] = []
  // Outside an action section or a box, only taking a task on, an arrow, a clause after a `will` / `to` task, or
  // a time still to come in the sentence can give one.
  // (The time is looked for only where nothing else opens the way: most lines have none.)
  let soon = false
  if (!anyVerb && given.length === 0 && !/\b(?:takes|picks)\b|-+>|=+>|→|⇒/.test(text) && !(soon = futureTime.test(text))) return out
  // (A line with a `will` / `to` task may plan in the present in a later sentence: `Owen will keep him. Leah collects her dog on Saturday.`)
  if (given.length > 0 && !anyVerb) soon = futureTime.test(text)
  // (`Nadia and Priya review …`: two people and a verb in the plural, which the hint of the singular does not see.)
  if (!presentHint.test(text) && !/\s(?:and|&)\s/.test(text)) return out
  // `@rafa will write the post, @wren reviews it`: a clause after a task given with `will` / `to` goes on from it.
  let chained = -1
  for (const m of execAll(presentSubject, text)) {
    const [, comma, arrowed, chain] = m
    const index = m.index + m[0].lastIndexOf(chain!)
    const at = m.index + m[0].length
    const verb = text.slice(at)
    // `, @elifk reviews` goes on from a task just read on the same line; any other comma is inside a sentence.
    const goesOn = comma !== undefined && (chained === m.index || goesOnFrom(given, text, m.index))
    if (comma && !goesOn) continue
    // `Mehmet sends the protocol to all members within four weeks`: a time to come makes the present a plan.
    // (In the verb's own clause, not a habit, and not the meeting's own narration: `Carla shares her screen …`,
    // `Ana summarizes …`, `… updates us on …`.)
    // (A name set off by commas goes on with the clause: `collects her first dog, Moss, on Saturday`.)
    const own = soon ? /^[^.;!?,\n]*/.exec(verb.replace(appositiveName, ' '))![0] : ''
    const loose = anyVerb || arrowed !== undefined || goesOn || (soon && futureTime.test(own) && !/\b(?:every|always|usually|as usual)\b/i.test(own) && !/^(?:shares|summari[sz]es|presents|updates us|reviews what|walks|builds on|splits (?:his|her|their|its|the) time)\b/.test(verb))
    const parts = chain!.split(/\s*(?:,|&|\+|\band\b)\s*/)
    if (!(takingOn.test(verb) || (loose && (presentVerb.test(verb) || (parts.length > 1 && presentPlural.test(verb)))))) continue
    const isPerson = (p: string): boolean =>
      findHandles(p).length === 1 ||
      (!notHandles.has(p.toLowerCase()) && !notPeople.has(p) && !notName(p, known) && (known.has(p) || (/^\p{Lu}/u.test(p) ? lineNames(p, known) : meetingNickname(p, known))))
    if (!parts.every(isPerson)) continue
    const people = parts.map((p) => findHandles(p)[0]?.handle ?? p)
    const end = (/^[^.;!?\n]*/.exec(verb)?.[0].length ?? 0) + at
    out.push({people, arrow: false, index, rest: at})
    // The next clause may go on after a comma: `…, @elifk reviews`.
    const comma2 = text.slice(at, end + 1).search(/,\s+\S/)
    chained = comma2 === -1 ? -1 : at + comma2
  }
  return out
}
