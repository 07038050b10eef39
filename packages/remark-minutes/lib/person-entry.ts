import {givenNames} from './given-names.ts'
import {execAll, findHandles, normalizeHandle, squash} from './text.ts'

/** One person as an attendance entry writes them. */
export interface Entry {
  handle: string | null
  name: string | null
  affiliation: string | null
  /** The nickname the entry gives the person (`Rei Nakamura (rnakamura)`, `eharlow (Emma Harlow)`): not in the record; the notes may call them by it. */
  nickname?: string
}

/** Start and end of strong (bold) text in entry strings: `Name (Google, \u0001TAC\u0002)`. */
export const strongOpen = '\u0001'
export const strongClose = '\u0002'
const strongMarks = /[\u0001\u0002]/g

/** Words of a note beside a person that is not where they work: roles, pronouns, times, remarks. */
const annotation =
  /^(?:he|she|they|him|her|them|his|hers|theirs|xe|ze|any)(?:\s*\/\s*\w+)*$|\b(?:minutes?|notes?|note[- ]?tak\w*|scribe\w*|moderat\w*|chair\w*|co-?chair|host(?:s|ed)?|(?<!\p{Lu}\p{L}*\s)hosting|facilitat\w*|leads?|co-?leads?|maintainers?|members?|board|tac|tsc|i?pmc|gb|wgs?|sigs?|guests?|observer\w*|remote\w*|on[- ]?site|in[- ]person|virtual|online|late|early|joined|joining|joins|left|leaving|leaves|partial\w*|partly|until|first|last|min|mins|minutes|hours?|traveling|travelling|away|excused|counsel|employee|staff|owner|liaison|rep|representative|invited|presenter|speaker|secretary|secretariat|treasurer|director|president|founder|ceo|cto|intern|expected|maybe|tentative|nick|person|independent|individual|self|alumni|emeritus|voting|non-voting|need|needs|will|can|cannot|has|have|is|was|phone|dial-in|audio|video|only|steering|committee|emeritus|champion|editor|delegate|invitee|interim|acting|vice|deputy|program|manager|pm|team|sponsor|project|since|sick|ill|afk|muted|listening|optional|after|problems|next|week|et al|later|sometimes|part|time|day|phd|msc|bsc|mba|postdoc|visiting|student|professor|prof|developers?|engineers?|in[- ]residence|advocate|fellow|contributor|architect|researcher|consultant|rms?|release manag\w*|release engineer\w*|tl|po|coordinators?|conven[eo]rs?|organi[sz]ers?|reviewers?|approvers?|shepherds?|stewards?|admins?|administrators?|officers?|vp|cfo|coo|cio|ciso|captain|veteran|newcomers?|async\w*|discord|zoom|jitsi|slack|irc|webex|bbb|bigbluebutton|ms teams)\b|\d{1,2}[:.]\d{2}|(?:^|\s):\d{2}\b|^\d|\p{L}(?:n['’]t|['’](?:ll|re|ve|m))\b/iu
/**
 * Roles of the whole note (`timekeeper`, `CART captioner`, `sign-language interpreters`, `welcome!`, a stage manager's
 * `SM` / `ASM` / `DSM` as a theatre lists its crew, a club's or hall's post: `caretaker`, `Boatman`, and one word made of
 * a post, `churchwarden`, `boatkeeper`, or a word and the post, `Steeple Keeper`, `Church Warden`; a member's stage in a
 * club, `learner`, `trainee`, `apprentice`, `beginner`); not `Interpreters Guild`, `Wardens Trust`, `Learners Trust`.
 */
const wholeRole = /^(?:time-?keep\w*|(?:cart |live )?caption\w*|(?:sign[- ]language )?interpreters?|welcome!?|a?d?sm|caretaker|(?:\p{L}+\s)?\p{L}*(?:warden|keeper)|groundsman|boatman|bosun|(?:learner|trainee|apprentice|beginner|novice)s?)$/iu
/** A post by its rank and one word (`Chief Instructor`, `Head Coach`, `Assistant Warden`); not `Chief Marine Ltd`, `Chiefton Labs`. */
const rankedPost = /^(?:Chief|Head|Assistant)\s+\p{Lu}\p{Ll}+$/u
/** A lowercase phrase (`joined late`, `bzapiec gonicus`) is a remark; organisations are capitalised. */
const lowercasePhrase = /^[a-z]+(?:\s+[a-z]+)+$/

