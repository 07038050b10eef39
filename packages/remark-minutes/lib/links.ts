import type {Nodes, Root} from 'mdast'
import {classifyUrl} from './refs.ts'
import {execAll, phrasingText, squash} from './text.ts'
import type {Link} from './types.ts'

const invisible = /[\u200b-\u200d\u2060\ufeff]/g
const htmlUrl = /\b(?:https?|ftp):\/\/[^\s"'<>`]+/g

/**
 * Every URL outside code: markdown links, autolinks, GFM literals, images, definitions, and URLs in
 * HTML. E-mail literals that GFM turns into `mailto:` links are addresses, not URLs, and are left out,
 * and so are links, images and definitions with an empty destination (`[KaaS-v1]()`).
 */
export function collectLinks(tree: Root, topicAt: (line: number) => string | null, value = ''): Link[] {
  const links: Link[] = []
  const add = (raw: string, text: string, line: number) => {
    // Invisible characters pasted with a URL (`\u200b\u200bhttps://…`) are not part of it.
    const url = raw.replace(invisible, '')
    // `[KaaS-v1]()`, `[here](<>)`, `[x]: <>`: an empty destination points nowhere; its text stays in the prose.
    if (url.trim() === '') return
    links.push({url, text, line, topic: topicAt(line), ref: classifyUrl(url)})
  }

  /** URLs in raw text (HTML, front matter) whose first line is `start`. */
  const addRaw = (value: string, start: number) => {
    for (const m of execAll(htmlUrl, value)) {
      const url = trimUrl(m[0])
      add(url, url, start + countNewlines(value, m.index))
    }
  }

  // `around`: the line of the nearest ancestor with a position (GFM's literal autolinks have none).
  const walk = (node: Nodes, around: number): void => {
    const line = node.position?.start.line ?? around
    switch (node.type) {
      case 'link': {
        // A badge (`[![alt](img)](url)`) is named by its image's alt text.
        const text = squash(phrasingText(node.children)) || squash(node.children.map((c) => (c.type === 'image' ? c.alt ?? '' : '')).join(' '))
        // An address GFM made a link of is not a URL; `[a@b.org](mailto:a@b.org)` written as a link is.
        const written = value.charAt(node.position?.start.offset ?? -1) === '['
        if (!(node.url.startsWith('mailto:') && text === node.url.slice(7)) || written) {
          add(node.url, text, line)
        }
        // `[![badge](image)](link)`: the image inside is a URL too.
        for (const child of node.children) if (child.type !== 'text') walk(child, line)
        return
      }
      case 'image':
        add(node.url, squash(node.alt ?? ''), line)
        // `![https://openinfra.dev/days](photo.png)`: a URL written as the alt text is meant as a link.
        if (node.alt) addRaw(node.alt, line)
        return
      case 'definition':
        add(node.url, node.label ?? node.identifier, line)
        return
      case 'html':
        addRaw(node.value, line)
        return
      case 'yaml':
        // Front matter is not code: a slide deck's background image is a URL it uses.
        addRaw(node.value, line + 1)
        return
      case 'code':
      case 'inlineCode':
        return
      default:
        // (Text, most of a tree, holds no URL GFM did not make a link of.)
        if ('children' in node) for (const child of node.children) if (child.type !== 'text') walk(child as Nodes, line)
    }
  }
  walk(tree, 1)
  return links
}

function countNewlines(text: string, end: number): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** Trailing punctuation belongs to the sentence, a closing paren only when unbalanced. */
function trimUrl(url: string): string {
  let end = url.length
  while (end > 0) {
    const c = url[end - 1]!
    if ('.,;:!?*_~'.includes(c)) end--
    else if (c === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end--
    else break
  }
  return url.slice(0, end)
}

function count(s: string, c: string): number {
  return s.split(c).length - 1
}
