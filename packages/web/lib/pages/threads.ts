import type {Element} from 'hast'
import {h} from 'hastscript'
import type {DB, ThreadRow} from '@minutes-kb/store'
import {people, seriesLink, status, type Child} from '../parts.ts'
import {placeLink} from '../place-link.ts'

type Mention = ThreadRow['mentions'][number]

/** A mention's date, linked to its line in its meeting. */
function mentionLink(db: DB, mention: Mention | undefined): Element | string {
  return mention ? placeLink(db, mention.path, mention.line, mention.date ?? 'undated') : ''
}

/** Tasks carried across meetings: what, who, where, since when, how often. */
export function threadList(db: DB, threads: readonly ThreadRow[]): Element {
  return h(
    'ul.items',
    threads.map((t) =>
      h('li', [
        status(t.status),
        ' ',
        t.text,
        h('span.muted', ' — '),
        t.assignees.length ? people(t.assignees) : 'nobody named',
        h('span.muted', [' · ', seriesLink(t.series), ' · ']),
        t.meetings > 1 ? [`${t.meetings} meetings, `, mentionLink(db, t.mentions[0]), ' – '] : null,
        mentionLink(db, t.mentions.at(-1)),
      ]),
    ),
  )
}

/** The same as table cells: status, task, who, series, first seen, last seen, meetings. */
export function threadCells(db: DB, t: ThreadRow): Child[] {
  return [status(t.status), t.text, t.assignees.length ? people(t.assignees) : '', seriesLink(t.series), mentionLink(db, t.mentions[0]), mentionLink(db, t.mentions.at(-1)), String(t.meetings)]
}
