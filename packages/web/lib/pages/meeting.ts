import type {Element} from 'hast'
import {h} from 'hastscript'
import {renderMinutes, storedHtml} from '@minutes-kb/render'
import {seriesNeighbours, showMeeting, storedMeetingHtml, threadsById, type DB, type MeetingDetail, type MeetingRef, type ThreadInfo} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {date, externalLink, lineLink, listSection, meetingHref, people, personLink, seriesLink, status} from '../parts.ts'
import {placeLink} from '../place-link.ts'
import type {PageSource} from '../source.ts'

/**
 * One meeting: its minutes rendered on the server, every line an anchor (`#L61`, the file's own
 * line numbers), and beside them what was extracted, each item linked to its line.
 */
export function meetingPage({db}: PageSource, id: number): Page | null {
  const m = showMeeting(db, id)
  if (!m) return null
  const threads = threadsById(db, m.actionItems.flatMap((a) => (a.threadId === null ? [] : [a.threadId])))
  const {previous, next} = seriesNeighbours(db, id)
  const title = m.title || m.date || m.path
  // Rendered at ingest (the same renderer, from the same lines and problems); rendered here only
  // when the database holds no HTML of this renderer's version for the meeting.
  const stored = storedMeetingHtml(db, id)
  const minutes = stored === null ? renderMinutes(m.raw, {firstLine: m.range[0], lastLine: m.range[1], problems: m.problems}) : [storedHtml(stored)]
  return {
    title,
    json: `/api/meetings/${m.id}`,
    main: [
      h('header.page', [
        h('h1', title),
        h('p.meta', [
          date(m.date),
          ' · series ',
          seriesLink(m.series),
          ' · ',
          h('code', `${m.path}:${m.range[0]}–${m.range[1]}`),
          m.meetingsInFile > 1 ? ` (meeting ${m.position + 1} of ${m.meetingsInFile} in the file)` : null,
          m.canceled ? [' · ', h('strong.canceled', 'canceled')] : null,
        ]),
        neighbours(previous, next),
      ]),
      h('div.meeting', [
        h('article.minutes', {ariaLabel: 'Minutes'}, minutes),
        h('aside.extracted', {ariaLabel: 'Extracted from the minutes'}, [
          participants(m),
          topics(m),
          actions(db, m, threads),
          decisions(m),
          links(m),
          problems(m),
        ]),
      ]),
    ],
  }
}

function neighbours(previous: MeetingRef | null, next: MeetingRef | null): Element {
  return h('nav.neighbours', {ariaLabel: 'Meetings of the series'}, [
    previous ? h('a', {href: meetingHref(previous.id), rel: ['prev']}, ['← ', previous.date ?? previous.title ?? previous.path]) : h('span.muted', 'first of the series'),
    next ? h('a', {href: meetingHref(next.id), rel: ['next']}, [next.date ?? next.title ?? next.path, ' →']) : h('span.muted', 'latest of the series'),
  ])
}

const count = (items: readonly unknown[]) => ` (${items.length})`

function participants(m: MeetingDetail): Element {
  return listSection(`Participants${count(m.participants)}`, 'participants', m.participants, 'None listed.', (p) => [
    lineLink(p.line),
    ' ',
    personLink(p.person),
    p.name && p.name !== p.person ? ` ${p.name}` : null,
    p.affiliation ? h('span.muted', ` (${p.affiliation}${p.abbreviation ? `, ${p.abbreviation}` : ''})`) : null,
  ])
}

function topics(m: MeetingDetail): Element {
  return listSection(`Topics${count(m.topics)}`, 'topics', m.topics, 'None found.', (t) => [
    lineLink(t.line),
    ' ',
    h('a', {href: `#L${t.line}`}, t.title),
    t.owners.length ? [h('span.muted', ' — '), ...people(t.owners)] : null,
  ])
}

function actions(db: DB, m: MeetingDetail, threads: Map<number, ThreadInfo>): Element {
  return listSection(`Action items${count(m.actionItems)}`, 'actions', m.actionItems, 'None found.', (a) => {
    const thread = a.threadId === null ? undefined : threads.get(a.threadId)
    return [
      lineLink(a.line),
      ' ',
      status(a.status),
      ' ',
      h('a', {href: `#L${a.line}`}, a.text),
      a.assignees.length ? [h('span.muted', ' — '), ...people(a.assignees)] : h('span.muted', ' — nobody named'),
      thread && thread.meetings > 1
        ? h('span.thread', [' · in ', String(thread.meetings), ' meetings since ', placeLink(db, thread.firstPath, thread.firstLine, thread.firstSeen ?? 'an undated meeting')])
        : null,
    ]
  })
}

function decisions(m: MeetingDetail): Element {
  return listSection(`Decisions${count(m.decisions)}`, 'decisions', m.decisions, 'None found.', (d) => [lineLink(d.line), ' ', h('a', {href: `#L${d.line}`}, d.text)])
}

function links(m: MeetingDetail): Element {
  return listSection(`Links${count(m.links)}`, 'links', m.links, 'None.', (l) => {
    const ref = l.owner && l.repo && l.number !== null ? `${l.owner}/${l.repo}#${l.number}` : null
    const text = l.text && l.text !== l.url ? l.text : (ref ?? l.url)
    return [lineLink(l.line), ' ', externalLink(l.url, text), ref && text !== ref ? h('span.muted', ` ${ref}`) : null]
  })
}

function problems(m: MeetingDetail): Element {
  return listSection(`Problems${count(m.problems)}`, 'problems', m.problems, 'None.', (p) => [
    lineLink(p.line),
    ' ',
    h('span.severity', p.severity),
    ' ',
    p.reason,
    p.ruleId ? [' ', h('code', p.ruleId)] : null,
  ])
}
