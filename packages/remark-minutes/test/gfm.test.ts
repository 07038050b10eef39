/**
 * The lean GFM (`lib/gfm.ts`) skips mdast-util-gfm-autolink-literal's transform when no text could
 * match it, and tries micromark's e-mail literal only where a word reaches an `@`. It must give exactly
 * the trees remark-gfm gives: on every file of the shared corpus, on hand-picked texts the transform does
 * change, and on generated mixtures of URL- and address-like text.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import {describe, expect, it} from 'vitest'
import remarkGfmLean from '../lib/gfm.ts'
import {corpusFiles, corpusRoot} from '../../../scripts/corpus.ts'

const stock = unified().use(remarkParse).use(remarkGfm)
const lean = unified().use(remarkParse).use(remarkGfmLean)
/** remark-gfm without the transform at all: shows which texts need it. */
const without = unified()
  .use(remarkParse)
  .use(function (this: Processor) {
    remarkGfm.call(this as never)
    for (const extension of (this.data('fromMarkdownExtensions') ?? []).flat() as Array<{transforms?: unknown[]}>) delete extension.transforms
  })

// Texts only the transform turns into links (micromark's literal autolinks do not start after `_`
// or an escape); every other literal URL or address here is already a link before it runs.
const needsTransform = ['_ana@example.org_', '__ana@example.org__', 'an\\_a@example.org', '_mailto:ana@example.org_']
const linkedBefore = ['Write to ana.example@example.org.', 'See www.example.com/path?x=1.', 'xmpp:ana@example.org/home and mailto:bob@example.com', '*https://example.org/x*']
// Texts it leaves alone, some of them close.
const untouched = ['@ana and @bob: review', 'In [www.example.com](https://example.com) only', 'no link here', 'x@y', 'version 1.2.3 of www', '`https://example.org` in code']
// Addresses where micromark's place in the document is not its index in the string (a byte order mark, tabs,
// CRLF, containers) or where the address is split (an escape, a reference, a cell).
const shifted = ['\ufeffWrite to ana@example.org', '\ufeffana@example.org', '\tana@example.org', 'a\r\n\tb ana@example.org', '> - ana@example.org\n>   bob@example.com', 'ana\\@example.org', 'ana&#64;example.org', '| ana | @example.org |\n|---|---|\n| ana@example.org | x |']

describe('lean GFM', () => {
  it('gives the same tree as remark-gfm for every file of the shared corpus', () => {
    const root = corpusRoot()
    const files = corpusFiles(root)
    for (const path of files) {
      const value = readFileSync(join(root, path), 'utf8')
      expect(lean.parse(value), path).toEqual(stock.parse(value))
    }
    expect(files.length).toBeGreaterThan(500)
  })

  it('runs the transform when a text needs it, and gives the same tree', () => {
    for (const value of needsTransform) {
      expect(without.parse(value), value).not.toEqual(stock.parse(value))
      expect(lean.parse(value), value).toEqual(stock.parse(value))
    }
    for (const value of [...linkedBefore, ...untouched, ...shifted]) expect(lean.parse(value), value).toEqual(stock.parse(value))
  })

  it('gives the same tree on generated mixtures of links, addresses and text', () => {
    const piece = fc.constantFrom(
      'https://', 'http://', 'www.', 'WWW.', 'example', '.org', '.', '/', '@', 'ana', '_', '-', '+', 'mailto:', 'xmpp:',
      ' ', '\n', '\n\n', '- ', '* ', '[', '](', ')', '<', '>', '`', '~~', '(', '1', 'ä', '> ', '\\', '| a | b |\n|---|---|\n| ',
      '\t', '\r\n', '\r', '|', '&#64;', 'a@b.co', '    ', '# ',
    )
    fc.assert(
      fc.property(fc.boolean(), fc.array(piece, {maxLength: 40}), (bom, pieces) => {
        const value = (bom ? '\ufeff' : '') + pieces.join('')
        expect(lean.parse(value)).toEqual(stock.parse(value))
      }),
      {numRuns: 2000},
    )
  })
})
