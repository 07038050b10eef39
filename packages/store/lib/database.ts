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

const allMigrations = migrations()

/** The schema version this code writes. */
export const schemaVersion = Math.max(...allMigrations.map((m) => m.version))

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
    if (!options.readonly) db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
    const version = db.pragma('user_version', {simple: true}) as number
    if (version > schemaVersion) {
      throw new Error(`Unexpected database schema version ${version} in ${path}, expected at most ${schemaVersion} (written by a newer minutes-kb)`)
    }
    const pending = allMigrations.filter((m) => !appliedVersions(db, version).has(m.version))
    if (options.readonly) {
      if (pending.length) throw new Error(`Unexpected database schema version ${version} in ${path}, expected ${schemaVersion}; run \`minutes ingest\` to migrate it`)
    } else {
      migrate(db, version, pending)
    }
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * The migrations a database has had: those recorded in `schema_migrations`, or, in a database from
 * before that table, every one up to its `user_version`. Recorded one by one, a migration numbered
 * below the newest applied one (branches that each added one) still runs.
 */
function appliedVersions(db: DB, userVersion: number): Set<number> {
  if (hasMigrationsTable(db)) return new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
  return new Set(allMigrations.filter((m) => m.version <= userVersion).map((m) => m.version))
}

function hasMigrationsTable(db: DB): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined
}

/** Run the pending migrations in order, each in its own transaction; `user_version` is the newest applied. */
function migrate(db: DB, from: number, pending: typeof allMigrations): void {
  const applied = appliedVersions(db, from)
  if (pending.length === 0 && hasMigrationsTable(db)) return
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT)')
    const known = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name) VALUES (?, ?)')
    for (const m of allMigrations) if (applied.has(m.version)) known.run(m.version, m.name)
  })()
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
      db.pragma(`user_version = ${Math.max(m.version, db.pragma('user_version', {simple: true}) as number)}`)
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
