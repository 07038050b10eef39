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
 * `- [ ] kubernetes/cloud-provider-openstack#2579 — \`host ID\` (2024-08-12, 2024-08-15)`.
 * Everything in it comes from the minutes, so nothing in it may act in the issue: titles are code
 * spans (no HTML, no links, no @mentions — GitHub links and mentions outside code only), a name or
 * reference that is not plainly `owner/repo#1` is one too, and URLs are percent-encoded where
 * Markdown would end them.
 */
export function upstreamMarkdown(repos: readonly UpstreamRepository[]): string {
  const lines: string[] = []
  for (const repo of repos) {
    lines.push(`### ${plain(repo.name)}`, '')
    for (const item of repo.items) {
      const dates = [...new Set(item.meetings.map((m) => m.date).filter((d): d is string => d !== null))]
      const when = dates.length <= 3 ? dates.join(', ') : `${dates[0]} … ${dates[dates.length - 1]}, ${dates.length} meetings`
      const title = item.title ? ` — ${codeSpan(item.title.replace(/\s+/g, ' '))}` : ''
      // GitHub links `owner/repo#123` by itself in an issue; other trackers need the URL.
      const ref = repo.host === 'github.com' && item.number !== null ? plain(item.ref) : `[${plain(item.ref)}](${markdownUrl(item.url)})`
      lines.push(`- [ ] ${ref}${title}${when ? ` (${when})` : ''}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

/** Names and references as they are when they are only names (`github.com/o/r`, `o/r#12`, `g/p!3`), else a code span. */
function plain(text: string): string {
  return /^[\w.-]+(?:\/[\w.+-]+)*(?:[#!]\d+)?$/.test(text) ? text : codeSpan(text)
}

/** Text shown as it is: a code span whose fence is longer than any run of backticks inside. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** A link destination that Markdown reads whole: spaces, brackets, quotes and angle brackets percent-encoded. */
function markdownUrl(url: string): string {
  return url.replace(/[\s<>()[\]"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}
