import type {Element} from 'hast'
import {h} from 'hastscript'
import {ownOrganisations, shownStates, trackedKinds, upstreamChanges, upstreamReport, type DB, type UpstreamChange, type UpstreamRepository} from '@minutes-kb/store'
import type {Page} from '../layout.ts'
import {date, empty, externalLink, pager, query, section, table} from '../parts.ts'
import {placeLink} from '../place-link.ts'
import {pageNumber, param, params, type PageSource} from '../source.ts'

const pageSize = 50
const scopes = ['upstream', 'own', 'all'] as const
type Scope = (typeof scopes)[number]

/**
 * No organisation is called NUL: with it as the only "own" one, the report keeps every reference,
 * which the page then splits by the community's real organisations.
 */
const noOrganisation = ['\u0000']

/** References to issues, pulls, changes and bugs, grouped by repository, with the checklist, CSV and JSON exports. */
export function upstreamPage({db}: PageSource, q: Record<string, unknown>): Page {
  const scope: Scope = scopes.find((s) => s === param(q['scope'])) ?? 'upstream'
  const ownGiven = param(q['own'])
    ?.split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, 20)
  const own = ownOrganisations(db, ownGiven)
  const kind = trackedKinds.find((k) => k === param(q['kind']))
  const repo = param(q['repo'])
  const repoFilter = repo && /^[^/\s]+(\/[^/\s]+)+$/.test(repo) ? repo : undefined
  const states = params(q['state']).filter((s): s is (typeof shownStates)[number] => (shownStates as readonly string[]).includes(s))
  const page = pageNumber(q['page'])
  const filter = {kind, repo: repoFilter, state: states.length ? states : undefined}
  const repos =
    scope === 'upstream'
      ? upstreamReport(db, {...filter, own})
      : upstreamReport(db, {...filter, own: noOrganisation}).filter((r) => scope === 'all' || isOwn(r, own))
  const items = repos.reduce((n, r) => n + r.items.length, 0)
  const shown = itemsPage(repos, page)
  const exportQuery = query({own: ownGiven, kind, repo: repoFilter, state: states})
  return {
    title: 'Upstream references',
    section: 'upstream',
    json: `/api/upstream${exportQuery}`,
    main: [
      h('h1', 'Upstream references'),
      h('p.meta', [
        `${items} items in ${repos.length} repositories`,
        own.length ? ` · own organisations: ${own.join(', ')}` : ' · no own organisations configured (minutes.config.json "own")',
      ]),
      h('form.filters', {action: '/upstream', method: 'get'}, [
        h('label', ['Show ', h('select', {name: 'scope'}, scopes.map((s) => h('option', {value: s, selected: s === scope}, {upstream: 'upstream references', own: 'own references', all: 'all references'}[s])))]),
        h('label', ['Own organisations ', h('input', {name: 'own', value: ownGiven?.join(' ') ?? '', placeholder: own.join(' ') || 'org another-org', autoComplete: 'off'})]),
        h('label', ['Kind ', h('select', {name: 'kind'}, [h('option', {value: ''}, 'all kinds'), ...trackedKinds.map((k) => h('option', {value: k, selected: k === kind}, k))])]),
        h('label', ['Repository ', h('input', {name: 'repo', value: repo ?? '', placeholder: 'owner/repo', autoComplete: 'off'})]),
        h('label', ['State ', h('select', {name: 'state'}, [h('option', {value: ''}, 'any state'), ...shownStates.map((s) => h('option', {value: s, selected: states.includes(s)}, s))])]),
        h('button', {type: 'submit'}, 'Show'),
      ]),
      h('p.exports', [
        'Export the upstream references: ',
        h('a', {href: `/api/upstream.md${exportQuery}`, download: 'upstream.md'}, 'Markdown checklist'),
        ' · ',
        h('a', {href: `/api/upstream.csv${exportQuery}`, download: 'upstream.csv'}, 'CSV'),
        ' · ',
        h('a', {href: `/api/upstream${exportQuery}`}, 'JSON'),
      ]),
      // What a chair reads before the next meeting, above the list: on its first page, for upstream references.
      ...(page === 1 && scope === 'upstream' ? [changes(db, upstreamChanges(db, {own, repo: repoFilter}))] : []),
      ...(shown.length ? shown.map((r) => repository(db, r)) : [empty('No references.')]),
      pager('Pages of references', '/upstream', {scope: scope === 'upstream' ? undefined : scope, own: ownGiven?.join(' '), kind, repo, state: states[0]}, page, items > page * pageSize),
    ],
  }
}

