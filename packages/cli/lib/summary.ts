import type {MinutesRecord} from '@minutes-kb/remark-minutes'

/** A short, human summary of one extracted meeting; `several`: its file holds more than one (its lines are given). */
export function summarize(record: MinutesRecord, several = false): string {
  const lines: string[] = []
  const head = `${record.file}${several ? `:${record.range[0]}-${record.range[1]}` : ''}  ${record.date ?? '(no date)'}${record.canceled ? ' (canceled)' : ''}${record.title && record.title !== record.date ? `  ${record.title}` : ''}`
  lines.push(head)
  const people = record.participants.map((p) => (p.handle && p.name ? `${p.name} (${p.handle})` : (p.handle ?? p.name))).join(', ')
  lines.push(`  participants (${record.participants.length}): ${people || '—'}`)
  if (record.topics.length) {
    lines.push(`  topics (${record.topics.length}):`)
    for (const t of record.topics) lines.push(`    ${'  '.repeat(Math.max(0, t.depth - 2))}${t.title}${t.owners.length ? ` (${t.owners.join(', ')})` : ''}  :${t.line}`)
  }
  if (record.actionItems.length) {
    lines.push(`  action items (${record.actionItems.length}):`)
    for (const a of record.actionItems) {
      lines.push(`    [${a.done ? 'x' : ' '}] ${a.assignees.join(', ') || '(unassigned)'}: ${a.text}  :${a.line}`)
    }
  }
  if (record.decisions.length) {
    lines.push(`  decisions (${record.decisions.length}):`)
    for (const d of record.decisions) lines.push(`    ${d.text}  :${d.line}`)
  }
  const refs = record.links.filter((l) => l.ref && l.ref.kind !== 'repo')
  lines.push(`  links: ${record.links.length} (${refs.length} issues, pulls and changes)`)
  for (const l of refs) {
    const r = l.ref!
    const id = r.number !== undefined ? `#${r.number}` : r.sha ? `@${r.sha.slice(0, 7)}` : r.tag ? ` ${r.tag}` : r.path ? `/${r.path}` : ''
    lines.push(`    ${r.kind.padEnd(13)} ${[r.owner, r.repo].filter(Boolean).join('/')}${id}  :${l.line}`)
  }
  return lines.join('\n')
}
