import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import {safeHref} from '@minutes-kb/render'

/** Pieces every page uses. Each takes data and returns hast; strings become text nodes, escaped when serialized. */

export type Child = Parameters<typeof h>[2]

export const meetingHref = (id: number, line?: number | null) => `/meetings/${id}${line ? `#L${line}` : ''}`

/** `/people/@fkr`, `/people/Kurt%20Garloff`: the `@` of a handle stays readable. */
export const personHref = (person: string) => `/people/${encodeURIComponent(person).replace(/^%40/, '@')}`

/** A series by name; the minutes at the root of a collection are the series `(root)`. */
export const seriesHref = (series: string) => `/series/${encodeURIComponent(series || rootSeries)}`
export const rootSeries = '(root)'
export const seriesName = (series: string) => series || rootSeries

/** A query string from the values that are set, in the order given. */
export function query(params: Record<string, string | number | null | undefined | readonly string[]>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const v of value) search.append(key, v)
    else if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

export function date(value: string | null): Element {
  return value ? h('time', {dateTime: value}, value) : h('span.muted', 'undated')
}

export function meetingLink(meeting: {id: number; date: string | null; title: string | null; path: string}): Element {
  return h('a', {href: meetingHref(meeting.id)}, meeting.title || meeting.date || meeting.path)
}

/** A meeting in a list: its date linked to it, its title when it says more, its series. */
export function meetingEntry(meeting: {id: number; date: string | null; title: string | null; path: string; series: string}): Array<Element | string | null> {
  const title = meeting.title && meeting.title !== meeting.date ? meeting.title : null
  return [h('a', {href: meetingHref(meeting.id)}, meeting.date ?? title ?? meeting.path), meeting.date && title ? ` ${title}` : null, h('span.muted', ' · '), seriesLink(meeting.series)]
}

export function personLink(person: string): Element {
  return h('a', {href: personHref(person)}, person)
}

export function people(persons: readonly string[]): ElementContent[] {
  return persons.flatMap((p, i) => (i === 0 ? [personLink(p)] : [{type: 'text' as const, value: ', '}, personLink(p)]))
}

export function seriesLink(series: string): Element {
  return h('a', {href: seriesHref(series)}, seriesName(series))
}

/** A link out (`rel="noopener noreferrer"`), or the text alone when the address is not http(s) or mailto. */
export function externalLink(url: string, text?: string): Element {
  const href = safeHref(url)
  return href ? h('a', {href, rel: ['noopener', 'noreferrer']}, text || url) : h('span', text || url)
}

/** A line of the meeting on this page: `L61`, linked to its anchor. */
export function lineLink(line: number | null): Element | string {
  return line === null ? '' : h('a.line', {href: `#L${line}`}, `L${line}`)
}

/** A snippet with its matched words in `<mark>`, from offsets. */
export function snippet(s: {text: string; highlights: ReadonlyArray<ReadonlyArray<number>>}): Element {
  const out: Child[] = []
  let at = 0
  for (const [start = 0, end = 0] of s.highlights) {
    if (start < at) continue
    out.push(s.text.slice(at, start), h('mark', s.text.slice(start, end)))
    at = end
  }
  out.push(s.text.slice(at))
  return h('p.snippet', ...out)
}

export function status(value: string): Element {
  return h(`span.status.${value === 'done' ? 'done' : 'open'}`, value)
}

/** A table that scrolls by itself on a narrow screen, by keyboard too. */
export function table(label: string, head: readonly string[], rows: ReadonlyArray<ReadonlyArray<Child>>, options: {className?: string} = {}): Element {
  return h('div.scroll', {tabIndex: 0, role: 'region', ariaLabel: label}, [
    h('table', {className: options.className ? [options.className] : undefined}, [
      h('thead', h('tr', head.map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', rows.map((cells) => element('tr', cells.map((c) => (typeof c === 'string' ? element('td', c ? [{type: 'text', value: c}] : []) : h('td', c)))))),
    ]),
  ])
}

/**
 * An element without attributes, built directly: `h` parses a selector and properties for each,
 * and a person's attendance has a cell per series and year (hundreds for the most active).
 */
function element(tagName: string, children: ElementContent[]): Element {
  return {type: 'element', tagName, properties: {}, children}
}

export function section(title: string, id: string, ...children: Child[]): Element {
  return h('section', {ariaLabelledBy: id}, h('h2', {id}, title), ...children)
}

export function empty(text: string): Element {
  return h('p.muted', text)
}

/** A section listing items (`item` gives each one's content), or saying there are none. */
export function listSection<T>(title: string, id: string, items: readonly T[], none: string, item: (value: T) => Child): Element {
  return section(title, id, items.length === 0 ? empty(none) : h('ul.items', items.map((value) => h('li', item(value)))))
}

/** Previous and next pages of a list, as links that keep the rest of the address. */
export function pager(label: string, base: string, params: Record<string, string | undefined>, page: number, hasNext: boolean): Element | null {
  if (page <= 1 && !hasNext) return null
  const to = (n: number) => `${base}${query({...params, page: n > 1 ? String(n) : undefined})}`
  return h('nav.pager', {ariaLabel: label}, [
    page > 1 ? h('a', {href: to(page - 1), rel: ['prev']}, '← Previous') : null,
    h('span.muted', `page ${page}`),
    hasNext ? h('a', {href: to(page + 1), rel: ['next']}, 'Next →') : null,
  ])
}
