/**
 * The server's snapshots: a commit by another connection is seen by requests that start a
 * millisecond after it (`data_version` is looked at most once a millisecond), and at once where the
 * server is told of it (a cluster worker's `swap` message: `look`).
 */
import {cpSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {buildApp} from '@minutes-kb/server'
import {repoRoot, tempDir} from './helpers.ts'

describe('snapshots', () => {
  it('see a commit by another connection when told at once, and on a request a millisecond after it', async () => {
    const dir = join(tempDir(), 'minutes')
    cpSync(join(repoRoot, 'minutes'), dir, {recursive: true})
    const path = join(dir, '..', 'snapshots.db')
    const writer = openDatabase(path)
    await ingestDirectory(writer, dir)
    const app = await buildApp({db: path, rateLimit: false})
    try {
      const first = app.minutes.latest
      expect(first.version).toBe(1)
      writer.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'one') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run()
      // Told of the commit (as a worker is): the new state, whenever the last look was.
      expect(app.minutes.look().version).toBe(2)
      expect(app.minutes.look().version).toBe(2)
      writer.prepare("UPDATE settings SET value = 'two' WHERE key = 'probe'").run()
      await new Promise((resolve) => setTimeout(resolve, 2))
      const health = (await app.inject({method: 'GET', url: '/healthz'})).json() as {snapshot: number}
      expect(health.snapshot).toBe(3)
    } finally {
      await app.close()
      writer.close()
    }
  })
})
