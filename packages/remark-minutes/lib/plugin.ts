import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {parse as parseYaml} from 'yaml'
import {fileNameDate, findDate} from './date.ts'
import {collectActionItems} from './action-items.ts'
import {agendaTopics, botTopics, sectionListTopics} from './agenda.ts'
import {collectDecisions} from './decisions.ts'
import {boldTopics, collectHeadings, topicsOf, type HeadingInfo} from './headings.ts'
import {collectLinks} from './links.ts'
import {cleanTitle, execAll} from './text.ts'
import {everydayNames, givenNames} from './given-names.ts'
import {relativePath, seriesOf} from './location.ts'
import {meetingDate} from './meeting-date.ts'
import {splitMeetings, type Segment} from './meetings.ts'
import {notMinutesByContent, notMinutesByName} from './not-minutes.ts'
import {collectParticipants, nicknames} from './participants.ts'
import {knownIn, knownWith, nameTitles} from './people.ts'
import type {Minutes, Participant, Topic} from './types.ts'
import {collectUnits} from './units.ts'
import {readWords, vocabulary, type Vocabulary, type Words} from './vocabulary.ts'

declare module 'vfile' {
  interface DataMap {
    /** One record per meeting in the file; none for a file that is not minutes. */
    minutes: Minutes[]
    /** Why the file is not minutes, when it is not. */
    notMinutes: string
  }
}

export interface Options {
  /**
   * Also recognise unmarked tasks (`@x to <verb>`, `-> @x`, `Kurt will …`), not only marked ones
   * (`AI @x`, `ToDo:`, task lists). Default `true`.
   */
  unmarked?: boolean
  /**
   * How the series is read from a file's path (relative to the root): a regular expression whose first
   * capture group is the series. Default: the folder holding the file, year folders skipped.
   */
  series?: RegExp | string | null
  /** Heading and label words beyond the built-in ones: `{participants: ['Anwesenheit'], actions: ['Aufgaben']}`. */
  words?: Words | null
}

interface Settings {
  unmarked: boolean
  series: RegExp | undefined
  vocab: Vocabulary
}

const source = 'remark-minutes'

/**
 * Extract meeting minutes: for each meeting in the file, its date, title, participants, topics with
 * owners, action items, decisions and links. The result is `file.data.minutes` (one record per
 * meeting, none for a file that is not minutes); problems are vfile messages.
 */
export default function remarkMinutes(options?: Options | null) {
  const settings = readOptions(options)
  return function (tree: Root, file: VFile): void {
    file.data.minutes = extractFile(tree, file, settings)
  }
}

function readOptions(options: Options | null | undefined): Settings {
  if (options === null || options === undefined) return {unmarked: true, series: undefined, vocab: vocabulary()}
  if (typeof options !== 'object') throw new TypeError(`Unexpected options \`${String(options)}\`, expected an object`)
  for (const key of Object.keys(options)) {
    if (key !== 'unmarked' && key !== 'series' && key !== 'words') throw new TypeError(`Unexpected option \`${key}\`, expected \`unmarked\`, \`series\` or \`words\``)
  }
  if (options.unmarked !== undefined && typeof options.unmarked !== 'boolean') {
    throw new TypeError(`Unexpected \`unmarked: ${String(options.unmarked)}\`, expected a boolean`)
  }
  let series: RegExp | undefined
  if (options.series instanceof RegExp) series = options.series
  else if (typeof options.series === 'string') {
    try {
      series = new RegExp(options.series)
    } catch (error) {
      throw new TypeError(`Unexpected \`series: ${options.series}\` (${(error as Error).message}), expected a regular expression`)
    }
  } else if (options.series !== undefined && options.series !== null) {
    throw new TypeError(`Unexpected \`series: ${String(options.series)}\`, expected a regular expression`)
  }
  return {unmarked: options.unmarked ?? true, series, vocab: vocabulary(readWords(options.words, 'the options'))}
}

/** A full name and its initials in brackets after it: `Alice Chen (AC)`, `Ivana Petrova (IP, secretary)`. */
const definedInitials = /(\p{Lu}[\p{Ll}'’-]+(?:\s\p{Lu}[\p{Ll}'’-]+){1,2})\s*\(([A-Z]{2,3})[,)]/gu

