import {h} from 'hastscript'
import {findPerson, listSeries, listThreads, type Status} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {empty, pager, query, seriesName, table} from '../parts.ts'
import {pageNumber, param, type PageSource} from '../source.ts'
import {threadCells} from './threads.ts'

const pageSize = 50
const statuses: Status[] = ['open', 'done', 'all']

/** Action items as tasks carried across meetings, by person, status and series; the filters live in the address. */
export function actionsPage({db}: PageSource, q: Record<string, unknown>): Page {
  const person = param(q['person'])
  const series = param(q['series'])
  const state = statuses.find((s) => s === param(q['status'])) ?? 'open'
  const page = pageNumber(q['page'])
  const unknown = person !== undefined && findPerson(db, person) === null
  const threads = unknown ? [] : listThreads(db, {person, series, status: state})
  const shown = threads.slice((page - 1) * pageSize, page * pageSize)
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
      h('p.muted', {id: 'actions-info'}, unknown ? `Nobody called ${person} is in the minutes.` : `${threads.length} tasks`),
      shown.length
        ? table(heading, ['Status', 'Task', 'Who', 'Series', 'First seen', 'Last seen', 'Meetings'], shown.map((t) => threadCells(db, t)), {className: 'tasks'})
        : empty('No tasks.'),
      pager('Pages of tasks', '/actions', {person, status: state, series}, page, threads.length > page * pageSize),
    ],
  }
}
