import type Database from 'better-sqlite3'
import {collationRanks} from './collation.ts'
import type {DB} from './database.ts'
import type {Where} from './where.ts'

/**
 * Lists filtered, sorted and paged in SQL. A page is the rows after a cursor in the list's order
 * (keyset pagination): the cursor holds the sort key of the last row sent, and the next page is read
 * from the index from there — its cost does not grow with how deep the page is, nor, where an index
 * leads with the sort key, with the collection.
 */

/** One term of an order: an SQL expression and its direction. */
export interface Term {
  /** Never NULL: a nullable column is COALESCEd to a value that sorts where the list puts nulls. */
  sql: string
  desc?: boolean
  /**
   * Compare as `localeCompare` does, not bytewise (see collation.ts): `values` selects the column's
   * distinct values. `nullable`: NULLs sort last in either direction.
   */
  icu?: {name: string; values: string; nullable?: boolean}
}

/**
 * How a page is read. `drive`: SQLite's own plan — a narrow filter's index first, its few matches
 * sorted. `walk`: the sort key's index in order, each row checked against the filters, until the page
 * is full; for filters that keep many rows (`walks`), where sorting every match would cost more
 * than the page. SQLite left to itself sorted all of @fkr's 12 600 action items at 100× for a page
 * of 20 (40–60 ms); walking takes 0.1–3 ms where the person's items are spread over the years.
 */
export type Mode = 'walk' | 'drive'

export interface ListSpec<F> {
  /** FROM and JOIN clauses, with the table aliases that filters and terms use. */
  from: string
  /** The same with the table of the sort keys first (`CROSS JOIN` keeps it outermost), for `walk`. */
  walk?: string
  /** About how many rows a walk could read (the largest id of its rows), to weigh it against sorting. */
  rows?: string
  /** The row's unique key, by which its columns are then read. */
  id: string
  /**
   * The row's kept JSON (migration 013) in `from`'s and `walk`'s names, NULL while not made: a page
   * of JSON reads it with its keys (`pageKeys`' `json`), from the index where that carries it (018).
   */
  json?: string
  /** The filters, or `null` when they cannot match anything (an unknown person). */
  where: (db: DB, filter: F, mode: Mode) => Where | null
  /** Orders by `sort` name (`''` is the default); each ends with a unique term. */
  orders: Record<string, Term[]>
  /**
   * A plan of its own where an index serves the filter in list order (a person's action items,
   * migration 007): its FROM and WHERE, and the orders the index gives. Their terms give the same
   * values as `orders`' (copies of the same columns), so a cursor holds the same key in either plan.
   * `undefined`: the filter has no such index; `null`: it cannot match anything.
   */
  indexed?: (db: DB, filter: F) => Indexed | null | undefined
}

export interface Indexed {
  /** The row's unique key, as `ListSpec.id`. */
  id: string
  /** The row's kept JSON in `from`'s names, as `ListSpec.json`. */
  json?: string
  from: string
  where: Where
  orders: Record<string, Term[]>
  /** How many rows match, when it is kept (a person's action items per status, migration 014): not counted. Read for a first page only. */
  total?: () => number | undefined
}

export interface PageRequest {
  sort?: string
  /** Rows per page; none: every row. */
  size?: number
  /** `next` of the previous page. */
  cursor?: string
  /** How many rows match, when the caller knows (a person's counts): not counted again. */
  matches?: number
  /** How to read the page, when the caller knows better than the count (see `Mode`). */
  plan?: Mode
}

export interface KeyPage {
  /** The page's ids; none where `json` holds its rows. */
  ids: number[]
  /** The page's rows as one JSON array, where they were read with their keys (`pageKeys`' `json`). */
  json?: string
  next: string | null
  /**
   * Matching rows, counted up to `maxTotal` (above, `totalIsExact` is false) when the first page
   * was read; later pages repeat that count (an ingest in between is not counted again).
   */
  total: number
  totalIsExact: boolean
}

/** Counting every match would cost more than the page at 100×: totals are exact up to this many. */
export const maxTotal = 1000

/** A cursor that does not belong to this list and sort. */
export class CursorError extends Error {
  readonly code = 'MINUTES_ERR_BAD_CURSOR'
}

type Statement = Database.Statement<unknown[]>
const statements = new WeakMap<DB, Map<string, Statement>>()

