import type {UpstreamRepository} from './queries.ts'

export interface CsvOptions {
  /**
   * Prefix cells that begin with `=`, `+`, `-` or `@` with `'` so a spreadsheet shows them as text
   * instead of running them as formulas (OWASP "CSV injection"). On for anything served over HTTP.
   */
  escapeFormulas?: boolean
}

/** RFC 4180 CSV with a header row; arrays become `a; b`, objects JSON. */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns?: string[], options: CsvOptions = {}): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : [])
  const cell = (value: unknown): string => {
    let text =
      value === null || value === undefined
        ? ''
        : Array.isArray(value)
          ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ')
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value)
    if (options.escapeFormulas && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
  }
  return [cols.join(','), ...rows.map((row) => cols.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n'
}

/**
 * The upstream report as a Markdown checklist to paste into a tracking issue:
 * `- [ ] kubernetes/cloud-provider-openstack#2579 — host ID (2024-08-12, 2024-08-15)`.
 */
export function upstreamMarkdown(repos: readonly UpstreamRepository[]): string {
  const lines: string[] = []
  for (const repo of repos) {
    lines.push(`### ${repo.name}`, '')
    for (const item of repo.items) {
      const dates = [...new Set(item.meetings.map((m) => m.date).filter((d): d is string => d !== null))]
      const when = dates.length <= 3 ? dates.join(', ') : `${dates[0]} … ${dates[dates.length - 1]}, ${dates.length} meetings`
      const title = item.title ? ` — ${item.title.replace(/\s+/g, ' ')}` : ''
      // GitHub links `owner/repo#123` by itself in an issue; other trackers need the URL.
      const ref = repo.host === 'github.com' && item.number !== null ? item.ref : `[${item.ref}](${item.url})`
      lines.push(`- [ ] ${ref}${title}${when ? ` (${when})` : ''}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}