/** A page of `pageSize` items, still grouped by repository (a repository may go on over two pages). */
function itemsPage(repos: UpstreamRepository[], page: number): UpstreamRepository[] {
  const start = (page - 1) * pageSize
  const out: UpstreamRepository[] = []
  let at = 0
  for (const repo of repos) {
    const from = Math.max(0, start - at)
    const to = Math.min(repo.items.length, start + pageSize - at)
    if (from < to) out.push({...repo, items: repo.items.slice(from, to)})
    at += repo.items.length
    if (at >= start + pageSize) break
  }
  return out
}

function isOwn(repo: UpstreamRepository, own: readonly string[]): boolean {
  const owner = repo.owner?.toLowerCase()
  return owner !== undefined && own.some((o) => owner === o.toLowerCase() || owner.startsWith(`${o.toLowerCase()}/`))
}

function repository(db: DB, repo: UpstreamRepository): Element {
  const home = repo.owner && repo.repo ? `https://${repo.host}/${repo.owner}/${repo.repo}` : `https://${repo.host}`
  const short = repo.owner && repo.repo ? `${repo.owner}/${repo.repo}` : null
  return h('section.repository', {ariaLabel: repo.name}, [
    h('h2', externalLink(home, repo.name)),
    h('p.meta', [`first seen `, date(repo.firstSeen), ' · last seen ', date(repo.lastSeen)]),
    table(
      `References to ${repo.name}`,
      ['Reference', 'Title', 'State', 'First seen', 'Last seen', 'Meetings'],
      repo.items.map((i) => [
        // Under its repository's heading an item is `#184` or `@abc1234`.
        externalLink(i.upstream?.url ?? i.url, short && i.ref.startsWith(short) && /^[#@]/.test(i.ref.slice(short.length)) ? i.ref.slice(short.length) : i.ref),
        i.title,
        h(`span.state`, i.state),
        date(i.firstSeen),
        date(i.lastSeen),
        mentions(db, i.meetings),
      ]),
      {className: 'references'},
    ),
  ])
}

/** The meetings that mention an item: the first five linked to their lines, then how many more. */
function mentions(db: DB, meetings: UpstreamRepository['items'][number]['meetings']): Array<Element | string> {
  const shown = meetings.slice(0, 5).flatMap((m, i) => [i > 0 ? ', ' : '', placeLink(db, m.path, m.line, m.date ?? m.path)])
  return meetings.length > 5 ? [...shown, ` and ${meetings.length - 5} more`] : shown
}

const changesShown = 20

/**
 * Changed since the meetings last looked (`minutes upstream changes`): state changes after the last
 * mention, newest first, then open items no meeting mentioned for three months — the first 20, the
 * rest in the export.
 */
function changes(db: DB, rows: UpstreamChange[]): Element {
  const body =
    rows.length === 0
      ? empty('Nothing changed upstream after the meetings last mentioned it, and nothing open is forgotten (run minutes upstream sync to read the states).')
      : [
          table(
            'Changed since the meetings last looked',
            ['Reference', 'Title', 'What happened', 'Last mentioned'],
            rows.slice(0, changesShown).map((c) => [
              externalLink(c.url, c.ref),
              c.title,
              c.summary,
              placeLink(db, c.lastPath, c.lastLine, c.lastSeen),
            ]),
            {className: 'references'},
          ),
          h('p.meta', [
            rows.length > changesShown ? `${changesShown} of ${rows.length} shown · ` : '',
            h('a', {href: '/api/upstream/changes.csv', download: 'upstream-changes.csv'}, 'all as CSV'),
            ' · ',
            h('a', {href: '/api/upstream/changes'}, 'JSON'),
          ]),
        ]
  return section('Changed since the meetings last looked', 'changes', body)
}
