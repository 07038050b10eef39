import type {DB} from '@minutes-kb/store'

/** The problems stored in the database, one line each, as the extract command prints them. */
export function reportProblems(db: DB, options: {onlyPaths?: Set<string>; color?: boolean} = {}): string {
  const rows = db
    .prepare('SELECT path, line, "column" AS col, rule_id AS rule, severity, reason FROM problems ORDER BY path, line, "column"')
    .all() as Array<{path: string; line: number | null; col: number | null; rule: string | null; severity: string; reason: string}>
  const paint = (code: number, text: string) => (options.color ? `\u001B[${code}m${text}\u001B[39m` : text)
  const lines: string[] = []
  const counts: Record<string, number> = {}
  for (const r of rows) {
    if (options.onlyPaths && !options.onlyPaths.has(r.path)) continue
    counts[r.severity] = (counts[r.severity] ?? 0) + 1
    // Notes (no participants section) are counted; a file skipped as not minutes is said by name.
    if (r.severity === 'info' && r.rule !== 'not-minutes') continue
    const label = r.severity === 'error' ? paint(31, 'error') : r.severity === 'info' ? paint(36, 'info') : paint(33, 'warning')
    lines.push(`${r.path}${r.line ? `:${r.line}:${r.col ?? 1}` : ''} ${label} ${r.reason}  ${r.rule ?? ''}`.trimEnd())
  }
  if (lines.length === 0) return ''
  const summary = Object.entries(counts).map(([k, n]) => `${n} ${k}${n === 1 || k === 'info' ? '' : 's'}`).join(', ')
  return `${lines.join('\n')}\n\n${counts['error'] ? '✖' : '⚠'} ${summary}\n`
}
