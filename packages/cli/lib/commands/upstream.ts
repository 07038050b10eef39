import {toCsv, upstreamChangeColumns, upstreamChanges, type UpstreamChange} from '@minutes-kb/store'
import {UsageError} from '../errors.ts'
import {formatOf, table} from '../output.ts'
import type {IO} from '../program.ts'
import {isoDate, openExisting} from './queries.ts'

export interface ChangesOptions {
  db: string
  series?: string
  since?: string
  stale?: string
  own?: string[]
  repo?: string
  json?: boolean
  csv?: boolean
}

/**
 * `minutes upstream changes`: what a chair reads before the next meeting — items whose state changed
 * after the last meeting that mentioned them, then open items no meeting mentioned for months.
 */
export function changesCommand(options: ChangesOptions, io: IO): number {
  const stale = Number(options.stale ?? '3')
  if (!Number.isInteger(stale) || stale < 0 || stale > 120) throw new UsageError(`--stale expects a number of months from 0 to 120, got \`${options.stale}\``)
  const db = openExisting(options.db)
  const rows = upstreamChanges(db, {series: options.series, since: isoDate(options.since, '--since'), staleMonths: stale, own: options.own, repo: options.repo})
  db.close()
  const format = formatOf(options)
  if (format === 'json') io.out.write(JSON.stringify(rows, null, 2) + '\n')
  else if (format === 'csv') io.out.write(toCsv(rows as unknown as Array<Record<string, unknown>>, upstreamChangeColumns, {escapeFormulas: true}))
  else {
    const section = (title: string, part: UpstreamChange[]) => `${title} (${part.length})\n${part.length ? table(part as unknown as Array<Record<string, unknown>>, ['state', 'ref', 'title', 'summary']) : '(none)'}\n`
    io.out.write(section('Changed since the meetings last looked', rows.filter((r) => r.reason === 'changed')))
    if (stale > 0) io.out.write(`\n${section(`Open, not mentioned for ${stale} months or more`, rows.filter((r) => r.reason === 'stale'))}`)
  }
  return 0
}
