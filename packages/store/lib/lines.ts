/** Lines `first` to `last` (1-based, inclusive) of a text, without splitting more than needed. */
export function sliceLines(text: string, first: number, last: number): string {
  let start = 0
  for (let line = 1; line < first && start !== -1; line++) start = nextLine(text, start)
  if (start === -1) return ''
  let end = start
  for (let line = first; line <= last && end !== -1; line++) end = nextLine(text, end)
  return end === -1 ? text.slice(start) : text.slice(start, end)
}

function nextLine(text: string, from: number): number {
  const n = text.indexOf('\n', from)
  return n === -1 ? -1 : n + 1
}