/** Two or three letters that name a thing of the trade, not a person's initials. */
const tradeAcronym = /^(?:AI|API|CD|CI|DB|EU|ID|IT|OK|OS|PM|PR|QA|SC|TC|UI|UK|US|UX|VM|WG)$/

function extractFile(tree: Root, file: VFile, settings: Settings): Minutes[] {
  const path = relativePath(file)
  const series = seriesOf(path, settings.series)
  const notMinutes = (reason: string): Minutes[] => {
    file.data.notMinutes = reason
    file.info(`Unexpected file that is not minutes (${reason}), expected meeting minutes; skipped`, {place: {line: 1, column: 1}, ruleId: 'not-minutes', source})
    return []
  }
  const value = String(file.value ?? '')
  if (!/\S/.test(value)) {
    file.message('Unexpected empty file, expected meeting minutes', {place: {line: 1, column: 1}, ruleId: 'empty-file', source})
    file.data.notMinutes = 'an empty file'
    return []
  }
  const byName = notMinutesByName(path)
  if (byName) return notMinutes(byName)
  const frontMatter = readFrontMatter(tree, file)
  // (A file named for one day is that day's meeting: its dated headings are its topics unless they say who came.)
  const segments = splitMeetings(tree, value, fileNameDate(path) === null)
  const before = file.messages.length
  const meetings = segments.map((segment, i) => extractMeeting(segment, file, settings, {path, series, frontMatter: i === 0 ? frontMatter : null, first: i === 0}))
  checkFences(tree, file)
  if (meetings.length === 1 && segments[0]!.heading === null) {
    const only = meetings[0]!
    const reason = notMinutesByContent(tree, only.headings, only.minutes, only.dated)
    if (reason) {
      // What the rules found missing in it (no participants, no date) is moot for a file that is not minutes.
      file.messages.splice(before)
      return notMinutes(reason)
    }
  }
  return meetings.map((m) => m.minutes)
}

interface Context {
  path: string
  series: string
  frontMatter: Record<string, unknown> | null
  /** The first meeting of its file: the only one the file name's date can be about. */
  first: boolean
}

/** A title before a participant's name: `Dr. Lin Yufei`, `Prof Aroha Ngata`. */
const nameTitle = new RegExp(`^(?:${nameTitles})\\.?\\s+(?=\\p{Lu})`, 'u')

