import type {Nodes, PhrasingContent} from 'mdast'

/**
 * A GitHub-style handle: `@` then letters, digits, `-`, `_`, and inner dots. Not preceded by a word
 * character (so `a@b.de` is an e-mail address) nor followed by `.word` (e-mail again) or by `@` other than
 * a fediverse account's server (`@renee@pinniped.social` is `@renee`). The pattern opens by looking for the `@`
 * (the same matches): its look-behinds, tried first at every position of a text, were most of what a search for
 * handles cost.
 */
export const handleSource = '(?=@)(?<![\\w@.+-])(?<!\\.[A-Za-z]{2,24}/[^\\s]*)(?<!:/)@(?:[A-Za-z0-9](?:[A-Za-z0-9_-]|\\.(?=[A-Za-z0-9]))*)(?![\\p{L}\\p{N}_]|@(?![A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)|\\.[a-z]{2,}\\b)'
const handleGlobal = new RegExp(handleSource.replace('@(?:', '@('), 'gu')

/** Lowercased handle with its `@`. */
export function normalizeHandle(raw: string): string {
  return '@' + raw.replace(/^@/, '').toLowerCase()
}

/** What follows the subject of a task: `will …`, `to …`, `should …`, `:` (`@x: …` after a marker). */
const subjectAfter = /^(?:\s+(?:will|to|should|shall)\s+[a-z]|:\s)/
const domainLike = /\.(?:com|org|net|de|eu|io|community|cloud|dev|info|tech|ch|at|fr|nl|uk|us)$/i

/**
 * Every match of a global pattern, as `text.matchAll(re)` gives them, read with `exec` on the pattern
 * itself: `matchAll` copies the pattern for each call (a new RegExp object, about 6 µs with the long
 * patterns of people.ts), which on the many short texts of a meeting cost more than the matching. The
 * matches are collected before the caller reads them, so a caller may use the same pattern again.
 */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = []
  re.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    out.push(m)
    if (m[0] === '') re.lastIndex = re.unicode && (text.codePointAt(m.index) ?? 0) > 0xffff ? m.index + 2 : m.index + 1
  }
  re.lastIndex = 0
  return out
}

export interface HandleMatch {
  handle: string
  index: number
  end: number
}

export function findHandles(text: string): HandleMatch[] {
  const out: HandleMatch[] = []
  handleGlobal.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = handleGlobal.exec(text))) {
    // `@lists.scs.community` is a mail domain, not a person; `@priyanka.dev will set up …` (one dot, the
    // subject of a task, as GitLab and Matrix names may be written) is a person.
    if (domainLike.test(m[1]!) && !(m[1]!.split('.').length === 2 && subjectAfter.test(text.slice(m.index + m[0].length)))) continue
    out.push({handle: normalizeHandle(m[1]!), index: m.index, end: m.index + m[0].length})
  }
  return out
}

