/**
 * The pages' serializer (packages/web/lib/serialize.ts) writes the same bytes as hast-util-to-html
 * with the options the pages used before it: on every page of the shared corpus (each meeting,
 * person and series, the lists, searches), on the hostile minutes, and on generated trees whose
 * text and attribute values hold every character either escapes.
 */
import fc from 'fast-check'
import type {Element, ElementContent, Root} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {h} from 'hastscript'
import {describe, expect, inject, it} from 'vitest'
import {htmlOptions} from '@minutes-kb/render'
import {Searcher} from '@minutes-kb/search'
import {openDatabase} from '@minutes-kb/store'
import {layout, type Page} from '../lib/layout.ts'
import {actionsPage} from '../lib/pages/actions.ts'
import {homePage} from '../lib/pages/home.ts'
import {meetingPage} from '../lib/pages/meeting.ts'
import {personPage} from '../lib/pages/person.ts'
import {searchPage} from '../lib/pages/search.ts'
import {seriesPage} from '../lib/pages/series.ts'
import {upstreamPage} from '../lib/pages/upstream.ts'
import {serializePage} from '../lib/serialize.ts'
import {webCollection} from '../../../tests/web-collection.ts'

const urls = {script: '/assets/app.0123abcd.js', style: '/assets/app.0123abcd.css', icon: '/assets/icon.svg'}
const reference = (tree: Root | Element) => toHtml(tree, {...htmlOptions, allowDangerousHtml: true})

/** Every page of a database, as trees: each meeting, person and series, and the lists and searches. */
function* pages(path: string): Generator<[string, Page | null]> {
  const db = openDatabase(path, {readonly: true})
  const searcher = new Searcher(db)
  const source = {db, searcher}
  try {
    yield ['/', homePage(source)]
    for (const id of db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]) yield [`/meetings/${id}`, meetingPage(source, id)]
    for (const who of db.prepare('SELECT COALESCE(handle, name) FROM people ORDER BY id').pluck().all() as string[]) yield [`/people/${who}`, personPage(source, who)]
    for (const series of db.prepare('SELECT DISTINCT series FROM meetings').pluck().all() as string[]) yield [`/series/${series}`, seriesPage(source, series || '(root)')]
    for (const q of ['decision', 'xsswordmark', '"open source" release', 'kubernet*', 'title:security', '<script>']) yield [`/search?q=${q}`, searchPage(source, {q})]
    yield ['/actions', actionsPage(source, {})]
    yield ['/actions?status=done', actionsPage(source, {status: 'done'})]
    yield ['/upstream', upstreamPage(source, {})]
  } finally {
    searcher.close()
    db.close()
  }
}

function expectSame(path: string): number {
  let compared = 0
  for (const [url, page] of pages(path)) {
    if (!page) continue
    const tree = layout(page, urls)
    expect(serializePage(tree), url).toBe(reference(tree))
    compared++
  }
  return compared
}

describe('the pages serializer', () => {
  it('writes every page of the shared corpus as hast-util-to-html does', () => {
    expect(expectSame(inject('corpusDb'))).toBeGreaterThan(500)
  }, 120_000)

  it('writes the pages of the hostile minutes as hast-util-to-html does', async () => {
    const {db} = await webCollection()
    expect(expectSame(db)).toBeGreaterThan(5)
  }, 60_000)

  it('escapes generated text and attribute values as hast-util-to-html does', () => {
    // Every character either encoder treats specially, among ordinary and astral ones.
    const char = fc.constantFrom('<', '>', '&', '"', "'", '`', '=', '\0', '\t', '\n', ' ', '/', 'a', 'é', '€', '😀', '\u00a0', '&amp;', '&#x3C;')
    const text = fc.array(char, {maxLength: 12}).map((cs) => cs.join(''))
    const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(Number.NaN), fc.array(text, {maxLength: 3}))
    const properties = fc.record(
      {id: value, className: value, href: value, title: value, hidden: value, download: value, tabIndex: value, ariaLabel: value, dataSlash: value, accept: value, checked: value, rel: value},
      {requiredKeys: []},
    )
    const tag = fc.constantFrom('div', 'span', 'a', 'p', 'input', 'br', 'img', 'td', 'ul', 'meta')
    const tree: fc.Arbitrary<ElementContent> = fc.letrec<{node: ElementContent}>((tie) => ({
      node: fc.oneof(
        {depthSize: 'small'},
        text.map((value) => ({type: 'text' as const, value})),
        fc.record({tag, properties, children: fc.array(tie('node'), {maxLength: 3})}).map(({tag, properties, children}) => h(tag, properties as never, children)),
      ),
    })).node
    fc.assert(
      fc.property(tree, (node) => {
        const root: Root = {type: 'root', children: [{type: 'doctype'}, node]}
        expect(serializePage(root)).toBe(reference(root))
      }),
      {numRuns: 2000},
    )
  })

  it('leaves what it does not write itself to hast-util-to-html', () => {
    const svg = h('div', [h('svg', {viewBox: '0 0 10 10'}, []), h('script', 'if (a < b && c) {}'), {type: 'comment', value: 'note'}])
    const root: Root = {type: 'root', children: [svg]}
    expect(serializePage(root)).toBe(reference(root))
    expect(serializePage(root)).toContain('if (a < b && c) {}')
  })
})