/**
 * One lowercase word that says what the person was doing (`lurking`, `delayed`, `walking`; `listening`, `muted`,
 * `travelling` are annotations already) or that they are the body's own office (`office`, as an association's
 * staff are listed beside its board): a remark or a role, not an organisation (`intel`, `ostif`, `boeing` stay ones).
 */
const lowercaseRemark = /^(?:lurking|watching|observing|delayed|driving|walking|commuting|dialled in|dialed in|(?:the )?office)$/u

/** A team member's area of work (`Lukas (UX)`, `Mira (QA)`, `(Frontend)`), as small teams mark their people: not an organisation. */
const areaWords = 'ux|ui|qa|frontend|front-end|backend|back-end|devops|sre|ops|infra|docs|design|testing|i18n|l10n|a11y|software|hardware'
/** Areas named alone only beside another (`ISO / QA`, `CI & release`): `(ISO)`, `(Kernel)` may be organisations. */
const joinedAreaWords = `${areaWords}|iso|isos|images|packaging|release|releases|build|builds|ci|cd|installer|kernel|firmware|translations?|operations|networking`
/**
 * A work area written as a lowercase common noun (`Piet Jansen (finance)`, `(outreach)`, `(legal)`): what the person
 * does for the group, not an organisation, which is a name and capitalised (`(Legal, guest)`, a department, stays
 * one; a lowercase organisation, `(intel)`, `(ostif)`, is no such noun). So too a newsroom's desks (`(news)`,
 * `(features)`, `(sport)`, `(photo)`, `(opinion)`) and a venue's posts (`(projection)`, `(bar)`, `(kitchen)`).
 */
const lowercaseArea = /^(?:finance|accounting|legal|marketing|comms|communications|outreach|events|fundraising|sponsorship|partnerships|logistics|security|research|sales|support|education|training|membership|governance|policy|translation|accessibility|web|website|media|press|props|costumes?|wardrobe|lighting|sound|scenery|front of house|box office|news|features|sports?|photos?|photography|pictures|opinion|culture|arts|subs|copy|layout|projection|projectionist|bar|kitchen|catering|ticketing|usher(?:s|ing))$/
/** A work area (`UX`), or a few joined (`UX/UI`, `ISO / QA`, `CI & release`). */
const workArea = new RegExp(`^(?:${areaWords})$|^(?:${joinedAreaWords})(?:\\s*[/&+]\\s*(?:${joinedAreaWords}))+$`, 'i')

/** A note of three or more words opening with a lowercase word (`works on the iOS app`) is a remark, not an organisation. */
const remark = /^\p{Ll}+\s+\S+\s+\S/u
/** Where someone has their place, a lowercase noun and its numbers (`(plot 4)`, `(plots 7 & 8)`, `(flat 22)`, `(table 3)`): not an organisation. */
const numberedPlace = /^\p{Ll}+\.?\s+(?:no\.?\s*)?\d+\p{Ll}?(?:\s*(?:[,&+/–-]|and)\s*\d+\p{Ll}?)*$/u
/**
 * A youth team's age group (`Mo Haddad (U9s)`, `(U11s)`, `(U13 girls)`, `(Under-12s)`), as a club marks each coach with
 * the team they run: a team of the club, not an organisation.
 */
const ageGroup = /^(?:U|Under)[- ]?(?:[5-9]|1\d|2[0-3])['’]?s?(?:\s+\p{Ll}+)?$/u
/** `from` and a place of one to three capitalised words (`from Aarhus`, `from São Paulo`): where someone is, not where they work. */
const fromPlace = /^from\s+\p{Lu}\p{Ll}+(?:[\s-]\p{Lu}\p{Ll}+){0,2}$/u
/** Words that make a name an organisation's (`Acme Labs`, `Kestrel GmbH`). */
export const orgWord = /\b(?:Inc|Corp|Corporation|GmbH|AG|Ltd|LLC|Foundation|University|Universit\w+|Labs?|Group|Institute|Company|Software|Systems|Technologies|Solutions)\b/
/**
 * A capitalised name closing with the head noun of a body of members (`Student Media Society`, `Remote Workers Union`,
 * `Young Engineers Club`): an organisation, though a word in it names a role or a remark (`student`, `remote`).
 */
const memberBody = /^\p{Lu}[\p{L}'’.&-]*(?:\s+(?:\p{Lu}[\p{L}'’.&-]*|and|&))*\s+(?:Society|Association|Union|Club|Trust|Guild|Federation|Foundation|Institute|University|College)$/u
/** A lowercase note that exclaims (`Lorna (new!)`, `(back at last!)`): a remark, not an organisation. */
const exclamation = /^\p{Ll}[^]*!$/u

