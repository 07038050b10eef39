import {actionHeading} from './action-items.ts'
import {agendaOnly, outcomeHeading} from './headings.ts'
import {isParticipantsHeading, participantsLabel} from './participants.ts'

/**
 * Heading and label words a community uses beyond the built-in ones (`minutes.config.json`:
 * `{"words": {"participants": ["Anwesenheit"], "actions": ["Aufgaben"], "decisions": ["Beschlüsse"], "agenda": ["Ablauf"]}}`).
 */
export interface Words {
  participants?: string[]
  actions?: string[]
  decisions?: string[]
  agenda?: string[]
}

/** How headings and labels are read: the built-in words and a community's own. */
export interface Vocabulary {
  /** A heading that opens a participants section. */
  participantsHeading(text: string): boolean
  /** A paragraph or item that labels who attended; group 1 is what follows the colon. */
  participantsLabel(text: string): RegExpExecArray | null
  /** A heading whose items are tasks. */
  actionHeading(text: string): boolean
  /** A heading whose items are outcomes. */
  outcomeHeading(text: string): boolean
  /** A heading that only says the agenda follows. */
  agendaHeading(text: string): boolean
}

const escape = (word: string) => word.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')

function words(list: string[] | undefined): string | null {
  const clean = (list ?? []).filter((w) => w.trim())
  return clean.length ? clean.map(escape).join('|') : null
}

/**
 * A section number before a heading's words (`## 2. Roll Call`, `### 4.1 Action items`, `## IV. Decisions`):
 * board and standards minutes number their sections; the words after it say what the section is.
 */
const sectionNumber = /^\s*(?:\d{1,2}(?:\.\d{1,2})*[.):]?|[IVX]{1,5}[.):])\s+(?=\p{L})/u
const unnumbered = (text: string) => (/^\s*[\dIVX]/.test(text) ? text.replace(sectionNumber, '') : text)
/** `## Asistentes / Attendees`, `## Tareas / Action items`: a heading in two languages is either. */
const either = (test: (text: string) => boolean) => (text: string) => {
  text = unnumbered(text)
  return test(text) || (/\s\/\s/.test(text) && text.split(/\s+\/\s+/).some((part) => test(part.trim())))
}

/** A vocabulary with a community's own words added to the built-in ones. */
/**
 * An Org-mode task exported as a heading (`TODO Mirror push for Beta 2`, `DONE Release notes`): the keyword in
 * capitals before a title of three words or more names one task's subject, a topic; what follows is its discussion,
 * not a list of tasks (`TODO Ana`, `TODO Q3` head someone's or a quarter's tasks).
 */
const orgTask = /^(?:TODO|DONE)\s+(?!(?:Items?|List|For|From|Of|After|Before|This|Next|Last)\b)\p{Lu}\S*(?:\s+\S+){2,}/u

export function vocabulary(extra: Words = {}): Vocabulary {
  const participants = words(extra.participants)
  const actions = words(extra.actions)
  const decisions = words(extra.decisions)
  const agenda = words(extra.agenda)
  const heading = (list: string | null) => (list ? new RegExp(`^(?:${list})\\b`, 'iu') : null)
  const whole = (list: string | null) => (list ? new RegExp(`^(?:${list})\\s*:?$`, 'iu') : null)
  const participantsStart = heading(participants)
  const label = participants ? new RegExp(`^\\s*(?:${participants})\\s*(?:\\([^)]*\\)\\)?)?\\s*(?::\\s*([\\s\\S]*))?$`, 'iu') : null
  const actionStart = heading(actions)
  const outcomeWhole = whole(decisions)
  const agendaWhole = whole(agenda)
  return {
    participantsHeading: either((text) => isParticipantsHeading(text) || participantsStart?.test(text) === true),
    participantsLabel: (text) => participantsLabel.exec(text) ?? label?.exec(text) ?? null,
    actionHeading: either((text) => (actionHeading.test(text) && !orgTask.test(text)) || actionStart?.test(text) === true),
    outcomeHeading: either((text) => outcomeHeading.test(text) || outcomeWhole?.test(text) === true),
    agendaHeading: either((text) => agendaOnly.test(text) || agendaWhole?.test(text) === true),
  }
}

/** Checks the words of a configuration: a list of strings for each kind, nothing else. */
export function readWords(value: unknown, where: string): Words {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`Unexpected \`words\` in ${where}, expected an object of word lists`)
  const out: Words = {}
  for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
    if (!['participants', 'actions', 'decisions', 'agenda'].includes(key)) {
      throw new TypeError(`Unexpected \`words.${key}\` in ${where}, expected participants, actions, decisions or agenda`)
    }
    if (!Array.isArray(list) || !list.every((w) => typeof w === 'string')) throw new TypeError(`Unexpected \`words.${key}\` in ${where}, expected a list of words`)
    out[key as keyof Words] = list as string[]
  }
  return out
}