/** Prepared once per connection and SQL text. */
export function prepared(db: DB, sql: string): Statement {
  let cache = statements.get(db)
  if (!cache) statements.set(db, (cache = new Map()))
  let statement = cache.get(sql)
  if (!statement) {
    if (cache.size >= 256) cache.clear()
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement
}

/**
 * The ids of one page of a list (or of all its rows, without `size`), in order, with the cursor for
 * the next. With `json`, a page whose rows all have their kept JSON comes as that JSON instead
 * (`KeyPage.json`), read by the statement that finds the page.
 */
export function pageKeys<F>(db: DB, spec: ListSpec<F>, filter: F, request: PageRequest = {}, json = false): KeyPage {
  const sort = request.sort ?? ''
  const terms = spec.orders[sort]
  if (!terms) throw new CursorError(`Unexpected sort \`${sort}\``)
  const indexed = spec.indexed?.(db, filter)
  if (indexed === null) return {ids: [], next: null, total: 0, totalIsExact: true}
  const own = indexed?.orders[sort]
  if (indexed && own) {
    // Read from the index in list order: the page, from where the cursor left off.
    const cursor = request.cursor ? decodeCursor(request.cursor, sort, terms.length) : undefined
    // Counted for the first page (or what `countRows` would say: the kept total, capped where
    // counting stops); the pages after it carry the count in their cursor.
    let total = request.matches ?? cursor?.total
    if (total === undefined) {
      const kept = indexed.total?.()
      total = kept === undefined ? countRows(db, indexed.from, indexed.where) : Math.min(kept, maxTotal + 1)
    }
    return readKeys(db, indexed.id, indexed.from, indexed.where.conditions, indexed.where.params, own, sort, request, cursor, total, indexed.from, json ? indexed.json : undefined)
  }
  const counted = spec.where(db, filter, 'drive')
  if (!counted) return {ids: [], next: null, total: 0, totalIsExact: true}
  const cursor = request.cursor ? decodeCursor(request.cursor, sort, terms.length) : undefined
  // Counted for the first page; the pages after it carry the count in their cursor.
  const total = request.matches ?? cursor?.total ?? countRows(db, spec.from, counted)
  const walk = request.plan ? request.plan === 'walk' : walks(db, spec, total, request.size)
  const where = walk ? spec.where(db, filter, 'walk')! : counted
  let from = walk ? (spec.walk ?? spec.from) : spec.from
  const joined: string[] = []
  const exprs = terms.map((term, i) => {
    if (!term.icu) return term.sql
    const ranks = collationRanks(db, term.icu.name, term.icu.values)
    if (term.icu.nullable) {
      from += ` LEFT JOIN temp.${ranks.byValue} r${i} ON r${i}.value = ${term.sql}`
      return `COALESCE(r${i}.rank, ${term.desc ? -1 : 1e15})`
    }
    // Walking, the page is read in rank order, value by value (CROSS JOIN keeps the ranks outside);
    // driven by a narrow filter, its matches are ranked by value.
    if (walk) {
      from = `temp.${ranks.table} r${i} CROSS JOIN ${spec.from}`
      joined.push(`r${i}.value = ${term.sql}`)
    } else from += ` JOIN temp.${ranks.byValue} r${i} ON r${i}.value = ${term.sql}`
    return `r${i}.rank`
  })
  return readKeys(db, spec.id, from, [...where.conditions, ...joined], where.params, terms, sort, request, cursor, total, spec.from, json ? spec.json : undefined, exprs)
}

/** The page's ids (and the next cursor) from `from` where `conditions` hold, in the order of `terms` (as `exprs`, for ranked text). */
function readKeys(
  db: DB,
  id: string,
  from: string,
  conditions: string[],
  params: Record<string, unknown>,
  terms: Term[],
  sort: string,
  request: PageRequest,
  cursor: {key: Array<string | number | null>; total: number} | undefined,
  total: number,
  /** FROM where `id` finds one row (several with the same key): the last row's key is read there. */
  rowFrom: string,
  /** The row's kept JSON, to read the page's rows with its keys (`ListSpec.json`). */
  json: string | undefined,
  exprs: string[] = terms.map((t) => t.sql),
): KeyPage {
  if (request.size !== undefined && !terms.some((t) => t.icu)) {
    // The page's ids alone (half the cost of reading every row's key as JavaScript values), then the
    // key of its last row, by id, for the cursor: statements made once per shape of page (see `PagePlan`).
    const plan = pagePlan(db, id, from, conditions, terms, cursor !== undefined, request.size, rowFrom, json)
    const bound = plan.bind(params, cursor?.key)
    if (plan.rows) {
      const page = jsonPage(plan, plan.rows.all(bound) as Array<string | null>, request.size, sort, total)
      if (page) return page
    }
    const ids = plan.ids.all(bound) as number[]
    const more = ids.length > request.size
    if (more) ids.pop()
    const last = more ? (plan.last.get(ids[ids.length - 1]) as unknown[]) : undefined
    return {
      ids,
      next: last ? encodeCursor(sort, last, Math.min(total, maxTotal + 1)) : null,
      total: Math.min(total, maxTotal),
      totalIsExact: total <= maxTotal,
    }
  }
  if (cursor) {
    params = {...params}
    cursor.key.forEach((value, i) => {
      const icu = terms[i]!.icu
      params[`k${i}`] = !icu ? value : value === null ? (terms[i]!.desc ? -1 : 1e15) : collationRanks(db, icu.name, icu.values).rankOf(String(value))
    })
    conditions = [...conditions, after(exprs, terms)]
  }
  const limit = request.size === undefined ? '' : ` LIMIT ${request.size + 1}`
  const body = `FROM ${from} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
    ORDER BY ${orderBy(exprs, terms)}${limit}`
  const rows = prepared(db, `SELECT ${id} AS id, ${terms.map((t, i) => `${t.icu ? t.sql : exprs[i]} AS k${i}`).join(', ')} ${body}`).raw().all(params) as unknown[][]
  const more = request.size !== undefined && rows.length > request.size
  if (more) rows.pop()
  const last = rows.at(-1)
  return {
    ids: rows.map((r) => r[0] as number),
    next: more && last ? encodeCursor(sort, last.slice(1), Math.min(total, maxTotal + 1)) : null,
    total: Math.min(total, maxTotal),
    totalIsExact: total <= maxTotal,
  }
}

/**
 * A page from `rows` as `plan.rows` reads them (`id json`, `size + 1` at most), or `undefined` where
 * a row's JSON is not made yet (its row NULL): then the page is read by its ids.
 */
function jsonPage(plan: PagePlan, rows: Array<string | null>, size: number, sort: string, total: number): KeyPage | undefined {
  const more = rows.length > size
  const count = more ? size : rows.length
  let json = '['
  let lastId = 0
  for (let i = 0; i < count; i++) {
    const row = rows[i]
    if (row === null || row === undefined) return undefined
    const space = row.indexOf(' ')
    if (i > 0) json += ','
    json += row.slice(space + 1)
    if (i === count - 1) lastId = Number(row.slice(0, space))
  }
  const last = more ? (plan.last.get(lastId) as unknown[]) : undefined
  return {
    ids: [],
    json: `${json}]`,
    next: last ? encodeCursor(sort, last, Math.min(total, maxTotal + 1)) : null,
    total: Math.min(total, maxTotal),
    totalIsExact: total <= maxTotal,
  }
}

/**
 * The statements of one shape of page — list, filters given, order, with or without a cursor, page
 * size — prepared once per connection: building their SQL, finding it among the prepared statements
 * by its text and binding parameters by name cost a page more than its two statements do (the SQL
 * strings hashed, the parameters copied into an object of new keys). Parameters are anonymous (`?`,
 * each `@name` of the filters and `@kN` of the cursor's key where it stands), bound by position from
 * an array, and the statements keep their mode (`pluck`, `raw`): setting it is a call into the addon
 * each time.
 */
interface PagePlan {
  /** The page's ids, `size + 1` of them at most (pluck). */
  ids: Statement
  /**
   * The same rows as `id || ' ' || json` (pluck), NULL for a row whose JSON is not made: where the
   * list's index ends with the JSON (migration 018), a page is read from it alone, without looking
   * up each row by id.
   */
  rows?: Statement
  /** The sort key of a row by id (raw). */
  last: Statement
  /** The values of the statement's parameters, in order, from the filters' values and the cursor's key. */
  bind: (params: Record<string, unknown>, key: ReadonlyArray<unknown> | undefined) => unknown[]
}

/**
 * A connection's plans, in Maps nested by the parts of their shape — the order, the id, FROM, the
 * cursor and size, each condition — and found by those parts as they come: the SQL strings are
 * mostly the same string objects from one page to the next, whose hashes V8 keeps, where one key
 * joined from them all (hundreds of characters) was built and hashed again for every page.
 */
interface PlanCache {
  root: PlanNode
  size: number
}
type PlanNode = Map<unknown, PlanNode | PagePlan>
const plans = new WeakMap<DB, PlanCache>()
/** The key of the plan at the node where its conditions end. */
const planKey = Symbol('plan')
/** An order's terms as one string, made once per array of terms (the lists' orders are constants). */
const orderKeys = new WeakMap<Term[], string>()

function orderKey(terms: Term[]): string {
  let key = orderKeys.get(terms)
  if (key === undefined) orderKeys.set(terms, (key = terms.map((t) => (t.desc ? `-${t.sql}` : t.sql)).join('\u0002')))
  return key
}

function child(node: PlanNode, key: unknown): PlanNode {
  let next = node.get(key) as PlanNode | undefined
  if (!next) node.set(key, (next = new Map()))
  return next
}

/** The node of a page's shape under `root`, made where missing; its plan is kept at `planKey`. */
function planNode(root: PlanNode, id: string, from: string, conditions: string[], terms: Term[], afterCursor: boolean, size: number, rowFrom: string, json: string | undefined): PlanNode {
  // With a cursor the size is kept as is, without one as -size - 1: one number for both.
  let node = child(child(child(child(child(child(root, orderKey(terms)), id), from), rowFrom), json), afterCursor ? size : -size - 1)
  for (let i = 0; i < conditions.length; i++) node = child(node, conditions[i])
  return node
}

function pagePlan(db: DB, id: string, from: string, conditions: string[], terms: Term[], afterCursor: boolean, size: number, rowFrom: string, json: string | undefined): PagePlan {
  let cache = plans.get(db)
  if (!cache) plans.set(db, (cache = {root: new Map(), size: 0}))
  let node = planNode(cache.root, id, from, conditions, terms, afterCursor, size, rowFrom, json)
  let plan = node.get(planKey) as PagePlan | undefined
  if (plan) return plan
  const exprs = terms.map((t) => t.sql)
  const all = afterCursor ? [...conditions, after(exprs, terms)] : conditions
  const rest = `FROM ${from} ${all.length ? `WHERE ${all.join(' AND ')}` : ''}
    ORDER BY ${orderBy(exprs, terms)} LIMIT ${size + 1}`
  const sql = `SELECT ${id} AS id ${rest}`
  const names: string[] = []
  // Each `@name` outside string literals becomes an anonymous `?`, bound by position (a name used
  // twice, twice): better-sqlite3 binds named parameters from an object by looking up each name in
  // it, and checks that the object is a plain one by making another, per statement run.
  const positional = sql.replace(/'(?:[^']|'')*'|@(\w+)/g, (literal, name: string | undefined) => {
    if (name === undefined) return literal
    names.push(name)
    return '?'
  })
  // A name `kN` is the cursor's N-th key; any other, a filter's.
  const sources = names.map((name) => (/^k\d+$/.test(name) ? Number(name.slice(1)) : name))
  if (cache.size >= 512) {
    cache.root = new Map()
    cache.size = 0
    node = planNode(cache.root, id, from, conditions, terms, afterCursor, size, rowFrom, json)
  }
  cache.size++
  // The same text after its select list: the same parameters in the same places.
  const positionalRest = positional.slice(positional.indexOf(' FROM '))
  plan = {
    ids: db.prepare(positional).pluck(),
    rows: json === undefined ? undefined : db.prepare(`SELECT ${id} || ' ' || ${json}${positionalRest}`).pluck(),
    last: db.prepare(`SELECT ${exprs.join(', ')} FROM ${rowFrom} WHERE ${id} = ? LIMIT 1`).raw(),
    bind(params, cursorKey) {
      const bound = new Array<unknown>(sources.length)
      for (let i = 0; i < sources.length; i++) {
        const source = sources[i]!
        bound[i] = typeof source === 'number' ? cursorKey![source] : params[source]
      }
      return bound
    },
  }
  node.set(planKey, plan)
  return plan
}

