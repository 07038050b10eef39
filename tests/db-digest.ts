/** What a test compares databases by: every row of every table, hashed; and SQLite's own check. */
import {createHash} from 'node:crypto'
import {openDatabase} from '@minutes-kb/store'

/**
 * Every row of every table, hashed: equal digests mean equal databases. The log of runs
 * (`ingest_runs`) and the times rows were written (`*_at` columns) are left out: two ingests of
 * the same folder give the same digest (the ingest writes in file order).
 */
export function digest(path: string): string {
  const db = openDatabase(path, {readonly: true})
  const hash = createHash('sha256')
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'ingest_runs' ORDER BY name").pluck().all() as string[]
  for (const table of tables) {
    const columns = (db.pragma(`table_info("${table}")`) as Array<{name: string}>).map((c) => c.name).filter((c) => !c.endsWith('_at'))
    hash.update(`${table}(${columns.join(',')})\n`)
    const list = columns.map((c) => `"${c}"`).join(', ')
    for (const row of db.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${columns.length > 1 ? '1, 2' : '1'}`).raw().iterate()) hash.update(JSON.stringify(row) + '\n')
  }
  db.close()
  return hash.digest('hex')
}

export function integrity(path: string): string {
  const db = openDatabase(path, {readonly: true})
  const result = db.pragma('integrity_check', {simple: true}) as string
  db.close()
  return result
}