/** One meeting: everything is read from its part of the file. `dated`: its date came from its text, not its file name. */
function extractMeeting(segment: Segment, file: VFile, settings: Settings, context: Context): {minutes: Minutes; headings: HeadingInfo[]; dated: boolean} {
  const tree = segment.root
  const start = segment.range[0]
  const headings = collectHeadings(tree, settings.vocab)
  // A deck repeats its title on a slide of its own (`## SCS Community Call` + its date): not a topic. Not
  // the title block either: its date does not overrule the file name's (a slide copied from last week's deck).
  const fmTitle = typeof context.frontMatter?.['title'] === 'string' ? (context.frontMatter['title'] as string) : null
  const fmName = fmTitle ? withoutDate(fmTitle) : ''
  if (fmName) for (const h of headings) if (h.role === 'topic' && withoutDate(h.text) === fmName) h.role = 'empty'
  const participants = participantsOf(tree, headings, file, start, segment.canceled, settings.vocab)
  const value = String(file.value)
  // `Niels Vandamme (nibble)` where the file writes `Niels "nibble" Vandamme`: the lowercase note is the nickname
  // the file quotes inside his name, not an organisation (`Dan Middle (intel)` stays one).
  for (const p of participants) {
    const note = p.affiliation
    if (!note || !p.name || !/^[a-z][a-z0-9_.-]*$/.test(note)) continue
    if (!(value.includes(`"${note}"`) || value.includes(`“${note}”`))) continue
    const given = p.name.split(' ')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    if (new RegExp(`(?<!\\p{L})${given}\\s+["“]${note.replace(/\./g, '\\.')}["”]\\s+\\p{L}`, 'u').test(value)) {
      p.affiliation = null
      nicknames.set(p, note)
    }
  }
  // `Priya Shah (Akela)` in the attendance and `Akela to book the minibus` in the notes, `Anne Marsh (Vicar, chair)` and
  // `The Vicar opened the meeting`: a capitalised word the notes write in the person's place — alone before a task or a
  // wish, or after *the* as an office before what it does — is what they are called there, not where they work (`Trentham
  // will lend …`, `Thanks to Halvorsen …` may be organisations').
  for (const p of participants) {
    const note = p.affiliation
    if (!note || !p.name || !/^\p{Lu}\p{Ll}+$/u.test(note) || !value.includes(note)) continue
    const called = new RegExp(`(?:^|[.!?]\\s+|\\n[\\s>*+-]*)(?:(?:[Tt]he\\s+${note}\\s+(?:will|would|shall|should|\\p{Ll}+ed)|${note}\\s+(?:would like|wants))\\s|${note}\\s+to\\s+\\p{Ll}+)`, 'u')
    const m = called.exec(value)
    if (!m) continue
    p.affiliation = null
    if (!/^(?:[.!?]\s+|\n[\s>*+-]*|)[Tt]he\s/u.test(m[0])) nicknames.set(p, note)
  }
  const known = new Set(participants.flatMap((p) => (p.name ? [p.name, p.name.split(' ')[0]!] : [])))
  // `Dr. Lin Yufei` in the attendance, `Lin Yufei will send the draft` in the notes: the name without its title
  // (and its first word) names the person too.
  for (const p of participants) {
    const bare = p.name?.replace(nameTitle, '')
    if (bare && bare !== p.name) known.add(bare).add(bare.split(' ')[0]!)
  }
  // Initials the meeting defines for its people (`Alice Chen (AC)`, `Secretary: Ivana Petrova (IP)`, a table's
  // abbreviation column) name them in the notes: `IP to forward the request`, `EP will reply`.
  for (const p of participants) if (p.abbreviation) known.add(p.abbreviation)
  // `| Daniel Achterberg | tinsel |` in an attendance table's handle column, `- [ ] tinsel: merge request …` in the notes:
  // a handle written without its `@` is the nickname the meeting calls them by.
  const tabled = participants.filter((p) => p.handle && p.name)
  if (tabled.length && value.includes('|')) for (const p of tabled) if (value.includes(`| ${p.handle!.slice(1)} |`)) known.add(p.handle!.slice(1))
  // `@anahera:weftchat.org` in the attendance, `Anahera should announce …` in the notes: a handle that is a plain
  // name, capitalised, names its person (not an everyday word: `@will`, `@mark`).
  for (const p of participants) {
    const plain = !p.name && p.handle ? /^@([a-z]{3,12})$/.exec(p.handle) : null
    const name = plain ? plain[1]![0]!.toUpperCase() + plain[1]!.slice(1) : ''
    // (A given name, or a name the file writes capitalised after other words: `Chair: Anahera`; not `Cloud should …`.)
    if (name && !everydayNames.has(name) && !/^(?:Will|May)$/.test(name) && (givenNames.has(name) || (value.includes(name) && new RegExp(`[\\p{Ll},;:]\\s+${name}\\b`, 'u').test(value)))) known.add(name)
  }
  // Nicknames the attendance gives (`eharlow (Emma Harlow, Quarry Cloud)`) own topics too: `Multiattach cleanup (eharlow)`.
  for (const p of participants) {
    const nickname = nicknames.get(p)
    if (nickname) known.add(nickname)
  }
  const meetingText = segment.root.position ? value.slice(segment.root.position.start.offset, segment.root.position.end.offset) : ''
  if (/\([A-Z]{2,3}[,)]/.test(meetingText)) {
    for (const m of execAll(definedInitials, meetingText)) {
      if (m[1]!.split(/\s+/).map((w) => w[0]).join('') === m[2] && !tradeAcronym.test(m[2]!)) known.add(m[2]!)
    }
  }
  knownIn(known, value)
  // A topic's owner may be written by family name alone (`Early preview (Scovetta)` beside Michael Scovetta).
  const byFamilyName = new Set(known)
  for (const p of participants) {
    const last = p.name?.split(' ').slice(1).at(-1)
    if (last && /^\p{Lu}\p{Ll}{2,}$/u.test(last)) byFamilyName.add(last)
    // …and by initials (`Icon set v3 (JD)` beside Jana Dvořák), as design and transcript notes write
    // people; not the initials that spell a word of the trade (`(PR)`, `(CI)` beside Paul Roberts, Chris Irwin).
    const words = p.name?.split(' ') ?? []
    const initials = words.map((w) => w[0]).join('')
    if (words.length >= 2 && words.length <= 3 && words.every((w) => /^\p{Lu}\p{Ll}/u.test(w)) && !tradeAcronym.test(initials)) byFamilyName.add(initials)
  }
  // …and someone listed as away may own a topic all the same (`## Licensing question (Adaeze, by email)` beside
  // `**Regrets:** [[Adaeze Obi]]`): the full names of an away line, and their given names.
  for (const name of awayNames(value)) byFamilyName.add(name)
  const agenda = agendaTopics(tree, headings, byFamilyName)
  // A meeting bot's `#topic` items; a list of titles with their notes, when no agenda gave the topics.
  const titleLines = new Set<number>()
  const listed = [...botTopics(tree, headings), ...(agenda.length ? [] : sectionListTopics(tree, headings, byFamilyName, settings.vocab, participants.map((p) => p.line), titleLines))]
  const taken = new Set(agenda.map((t) => t.line))
  const bold = boldTopics(tree, byFamilyName, !headings.some((h) => h.role === 'topic' || h.role === 'agenda'))
  const topics = [...topicsOf(headings, byFamilyName), ...agenda, ...[...listed, ...bold].filter((t) => !taken.has(t.line) && taken.add(t.line))].sort((a, b) => a.line - b.line)
  // `## Item 2 – Repairs backlog (Jason Pike, Harrowfield Homes)` beside `Jason Pike (Harrowfield Homes, housing officer)`:
  // the organisation the attendance gives a person is where the owner comes from, not one more owner.
  const organisations = new Set(participants.flatMap((p) => (p.affiliation ? [p.affiliation] : [])))
  if (organisations.size) for (const t of topics) if (t.owners.length > 1 && t.owners.some((o) => organisations.has(o))) t.owners = t.owners.filter((o) => !organisations.has(o))
  const topicAt = topicLookup(topics)
  const units = collectUnits(tree, value, titleLines)
  // Topics from agenda items, not headings (a set of heading lines: a meeting can have thousands of each).
  const headingLines = new Set(headings.map((h) => h.node.position?.start.line))
  const agendaLines = new Set(topics.filter((t) => !headingLines.has(t.line)).map((t) => t.line))
  const messagesBefore = file.messages.length
  let actionItems = collectActionItems(units, topicAt, file, known, agendaLines, settings.vocab)
  // People the meeting gives tasks by marker or in its action list (`Action item: Niko to …`, `- pnkfelix to
  // review` under `## Action items`) are people of the meeting wherever else it names them (`Niko to cancel
  // FCP` in the notes, where no attendance list says who Niko is): read once more with them known.
  const doers = new Set(
    actionItems
      .filter((item) => item.kind === 'marked')
      .flatMap((item) => item.assignees)
      .filter((a) => /^(?:\p{Lu}\p{Ll}+|\p{Ll}[\p{Ll}\d_-]+)$/u.test(a) && !known.has(a)),
  )
  // Only when a doer is written before `to` / `will` on a line where no task of theirs was found.
  const from = tree.children[0]?.position?.start.offset ?? 0
  const own = doers.size > 0 ? value.slice(from, tree.children.at(-1)?.position?.end.offset) : ''
  const taskLines = new Map<number, string[]>()
  for (const item of actionItems) taskLines.set(item.line, [...(taskLines.get(item.line) ?? []), ...item.assignees])
  const unread = [...doers].some((doer) => {
    for (let at = own.indexOf(doer); at !== -1; at = own.indexOf(doer, at + doer.length)) {
      if (at > 0 && /[\p{L}@-]/u.test(own[at - 1]!)) continue
      if (!doerBefore.test(own.slice(at + doer.length, at + doer.length + 80))) continue
      if (!taskLines.get(lineOf(value, from + at))?.includes(doer)) return true
    }
    return false
  })
  if (unread) {
    const more = knownWith(known, doers)
    knownIn(more, value)
    file.messages.splice(messagesBefore)
    actionItems = collectActionItems(units, topicAt, file, more, agendaLines, settings.vocab)
  }
  if (!settings.unmarked) actionItems = actionItems.filter((item) => item.kind === 'marked')
  // `- [ ] @Yusuf Demir chase …`: a wiki's mention of a participant by full name names them, not `@yusuf`.
  const unhandled = participants.filter((p) => !p.handle && p.name && /\s/.test(p.name))
  if (unhandled.length) {
    const lineAt = lineReader(value)
    for (const item of actionItems) mentionedNames(item, lineAt, unhandled)
  }
  const date = meetingDate(tree, headings, context.frontMatter, file, start, context.first)
  const minutes: Minutes = {
    file: context.path,
    range: segment.range,
    series: context.series,
    date: date.iso,
    title: (fmTitle && headings[0] && sectionHeading(headings[0].text, settings.vocab) ? cleanTitle(fmTitle) : headings[0]?.text) || fmTitle,
    participants,
    topics,
    actionItems,
    // A board's own minutes (`# Board of Directors — Regular Meeting`, a `board/` series): `The board agreed …` is the meeting;
    // a team's, named in the title, series or file (`# Release team meeting`): `The release team agreed …`.
    decisions: collectDecisions(units, topicAt, settings.vocab, ownBoard.test(headings[0]?.text ?? fmTitle ?? '') || ownBoard.test(context.series ?? ''), `${headings[0]?.text ?? fmTitle ?? ''} ${context.path}`),
    links: collectLinks(tree, topicAt, value),
  }
  if (segment.canceled) minutes.canceled = true
  return {minutes, headings, dated: date.fromText}
}