/**
 * Walk the sort index, or sort the matches? A walk reads about `size × rows / total` rows to fill a
 * page, a sort `total` rows and then some: a narrow filter is sorted, a wide one walked. Past
 * `maxTotal` (not counted further) it is always a walk.
 */
function walks<F>(db: DB, spec: ListSpec<F>, total: number, size: number | undefined): boolean {
  if (total > maxTotal) return true
  if (!spec.rows || size === undefined) return false
  const rows = (steady(db, spec.rows) as number | null) ?? 0
  return total * total > size * rows
}

const pinnedMaps = new WeakMap<DB, Map<string, Map<string, unknown>>>()

/**
 * `compute()`, kept by `key` among the values named `name` of this connection while it sees one
 * state — a read-only one holding its read transaction, as a server's snapshot does — at most 4096
 * of them; computed on every call on any other connection, whose state moves with its writes.
 */
export function pinned<T>(db: DB, name: string, key: string, compute: () => T): T {
  if (!db.readonly || !db.inTransaction) return compute()
  let maps = pinnedMaps.get(db)
  if (!maps) pinnedMaps.set(db, (maps = new Map()))
  let values = maps.get(name)
  if (!values) maps.set(name, (values = new Map()))
  if (values.has(key)) return values.get(key) as T
  const value = compute()
  if (values.size >= 4096) values.clear()
  values.set(key, value)
  return value
}