/**
 * An amateur radio call sign (`Q0HRT`, `G4ABC`, `DL1XYZ`, `2E0ABC`: a prefix, one digit, two to four letters), as a
 * radio club lists its members: the station's name, not an organisation (`W3C`, one letter after the digit, stays one).
 */
const callSign = /^(?:[A-Z]{1,2}|\d[A-Z]|[A-Z]\d)\d[A-Z]{2,4}(?:\/[A-Z\d]{1,4})?$/

/** A name that is a handle written without `@` (`nbdd0121`, `tmmoore_1`): a nickname, not an organisation. */
const nickname = /^(?=[^\s]*[\d_])[a-z0-9][a-z0-9_.-]*$/

/** Names of groups, not people: the invitees a template lists (`OpenJS Foundation Board of Directors`). */
const groupName = /\b(?:foundation|council|board|directors|committee|maintainers|members|team|group|project|community|working group|organi[sz]ation|everyone|all)\b/i

/** Bots that log meetings or answer in them, listed among who spoke. */
const meetingBot = /^@?(?:zodbot|meetbot|supybot|limnoria|collabot|rrsagent|zakim|rustbot|triagebot|rfcbot|bors|dependabot|renovate|github-actions|mergify|k8s-ci-robot|opendevmeet|openstack)$/i

