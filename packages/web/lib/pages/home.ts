import {h} from 'hastscript'
import {listSeries, pageMeetings, pagePeople, pageProblems, pageThreads} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {date, empty, listSection, meetingEntry, personLink, query, section, seriesLink, table} from '../parts.ts'
import type {PageSource} from '../source.ts'
import {threadList} from './threads.ts'

/** The collection at a glance: series, the latest meetings, open tasks by person, what is carried longest, problems. */
export function homePage({db}: PageSource): Page {
  const series = listSeries(db)
  const meetings = series.reduce((n, s) => n + s.meetings, 0)
  // Pages of the API's lists, read in SQL: the first rows of each, in the order wanted.
  const latest = pageMeetings(db, {}, {size: 10}).rows
  const busy = pagePeople(db, {}, {sort: '-open', size: 12}).rows.filter((p) => p.open > 0)
  const carried = pageThreads(db, {status: 'open'}, {sort: '-meetings', size: 10}).rows
  const problems = pageProblems(db, {}, {size: 1})
  const dates = series.flatMap((s) => [s.firstDate, s.lastDate]).filter((d): d is string => d !== null).sort()
  return {
    title: 'minutes-kb',
    section: 'home',
    json: '/api/series',
    main: [
      h('h1', 'Meeting minutes'),
      h('p.meta', [
        `${meetings} meetings in ${series.length} series`,
        dates.length ? [', ', date(dates[0]!), ' – ', date(dates.at(-1)!)] : null,
        ' · ',
        h('a', {href: '/api/problems'}, `${problems.total}${problems.totalIsExact ? '' : '+'} problems`),
        ' found in the files',
      ]),
      h('div.columns', [
        section(
          'Series',
          'series',
          series.length
            ? table('Series', ['Series', 'Meetings', 'Last meeting'], series.map((s) => [seriesLink(s.series), String(s.meetings), date(s.lastDate)]), {className: 'numbers'})
            : empty('No minutes yet: run `minutes ingest DIR`.'),
        ),
        listSection('Latest meetings', 'latest', latest, 'None.', meetingEntry),
        listSection('Open tasks by person', 'people', busy, 'Nothing open.', (p) => [personLink(p.person), ' ', h('a', {href: `/actions${query({person: p.person, status: 'open'})}`}, `${p.open} open`)]),
        section('Carried over the longest', 'carried', carried.length ? threadList(db, carried) : empty('Nothing open.')),
      ]),
    ],
  }
}