/** The value of `sql` (one column of one row), read once per state (see `pinned`). */
function steady(db: DB, sql: string): unknown {
  return pinned(db, 'steady', sql, () => prepared(db, sql).pluck().get())
}

function countRows(db: DB, from: string, where: Where): number {
  return prepared(db, `SELECT count(*) FROM (SELECT 1 FROM ${from} ${where.sql} LIMIT ${maxTotal + 1})`).pluck().get(where.params) as number
}

/** The ORDER BY terms of a page: `exprs` (the terms' SQL, or their ranks for ranked text) in the terms' directions. */
function orderBy(exprs: string[], terms: Term[]): string {
  return exprs.map((e, i) => `${e}${terms[i]!.desc ? ' DESC' : ''}`).join(', ')
}

/**
 * Rows strictly after the cursor's key (`@k0`, `@k1`, …) in the order of `exprs`: the first term at
 * or after its value — a range the index seeks to — and then, term by term, after it or equal and
 * on to the next.
 */
function after(exprs: string[], terms: Term[]): string {
  const op = (i: number, strict: boolean) => (terms[i]!.desc ? '<' : '>') + (strict ? '' : '=')
  // Unary `+` keeps the terms inside the OR from being used as indexes of their own (a MULTI-INDEX
  // OR reads both ranges and sorts them): only the leading range seeks.
  let condition = `+${exprs.at(-1)} ${op(exprs.length - 1, true)} @k${exprs.length - 1}`
  for (let i = exprs.length - 2; i >= 0; i--) condition = `+${exprs[i]} ${op(i, true)} @k${i} OR (+${exprs[i]} = @k${i} AND (${condition}))`
  return `${exprs[0]} ${op(0, false)} @k0 AND (${condition})`
}

