import type {Element, ElementContent, Root} from 'hast'

export interface LineProblem {
  line: number | null
  ruleId: string | null
  severity: string
  reason: string
}

interface Anchor {
  element: Element
  parent: Root | Element
}

/** Elements that stand for the line they start on: `#L61` is the list item, row or heading written there. */
const lineElements = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'tr', 'pre', 'hr', 'dt', 'dd'])
const voidElements = new Set(['hr', 'br', 'input', 'img'])

/**
 * Make every line of the meeting addressable as `#L<file line>`: a block gets the id of its first
 * line; a line that begins inside a text (a paragraph's next line, a line of a code block) gets an
 * empty anchor where it begins; a line with nothing shown (blank, front matter, dropped HTML) an
 * empty anchor just before the next line that has one. Then the meeting's problems are marked at
 * their lines. `offset`: the file lines before the tree's line 1.
 */
export function anchorLines(tree: Root, place: {firstLine: number; lastLine: number; problems?: LineProblem[]}, offset: number): void {
  const anchors = new Map<number, Anchor>()
  const claim = (line: number, element: Element, parent: Root | Element) => {
    if (anchors.has(line) || line < place.firstLine || line > place.lastLine) return false
    element.properties['id'] = `L${line}`
    anchors.set(line, {element, parent})
    return true
  }

  const blocks = (parent: Root | Element) => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue
      if (lineElements.has(child.tagName) && child.position) claim(child.position.start.line + offset, child, parent)
      blocks(child)
    }
  }
  blocks(tree)

  const texts = (parent: Root | Element, codeLine?: number) => {
    const out: Array<ElementContent> = []
    for (const child of parent.children as ElementContent[]) {
      if (child.type === 'element') {
        const code = child.tagName === 'code' && parent.type === 'element' && parent.tagName === 'pre' ? codeStart(parent, child) : undefined
        texts(child, code === undefined ? undefined : code + offset)
        out.push(child)
        continue
      }
      const start = child.type === 'text' ? (child.position ? child.position.start.line + offset : codeLine) : undefined
      if (child.type !== 'text' || start === undefined || !child.value.includes('\n')) {
        out.push(child)
        continue
      }
      const parts = child.value.split('\n')
      parts.forEach((part, i) => {
        const span = anchorSpan()
        if (claim(start + i, span, parent)) out.push(span)
        const value = i < parts.length - 1 ? `${part}\n` : part
        if (value) out.push({type: 'text', value})
      })
    }
    parent.children = out as typeof parent.children
  }
  texts(tree)

  // Lines with nothing of their own, gathered by the next line that has an anchor (none: the end).
  const shown = [...anchors.keys()].sort((a, b) => a - b)
  const waiting = new Map<number | undefined, number[]>()
  let next = 0
  for (let line = place.firstLine; line <= place.lastLine; line++) {
    if (anchors.has(line)) continue
    while (next < shown.length && shown[next]! < line) next++
    waiting.set(shown[next], [...(waiting.get(shown[next]) ?? []), line])
  }
  for (const [before, lines] of waiting) {
    const spans = lines.map((line) => {
      const span = anchorSpan()
      span.properties['id'] = `L${line}`
      return span
    })
    const holder = before === undefined ? (tree.children.push(...spans), tree) : placeBefore(anchors.get(before)!, spans)
    spans.forEach((span, i) => anchors.set(lines[i]!, {element: span, parent: holder}))
  }

  for (const problem of place.problems ?? []) {
    const anchor = problem.line === null ? undefined : anchors.get(problem.line)
    if (anchor) markProblem(anchor, problem)
  }
}

function anchorSpan(): Element {
  return {type: 'element', tagName: 'span', properties: {}, children: []}
}

/** The file line a code block's text starts on: the line after a fence, or the block's own (indented code). */
function codeStart(pre: Element, code: Element): number | undefined {
  const position = pre.position
  const text = code.children[0]
  if (!position || text?.type !== 'text') return undefined
  const spanned = position.end.line - position.start.line + 1
  const written = text.value.replace(/\n$/, '').split('\n').length
  return spanned === written ? position.start.line : position.start.line + 1
}

/** Put empty anchors where the lines they stand for would be: just before `anchor`'s element. */
function placeBefore(anchor: Anchor, spans: Element[]): Root | Element {
  const {element, parent} = anchor
  if (element.tagName === 'tr') {
    const cell = element.children.find((c): c is Element => c.type === 'element')
    if (cell) {
      cell.children.unshift(...spans)
      return cell
    }
  }
  if (element.tagName === 'span' || voidElements.has(element.tagName)) {
    parent.children.splice(parent.children.indexOf(element as never), 0, ...(spans as never[]))
    return parent
  }
  element.children.unshift(...spans)
  return element
}

function markProblem({element, parent}: Anchor, problem: LineProblem): void {
  const marker: Element = {
    type: 'element',
    tagName: 'span',
    properties: {className: ['problem', problem.severity]},
    children: [
      {type: 'element', tagName: 'span', properties: {className: ['sr-only']}, children: [{type: 'text', value: `${problem.severity}: `}]},
      {type: 'text', value: problem.reason},
      ...(problem.ruleId ? [{type: 'text' as const, value: ' '}, {type: 'element' as const, tagName: 'code', properties: {}, children: [{type: 'text' as const, value: problem.ruleId}]}] : []),
    ],
  }
  if (element.tagName === 'tr') {
    const cells = element.children.filter((c): c is Element => c.type === 'element')
    cells.at(-1)?.children.push(marker)
  } else if (element.tagName === 'pre' || voidElements.has(element.tagName)) {
    parent.children.splice(parent.children.indexOf(element as never) + 1, 0, marker as never)
  } else {
    element.children.push(marker)
  }
}
