import {accessSync, constants, existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import Database from 'better-sqlite3'

export type DB = Database.Database

const migrationsDir = new URL('./migrations/', import.meta.url)

interface Migration {
  version: number
  name: string
  sql: string
}

/** The numbered migrations (`001-initial.sql`, …) in order. */
function migrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d+-.*\.sql$/.test(name))
    .sort()
    .map((name) => ({version: Number.parseInt(name, 10), name, sql: readFileSync(new URL(name, migrationsDir), 'utf8')}))
}

/** The schema version this code writes: its newest migration. */
export const schemaVersion = Math.max(...migrations().map((m) => m.version))

export interface OpenOptions {
  /** Open read-only: for request handlers and readers; no migrations are run. */
  readonly?: boolean
  /** Wait this long for a lock held by another connection (ms). */
  timeout?: number
}

/** The page cache of a writing connection, in KiB. */
const writerCacheKib = 65536

/**
 * Open (and, for writers, create or migrate) a minutes database: WAL, foreign keys on.
 * A database written by a newer version is refused rather than misread.
 */
export function openDatabase(path: string, options: OpenOptions = {}): DB {
  if (!options.readonly && path !== ':memory:' && path !== '') {
    const reason = unwritable(path)
    if (reason) throw new Error(reason)
  }
  let db: DB
  try {
    db = new Database(path, {readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.timeout ?? 10_000})
  } catch (error) {
    throw explainOpenError(error, path, options)
  }
  try {
    // What the database has is read before anything is set: a newer one is refused untouched (its journal mode too).
    const {missing, unknown, listed} = migrationState(db)
    if (unknown.length) {
      throw new Error(`Unexpected database schema version ${unknown.join(', ')} in ${path}, expected at most ${schemaVersion} (written by a newer minutes-kb)`)
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL')
      // A writer's page cache, 64 MB at most (taken only as pages are read): an ingest writes the
      // FTS5 index in its one transaction, and each segment FTS5 flushes re-reads b-tree pages that
      // the default 2 MB cache had already let go (through a WAL of the whole ingest). A full ingest
      // at 30×: 184 s against 258 s for the code before (peak RSS 501 against 442 MB); its search
      // index alone 68.6 s against 166.8 with the default cache.
      db.pragma(`cache_size = -${writerCacheKib}`)
    }
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = NORMAL')
    if (options.readonly) {
      if (missing.length) throw new Error(`Unexpected database schema version ${db.pragma('user_version', {simple: true})} in ${path}, expected ${schemaVersion}; run \`minutes ingest\` to migrate it`)
    } else {
      if (missing.length || !listed) migrate(db, missing)
      forgetIndexSamples(db)
    }
    return db
  } catch (error) {
    db.close()
    throw explainOpenError(error, path, options)
  }
}

/**
 * Why a writer could not write the database at `path`, before SQLite says something vaguer
 * (`unable to open database file`, `attempt to write a readonly database`, sometimes only at the
 * first write): a read-only file system, a file or a folder without write permission. A WAL
 * database needs its folder writable too: SQLite creates `-wal` and `-shm` files beside it.
 * `null` when nothing stands in the way.
 */
function unwritable(path: string): string | null {
  const file = resolve(path)
  const folder = dirname(file)
  const denied = (at: string): string | null => {
    try {
      accessSync(at, constants.W_OK)
      return null
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? 'EACCES'
    }
  }
  if (existsSync(file)) {
    const code = denied(file)
    if (code === 'EROFS') return `cannot write the database ${file}: it is on a read-only file system`
    if (code) return `cannot write the database ${file}: the file is read-only (no write permission)`
  }
  if (!existsSync(folder)) return null // explainOpenError names the file of a missing folder
  const code = denied(folder)
  if (code === 'EROFS') return `cannot write the database ${file}: it is on a read-only file system`
  if (code) return `cannot write the database ${file}: its folder ${folder} is read-only (SQLite writes ${existsSync(file) ? 'its -wal and -shm files' : 'the database and its -wal and -shm files'} there)`
  return null
}

