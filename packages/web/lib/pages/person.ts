import type {Element} from 'hast'
import {h} from 'hastscript'
import {personDetail, personPageData, type PersonDetail, type PersonPageData, type ThreadSummary} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {date, empty, listSection, meetingEntry, people, query, section, seriesLink, seriesName, status, table} from '../parts.ts'
import {meetingLineLink} from '../place-link.ts'
import type {PageSource} from '../source.ts'

/** One person: who they are, where they were (by series, over the years), what is open and done for them, what they brought. */
export function personPage({db}: PageSource, who: string): Page | null {
  // The page lists the latest meetings with their ids (personPageData), not the API's `meetingsAttended`.
  const person = personDetail(db, who, 20, {meetings: false})
  const more = person && personPageData(db, who)
  if (!person || !more) return null
  const title = person.name && person.handle ? `${person.name} (${person.handle})` : person.person
  const tasks = (state: 'open' | 'done') => `/actions${query({person: person.person, status: state})}`
  return {
    title,
    json: `/api/people/${encodeURIComponent(person.person)}`,
    main: [
      h('header.page', [
        h('h1', title),
        more.aliases.length ? h('p.meta', ['Also written as ', more.aliases.join(', ')]) : null,
        h('ul.figures', [
          h('li', [h('strong', String(person.meetings)), ' meetings', person.firstSeen ? [' (', date(person.firstSeen), ' – ', date(person.lastSeen), ')'] : null]),
          h('li', h('a', {href: tasks('open')}, [h('strong', String(person.open)), ' open tasks'])),
          h('li', h('a', {href: tasks('done')}, [h('strong', String(person.done)), ' done'])),
          h('li', [h('strong', String(person.topicsOwned)), ' topics brought']),
        ]),
      ]),
      attendance(more),
      listSection('Latest meetings', 'latest', more.latest, 'None.', meetingEntry),
      threads(person.person, 'Open tasks', 'open', person.openThreads, person.open, tasks('open')),
      threads(person.person, 'Done tasks', 'done', person.doneThreads, person.done, tasks('done')),
      topics(person),
    ],
  }
}

/** Meetings attended: a row per series, a column per year. */
function attendance(more: PersonPageData): Element {
  const years = [...new Set(more.attendance.map((a) => a.year ?? 'undated'))].sort()
  const bySeries = new Map<string, Map<string, number>>()
  for (const a of more.attendance) {
    const row = bySeries.get(a.series) ?? new Map<string, number>()
    row.set(a.year ?? 'undated', a.meetings)
    bySeries.set(a.series, row)
  }
  const rows = [...bySeries].map(([series, counts]) => [seriesLink(series), ...years.map((y) => (counts.get(y) ? String(counts.get(y)) : '')), String([...counts.values()].reduce((s, n) => s + n, 0))])
  return section(
    'Meetings attended',
    'attended',
    rows.length ? table(`Meetings attended by series and year`, ['Series', ...years, 'All'], rows, {className: 'numbers'}) : empty('No attendance recorded.'),
  )
}

function threads(self: string, title: string, id: string, list: ThreadSummary[], total: number, all: string): Element {
  const shown = listSection(`${title} (${total})`, id, list, 'None.', (t) => {
    const others = t.assignees.filter((a) => a !== self)
    return [
      status(t.status),
      ' ',
      meetingLineLink(t.lastMeetingId, t.lastLine, t.text),
      h('span.muted', [' — ', seriesName(t.series), ', ', t.meetings > 1 ? `${t.meetings} meetings, ${t.firstSeen ?? 'undated'} – ` : '', t.lastSeen ?? 'undated']),
      others.length ? [h('span.muted', ' with '), ...people(others)] : null,
    ]
  })
  if (list.length < total) shown.children.push(h('p', h('a', {href: all}, `All ${total}`)))
  return shown
}

function topics(person: PersonDetail): Element {
  return listSection(`Topics brought (${person.topicsOwned})`, 'topics', person.topics, 'None.', (t) => [date(t.date), ' ', meetingLineLink(t.meetingId, t.line, t.title)])
}
