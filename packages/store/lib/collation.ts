import type {DB} from './database.ts'

/**
 * A column's values in the order `String#localeCompare` puts them (the process's ICU collation:
 * `a` before `B`, `–` before `(`), which SQLite cannot index: it orders text bytewise. Each distinct
 * value gets a rank in a temporary table of the connection; a list sorted by that column joins it
 * and orders by rank. Values that compare equal share a rank, so they keep the list's default order,
 * as a stable sort kept them.
 */
export interface Ranks {
  /** The temporary table `(rank, value)`, in rank order, and the same ranks by value (`byValue`). */
  table: string
  byValue: string
  /** A value's rank; one no longer stored sorts between its neighbours (a half rank). */
  rankOf(value: string): number
}

interface Built extends Ranks {
  version: number
}

const collator = new Intl.Collator()
const connections = new WeakMap<DB, Map<string, Built>>()

/**
 * The ranks of the values `valuesSql` selects (one text column, distinct, no NULLs), built on first
 * use and again after another connection committed (`PRAGMA data_version`): an ingest that added a
 * value makes the old ranks incomplete.
 */
export function collationRanks(db: DB, name: string, valuesSql: string): Ranks {
  let built = connections.get(db)
  if (!built) connections.set(db, (built = new Map()))
  const version = db.pragma('data_version', {simple: true}) as number
  const hit = built.get(name)
  if (hit && hit.version === version) return hit
  const ranks = build(db, `rank_${name}`, valuesSql)
  const entry = {...ranks, version}
  built.set(name, entry)
  return entry
}

function build(db: DB, table: string, valuesSql: string): Ranks {
  const values = (db.prepare(valuesSql).pluck().all() as string[]).sort(collator.compare)
  const rank: number[] = []
  for (let i = 0; i < values.length; i++) rank.push(i > 0 && collator.compare(values[i - 1]!, values[i]!) === 0 ? rank[i - 1]! : i)
  db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS temp.${table}`)
    // Two tables, not one with an index on value: SQLite 3.53 scans a covering index on value even
    // where a list wants the ranks in order (NOT INDEXED notwithstanding).
    db.exec(`DROP TABLE IF EXISTS temp.${table}_by_value`)
    db.exec(`CREATE TEMP TABLE ${table} (rank INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (rank, value)) WITHOUT ROWID`)
    db.exec(`CREATE TEMP TABLE ${table}_by_value (value TEXT PRIMARY KEY, rank INTEGER NOT NULL) WITHOUT ROWID`)
    const insert = db.prepare(`INSERT INTO temp.${table} (rank, value) VALUES (?, ?)`)
    const byValue = db.prepare(`INSERT INTO temp.${table}_by_value (value, rank) VALUES (?, ?)`)
    values.forEach((value, i) => {
      insert.run(rank[i], value)
      byValue.run(value, rank[i])
    })
  })()
  const own = new Map(values.map((value, i) => [value, rank[i]!]))
  return {
    table,
    byValue: `${table}_by_value`,
    rankOf(value: string): number {
      const exact = own.get(value)
      if (exact !== undefined) return exact
      // The first stored value not before it: equal in the collation, or the next one.
      let lo = 0
      let hi = values.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (collator.compare(values[mid]!, value) < 0) lo = mid + 1
        else hi = mid
      }
      if (lo === values.length) return values.length
      return collator.compare(values[lo]!, value) === 0 ? rank[lo]! : rank[lo]! - 0.5
    },
  }
}
