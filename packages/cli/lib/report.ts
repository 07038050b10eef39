import type {VFile} from 'vfile'

/**
 * One line per message, `iaas/20231011.md:61:3 warning Unexpected … action-owner remark-minutes`,
 * so a terminal or an editor can jump to it; then a count, as remark-lint's reporter ends.
 */
export function reportMessages(files: readonly VFile[], options: {color?: boolean} = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001B[${code}m${text}\u001B[39m` : text)
  const lines: string[] = []
  let warnings = 0
  let infos = 0
  let errors = 0
  for (const file of files) {
    for (const m of [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))) {
      const severity = m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info'
      if (severity === 'error') errors++
      else if (severity === 'warning') warnings++
      else infos++
      const place = m.line ? `:${m.line}:${m.column ?? 1}` : ''
      const label = severity === 'error' ? paint(31, 'error') : severity === 'warning' ? paint(33, 'warning') : paint(36, 'info')
      lines.push(`${file.path}${place} ${label} ${m.reason}  ${m.ruleId ?? ''}  ${m.source ?? ''}`.trimEnd())
    }
  }
  if (lines.length === 0) return ''
  const counts = [
    errors ? `${errors} error${errors === 1 ? '' : 's'}` : '',
    warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '',
    infos ? `${infos} info` : '',
  ].filter(Boolean)
  return `${lines.join('\n')}\n\n${errors ? '✖' : '⚠'} ${counts.join(', ')}`
}