/** `:tada:`, not the `::hint::` of a path (`std::hint::black_box`). */
const shortcode = /(?<![\w:]):[a-z0-9_+-]+:(?![\w:])/g
const emoji = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{FE0F}\u{200D}\u{20E3}]/gu
/** HTML tags (`<br>`, `<span …>`, any with attributes) and placeholders (`<link to preso>`): `Metadata<T>` and `Vec<u8>` written as text are generics, not tags. */
const tag = /<\/?(?:a|abbr|b|big|br|center|cite|code|del|details|div|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|s|small|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul)(?=[\s/>])[^>]*>|<\/?[A-Za-z][\w-]*\s[^<>]*>|<!--[\s\S]*?-->/gi
/** `## Agenda review {#t01}`, `## **Jul 9, 2025** {#jul-9,-2025}`: a heading's attributes (Pandoc, kramdown, a Google Docs export's anchor, any characters), not its words. */
const attributes = /\s*\{\s*#[^{}\s]*(?:\s+[^{}\s]+)*\s*\}\s*$/
/** `**` a document converter left unpaired (`Update from **Supply Chain WG **`): not part of a title. */
const strayStars = /\*{2,}/g

/** Collapse whitespace and trim. */
export function squash(text: string): string {
  // Most texts are squashed already (no whitespace but single inner spaces): return them as they are.
  return unsquashed.test(text) ? text.replace(/\s+/g, ' ').trim() : text
}

const unsquashed = /[^\S ]| {2}|^ | $/

/** Heading-style cleaning: HTML tags, emoji shortcodes and emoji removed, whitespace collapsed. */
export function cleanTitle(text: string): string {
  const cleaned = text.includes('<') ? text.replace(tag, ' ') : text
  // (A shortcode needs its colon and stray stars two stars: looked for only then, as tags and attributes are. This
  // runs for every heading, label and line under a topic, and most have neither.)
  const plain = (cleaned.includes(':') ? cleaned.replace(shortcode, ' ') : cleaned).replace(emoji, '')
  const unstarred = plain.includes('**') ? plain.replace(strayStars, '') : plain
  return squash(unstarred.includes('{') ? unstarred.replace(attributes, '') : unstarred)
}

/**
 * The cleaned text of a heading or a line (`cleanTitle` of `phrasingText`), with inline code kept as
 * written: `TypedMetadata<T>`, `where const { <block> }` and `std::hint::black_box` are not HTML or shortcodes.
 */
export function titleText(nodes: readonly Nodes[], firstLine = false): string {
  const code: string[] = []
  // Inline code stands in as a private-use character while the rest is cleaned.
  const text = phrasingText(nodes, code)
  const cleaned = cleanTitle(firstLine ? (text.split('\n')[0] ?? '') : text)
  return code.length === 0 ? cleaned : squash(cleaned.replace(/\uE000/g, () => code.shift() ?? ''))
}

/**
 * The visible text of phrasing content: HTML skipped, images skipped, breaks as newlines.
 * Cheaper than mdast-util-to-string for our needs and it leaves HTML out.
 */
export function phrasingText(nodes: readonly Nodes[], code?: string[]): string {
  let out = ''
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += node.value
        break
      case 'inlineCode':
        if (code) {
          code.push(node.value)
          out += '\uE000'
        } else out += node.value
        break
      case 'break':
        out += '\n'
        break
      case 'html':
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
        break
      default:
        if ('children' in node) out += phrasingText(node.children as Nodes[], code)
    }
  }
  return out
}

/**
 * Inline text with enough bookkeeping to map a character back to its source line and to know
 * which parts are struck through.
 */
export class InlineText {
  text = ''
  /** Pairs: text offset where a source line starts, and that line. Sorted by offset. */
  private readonly marks: number[] = []
  /** Struck-through ranges, `[start, end)` pairs. */
  readonly struck: number[] = []
  /** Ranges of link text, `[start, end)` pairs. */
  readonly linked: number[] = []

  add(nodes: readonly PhrasingContent[], struck = false): void {
    for (const [i, node] of nodes.entries()) {
      switch (node.type) {
        case 'text':
        case 'inlineCode':
          if (node.value.includes('~~')) this.pushTildes(node.value, node.type === 'inlineCode', node.position?.start.line, struck)
          else this.push(node.value, node.position?.start.line, struck)
          break
        case 'break':
          this.push('\n', undefined, struck)
          break
        case 'delete':
          this.add(node.children, true)
          break
        case 'link':
        case 'linkReference': {
          const start = this.text.length
          this.add(node.children, struck)
          this.linked.push(start, this.text.length)
          // `[Anne Bertucio](mailto:…)to open a PR`: a mention chip of an exported document ends its name,
          // even where the export left no space before the next word.
          const next = nodes[i + 1]
          if (node.type === 'link' && node.url.startsWith('mailto:') && next?.type === 'text' && /^\p{L}/u.test(next.value)) this.push(' ', undefined, struck)
          break
        }
        case 'html':
          if (/^<br\b/i.test(node.value)) this.push(' ', undefined, struck)
          break
        case 'image':
        case 'imageReference':
        case 'footnoteReference':
          break
        default:
          if ('children' in node) this.add(node.children as PhrasingContent[], struck)
      }
    }
  }

