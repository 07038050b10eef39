import {h} from 'hastscript'
import {listMeetings, listThreads} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {date, empty, meetingEntry, query, rootSeries, section, table} from '../parts.ts'
import type {PageSource} from '../source.ts'
import {threadList} from './threads.ts'

/** The open tasks a series page lists; the rest are on the actions page. */
const shownThreads = 25

/** A series: its meetings by date with their attendance, and the tasks still open in it. */
export function seriesPage({db}: PageSource, name: string): Page | null {
  const series = name === rootSeries ? '' : name
  // An empty series (the collection's root) is no filter to the list queries: keep its own rows.
  const meetings = listMeetings(db, {series}).filter((m) => m.series === series)
  if (meetings.length === 0) return null
  const open = listThreads(db, {series, status: 'open'}).filter((t) => t.series === series)
  const most = Math.max(1, ...meetings.map((m) => m.participants))
  const dated = meetings.filter((m) => m.date)
  return {
    title: `Series ${name}`,
    json: `/api/meetings${query({series, size: 500})}`,
    main: [
      h('header.page', [
        h('h1', ['Series ', name]),
        h('p.meta', [`${meetings.length} meetings`, dated.length ? [', ', date(dated.at(-1)!.date), ' – ', date(dated[0]!.date)] : null, ` · ${open.length} open tasks`]),
      ]),
      section(
        'Meetings',
        'meetings',
        table(
          'Meetings of the series',
          ['Meeting', 'Attendance', 'Topics', 'Action items', 'Decisions', 'Problems'],
          meetings.map((m) => [
            meetingEntry(m).slice(0, 2),
            [h('meter', {min: 0, max: most, value: m.participants, ariaHidden: 'true'}), ' ', String(m.participants)],
            String(m.topics),
            String(m.actions),
            String(m.decisions),
            String(m.problems),
          ]),
          {className: 'numbers'},
        ),
      ),
      section(
        `Open tasks (${open.length})`,
        'open',
        open.length ? threadList(db, open.slice(0, shownThreads)) : empty('Nothing open.'),
        open.length > shownThreads ? h('p', h('a', {href: `/actions${query({series, status: 'open'})}`}, `All ${open.length} open tasks of the series`)) : null,
      ),
    ],
  }
}
