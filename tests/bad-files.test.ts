/**
 * Full disks and bad files, with the real `minutes` command and real SQLite files: each ends with a
 * one-line error and an exit code other than 0, and the database is as it was (by digest, and by
 * its bytes). A size-limited file system is a tmpfs where this process may mount one (root, as in
 * CI); SQLite's `max_page_count` makes a database hit its limit everywhere.
 */
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {updateSearchIndex} from '@minutes-kb/search'
import {corpusRoot} from '../scripts/corpus.ts'
import {digest, integrity} from './db-digest.ts'
import {asUnprivileged, minutes, sharedTempDir, tempDir, unprivilegedReason} from './helpers.ts'

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

/** Mount a tmpfs of `size` at `dir` (root only); false where this process may not. */
function mountTmpfs(dir: string, size: string, readonly = false): boolean {
  mkdirSync(dir, {recursive: true})
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readonly ? ',ro' : ''}`, 'tmpfs', dir], {stdio: 'ignore'}).status === 0
}
const mounts: string[] = []
const canMount = (() => {
  const probe = join(tempDir('minutes-mount-probe-'), 'fs')
  const ok = process.platform === 'linux' && mountTmpfs(probe, '64k')
  if (ok) spawnSync('umount', [probe])
  return ok
})()
afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync('umount', ['-l', dir])
})

/** A minutes folder with series of the shared corpus (copied): `iaas` the state before, `more` the run that fills the disk. */
function collection(dir: string, series: string[]): string {
  const root = join(dir, series.join('+'))
  for (const name of series) cpSync(join(corpusRoot(), name), join(root, name), {recursive: true})
  return root
}
const more = ['iaas', 'sig-community', 'product-board']

/** `minutes ingest` failed as it should: exit code ≠ 0, one line on stderr, nothing on stdout. */
function expectOneLineError(result: ReturnType<typeof minutes>, pattern: RegExp): void {
  expect(result.status, result.stderr).not.toBe(0)
  expect(result.stdout).toBe('')
  const lines = result.stderr.trim().split('\n')
  expect(lines, result.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
}

describe('a disk that fills up during an ingest', () => {
  it.skipIf(!canMount)('on a size-limited file system (tmpfs): a clear error, the database as before the run, and a later run completes', () => {
    const dir = tempDir()
    const prior = join(dir, 'prior.db')
    expect(minutes(['ingest', collection(dir, ['iaas']), '--db', prior, '--quiet']).status).toBe(0)
    // A disk with room for the database and 512 KB more: the next run's writes do not fit.
    const fs = join(dir, 'fs')
    expect(mountTmpfs(fs, `${Math.ceil(statSync(prior).size / 1024) + 512}k`)).toBe(true)
    mounts.push(fs)
    const db = join(fs, 'minutes.db')
    cpSync(prior, db)
    const before = digest(db)
    const bytes = sha(db)
    const root = collection(dir, more)
    expectOneLineError(minutes(['ingest', root, '--db', db, '--quiet']), /^minutes( ingest)?: database or disk is full$/)
    expect(integrity(db)).toBe('ok')
    expect(digest(db)).toBe(before)
    expect(sha(db)).toBe(bytes)
    // Room again (the same database on a larger disk): the run completes.
    const roomy = join(dir, 'roomy.db')
    cpSync(db, roomy)
    expect(minutes(['ingest', root, '--db', roomy, '--quiet']).status).toBe(0)
    expect(integrity(roomy)).toBe('ok')
  }, 180_000)

  it('at its max_page_count: the ingest rejects with SQLITE_FULL and rolls back whole', async () => {
    const dir = tempDir()
    const path = join(dir, 'capped.db')
    const index = {beforeCommit: async (tx: Parameters<typeof updateSearchIndex>[0], changes: Parameters<typeof updateSearchIndex>[1]) => void (await updateSearchIndex(tx, changes))}
    const db = openDatabase(path)
    await ingestDirectory(db, collection(dir, ['iaas']), index)
    db.close()
    const before = digest(path)
    const root = collection(dir, more)
    const capped = openDatabase(path)
    const pages = capped.pragma('page_count', {simple: true}) as number
    capped.pragma(`max_page_count = ${pages + 64}`)
    await expect(ingestDirectory(capped, root, index)).rejects.toMatchObject({code: 'SQLITE_FULL'})
    expect(capped.inTransaction).toBe(false)
    capped.close()
    expect(integrity(path)).toBe('ok')
    expect(digest(path)).toBe(before)
    const again = openDatabase(path)
    const summary = await ingestDirectory(again, root, index)
    again.close()
    expect(summary).toMatchObject({added: 106, unchanged: 109})
  }, 180_000)
})

describe('bad databases and folders: one line, exit code ≠ 0, nothing changed', () => {
  let dir: string
  let root: string
  let good: string

  beforeAll(() => {
    dir = sharedTempDir()
    root = join(dir, 'minutes')
    mkdirSync(join(root, 'ops'), {recursive: true, mode: 0o777})
    writeFileSync(join(root, 'ops/20240301.md'), '# 2024-03-01\n\n## Participants\n\n- @ana\n\n## Runbook\n\n- AI @ana: write it\n')
    good = join(dir, 'good.db')
    expect(minutes(['ingest', root, '--db', good, '--quiet']).status).toBe(0)
    // The run each case attempts would change something: a new file.
    writeFileSync(join(root, 'ops/20240308.md'), '# 2024-03-08\n\n## Participants\n\n- @bob\n')
  }, 60_000)

  /** A copy of the good database, or `bytes` as a database file. */
  function database(name: string, bytes?: Buffer | string): string {
    const path = join(dir, name)
    if (bytes === undefined) cpSync(good, path)
    else writeFileSync(path, bytes)
    return path
  }

  function unchanged(path: string, sqlite: boolean): () => void {
    const bytes = sha(path)
    const rows = sqlite ? digest(path) : ''
    return () => {
      expect(sha(path)).toBe(bytes)
      if (sqlite) expect(digest(path)).toBe(rows)
    }
  }

  it('a file that is not SQLite (random bytes, text)', () => {
    for (const [name, bytes] of [['random.db', Buffer.from(Array.from({length: 8192}, (_, i) => (i * 7919 + 13) % 256))], ['text.db', 'minutes, not a database\n']] as const) {
      const path = database(name, bytes)
      const check = unchanged(path, false)
      expectOneLineError(minutes(['ingest', root, '--db', path]), /^minutes( ingest)?: file is not a database$/)
      check()
      expect(existsSync(`${path}-wal`), `${name}-wal`).toBe(false)
    }
  })

  it('a database from a newer schema version', () => {
    const path = database('newer.db')
    const db = openDatabase(path)
    db.pragma('user_version = 99')
    db.close()
    const check = unchanged(path, false)
    expectOneLineError(minutes(['ingest', root, '--db', path]), /schema version 99 .*expected at most \d+ \(written by a newer minutes-kb\)$/)
    check()
  })

  it.skipIf(!canMount)('a read-only database (on a read-only file system)', () => {
    const fs = join(dir, 'ro')
    expect(mountTmpfs(fs, '4m')).toBe(true)
    mounts.push(fs)
    const path = join(fs, 'minutes.db')
    cpSync(good, path)
    expect(spawnSync('mount', ['-o', 'remount,ro', fs]).status).toBe(0)
    const check = unchanged(path, false)
    expectOneLineError(minutes(['ingest', root, '--db', path]), /^minutes( ingest)?: cannot write the database .*\/minutes\.db: it is on a read-only file system$/)
    check()
    // A reader cannot either: a WAL database needs its -shm file beside it, and none can be made there.
    expectOneLineError(minutes(['meetings', '--db', path]), /^minutes( meetings)?: cannot read the database .*\/minutes\.db: it is on a read-only file system, and SQLite must create .*minutes\.db-shm beside it .*\(copy the database to a writable folder\)$/)
    check()
  })

  it.skipIf(!asUnprivileged)(`a read-only database file (no write permission) ${unprivilegedReason}`, () => {
    const path = database('readonly.db')
    chmodSync(path, 0o444)
    const check = unchanged(path, true)
    expectOneLineError(minutes(['ingest', root, '--db', path], asUnprivileged), /^minutes( ingest)?: cannot write the database .*\/readonly\.db: the file is read-only \(no write permission\)$/)
    check()
  })

  it.skipIf(!asUnprivileged)(`a database in a read-only folder (SQLite writes its -wal and -shm files there) ${unprivilegedReason}`, () => {
    const folder = join(dir, 'closed-folder')
    mkdirSync(folder)
    const path = join(folder, 'minutes.db')
    cpSync(good, path)
    chmodSync(path, 0o666)
    chmodSync(folder, 0o555)
    const check = unchanged(path, true)
    const result = minutes(['ingest', root, '--db', path], asUnprivileged)
    chmodSync(folder, 0o755)
    expectOneLineError(result, /^minutes( ingest)?: cannot write the database .*\/minutes\.db: its folder .*closed-folder is read-only \(SQLite writes its -wal and -shm files there\)$/)
    check()
  })

  it('a minutes folder that is missing, a file, or a loop of symbolic links', () => {
    const path = database('folders.db')
    const check = unchanged(path, true)
    expectOneLineError(minutes(['ingest', join(dir, 'nowhere'), '--db', path]), /^minutes ingest: no folder at .*nowhere$/)
    expectOneLineError(minutes(['ingest', join(root, 'ops/20240301.md'), '--db', path]), /^minutes ingest: .*20240301\.md is not a folder$/)
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'))
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'))
    expectOneLineError(minutes(['ingest', join(dir, 'loop-a'), '--db', path]), /^minutes ingest: cannot read .*loop-a: a loop of symbolic links$/)
    check()
  })

  it.skipIf(!asUnprivileged)(`a minutes folder that cannot be read ${unprivilegedReason}`, () => {
    const path = database('unreadable.db')
    chmodSync(path, 0o666)
    const closed = join(dir, 'closed')
    cpSync(root, closed, {recursive: true})
    chmodSync(closed, 0o000)
    const check = unchanged(path, true)
    const result = minutes(['ingest', closed, '--db', path], asUnprivileged)
    chmodSync(closed, 0o755)
    expectOneLineError(result, /^minutes ingest: cannot read .*closed: permission denied$/)
    check()
  })

  it('symbolic links inside the folder, a loop among them, are not followed', () => {
    const looped = join(dir, 'looped')
    cpSync(root, looped, {recursive: true})
    symlinkSync(looped, join(looped, 'ops/self'))
    symlinkSync(join(looped, 'ops/loop-2'), join(looped, 'ops/loop-1'))
    symlinkSync(join(looped, 'ops/loop-1'), join(looped, 'ops/loop-2'))
    const result = minutes(['ingest', looped, '--db', join(dir, 'looped.db'), '--quiet', '--json'])
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({added: 2, problems: 0})
  })
})
