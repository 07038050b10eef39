import type {Element} from 'hast'
import {h} from 'hastscript'
import {QueryError, type SearchHit} from '@minutes-kb/search'
import {listSeries} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {date, meetingHref, meetingLink, pager, query, seriesLink, seriesName, snippet} from '../parts.ts'
import {isoDate, pageNumber, param, type PageSource} from '../source.ts'

const pageSize = 20
/** Hits are ranked 10 000 deep at most, as the API pages them. */
const lastPage = 10_000 / pageSize

/**
 * Search, rendered on the server from the address (`/search?q=host-id&series=iaas`), so a result
 * list is a link; the client script replaces `#results` as you type.
 */
export function searchPage({db, searcher}: PageSource, q: Record<string, unknown>): Page {
  const filters = {q: param(q['q']), series: param(q['series']), from: isoDate(param(q['from'])), to: isoDate(param(q['to'])), person: param(q['person'])}
  const page = Math.min(pageNumber(q['page']), lastPage)
  let results: Element[]
  let status = 200
  if (!filters.q) {
    results = [h('p.muted', {id: 'search-info'}, 'Words, title:word, +must -not, fuzzy~1, prefix*')]
  } else {
    try {
      const found = searcher.search(filters.q, {series: filters.series, from: filters.from, to: filters.to, person: filters.person}, {limit: pageSize, offset: (page - 1) * pageSize})
      const pages = pager('Pages of results', '/search', {...filters}, page, page * pageSize < found.total && page < lastPage)
      results = [h('p', {id: 'search-info'}, `${found.total}${found.totalIsExact ? '' : '+'} sections match`), ...grouped(found.hits), ...(pages ? [pages] : [])]
    } catch (error) {
      if (!(error instanceof QueryError)) throw error
      status = 400
      results = [h('p.error', {id: 'search-info', role: 'alert'}, error.message)]
    }
  }
  return {
    title: filters.q ? `${filters.q} – search` : 'Search',
    section: 'search',
    ownSearch: true,
    status,
    json: filters.q ? `/api/search${query({...filters, page: undefined})}` : undefined,
    main: [
      h('h1', 'Search the minutes'),
      h('form.search', {id: 'search-form', role: 'search', action: '/search', method: 'get'}, [
        h('div.query', [
          h('label', {htmlFor: 'q'}, 'Words'),
          h('input', {id: 'q', type: 'search', name: 'q', value: filters.q ?? '', autoComplete: 'off', dataSlash: true, placeholder: 'host-id, title:monitoring, +kolla -ceph, kubernets~1'}),
          h('button', {type: 'submit'}, 'Search'),
        ]),
        h('div.filters', [
          h('label', ['Series ', h('select', {name: 'series'}, [h('option', {value: ''}, 'all series'), ...listSeries(db).map((s) => h('option', {value: s.series, selected: s.series === filters.series}, `${seriesName(s.series)} (${s.meetings})`))])]),
          h('label', ['From ', h('input', {type: 'date', name: 'from', value: filters.from ?? ''})]),
          h('label', ['To ', h('input', {type: 'date', name: 'to', value: filters.to ?? ''})]),
          h('label', ['Person ', h('input', {name: 'person', value: filters.person ?? '', placeholder: '@handle or name', autoComplete: 'off'})]),
        ]),
      ]),
      // The script tells screen readers how many sections match after each search as you type.
      h('p.sr-only', {id: 'search-status', role: 'status'}),
      h('div', {id: 'results'}, results),
    ],
  }
}

/** Hits of the same meeting together, meetings in the order of their best hit. */
function grouped(hits: SearchHit[]): Element[] {
  const groups = new Map<number, SearchHit[]>()
  for (const hit of hits) groups.set(hit.meeting.id, [...(groups.get(hit.meeting.id) ?? []), hit])
  return [...groups.values()].map((group) => {
    const m = group[0]!.meeting
    return h('section.group', [
      h('h2', [meetingLink(m)]),
      h('p.where', [date(m.date), ' · ', seriesLink(m.series)]),
      h(
        'ul.hits',
        group.map((hit) =>
          h('li.hit', [
            h('a.topic', {href: meetingHref(m.id, hit.line)}, hit.topic ?? 'the whole meeting'),
            h('span.where', ` ${m.path}:${hit.line}`),
            snippet(hit.snippet),
          ]),
        ),
      ),
    ])
  })
}