/** The file `awayNames` last read, and what it found: a year file's meetings each ask for the same whole file. */
let away: {value: string; names: string[]} | undefined

/** The full names on the file's away lines (`Regrets: Adaeze Obi, Tom Hale`), each followed by its given name. */
function awayNames(value: string): string[] {
  if (away?.value === value) return away.names
  const names: string[] = []
  if (/regrets|apologies|excused|absent/i.test(value)) {
    for (const line of value.matchAll(/^[\s*_>-]*(?:regrets|apologies|excused|absent)\b[^:\n]{0,30}:([^\n]*)$/gim)) {
      for (const full of line[1]!.matchAll(/(?<![\p{L}\d])\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){1,2}(?![\p{L}\d])/gu)) names.push(full[0], full[0].split(' ')[0]!)
    }
  }
  away = {value, names}
  return names
}

/** A title or series naming a board (not one that reports to a board: `Board update`, `Governing Board liaison`). */
const ownBoard = /^(?:[\w-]+\s+){0,3}board(?:\s+of\s+(?:directors|trustees|governors))?(?:\s*$|\s+(?:meeting|minutes)\b|\s*[—–:-])/i

/** What follows a doer's name when they are given a task: `… to`, `… will`, `… and Jane to`. */
const doerBefore = /^(?:\s*(?:,|and|&|\+)\s*[\p{L}-]+)*\s+(?:to|will|plans to|is going to)\s/u

