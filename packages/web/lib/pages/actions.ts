import {h} from 'hastscript'
import {CursorError, findPerson, listSeries, pageThreads, type Status} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {empty, query, seriesName, table} from '../parts.ts'
import {param, type PageSource} from '../source.ts'
import {threadCells} from './threads.ts'

const pageSize = 50
const statuses: Status[] = ['open', 'done', 'all']

/** Action items as tasks carried across meetings, by person, status and series; the filters live in the address. */
export function actionsPage({db}: PageSource, q: Record<string, unknown>): Page {
  const person = param(q['person'])
  const series = param(q['series'])
  const state = statuses.find((s) => s === param(q['status'])) ?? 'open'
  const cursor = param(q['cursor'])
  const filter = {person, series, status: state}
  const unknown = person !== undefined && findPerson(db, person) === null
  const threads = unknown ? null : pageWithCursor((at) => pageThreads(db, filter, {size: pageSize, cursor: at}), cursor)
  const heading = `${state === 'all' ? 'All' : state === 'open' ? 'Open' : 'Done'} action items${person ? ` of ${person}` : ''}${series ? ` in ${series}` : ''}`
  return {
    title: heading,
    section: 'actions',
    json: `/api/actions${query({assignee: person, status: state, series, threads: 'true'})}`,
    main: [
      h('h1', heading),
      h('form.filters', {action: '/actions', method: 'get'}, [
        h('label', ['Person ', h('input', {name: 'person', value: person ?? '', placeholder: '@handle or name', autoComplete: 'off'})]),
        h('label', ['Status ', h('select', {name: 'status'}, statuses.map((s) => h('option', {value: s, selected: s === state}, s)))]),
        h('label', [
          'Series ',
          h('select', {name: 'series'}, [h('option', {value: ''}, 'all series'), ...listSeries(db).map((s) => h('option', {value: s.series, selected: s.series === series}, seriesName(s.series)))]),
        ]),
        h('button', {type: 'submit'}, 'Show'),
      ]),
      h('p.muted', {id: 'actions-info'}, threads ? `${threads.total}${threads.totalIsExact ? '' : '+'} tasks` : `Nobody called ${person} is in the minutes.`),
      threads?.rows.length
        ? table(heading, ['Status', 'Task', 'Who', 'Series', 'First seen', 'Last seen', 'Meetings'], threads.rows.map((t) => threadCells(db, t)), {className: 'tasks'})
        : empty('No tasks.'),
      threads && (cursor || threads.next)
        ? h('nav.pager', {ariaLabel: 'Pages of tasks'}, [
            cursor ? h('a', {href: `/actions${query(filter)}`}, '← First page') : h('span'),
            threads.next ? h('a', {href: `/actions${query({...filter, cursor: threads.next})}`, rel: ['next']}, 'Next page →') : null,
          ])
        : null,
    ],
  }
}

/** A page at a cursor from the address; one that does not belong to this list is the first page. */
function pageWithCursor<T>(read: (cursor?: string) => T, cursor: string | undefined): T {
  try {
    return read(cursor)
  } catch (error) {
    if (cursor === undefined || !(error instanceof CursorError)) throw error
    return read()
  }
}
