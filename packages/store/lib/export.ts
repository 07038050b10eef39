import type {UpstreamItem, UpstreamRepository} from './queries.ts'

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

/** One row per upstream item, for CSV and tables: `upstreamColumns` in that order. */
export function upstreamRows(repos: readonly UpstreamRepository[]): Array<Record<string, unknown>> {
  return repos.flatMap((r) =>
    r.items.map((i) => ({
      repository: r.name,
      ref: i.ref,
      kind: i.kind,
      title: i.title,
      firstSeen: i.firstSeen,
      lastSeen: i.lastSeen,
      meetings: i.meetings.length,
      topics: i.topics,
      url: i.upstream?.url ?? i.url,
      state: i.state,
      stateDate: stateDate(i),
      author: i.upstream?.author ?? null,
      labels: i.upstream?.labels ?? [],
      linkText: i.linkText,
      fetchedAt: i.upstream?.fetchedAt ?? null,
      where: i.meetings.map((m) => `${m.path}:${m.line}`),
    })),
  )
}

export const upstreamColumns = ['repository', 'ref', 'kind', 'title', 'firstSeen', 'lastSeen', 'meetings', 'topics', 'url', 'state', 'stateDate', 'author', 'labels', 'linkText', 'fetchedAt', 'where']

/** The day a closed or merged item was closed or merged, else `null`. */
function stateDate(item: UpstreamItem): string | null {
  const date = item.state === 'merged' ? item.upstream?.mergedAt : item.state === 'closed' ? item.upstream?.closedAt : null
  return date ? date.slice(0, 10) : null
}

/**
 * The upstream report as a Markdown checklist to paste into a tracking issue; closed and merged items
 * are ticked and say so:
 * `- [x] kubernetes/cloud-provider-openstack#2579 — Octavia: host ID (merged 2024-09-02; 2024-08-12, 2024-08-15)`.
 * Everything in it comes from the minutes or from upstream, so nothing in it may act in the issue:
 * titles are inert (`inertMarkdown`), a name or reference that is not plainly `owner/repo#1` is a code
 * span, and URLs are percent-encoded where Markdown would end them.
 */
export function upstreamMarkdown(repos: readonly UpstreamRepository[]): string {
  const lines: string[] = []
  for (const repo of repos) {
    lines.push(`### ${plain(repo.name)}`, '')
    for (const item of repo.items) {
      const dates = [...new Set(item.meetings.map((m) => m.date).filter((d): d is string => d !== null))]
      const when = dates.length <= 3 ? dates.join(', ') : `${dates[0]} … ${dates[dates.length - 1]}, ${dates.length} meetings`
      const state = item.state === 'unknown' ? '' : item.state === 'gone' ? 'gone upstream' : [item.state, stateDate(item)].filter(Boolean).join(' ')
      const title = item.title ? ` — ${inertMarkdown(item.title)}` : ''
      const note = [state, when].filter(Boolean).join('; ')
      // GitHub links `owner/repo#123` by itself in an issue; other trackers need the URL.
      const ref = repo.host === 'github.com' && item.number !== null ? plain(item.ref) : `[${plain(item.ref)}](${linkDestination(item)})`
      const done = item.state === 'closed' || item.state === 'merged'
      lines.push(`- [${done ? 'x' : ' '}] ${ref}${title}${note ? ` (${note})` : ''}`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

/**
 * Text that stays text in Markdown: a title read from upstream (anyone can name an issue) must not
 * become a link, an image, HTML, emphasis or a mention in the tracking issue it is pasted into.
 * Characters that start such constructs are backslash-escaped. GFM and GitHub find URLs, `www.`,
 * e-mail addresses, `@mentions` and `#123` in text after escapes are read, so a title with any of
 * them goes in a code span instead, where nothing is a link; line breaks become spaces.
 */
export function inertMarkdown(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  if (/:\/\/|www\.|@|#\d/i.test(line)) return codeSpan(line)
  return line.replace(/[\\`*_[\]<>!#|~&:]/g, '\\$&')
}

/** The item's address as a link destination: the canonical one when it is http(s), percent-encoded where Markdown would end it. */
function linkDestination(item: UpstreamItem): string {
  const url = item.upstream?.url && /^https?:\/\//i.test(item.upstream.url) ? item.upstream.url : item.url
  return url.replace(/[^\w\-.~:/?#[\]@!$&'*+,;=%]/g, (c) => [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))
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