/** A title without its date and case, to compare: `SCS Community Call 2023-12-21` → `scs community call`. */
function withoutDate(text: string): string {
  const date = findDate(text)
  const rest = date ? text.slice(0, date.index) + text.slice(date.index + date.length) : text
  return rest.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().toLowerCase()
}

/** The 1-based line of an offset. */
function lineOf(value: string, offset: number): number {
  let line = 1
  for (let i = value.indexOf('\n'); i !== -1 && i < offset; i = value.indexOf('\n', i + 1)) line++
  return line
}

function readFrontMatter(tree: Root, file: VFile): Record<string, unknown> | null {
  const first = tree.children[0]
  if (first?.type !== 'yaml') return null
  try {
    const value: unknown = parseYaml(first.value)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null
  } catch (error) {
    file.message(`Unexpected front matter: ${(error as Error).message.split('\n')[0]}, expected YAML`, {
      place: first.position,
      ruleId: 'front-matter',
      source,
    })
    return null
  }
}

function participantsOf(tree: Root, headings: HeadingInfo[], file: VFile, start: number, canceled: boolean, vocab: Vocabulary): Participant[] {
  const people = collectParticipants(tree, headings, String(file.value), vocab)
  if (people.sections.length === 0 && people.list.length === 0) {
    if (canceled) return []
    file.info('Unexpected missing participants, expected a `## Participants` list', {place: {line: start, column: 1}, ruleId: 'no-participants', source})
    return []
  }
  for (const section of people.sections) {
    if (section.people === 0 && people.list.length === 0) {
      file.message('Unexpected empty participants list, expected one person per list item or table row', {place: {line: section.line, column: 1}, ruleId: 'empty-participants', source})
    }
  }
  for (const table of people.tables) {
    const reason =
      table.reason === 'unrecognised'
        ? 'Unexpected attendance table without a name or handle column, expected a header such as `Name` or `GitHub`'
        : 'Unexpected attendance table without any row marked present, expected an `x` in the presence column'
    file.message(reason, {place: {line: table.line, column: 1}, ruleId: 'participants-table', source})
  }
  for (const d of people.duplicates) {
    file.message(`Unexpected duplicate participant \`${d.key}\`, expected each person once`, {place: {line: d.line, column: 1}, ruleId: 'duplicate-participant', source})
  }
  return people.list
}