/** `@Helga Brandt`, `@Pieter de Wit`: `@`, a capitalised given name, and a capitalised family name (after particles), as Confluence writes a mention. */
export const fullNameMention = /^@\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:\s+(?:de|van|von|der|den|da|di|du|del|la|le|ter|ten|dos|das))*\s+\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*(?=$|[\s,(\u0001\u0002])/u

/** A wiki signature's tail: an optional `(talk)` / `(talk | contribs)` link, then `HH:MM, D Month YYYY (UTC)` (`19:10, 1. Mär. 2026 (CET)`). */
const wikiSignature = /(?:\s*\((?:talk|contribs|discussion|diskussion|beiträge)(?:\s*[|·•]\s*(?:talk|contribs|discussion|diskussion|beiträge))*\))?\s*\d{1,2}:\d{2},? \d{1,2}\.? \p{L}+\.? \d{4} \((?:UTC|[A-Z]{2,5})\)$/iu

/** Placeholders of an attendance template: `Name`, `<your name>`, `[Please add yourself]`, `TBD`. */
export const placeholder = /^[\s[<(]*(?:your\s+)?(?:name|add yourself|please add yourself|tbd|tba|n\/a|-+|\.+|…)[\s\]>)]*$|^\W*please add\b/i

/**
 * Read one attendance entry: `@fkr`, `Joe Sepi (@joesepi)`, `Jory Burson @jorydotcom)`,
 * `Bob Callaway (Google, TAC, Chair)`, `David A. Wheeler, Linux Foundation`, `Thomas Watson (@watson) -
 * Elastic, Diagnostics WG`, `Name | Org | @handle`, `MB: Myles Borins`. `null` for a placeholder or a
 * group. Strong text may be marked with `strongOpen`/`strongClose` (a part in bold only is a role).
 */
export function readEntry(raw: string): Entry | null {
  let text = squash(
    raw
      .replace(/[（]/g, ' (')
      .replace(/[）]/g, ') ')
      .replace(/[，]/g, ', ')
      .replace(/\u00a0/g, ' ')
      // Bold around punctuation only (`**(**Kusari**, TAC)**`) marks nothing.
      .replace(/\u0001([^\p{L}\p{N}\u0002]*)\u0002/gu, '$1'),
  )
  if (!text || placeholder.test(text.replace(strongMarks, ''))) return null
  // `Ysolde (talk) 17:58, 15 November 2026 (UTC)`: a wiki signature's talk link and timestamp say when
  // the person signed, not where they work (`Sigrun Aas (WQN) 18:02, …` keeps the account's suffix).
  if (text.charCodeAt(text.length - 1) === 41 && wikiSignature.test(text)) text = text.replace(wikiSignature, '')
  // `… and Dara (first time!).`: the full stop after the last entry's parenthesis ends the sentence, not the name.
  if (text.endsWith(').')) text = text.slice(0, -1)
  // `MB: Myles Borins`: the initials a transcript uses, then the person.
  text = text.replace(/^[A-Z]{2,4}\s*:\s+(?=\S)/, '')
  if (text.includes('|')) return pipeRow(text, '|')
  // `Ingrid Solberg / @isolberg / Quansight / ipywidgets 9`: a sign-in list's spaced slashes part an entry as pipes do.
  if (text.includes(' / ') && (spacedSlashes.test(text) || nameSlashNote.test(text))) return pipeRow(text, ' / ')
  // `@Helga Brandt`, `@Pieter de Wit (Legal)`: a wiki's mention of a person by full name, not a handle.
  if (text.charCodeAt(0) === 64 && fullNameMention.test(text)) text = text.slice(1)
  const handles = findHandles(text.replace(strongMarks, ' '))
  // `@priyanka.dev` alone in an entry: a handle that ends like a domain is still a handle there.
  const alone = handles.length === 0 ? /^@([A-Za-z0-9][\w.-]*[A-Za-z0-9])$/.exec(text.replace(strongMarks, '').trim()) : null
  if (alone) return {handle: normalizeHandle(alone[1]!), name: null, affiliation: null}
  const handle = handles[0]?.handle ?? null
  let notes: string[]
  // `lusia (Lucía Sanz)`: the nickname the entry opens with, when the parenthesis is the person it stands for.
  let listedNick: string | null = null
  if (handles[0]) {
    // `Joe Sepi (@joesepi) - Elastic, WG`: the name before the handle, notes after it.
    // `@hana:fediverse-tools.org`, `@renee@pinniped.social`: a Matrix ID's homeserver or a fediverse account's
    // server is where the account lives, not an affiliation.
    notes = notesOf(text.slice(handles[0].end).replace(/^[:@][\w-]+(?:\.[\w-]+)+(?=[\s,;)]|$)/, '').replace(/^[\s)\]>}]+/, ''))
    text = text.slice(0, handles[0].index).replace(/[\s([<{]+$/, '')
    // `@hvandenbosch (Henk van den Bosch, Nordwolke)`: a handle alone, then the person's full name and their notes
    // (a full name opening with a common given name, or one the handle is made of; `@x (guest, Org)`, `@kbauer (Red
    // Hat)` are notes).
    const first = !text.trim() && notes[0] !== undefined ? /^\s*([^,;]+?)\s*(?:[,;]\s*(.*))?$/.exec(notes[0]) : null
    if (first && listedFullName.test(first[1]!) && (givenName(first[1]!.split(' ')[0]!) || ownNickname(handles[0].handle.slice(1), first[1]!))) {
      notes.splice(0, 1, ...(first[2] ? [first[2]] : []))
      text = first[1]!
    }
  } else {
    notes = []
    let dashNotes = 0
    // A note after a dash: an organisation (`- Elastic, Node.js WG`) or a remark (`- need to leave early`).
    const dash = /\s+[-–—]\s+(.*)$/.exec(text)
    if (dash) {
      // A remark after the dash (`— first meeting! (2nd year, CS)`, `— joined late`) goes whole, its parentheses too.
      if (!(/^\p{Ll}/u.test(dash[1]!) && !/^(?:he|she|they|xe|ze|any)\s*\//i.test(dash[1]!)) && !/[!?]/.test(dash[1]!)) {
        // `- Kelvin Labs (from :20)`: the organisation, then a remark of its own in the parenthesis.
        const group = dash[1]!.charCodeAt(dash[1]!.length - 1) === 41 ? trailingGroup(dash[1]!) : null
        // (The parenthesis is a remark: never where they work — `Ben Stone - Core Team (Berlin)` names no organisation.)
        notes.push(group && group.index > 0 ? dash[1]!.slice(0, group.index) : dash[1]!)
        dashNotes = notes.length
      }
      text = text.slice(0, dash.index)
    }
    // Trailing parentheses (or brackets: `Aeva Black [CISA]`) are notes, nested ones too (`(Stacklok,
    // SCIR(GB), TSC chair)`); one inside the name (`VM (Vicky) Brasseur`) is a nickname.
    for (let group = trailingGroup(text); group; group = trailingGroup(text)) {
      notes.unshift(group.inner)
      text = text.slice(0, group.index)
    }
    // `Siddharth Iyer (siyer) Red Pine Systems`: the nickname's parenthesis inside, the organisation after it.
    const inner = /^([^()]+?)\s*\(([^()]+)\)\s+(\p{Lu}[^()]*)$/u.exec(text)
    if (inner && ownNickname(inner[2]!, inner[1]!)) {
      notes.unshift(inner[2]!, inner[3]!)
      text = inner[1]!
    }
    // `eharlow (Emma Harlow, Quarry Cloud)`: an IRC nickname, then the person it is and their notes.
    const named = /^[a-z][a-z0-9_.-]*$/.test(text.trim()) && notes[0] !== undefined ? /^\s*([^,;]+?)\s*(?:[,;]\s*(.*))?$/.exec(notes[0]) : null
    // (`lusia (Lucía Sanz)`: a nickname not made of the name, when the name opens with a common given name.)
    if (named && listedFullName.test(named[1]!) && (ownNickname(text.trim(), named[1]!) || givenName(named[1]!.split(' ')[0]!))) {
      listedNick = text.trim()
      notes.splice(0, 1, ...(named[2] ? [named[2]] : []))
      text = named[1]!
    }
    // `Name, Affiliation`: the first comma ends the name.
    const comma = text.indexOf(',')
    if (comma !== -1) {
      notes.splice(notes.length - (dash ? Math.max(dashNotes, 1) : 0), 0, text.slice(comma + 1))
      text = text.slice(0, comma)
      // `Kwabena Osei (kosei), Tidewater Audio`, `Matt Rivera (IBM), he/him, CST`: a parenthesis closing the name
      // before the comma is the first note, as it is without a comma (`Name (Org)`): a nickname, or where they work.
      const group = text.charCodeAt(text.length - 1) === 41 ? trailingGroup(text) : null
      if (group) {
        notes.unshift(group.inner)
        text = text.slice(0, group.index)
      }
    }
  }
  let name = cleanName(text.replace(/\([^()]*\)/g, ' ')) || null
  // `Antitrust and code-of-conduct reminders given.`: a sentence in the list, not a name.
  if (name && sentenceLike(name)) name = null
  if (!name && !handle) return null
  // `zodbot`, `@rustbot`, `dependabot[bot]`: a meeting bot in the list of who spoke is not a participant.
  if ([name, handle].some((n) => n !== null && meetingBot.test(n)) || /\[bot\]/.test(raw)) return null
  if (!handle && name && groupName.test(name)) return null
  const entry = withNickname({handle, name, affiliation: firstOrganisation(notes.filter((n) => !/@/.test(n)), name)}, notes)
  return listedNick && !entry.nickname ? {...entry, nickname: listedNick} : entry
}

/**
 * The entry, with the nickname its notes give the person, if any: a chat name, or their initials (`Claire Dubois (CD,
 * Programme Officer)`: the minutes may give her tasks as `ACTION CD: …`).
 */
function withNickname(entry: Entry, notes: string[]): Entry {
  if (!entry.name) return entry
  for (const note of notes) {
    for (const raw of note.split(/[,;]/)) {
      const part = raw.trim()
      if (/^(?:[a-z][a-z0-9_.-]*|[A-Z]{2,4})$/.test(part) && ownNickname(part, entry.name)) return {...entry, nickname: part}
    }
  }
  return entry
}

/** A full name: two to four capitalised words (particles between). */
const fullNameSource = String.raw`\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|den|ter|ten|da|di|du|del|la|le|dos|das)){1,3}`
const listedFullName = new RegExp(`^${fullNameSource}$`, 'u')
/** A common given name, also written with accents the list leaves out (`Lucía`). */
function givenName(word: string): boolean {
  return givenNames.has(word) || givenNames.has(word.normalize('NFD').replace(/\p{M}/gu, ''))
}
/** `Emeka Obi / Cobalt Commons`, `Priya Raman / Hatchling maintainer`: a full name, a spaced slash, and a note (an organisation or a role). */
const nameSlashNote = new RegExp(`^${fullNameSource} \\/ [^/]+$`, 'u')

/** Three words or more, two of them lowercase and not particles of a name (`… reminders given`): a sentence (`jory burson` is a name). */
function sentenceLike(name: string): boolean {
  const words = name.split(' ')
  if (words.length < 3) return false
  let lower = 0
  for (const word of words) if (/^\p{Ll}/u.test(word) && !nameParticle.test(word) && ++lower >= 2) return true
  return false
}
const nameParticle = /^(?:de|van|von|der|den|da|di|du|del|della|la|le|ter|ten|dos|das|do|bin|binti|ibn|al|el|y|e|zu|af|av|op|in|'t)$/


/**
 * A note that is the person's own short name, not where they work: their initials (`Amira Benali
 * (AB)`) or a nickname made of their name (`Ben Sternthal (bensternthal)`, `Chris Walden (cwalden)`,
 * `Lena Marsh (lena-m)`) or cut from one of their names (`Bertrand Aubry (bert)`, `Octave (oct)`, `Ondřej (ondra)`), as IRC and
 * chat nicknames are. `(intel)`, `(ostif)` are organisations.
 */
function ownNickname(note: string, name: string | null): boolean {
  if (!name) return false
  const part = note.trim()
  if (!/^(?:[A-Z]{2,4}|[a-z][a-z0-9_.-]*)$/.test(part)) return false
  const words = name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[ıłøđ]/g, (c) => ({ı: 'i', ł: 'l', ø: 'o', đ: 'd'})[c]!).split(/[\s.-]+/).filter((w) => /^\p{L}/u.test(w))
  // `Lena (lena-m)`: a one-word name, and a nickname that starts with it.
  if (words.length === 0) return false
  const initials = /^[A-Z]/.test(part)
  const lower = words.map((w) => w.toLowerCase())
  // `Bertrand Aubry (bert)`, `Octave (oct)`: the first letters of one of their names, as short names are cut.
  if (!initials && part.length >= 3 && /^[a-z]+$/.test(part) && lower.some((w) => w.length > part.length && w.startsWith(part))) return true
  // `Ondřej Hrubý (ondra)`: a pet name of the given name, its first three letters and an ending of its own.
  // (Five letters or more ending in a vowel, as pet names do: not `Debora Lang (debian)`, `Susan Park (suse)`.)
  if (!initials && part.length >= 5 && /^[a-z]+[aeiouy]$/.test(part) && lower[0]!.length >= 4 && part.slice(0, 3) === lower[0]!.slice(0, 3) && Math.abs(part.length - lower[0]!.length) <= 2) return true
  if (words.length === 1) return !initials && words[0]!.length >= 3 && part.startsWith(lower[0]!)
  if (initials) return part === words.map((w) => w[0]!.toUpperCase()).join('')
  return lower.some((w) => w.length >= 3 && (part.includes(w) || part.replace(/[^a-z]/g, '').includes(w))) || part.replace(/[^a-z]/g, '').startsWith(lower[0]![0]! + lower.at(-1)!.slice(0, 4))
}

/**
 * A parenthesis or bracket that ends `text`, with what it holds (nested ones kept: `(Stacklok, SCIR(GB))`);
 * an unclosed one at the end (`Jane (IBM`) too. `null` when the text does not end in one.
 */
function trailingGroup(text: string): {index: number; inner: string} | null {
  const trimmed = text.replace(/[\s\u0001\u0002]+$/, '')
  const last = trimmed.at(-1)
  if (last !== ')' && last !== ']') {
    const open = /\s*\(([^()]*)$/.exec(trimmed)
    return open && open[0].trim() ? {index: open.index, inner: open[1]!} : null
  }
  const [opener, closer] = last === ')' ? ['(', ')'] : ['[', ']']
  let depth = 0
  for (let i = trimmed.length - 1; i >= 0; i--) {
    if (trimmed[i] === closer) depth++
    else if (trimmed[i] === opener && --depth === 0) {
      const index = text.slice(0, i).replace(/\s+$/, '').length
      return i > 0 ? {index, inner: trimmed.slice(i + 1, -1)} : null
    }
  }
  return null
}

const parenthesised = /\(([^()]*)\)?/g
/** The notes after a handle: ` (IBM, chair)`, ` - Elastic`, ` Linux Foundation employee`, and in the handle's own parenthesis (`(@x - Electron)`, `(@x, Electron)`). */
function notesOf(rest: string): string[] {
  // `(@soyelowo, guest, Tiefwasser IT) - first time here`: the bracket the handle opened closes before a remark; the
  // notes in it come first, the remark after it is a note of its own (not `Tiefwasser IT)`).
  const close = rest.indexOf(')')
  if (close !== -1 && close < rest.length - 1) {
    const open = rest.indexOf('(')
    if (open === -1 || open > close) {
      const head = rest.slice(0, close).replace(/^[\s,:;–—-]+/, '').trim()
      return [...(head ? [head] : []), ...notesOf(rest.slice(close + 1))]
    }
  }
  const notes: string[] = []
  for (const m of execAll(parenthesised, rest)) notes.push(m[1]!)
  const outside = rest
    .replace(/\([^()]*\)?/g, ' ')
    .replace(/^[\s,:;–—-]+/, '')
    .replace(/[\s)\]]+$/, '')
    .trim()
  if (outside) notes.push(outside)
  return notes
}

/** Spaced slashes outside brackets parting a name from a handle or two more parts (`Name / @handle`, `Name / Org / remark`, `Name / (remark) / place`). */
const spacedSlashes = /^[^()[\]/]+ \/ (?:[^()[\]]* \/ |\s*[([][^()[\]/]*[)\]]\s*\/ |\s*@)/

/** `Jane Doe | ACME | @jdoe`: the part with a handle, the first name-like part, the rest an organisation. */
function pipeRow(text: string, separator: string): Entry | null {
  const parts = text.split(separator).map((p) => p.replace(strongMarks, '').trim()).filter(Boolean)
  const handle = parts.map((p) => findHandles(p)[0]?.handle).find(Boolean) ?? null
  const rest = parts.filter((p) => findHandles(p).length === 0)
  const name = rest.length ? cleanName(rest[0]!) : null
  const affiliation = firstOrganisation(rest.slice(1), name)
  return name || handle ? withNickname({handle, name, affiliation}, rest.slice(1)) : null
}

/** The first part of the notes that names an organisation: not a role, a pronoun, a time or a remark. */
export function firstOrganisation(notes: string[], name: string | null = null): string | null {
  for (const note of notes) {
    for (const raw of note.split(/[,;]|\s[-–—]\s/)) {
      const bold = raw.includes(strongOpen)
      let part = squash(raw.replace(new RegExp(`${strongOpen}[^${strongClose}]*(?:${strongClose}|$)`, 'g'), ' ').replace(strongMarks, ' '))
        // `IBM / **CTI**`: the bold role gone, its separator goes too.
        .replace(/^[\s:*_/-]+|[\s:*_/-]+$/g, '')
        // A full stop at the end goes, not one of an abbreviation in dots (`Mapbit s.r.o.`, `e.V.`).
        .replace(/(?<!\b\p{L}\.\p{L})[\s.]+$/u, '')
        // `Rao Lakkakula - (JPMC)`: the organisation in a parenthesis of its own.
        .replace(/^\(([^()]+)\)$/, '$1')
        // `Linux Foundation employee`, `Brambling Foundation board`: the organisation, not the relation.
        .replace(/(\p{Lu}[\p{L}.&-]*(?:\s+\p{Lu}[\p{L}.&-]*)*)\s+(?:employee|staff|member|contractor|representative|rep|board)\b.*$/u, '$1')
      // A part in bold only (`**CTI**`) is a role in these lists; plain text is the employer.
      if (!part || (bold && !/\p{L}/u.test(part))) continue
      // `Hanne Lund (from Aarhus)`, `(from Tromsø, visiting family)`: where someone joins or comes from, a place;
      // `(from IBM)`, `(from Ostrava Labs)` name the organisation without the `from`.
      if (part.startsWith('from ') && fromPlace.test(part) && !orgWord.test(part)) continue
      if (part.startsWith('from ') && /^from \p{Lu}/u.test(part)) part = part.slice(5)
      if (memberBody.test(part)) return part
      if (annotation.test(part) || wholeRole.test(part) || rankedPost.test(part) || workArea.test(part) || lowercasePhrase.test(part) || lowercaseRemark.test(part) || lowercaseArea.test(part) || transliteration(part, name) || (name !== null && name.split(' ').includes(part)) || remark.test(part) || exclamation.test(part) || numberedPlace.test(part) || ageGroup.test(part) || nickname.test(part) || callSign.test(part) || languageNote.test(part) || weekdaySlot.test(part) || ownNickname(part, name) || part.split(/\s+/).length > 6 || !/\p{L}/u.test(part)) continue
      return part
    }
  }
  return null
}

const languages = String.raw`(?:English|French|German|Spanish|Portuguese|Brazilian Portuguese|Italian|Dutch|Flemish|Swedish|Norwegian|Danish|Finnish|Icelandic|Polish|Czech|Slovak|Slovenian|Croatian|Serbian|Bosnian|Hungarian|Romanian|Bulgarian|Greek|Turkish|Russian|Ukrainian|Belarusian|Estonian|Latvian|Lithuanian|Arabic|Hebrew|Persian|Farsi|Urdu|Hindi|Bengali|Bangla|Punjabi|Tamil|Telugu|Marathi|Gujarati|Kannada|Malayalam|Chinese|Simplified Chinese|Traditional Chinese|Mandarin|Cantonese|Japanese|Korean|Vietnamese|Thai|Indonesian|Malay|Filipino|Tagalog|Swahili|Amharic|Yoruba|Igbo|Hausa|Zulu|Xhosa|Afrikaans|Catalan|Basque|Galician|Welsh|Irish|Esperanto|Albanian|Armenian|Georgian|Kazakh|Uzbek|Mongolian|Khmer|Burmese|Nepali|Sinhala|Somali|Kurdish|Pashto)`
/**
 * `@malin.e (Malin Ekdahl) — Swedish`, `Ana (Portuguese / Spanish)`: the language someone translates or subtitles into,
 * as a localisation team lists its people; no organisation.
 */
const languageNote = new RegExp(String.raw`^${languages}(?:\s*(?:\/|&|\+|and|,)\s*${languages})*$`)
/** `Declan Farrow (Saturday breakfast)`, `(Tuesdays)`: a weekday slot (a show, a shift), not an organisation (`Sunday Times` is one). */
const weekdaySlot = /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)days?(?:\s+\p{Ll}[\p{Ll}-]*){0,3}$/u

