import type {Element, ElementContent, Root} from 'hast'
import rehypeSanitize, {defaultSchema, type Options as Schema} from 'rehype-sanitize'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {remarkGfmLean} from '@minutes-kb/remark-minutes'
import {anchorLines, type LineProblem} from './line-anchors.ts'
import {safeHref} from './safe-url.ts'

/**
 * GitHub's schema, narrowed: no `picture`/`source` (nothing is loaded from elsewhere), no
 * `tabindex` or `accesskey` (the page sets those). Raw HTML is dropped before this step, so the
 * only ids are the ones remark-rehype gives footnotes, prefixed `user-content-` already: no second
 * prefix. URLs keep GitHub's protocols: `javascript:`, `data:` and `vbscript:` lose their `href` / `src`.
 */
const schema: Schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== 'picture' && t !== 'source'),
  attributes: {...defaultSchema.attributes, '*': (defaultSchema.attributes?.['*'] ?? []).filter((a) => a !== 'tabIndex' && a !== 'accessKey')},
  clobberPrefix: '',
  strip: ['script', 'style'],
}

/**
 * Minutes to HTML: remark-parse + GFM (tables, task lists, autolinks, strikethrough) + front matter
 * (not shown), remark-rehype without `allowDangerousHtml` (raw HTML in the minutes is dropped: an
 * inline tag's text stays, an HTML block goes), rehype-sanitize. The tree is then the page's own: line anchors and presentation are
 * added to a sanitized tree, which becomes part of the page's tree and is serialized with it by
 * hast-util-to-html (the serializer rehype-stringify runs): no HTML string from the minutes is ever
 * spliced into the page.
 */
const processor = unified().use(remarkParse).use(remarkGfmLean).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkRehype).use(rehypeSanitize, schema).freeze()

export interface MinutesPlace {
  /** The file line the markdown's first line is, and the meeting's last line. */
  firstLine: number
  lastLine: number
  problems?: LineProblem[]
}

/** A meeting's markdown as sanitized, line-anchored hast, for the page to hold. */
export function renderMinutes(markdown: string, place: MinutesPlace): ElementContent[] {
  const tree = processor.runSync(processor.parse(markdown)) as Root
  present(tree)
  anchorLines(tree, place)
  return tree.children.filter((c): c is ElementContent => c.type !== 'doctype')
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