/** SQLite's errors on opening, with the path and, where it is the cause, what is read-only. */
function explainOpenError(error: unknown, path: string, options: OpenOptions): unknown {
  const code = (error as {code?: unknown}).code
  const file = resolve(path)
  // better-sqlite3 checks the folder itself, and its message names no file.
  if (error instanceof TypeError && error.message.startsWith('Cannot open database because the directory does not exist')) {
    return new Error(`${error.message}: ${file}`, {cause: error})
  }
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) return error
  if (!options.readonly) {
    const reason = unwritable(path)
    if (reason) return new Error(reason, {cause: error})
  } else if (!existsSync(`${file}-shm`)) {
    // A reader of a WAL database needs its `-shm` file, and creates it when it is missing.
    const folder = dirname(file)
    let code: string | undefined
    try {
      accessSync(folder, constants.W_OK)
    } catch (e) {
      code = (e as NodeJS.ErrnoException).code ?? 'EACCES'
    }
    if (code) {
      const where = code === 'EROFS' ? 'it is on a read-only file system' : `its folder ${folder} is read-only`
      return new Error(`cannot read the database ${file}: ${where}, and SQLite must create ${file}-shm beside it to read a WAL database (copy the database to a writable folder)`, {cause: error})
    }
  }
  return new Error(`${(error as Error).message}: ${file}`, {cause: error})
}

/**
 * Which migrations a database lacks, and which it has that this code does not know. Applied
 * migrations are listed in `schema_migrations`, so the numbers need not be contiguous: a migration
 * numbered below one already applied (written on another branch at the same time) still runs. A
 * database without that table was migrated in order: every migration up to its `user_version` is in.
 */
function migrationState(db: DB): {missing: Migration[]; unknown: number[]; listed: boolean} {
  const known = migrations()
  const version = db.pragma('user_version', {simple: true}) as number
  const listed = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined
  const applied = listed
    ? new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[])
    : new Set(known.filter((m) => m.version <= version).map((m) => m.version))
  // A migration listed that this code does not have, or a user_version above its newest (set by any writer).
  const unknown = [...new Set([...(listed ? [...applied].filter((v) => !known.some((m) => m.version === v)) : []), ...(version > schemaVersion ? [version] : [])])]
  return {missing: known.filter((m) => !applied.has(m.version)), unknown, listed}
}

/** Run the missing migrations in order, each in its own transaction, and list them as applied. */
function migrate(db: DB, missing: Migration[]): void {
  const version = db.pragma('user_version', {simple: true}) as number
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
    // A database migrated before the table existed: what its user_version says is in.
    const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
    for (const m of migrations()) if (m.version <= version && !missing.some((x) => x.version === m.version)) record.run(m.version, m.name, 'before schema_migrations')
  })()
  for (const m of missing) {
    db.transaction(() => {
      db.exec(m.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString())
      const current = db.pragma('user_version', {simple: true}) as number
      if (m.version > current) db.pragma(`user_version = ${m.version}`)
    })()
  }
}

/**
 * better-sqlite3's SQLite is built with STAT4: a plain `ANALYZE` (migrations 006, 007 and 009, run on
 * a database that already holds minutes) keeps samples of index values in `sqlite_stat4`, and with
 * samples SQLite prepares a statement again each time it runs with a new value bound to a column
 * those samples describe — every keyset page (`series = @series`, a cursor's `@k0`) paid for
 * preparing its statement: 13.7 against 4.1 µs a meetings page's ids in one process, the same plan.
 * `PRAGMA optimize` (each ingest) analyses with a row limit and keeps no samples; an `ANALYZE` under
 * a limit drops them. Once, on the first open for writing that finds any.
 */
function forgetIndexSamples(db: DB): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat4'").get() !== undefined
  if (!hasTable || db.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get() === undefined) return
  const limit = db.pragma('analysis_limit', {simple: true}) as number
  db.pragma('analysis_limit = 400')
  try {
    db.exec('ANALYZE')
  } finally {
    db.pragma(`analysis_limit = ${limit}`)
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