/**
 * A task's `@first` assignees that its line writes as a participant's mention by full name (`@Yusuf
 * Demir chase …`): the participant, and the rest of the name is not the task's text.
 */
function mentionedNames(item: {assignees: string[]; text: string; line: number}, lineAt: (line: number) => string, people: Participant[]): void {
  if (!item.assignees.some((a) => a.startsWith('@'))) return
  const text = lineAt(item.line)
  if (!text.includes('@')) return
  item.assignees = item.assignees.map((a) => {
    if (!a.startsWith('@')) return a
    const person = people.find((p) => p.name!.split(' ')[0]!.toLowerCase() === a.slice(1) && text.includes('@' + p.name!))
    if (!person) return a
    const rest = person.name!.slice(person.name!.indexOf(' ') + 1)
    if (item.text.startsWith(rest + ' ')) item.text = item.text.slice(rest.length + 1)
    return person.name!
  })
}

/** The text of a 1-based line of `value` (line starts found once). */
function lineReader(value: string): (line: number) => string {
  let starts: number[] | null = null
  return (line) => {
    if (!starts) {
      starts = [0]
      for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) starts.push(i + 1)
    }
    const at = starts[line - 1]
    if (at === undefined) return ''
    const end = starts[line]
    return value.slice(at, end === undefined ? undefined : end - 1)
  }
}

/** The title of the nearest topic at or above a line. */
function topicLookup(topics: Topic[]): (line: number) => string | null {
  return (line) => {
    let lo = 0
    let hi = topics.length - 1
    let found: Topic | undefined
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (topics[mid]!.line <= line) {
        found = topics[mid]
        lo = mid + 1
      } else hi = mid - 1
    }
    return found?.title ?? null
  }
}

/** A fence without its closing fence turns the rest of the file into code: worth saying. */
function checkFences(tree: Root, file: VFile): void {
  const value = String(file.value)
  const last = tree.children[tree.children.length - 1]
  if (last?.type !== 'code' || !last.position) return
  const raw = value.slice(last.position.start.offset, last.position.end.offset)
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(raw)
  if (!fence) return
  const lines = raw.trimEnd().split(/\r?\n/)
  const closed = lines.length > 1 && new RegExp(`^ {0,3}${fence[1]![0]}{${fence[1]!.length},}\\s*$`).test(lines[lines.length - 1]!)
  if (!closed) {
    file.message('Unexpected unclosed code fence, expected a closing fence; the rest of the file is read as code', {
      place: last.position.start,
      ruleId: 'unclosed-fence',
      source,
    })
  }
}

/** A heading that names a section of the minutes (`## Present`, `## Agenda`, `## Action items`), not the meeting: front matter's `title` is the title then. */
function sectionHeading(text: string, vocab: Vocabulary): boolean {
  return vocab.participantsHeading(text) || vocab.agendaHeading(text) || vocab.actionHeading(text) || vocab.outcomeHeading(text)
}
