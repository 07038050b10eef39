/** Lines `first` to `last` (1-based, inclusive) of a text, without splitting more than needed. */
export function sliceLines(text: string, first: number, last: number): string {
  const [start, end] = lineRange(text, first, last)
  return text.slice(start, end)
}

/** Where lines `first` to `last` of a text start and end, in UTF-16 code units. */
function lineRange(text: string, first: number, last: number): [number, number] {
  let start = 0
  for (let line = 1; line < first && start !== -1; line++) start = nextLine(text, start)
  if (start === -1) return [text.length, text.length]
  let end = start
  for (let line = first; line <= last && end !== -1; line++) end = nextLine(text, end)
  return [start, end === -1 ? text.length : end]
}

/**
 * The same lines as UTF-8 byte offsets `[start, end)`, as SQLite stores the text: a meeting's lines
 * are cut from its file in SQL (`substr` of the blob) and quoted there, never decoded into
 * JavaScript. `null` for a text with NUL characters, which SQLite's text functions stop at (ingest
 * refuses such files; a guard for text that came another way).
 */
export function lineBytes(text: string, first: number, last: number): [number, number] | null {
  if (text.includes('\u0000')) return null
  const [start, end] = lineRange(text, first, last)
  const from = Buffer.byteLength(text.slice(0, start))
  return [from, from + Buffer.byteLength(text.slice(start, end))]
}

function nextLine(text: string, from: number): number {
  const n = text.indexOf('\n', from)
  return n === -1 ? -1 : n + 1
}