/**
 * Bytes to encode and decode cursors in: a page's cursor went through a new Buffer each way (taken
 * from Node's pool, a typed array made around it), which cost more than the JSON and the base64.
 * The URL's cursor is at most 8 192 characters (the routes' schema), 6 144 bytes decoded.
 */
const cursorBytes = Buffer.allocUnsafe(8192)

/** An opaque cursor: the sort it belongs to, the key of the last row sent, and the first page's count. */
export function encodeCursor(sort: string, key: unknown[], total: number): string {
  const json = JSON.stringify({s: sort, k: key, t: total})
  // At most 3 bytes a UTF-16 unit: a longer one (a long text key) takes a Buffer of its own.
  if (json.length * 3 > cursorBytes.length) return Buffer.from(json).toString('base64url')
  const length = cursorBytes.write(json, 0, 'utf8')
  return cursorBytes.toString('base64url', 0, length)
}

/** The UTF-8 text of a base64url cursor. */
function cursorText(cursor: string): string {
  if (cursor.length > (cursorBytes.length / 3) * 4) return Buffer.from(cursor, 'base64url').toString('utf8')
  const length = cursorBytes.write(cursor, 0, 'base64url')
  return cursorBytes.toString('utf8', 0, length)
}

function decodeCursor(cursor: string, sort: string, length: number): {key: Array<string | number | null>; total: number} {
  let value: {s?: unknown; k?: unknown; t?: unknown}
  try {
    value = JSON.parse(cursorText(cursor)) as {s?: unknown; k?: unknown; t?: unknown}
  } catch {
    throw new CursorError('Unexpected cursor, expected the `next` of a page of this list')
  }
  const key = value?.k
  const total = value?.t
  if (
    value?.s !== sort ||
    !Array.isArray(key) ||
    key.length !== length ||
    !key.every((k) => k === null || typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k))) ||
    typeof total !== 'number' ||
    !Number.isInteger(total) ||
    total < 0
  ) {
    throw new CursorError('Unexpected cursor, expected the `next` of a page of this list with the same sort')
  }
  return {key: key as Array<string | number | null>, total}
}

/** Rows read by id (`@ids`, a JSON array, for `json_each`), put back in the order of `ids`. */
export function inOrder<T>(ids: number[], rows: T[], idOf: (row: T) => number): T[] {
  const byId = new Map(rows.map((r) => [idOf(r), r]))
  return ids.flatMap((id) => {
    const row = byId.get(id)
    return row ? [row] : []
  })
}
