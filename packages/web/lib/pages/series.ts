import {h} from 'hastscript'
import {listMeetings, listThreads, pageThreads, type DB} from '@minutes-kb/store'
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
  const open = series ? pageThreads(db, {series, status: 'open'}, {size: shownThreads}) : rootThreads(db)
  const openCount = `${open.total}${open.totalIsExact ? '' : '+'}`
  const most = Math.max(1, ...meetings.map((m) => m.participants))
  const dated = meetings.filter((m) => m.date)
  return {
    title: `Series ${name}`,
    json: `/api/meetings${query({series, size: 500})}`,
    main: [
      h('header.page', [
        h('h1', ['Series ', name]),
        h('p.meta', [`${meetings.length} meetings`, dated.length ? [', ', date(dated.at(-1)!.date), ' – ', date(dated[0]!.date)] : null, ` · ${openCount} open tasks`]),
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
        `Open tasks (${openCount})`,
        'open',
        open.rows.length ? threadList(db, open.rows) : empty('Nothing open.'),
        open.next ? h('p', h('a', {href: `/actions${query({series, status: 'open'})}`}, `All ${openCount} open tasks of the series`)) : null,
      ),
    ],
  }
}

/** The open tasks of the collection's root: no list filter names an empty series, so they are picked out here. */
function rootThreads(db: DB) {
  const all = listThreads(db, {status: 'open'}).filter((t) => t.series === '')
  return {rows: all.slice(0, shownThreads), next: all.length > shownThreads ? 'more' : null, total: all.length, totalIsExact: true}
}