/**
 * The same name in another script (`Оксана Мельник (Oksana Melnyk)`, `Sun Qiang (孙强)`): a note with no
 * letter of the name's script beside a name with no Latin letter, or a note with no Latin letter beside a Latin name.
 */
function transliteration(part: string, name: string | null): boolean {
  if (!name) return false
  const latin = /\p{Script=Latin}/u
  if (!latin.test(name)) return latin.test(part) && listedFullName.test(part)
  return /\p{L}/u.test(part) && !latin.test(part) && part.split(/\s+/).length <= 3
}

/** A plain name without markup and stray punctuation; empty when it is not a name. */
export function cleanName(value: string): string {
  // `Arnaud “Arno” J Le Hors`: a nickname in quotes inside the name, like `VM (Vicky) Brasseur`'s; an
  // underscore inside a word is a nickname's (`stefan_h`), not emphasis.
  const name = squash(value.replace(strongMarks, ' ').replace(/(?<=\S)\s+[“"‘][^“”"‘’]{1,20}[”"’](?=\s+\S)/gu, ' ').replace(/[()[\]*~`]|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_/gu, ' ').replace(/^[\s:;,.-]+|[\s:;,-]+$/g, ''))
  if (!/\p{L}/u.test(name) || name.split(' ').length > 5 || /https?:|\.\.\.|…/.test(name)) return ''
  return name
}
