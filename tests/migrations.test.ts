/**
 * Migrations are applied by what a database lacks, not by a version number: two branches may each add
 * one (005 and 006 were written at the same time), so a database must get a lower-numbered one it
 * lacks, and one from before `schema_migrations` counts what its `user_version` says.
 */
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ingestDirectory, openDatabase, schemaVersion} from '@minutes-kb/store'
import {repoRoot, tempDir} from './helpers.ts'

/** The numbers of the migration files, whatever they are after a merge. */
const versions = readdirSync(join(repoRoot, 'packages/store/lib/migrations')).filter((n) => /^\d+-.*\.sql$/.test(n)).map((n) => Number.parseInt(n, 10)).sort((a, b) => a - b)

const listed = (path: string) => {
  const db = openDatabase(path, {readonly: true})
  const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[]
  const version = db.pragma('user_version', {simple: true}) as number
  db.close()
  return {rows, version}
}

describe('migrations', () => {
  it('drops the index samples a plain ANALYZE kept (STAT4), once, on the next open for writing', async () => {
    const path = join(tempDir(), 'samples.db')
    const db = openDatabase(path)
    await ingestDirectory(db, join(repoRoot, 'minutes'))
    // What migrations 006, 007 and 009 do on a database that already holds minutes.
    db.exec('ANALYZE')
    const samples = (d: typeof db) => d.prepare('SELECT count(*) FROM sqlite_stat4').pluck().get() as number
    expect(samples(db)).toBeGreaterThan(0)
    db.close()
    const reopened = openDatabase(path)
    expect(samples(reopened)).toBe(0)
    // The planner keeps its statistics (row counts per index), only the samples go.
    expect(reopened.prepare("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'meetings'").pluck().get()).toBeGreaterThan(0)
    expect(reopened.pragma('analysis_limit', {simple: true})).toBe(0)
    reopened.close()
  })

  it('lists every migration applied, the newest as user_version', () => {
    const path = join(tempDir(), 'fresh.db')
    openDatabase(path).close()
    expect(listed(path)).toEqual({rows: versions, version: schemaVersion})
  })

  it('counts a database from before schema_migrations as migrated up to its user_version', () => {
    const path = join(tempDir(), 'legacy.db')
    openDatabase(path).close()
    const raw = openDatabase(path)
    raw.exec('DROP TABLE schema_migrations')
    raw.close()
    // Nothing runs twice (006 would fail on its existing tables); the list is written again.
    openDatabase(path).close()
    expect(listed(path)).toEqual({rows: versions, version: schemaVersion})
  })

  it('refuses a database with a migration this code does not know, and a reader one that lacks one', () => {
    const path = join(tempDir(), 'newer.db')
    openDatabase(path).close()
    const raw = openDatabase(path)
    raw.prepare("INSERT INTO schema_migrations VALUES (999, '999-future.sql', 'now')").run()
    raw.close()
    expect(() => openDatabase(path)).toThrow(/schema version 999 .*newer minutes-kb/)
    const old = join(tempDir(), 'older.db')
    openDatabase(old).close()
    const raw2 = openDatabase(old)
    raw2.prepare('DELETE FROM schema_migrations WHERE version = 6').run()
    raw2.close()
    expect(() => openDatabase(old, {readonly: true})).toThrow(/run `minutes ingest` to migrate it/)
  })
})
