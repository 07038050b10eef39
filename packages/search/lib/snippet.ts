import {tokensOf} from './lunr-index.ts'

export interface Snippet {
  text: string
  /** `[start, end)` offsets of the matched words in `text`. */
  highlights: Array<[number, number]>
}

/**
 * A window of `text` around the densest run of matches (`ranges`: `[start, length]` in `text`),
 * cut at word boundaries, with the matches' offsets inside the window.
 */
export function makeSnippet(text: string, ranges: ReadonlyArray<readonly [number, number]>, width = 220): Snippet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0])
  let from = 0
  if (sorted.length > 0) {
    // The window start that covers the most matches.
    let best = 0
    let bestCount = 0
    for (let i = 0, j = 0; i < sorted.length; i++) {
      while (j < sorted.length && sorted[j]![0] + sorted[j]![1] <= sorted[i]![0] + width) j++
      if (j - i > bestCount) {
        bestCount = j - i
        best = i
      }
    }
    from = Math.max(0, sorted[best]![0] - Math.floor(width / 4))
  }
  let to = Math.min(text.length, from + width)
  if (from > 0) {
    const space = text.lastIndexOf(' ', from)
    from = space > from - 20 ? space + 1 : from
  }
  if (to < text.length) {
    const space = text.indexOf(' ', to)
    to = space !== -1 && space < to + 20 ? space : to
  }
  const prefix = from > 0 ? '…' : ''
  const suffix = to < text.length ? '…' : ''
  const raw = text.slice(from, to)
  // Each whitespace character other than a space becomes one (offsets stay): spaces are most of them.
  const flat = raw.replace(/[^\S ]/g, ' ')
  const highlights = sorted
    .filter(([s, l]) => s >= from && s + l <= to)
    .map(([s, l]): [number, number] => [s - from + prefix.length, s - from + prefix.length + l])
  return {text: `${prefix}${flat}${suffix}`, highlights}
}

/**
 * Offsets of the words in `text` whose index form satisfies `matches`. `prefixes` (lowercase) let
 * most words be skipped before the stemmer runs: a word can only match if it starts like a term, so
 * only the words where a prefix occurs (found by `indexOf`) are looked at.
 */
export function findMatches(text: string, matches: (term: string) => boolean, prefixes?: readonly string[]): Array<[number, number]> {
  if (!prefixes || prefixes.some((p) => !p)) return tokensOf(text).filter((t) => matches(t.term)).map((t): [number, number] => [t.start, t.length])
  const out: Array<[number, number]> = []
  const lower = text.toLowerCase()
  const done = new Set<number>()
  for (const prefix of prefixes) {
    for (let at = lower.indexOf(prefix); at !== -1; at = lower.indexOf(prefix, at + 1)) {
      // The word holding it (a run without spaces and hyphens), if its letters start here.
      let start = at
      while (start > 0 && !separator(lower.charCodeAt(start - 1))) start--
      if (done.has(start)) continue
      let first = start
      while (first < at && !/[\p{L}\p{N}]/u.test(lower[first]!)) first++
      if (first !== at) continue
      done.add(start)
      let end = at + prefix.length
      while (end < lower.length && !separator(lower.charCodeAt(end))) end++
      for (const t of wordTokens(text.slice(start, end))) if (matches(t.term)) out.push([start + t.start, t.length])
    }
  }
  return out.sort((a, b) => a[0] - b[0])
}

const tokensByWord = new Map<string, ReturnType<typeof tokensOf>>()

/**
 * `tokensOf` one word (a run without spaces), remembered: the minutes' words recur from section to
 * section and from query to query, and the stemmer was a tenth of a search's snippets. At most
 * 20 000 words are kept (a few MB); then the memory starts again.
 */
function wordTokens(word: string): ReturnType<typeof tokensOf> {
  let tokens = tokensByWord.get(word)
  if (!tokens) {
    if (tokensByWord.size >= 20_000) tokensByWord.clear()
    tokens = tokensOf(word)
    tokensByWord.set(word, tokens)
  }
  return tokens
}

/** Whitespace or a hyphen: what separates the words `findMatches` looks at. */
function separator(code: number): boolean {
  return code === 45 || code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
}

/** Render a snippet for a terminal (bold) or plain text (`**word**`). */
export function renderSnippet(snippet: Snippet, style: 'ansi' | 'markdown' | 'none' = 'ansi'): string {
  if (style === 'none') return snippet.text
  const [open, close] = style === 'ansi' ? ['\u001B[1m\u001B[33m', '\u001B[39m\u001B[22m'] : ['**', '**']
  let out = ''
  let at = 0
  for (const [s, e] of snippet.highlights) {
    if (s < at) continue
    out += snippet.text.slice(at, s) + open + snippet.text.slice(s, e) + close
    at = e
  }
  return out + snippet.text.slice(at)
}
