/**
 * What an ingest refuses to parse, checked before a file reaches the parser: nesting that would
 * overflow the parser's stack or take it minutes per line, and parse time per file (the pool's
 * watchdog, `parseBudgetMs`). Both are about files no one writes by hand; real minutes are far
 * from them (the shared corpus nests at most 7 levels).
 */

/** A minutes file's bytes as text, or why they are not parsed (`unreadable`, `too-deeply-nested`). */
export type MinutesText = {value: string} | {reason: string; rule: 'unreadable' | 'too-deeply-nested'}

const decoder = new TextDecoder('utf-8', {fatal: true})

/** Decode a file for the parser: UTF-8 text, not binary, not nested past `maxNestingDepth`. */
export function minutesText(bytes: Uint8Array): MinutesText {
  if (bytes.includes(0)) return {reason: 'binary content (NUL bytes), expected UTF-8 text', rule: 'unreadable'}
  let value: string
  try {
    value = decoder.decode(bytes)
  } catch {
    return {reason: 'invalid UTF-8, expected UTF-8 text', rule: 'unreadable'}
  }
  // Nesting that deep overflows the parser's stack or takes it minutes: refused before parsing.
  if (nestingDepth(value, maxNestingDepth + 1) > maxNestingDepth) {
    return {reason: `too deeply nested (lists or block quotes more than ${maxNestingDepth} levels deep), expected at most ${maxNestingDepth} levels`, rule: 'too-deeply-nested'}
  }
  return {value}
}

/** The largest minutes file an ingest (or `minutes extract`) parses; larger is `file-too-large`. */
export const maxFileSize = 5 * 1024 * 1024

/** Why a file of `bytes` is not parsed, or `null`: the ingest's and `minutes extract`'s wording. */
export function tooLarge(bytes: number, limit = maxFileSize): string | null {
  return bytes > limit ? `file too large (${(bytes / 1e6).toFixed(1)} MB), expected at most ${(limit / 1e6).toFixed(1)} MB of minutes` : null
}

/** Deepest nesting of lists and block quotes an ingest parses; deeper is `too-deeply-nested`. */
export const maxNestingDepth = 100

/** How long a file (or a batch) may take to parse: a fixed part plus a part per MB. */
export interface ParseBudget {
  baseMs: number
  msPerMb: number
}

/**
 * Generous: the shared corpus parses at ~0.27 MB/s a file, and even concatenated into one 2 MB file
 * (micromark is superlinear in long documents) at 0.047 MB/s; this allows 0.017 MB/s after 10 s.
 * Only a parse that would stall the ingest for minutes reaches it.
 */
export const defaultParseBudget: ParseBudget = {baseMs: 10_000, msPerMb: 60_000}

export function parseBudgetMs(bytes: number, budget: ParseBudget = defaultParseBudget): number {
  return budget.baseMs + (bytes / 1e6) * budget.msPerMb
}

/**
 * The deepest container nesting (block quotes and list items) any line of `text` reaches, read from
 * line prefixes only — cheap, no parse. An estimate in the parser's terms: a list item stays open on
 * the lines indented to its content; a block quote counts on each line that repeats its `>`.
 * Counting stops at `stopAt`. Lines end at LF, CR or CRLF, as in markdown.
 */
export function nestingDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  // Content columns of the list items still open (columns after the line's block quote markers).
  const open: number[] = []
  let deepest = 0
  const n = text.length
  let i = 0
  let nextLf = -1
  let nextCr = -1
  while (i < n) {
    // Leading block quote markers (`> > >`, `>>>`); `column` counts the indentation after the last.
    let quotes = 0
    let column = 0
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === 32) column++
      else if (c === 9) column += 4
      else if (c === 62) {
        quotes++
        column = 0
      } else break
      i++
    }
    const c = text.charCodeAt(i)
    if (i < n && c !== 10 && c !== 13) {
      // A line indented less than an item's content closes that item (blank lines close nothing).
      while (open.length > 0 && open[open.length - 1]! > column) open.pop()
      let depth = quotes + open.length
      // Containers opening on this line: `- - - x`, `1. > - x`.
      for (let width = markerWidth(text, i); width > 0; width = markerWidth(text, i)) {
        const quote = text.charCodeAt(i) === 62
        depth++
        i += width
        let spaces = 0
        while (spaces < 4 && text.charCodeAt(i) === 32) {
          i++
          spaces++
        }
        column += width + Math.max(spaces, 1)
        if (!quote) open.push(column)
      }
      if (depth > deepest) deepest = depth
      if (deepest >= stopAt) return deepest
    }
    // The next line: found with indexOf (native) for LF and for CR, each search redone only once passed.
    if (nextLf < i) nextLf = text.indexOf('\n', i) >>> 0
    if (nextCr < i) nextCr = text.indexOf('\r', i) >>> 0
    i = Math.min(nextLf, nextCr, n)
    i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1
  }
  return deepest
}

/** Width of a list item marker (`-`, `*`, `+`, `1.`, `12)`) or a `>` at `i`, or 0. */
function markerWidth(text: string, i: number): number {
  const c = text.charCodeAt(i)
  if (c === 62) return 1
  let width = 0
  if (c === 45 || c === 42 || c === 43) width = 1
  else {
    while (width < 9 && text.charCodeAt(i + width) >= 48 && text.charCodeAt(i + width) <= 57) width++
    if (width === 0) return 0
    const delimiter = text.charCodeAt(i + width)
    if (delimiter !== 46 && delimiter !== 41) return 0
    width++
  }
  const after = text.charCodeAt(i + width)
  // A marker is followed by a space, a tab or the end of the line.
  return after === 32 || after === 9 || after === 10 || after === 13 || Number.isNaN(after) ? width : 0
}