  /** Separate blocks (paragraphs of one list item) by a newline. */
  newline(line?: number): void {
    if (this.text) this.push('\n', undefined, false)
    if (line !== undefined) this.mark(this.text.length, line)
  }

  /**
   * Strike marks markdown leaves as text: `~~N~~~~iko to …~~`, a strike closed and opened again at once inside struck
   * text (the four tildes are nothing), and `` `~~AtomicUse~~` `` in a struck line, code struck inside its backticks.
   */
  private pushTildes(value: string, code: boolean, line: number | undefined, struck: boolean): void {
    const inner = code ? /^~~([^~][^]*?)~~$/.exec(value)?.[1] : undefined
    if (inner !== undefined) this.push(inner, line, true)
    else this.push(struck && !code ? value.replace(/~~~~/g, '') : value, line, struck)
  }

  private push(value: string, line: number | undefined, struck: boolean): void {
    const start = this.text.length
    if (line !== undefined) this.mark(start, line)
    let at = value.indexOf('\n')
    if (at !== -1 && line !== undefined) {
      let current = line
      while (at !== -1) {
        current++
        this.mark(start + at + 1, current)
        at = value.indexOf('\n', at + 1)
      }
    }
    this.text += value
    if (struck && /\S/.test(value)) this.struck.push(start, start + value.length)
  }

  private mark(offset: number, line: number): void {
    const n = this.marks.length
    if (n >= 2 && this.marks[n - 2] === offset) this.marks[n - 1] = line
    else this.marks.push(offset, line)
  }

  /** Source line of the character at `offset`. */
  lineAt(offset: number): number {
    let line = this.marks[1] ?? 0
    for (let i = 0; i < this.marks.length; i += 2) {
      if (this.marks[i]! > offset) break
      line = this.marks[i + 1]!
    }
    return line
  }

  /** Offset of the first character on the source line of the character at `offset`. */
  lineStartAt(offset: number): number {
    let start = 0
    let line = this.marks[1] ?? 0
    for (let i = 0; i < this.marks.length && this.marks[i]! <= offset; i += 2) {
      if (this.marks[i + 1] !== line) [start, line] = [this.marks[i]!, this.marks[i + 1]!]
    }
    return start
  }

  /** Is the first visible character at or after `start` struck through? */
  startsStruck(start: number, end = this.text.length): boolean {
    let i = start
    while (i < end && /[\s*_>•·:,-]/.test(this.text[i]!)) i++
    if (i >= end) return false
    for (let j = 0; j < this.struck.length; j += 2) if (this.struck[j]! <= i && i < this.struck[j + 1]!) return true
    return false
  }

  /** Is all the text of `[start, end)` that is not punctuation the text of links? */
  isLinkOnly(start = 0, end = this.text.length): boolean {
    let visible = 0
    let linked = 0
    for (let i = start; i < end; i++) if (/[\p{L}\p{N}]/u.test(this.text[i]!)) visible++
    if (visible === 0 || this.linked.length === 0) return false
    for (let i = 0; i < this.linked.length; i += 2) {
      const s = Math.max(start, this.linked[i]!)
      const e = Math.min(end, this.linked[i + 1]!)
      for (let j = s; j < e; j++) if (/[\p{L}\p{N}]/u.test(this.text[j]!)) linked++
    }
    return linked === visible
  }

  /** Is (nearly) all visible text in `[start, end)` struck through? */
  isStruck(start = 0, end = this.text.length): boolean {
    let visible = 0
    let struck = 0
    for (let i = start; i < end; i++) if (/\S/.test(this.text[i]!)) visible++
    if (visible === 0) return false
    for (let i = 0; i < this.struck.length; i += 2) {
      const s = Math.max(start, this.struck[i]!)
      const e = Math.min(end, this.struck[i + 1]!)
      for (let j = s; j < e; j++) if (/\S/.test(this.text[j]!)) struck++
    }
    return struck / visible >= 0.8
  }
}
