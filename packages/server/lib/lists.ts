import {CursorError, toCsv, type JsonPage, type Page, type PageRequest} from '@minutes-kb/store'
import type {FastifyReply, FastifyRequest} from 'fastify'
import {errors} from './errors.ts'
import {RawJson, sendText} from './store-plugin.ts'
import {csvTwinRequests} from './routes/twin.ts'

export interface ListQuery {
  size?: number
  cursor?: string
  sort?: string
  format?: 'json' | 'csv'
}

/** An opaque cursor of ranked results (search): how many came before the next page. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({o: offset})).toString('base64url')
}

export function decodeCursor(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {o?: unknown}
    if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0) return value.o
  } catch {
    // fall through
  }
  throw new errors.badCursor()
}

/** One page of rows by offset, for the lists that are not read from an index (the upstream report's repositories). */
export function page<T>(rows: T[], query: ListQuery): {rows: T[]; next: string | null; total: number} {
  const size = query.size ?? 50
  const offset = query.cursor ? decodeCursor(query.cursor) : 0
  const slice = rows.slice(offset, offset + size)
  return {rows: slice, next: offset + size < rows.length ? encodeCursor(offset + size) : null, total: rows.length}
}

/** Sort rows by `key` or `-key` (descending); nulls last. Stable. */
function sortRows<T>(rows: T[], sort: string | undefined): T[] {
  if (!sort) return rows
  const desc = sort.startsWith('-')
  const key = (desc ? sort.slice(1) : sort) as keyof T
  return [...rows].sort((a, b) => {
    const x = a[key] as unknown
    const y = b[key] as unknown
    if (x === y) return 0
    if (x === null || x === undefined) return 1
    if (y === null || y === undefined) return -1
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
    return desc ? -c : c
  })
}

/**
 * A list computed whole in JavaScript (what changed upstream, from the upstream report), sorted and
 * paged by offset, for `sendList`.
 */
export function inMemory<T>(rows: T[]): (request: PageRequest) => Page<T> {
  return (request) => {
    const sorted = sortRows(rows, request.sort)
    if (request.size === undefined) return {rows: sorted, next: null, total: sorted.length, totalIsExact: true}
    return {...page(sorted, {size: request.size, cursor: request.cursor}), totalIsExact: true}
  }
}

/**
 * Is this request for the CSV twin (`?format=csv` or a route ending in `.csv`)? The twin's handler
 * marks its requests (`listRoute`, twin.ts), instead of a look at `request.routeOptions`, which
 * makes an object of a dozen fields each time it is read — on every JSON page.
 */
export function wantsCsv(request: FastifyRequest): boolean {
  return (request.query as ListQuery).format === 'csv' || csvTwinRequests.has(request)
}

/** A list's answer, `{rows, next, total, totalIsExact}`, around rows that are JSON already (made by SQLite). */
export function listBody(page: JsonPage): RawJson {
  // A keyset cursor is base64url: nothing in it to escape in a JSON string.
  const rest = `,"next":${page.next === null ? 'null' : `"${page.next}"`},"total":${page.total},"totalIsExact":${page.totalIsExact}}`
  return new RawJson(`{"rows":${page.rows}${rest}`)
}

/**
 * Answer a list: a page of JSON (filtered, sorted and paged in SQL by `list`, keyset cursors; by
 * `json`, when given, as JSON text built by SQLite), or every matching row as CSV (cells that a
 * spreadsheet would run as formulas are escaped).
 */
export function sendList<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  list: (page: PageRequest) => Page<T>,
  columns: string[],
  json?: (page: PageRequest) => JsonPage,
) {
  const query = request.query as ListQuery
  try {
    if (wantsCsv(request)) {
      const name = (request.routeOptions.url ?? 'export').replace(/^\/api\//, '').replace(/\.csv$/, '').replace(/[^\w-]+/g, '-')
      reply.header('content-disposition', `attachment; filename="${name}.csv"`)
      const rows = list({sort: query.sort}).rows
      return sendText(request, reply, toCsv(rows as unknown as Array<Record<string, unknown>>, columns, {escapeFormulas: true}), 'text/csv; charset=utf-8')
    }
    const page = {sort: query.sort, size: query.size ?? 50, cursor: query.cursor}
    return json ? listBody(json(page)) : list(page)
  } catch (error) {
    if (error instanceof CursorError) throw new errors.badCursor()
    throw error
  }
}
