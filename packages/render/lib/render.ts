import type {Element, ElementContent, Root} from 'hast'
import {toHtml, type Options as HtmlOptions} from 'hast-util-to-html'
import type {Root as MdastRoot} from 'mdast'
import rehypeSanitize, {defaultSchema, type Options as Schema} from 'rehype-sanitize'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {remarkGfmLean, strikeRunsAsText} from '@minutes-kb/remark-minutes'
import {anchorLines, type LineProblem} from './line-anchors.ts'
import {safeHref} from './safe-url.ts'

/**
 * GitHub's schema, narrowed: no `picture`/`source` (nothing is loaded from elsewhere), no
 * `tabindex` or `accesskey` (the page sets those). Raw HTML is dropped before this step, so the
 * only ids are the ones remark-rehype gives footnotes, prefixed `user-content-` already: no
 * second prefix. URLs keep GitHub's protocols: `javascript:`, `data:` and `vbscript:` lose their `href` / `src`.
 */
const schema: Schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== 'picture' && t !== 'source'),
  attributes: {...defaultSchema.attributes, '*': (defaultSchema.attributes?.['*'] ?? []).filter((a) => a !== 'tabIndex' && a !== 'accessKey')},
  clobberPrefix: '',
  strip: ['script', 'style'],
}

/** How every page is serialized (hast-util-to-html), and so the minutes' HTML stored at ingest. */
export const htmlOptions: HtmlOptions = {characterReferences: {useNamedReferences: true}}

/** remark-parse + GFM (tables, task lists, autolinks, strikethrough, footnotes) + front matter (YAML or TOML, not shown). */
const parser = unified().use(remarkParse).use(remarkGfmLean).use(remarkFrontmatter, ['yaml', 'toml']).freeze()

/**
 * remark-rehype without `allowDangerousHtml` (raw HTML in the minutes is dropped: an inline tag's
 * text stays, an HTML block goes), then rehype-sanitize. Run on a parsed tree: a meeting's own
 * parse (`renderMinutes`) or its part of the ingest's parse of the whole file (`meetingsHtml`).
 */
const toSafeHast = unified().use(remarkRehype).use(rehypeSanitize, schema).freeze()

export interface MinutesPlace {
  /** The file line the markdown's first line is, and the meeting's last line. */
  firstLine: number
  lastLine: number
  problems?: LineProblem[]
}

/** A meeting's markdown (its lines of the file) as sanitized, line-anchored hast: parsed, then `renderTree`. */
export function renderMinutes(markdown: string, place: MinutesPlace): ElementContent[] {
  return renderTree(parser.parse(strikeRunsAsText(markdown)), place, place.firstLine - 1)
}

/**
 * Minutes' syntax tree to sanitized hast (remark-rehype → rehype-sanitize), then the page's own
 * additions to the sanitized tree and the line anchors. `lineOffset`: how many lines of the file
 * come before the tree's line 1 (0 for a tree of the whole file, as the ingest's parse gives).
 */
export function renderTree(tree: MdastRoot, place: MinutesPlace, lineOffset: number): ElementContent[] {
  const hast = toSafeHast.runSync(tree) as Root
  present(hast)
  anchorLines(hast, place, lineOffset)
  return hast.children.filter((c): c is ElementContent => c.type !== 'doctype')
}

/** Rendered minutes as HTML, serialized as the page serializes them. */
export function minutesHtml(nodes: ElementContent[]): string {
  return toHtml(nodes, htmlOptions)
}

/**
 * Minutes' HTML stored at ingest (`minutesHtml` of this renderer, written by the parse workers), as
 * a node of a page's tree: a `raw` node, which hast-util-to-html writes as it is when the page is
 * serialized with `allowDangerousHtml`. Only for HTML this renderer made: nothing else is
 * sanitized on the way out.
 */
export function storedHtml(html: string): ElementContent {
  return {type: 'raw', value: html} as unknown as ElementContent
}

const headings: Record<string, string> = {h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h5', h5: 'h6'}

/**
 * What the page adds to the sanitized tree: headings one level down (the page's h1 is the
 * meeting), images as links to them (none is loaded: privacy, and the CSP allows only this
 * server's), `rel="noopener noreferrer"` on links out, a link text where the minutes gave none,
 * labelled task checkboxes, and tables and code blocks that scroll on their own, by keyboard too.
 */
function present(node: Root | Element, inLink = false): void {
  node.children = node.children.map((child) => (child.type === 'element' ? presentElement(child, inLink) : child)) as typeof node.children
}
function presentElement(element: Element, inLink: boolean): ElementContent {
  present(element, inLink || element.tagName === 'a')
  const p = element.properties
  const heading = headings[element.tagName]
  if (heading) element.tagName = heading
  switch (element.tagName) {
    case 'a': {
      const href = typeof p['href'] === 'string' ? p['href'] : undefined
      if (href && safeHref(href)) p['rel'] = ['noopener', 'noreferrer']
      if (!textOf(element).trim()) element.children.push({type: 'text', value: href ?? 'link'})
      return element
    }
    case 'img': {
      const src = typeof p['src'] === 'string' ? safeHref(p['src']) : null
      const alt = typeof p['alt'] === 'string' && p['alt'].trim() ? p['alt'] : 'image'
      const label: ElementContent = {type: 'text', value: `[image: ${alt}]`}
      return src && !inLink
        ? {type: 'element', tagName: 'a', properties: {href: src, rel: ['noopener', 'noreferrer'], className: ['image']}, children: [label], position: element.position}
        : {type: 'element', tagName: 'span', properties: {className: ['image']}, children: [label], position: element.position}
    }
    case 'input':
      p['ariaLabel'] = p['checked'] ? 'done' : 'not done'
      return element
    case 'pre':
      p['tabIndex'] = 0
      return element
    case 'table':
      return {
        type: 'element',
        tagName: 'div',
        properties: {className: ['scroll'], tabIndex: 0, role: 'region', ariaLabel: 'Table'},
        children: [element],
        position: element.position,
      }
    default:
      return element
  }
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element') return node.children.map(textOf).join('')
  return ''
}
