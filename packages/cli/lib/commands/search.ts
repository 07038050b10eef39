import {QueryError, renderSnippet, Searcher, type Engine} from '@minutes-kb/search'
import {openDatabase} from '@minutes-kb/store'
import type {IO} from '../program.ts'
import {UsageError} from '../errors.ts'
import {requireDatabase} from './queries.ts'

export interface SearchOptions {
  db: string
  series?: string
  since?: string
  until?: string
  person?: string
  limit: string
  engine: Engine
  json?: boolean
}

/** `minutes search`: ranked sections with date, series, topic, `file:line` and a highlighted snippet. */
export function searchCommand(query: string, options: SearchOptions, io: IO): number {
  requireDatabase(options.db)
  const limit = Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError(`--limit expects a number from 1 to 100, got \`${options.limit}\``)
  const db = openDatabase(options.db, {readonly: true})
  try {
    // One query: a helper thread would still be starting when it is answered.
    const searcher = new Searcher(db, {engine: options.engine, parallelMinSections: Infinity})
    const result = searcher.search(query, {series: options.series, from: options.since, to: options.until, person: options.person}, {limit})
    if (options.json) {
      io.out.write(JSON.stringify({query, ...result}, null, 2) + '\n')
      return 0
    }
    const tty = Boolean((io.out as {isTTY?: boolean}).isTTY)
    const lines: string[] = []
    for (const [i, h] of result.hits.entries()) {
      lines.push(`${i + 1}. ${h.meeting.date ?? '(no date)'}  ${h.meeting.series}  ${h.topic ?? h.meeting.title ?? ''}  ${h.meeting.path}:${h.line}  (${h.score})`)
      lines.push(`   ${renderSnippet(h.snippet, tty ? 'ansi' : 'markdown')}`)
    }
    lines.push(`${result.total}${result.totalIsExact ? '' : '+'} sections match; ${result.engine}, ${result.tookMs.toFixed(1)} ms`)
    io.out.write(lines.join('\n') + '\n')
    return 0
  } catch (error) {
    if (error instanceof QueryError) {
      io.err.write(`minutes search: ${error.message}\n`)
      return 2
    }
    throw error
  } finally {
    db.close()
  }
}
