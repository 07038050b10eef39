import {toCsv} from '@minutes-kb/store'

export type Format = 'table' | 'json' | 'csv'

export function formatOf(options: {json?: boolean; csv?: boolean; format?: string}): Format {
  if (options.json || options.format === 'json') return 'json'
  if (options.csv || options.format === 'csv') return 'csv'
  return 'table'
}

/** A plain text table: columns padded to their widest cell, long cells cut. */
export function table(rows: ReadonlyArray<Record<string, unknown>>, columns: string[], options: {max?: number} = {}): string {
  const max = options.max ?? 70
  const text = (v: unknown) => {
    const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v)
    return s.length > max ? `${s.slice(0, max - 1)}…` : s
  }
  const cells = rows.map((r) => columns.map((c) => text(r[c])))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)))
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd()
  return [line(columns), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n')
}

/** Print rows in the chosen format. */
export function print(out: NodeJS.WritableStream, format: Format, rows: ReadonlyArray<Record<string, unknown>>, columns: string[], json?: unknown): void {
  if (format === 'json') out.write(JSON.stringify(json ?? rows, null, 2) + '\n')
  // Escaped as over HTTP: a CSV is opened in a spreadsheet, wherever it came from.
  else if (format === 'csv') out.write(toCsv(rows, columns, {escapeFormulas: true}))
  else out.write((rows.length ? table(rows, columns) : '(none)') + '\n')
}
