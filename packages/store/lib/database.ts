import {readdirSync, readFileSync} from 'node:fs'
import Database from 'better-sqlite3'

export type DB = Database.Database

const migrationsDir = new URL('./migrations/', import.meta.url)

/** The numbered migrations (`001-initial.sql`, …) in order. */
function migrations(): Array<{version: number; name: string; sql: string}> {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d+-.*\.sql$/.test(name))
    .sort()
    .map((name) => ({version: Number.parseInt(name, 10), name, sql: readFileSync(new URL(name, migrationsDir), 'utf8')}))
}

/** The schema version this code writes. */
export const schemaVersion = Math.max(...migrations().map((m) => m.version))

export interface OpenOptions {
  /** Open read-only: for request handlers and readers; no migrations are run. */
  readonly?: boolean
  /** Wait this long for a lock held by another connection (ms). */
  timeout?: number
}

/**
 * Open (and, for writers, create or migrate) a minutes database: WAL, foreign keys on.
 * A database written by a newer version is refused rather than misread.
 */
export function openDatabase(path: string, options: OpenOptions = {}): DB {
  const db = new Database(path, {readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.timeout ?? 10_000})
  try {
    // The version is read before anything is set: a newer database is refused untouched (its journal mode too).
    const version = db.pragma('user_version', {simple: true}) as number
    if (version > schemaVersion) {
      throw new Error(`Unexpected database schema version ${version} in ${path}, expected at most ${schemaVersion} (written by a newer minutes-kb)`)
    }
    if (!options.readonly) db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
    if (options.readonly) {
      if (version < schemaVersion) throw new Error(`Unexpected database schema version ${version} in ${path}, expected ${schemaVersion}; run \`minutes ingest\` to migrate it`)
    } else {
      migrate(db, version)
    }
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Run the migrations newer than `from`, each in its own transaction. */
function migrate(db: DB, from: number): void {
  for (const m of migrations()) {
    if (m.version <= from) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    })()
  }
}

export function getSetting(db: DB, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as {value: string} | undefined
  return row?.value ?? null
}

export function setSetting(db: DB, key: string, value: string | null): void {
  if (value === null) db.prepare('DELETE FROM settings WHERE key = ?').run(key)
  else db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
}
