/**
 * The thread `serve --watch` ingests on (packages/server/lib/ingester.ts): a real database and
 * folder; the commit is reported before the impact lists, an edit lands, a failure comes back as an
 * error naming its cause, and the thread stops on close.
 */
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {Ingester} from '@minutes-kb/server'
import {openDatabase, type IngestSummary} from '@minutes-kb/store'
import {repoRoot, tempDir} from './helpers.ts'

describe('the ingest thread', () => {
  it('ingests off the serving thread: the commit first, then the impact lists; edits land; failures are errors', async () => {
    const dir = join(tempDir(), 'minutes')
    cpSync(join(repoRoot, 'minutes'), dir, {recursive: true})
    const db = join(dir, '..', 'thread.db')
    const ingester = new Ingester()
    const events: string[] = []
    // Ready (loaded, its parse workers warm) before any job it was given reports.
    void ingester.ready.then(() => events.push('ready'))
    const run = () =>
      ingester.run({db, dir}, async (summary: IngestSummary) => {
        events.push(`committed ${summary.added}/${summary.changed}`)
        // The lists are not reported before the swap to the committed state has finished.
        await new Promise((resolve) => setTimeout(resolve, 50))
        events.push('swapped')
      })
    const terms = await run()
    events.push(`lists ${terms}`)
    expect(events[0]).toBe('ready')
    expect(events[1]).toMatch(/^committed [1-9]\d*\/0$/)
    expect(events.slice(2)).toEqual(['swapped', 'lists 0'])

    // One job at a time.
    const file = join(dir, 'infra/20240826.md')
    writeFileSync(file, readFileSync(file, 'utf8') + '\n### Pallets\n\n- AI @erikh: count the zwieback pallets\n')
    const second = run()
    await expect(run()).rejects.toThrow('an ingest is already running')
    await second
    expect(events.slice(-2)).toEqual(['committed 0/1', 'swapped'])
    const read = openDatabase(db, {readonly: true})
    expect(read.prepare("SELECT count(*) FROM action_items WHERE text = 'count the zwieback pallets'").pluck().get()).toBe(1)
    read.close()

    // A database it cannot open: the job fails with SQLite's reason, and the thread takes the next one.
    await expect(ingester.run({db: join(dir, 'no-such-folder', 'x.db'), dir}, async () => {})).rejects.toThrow(/no-such-folder/)
    expect(await run()).toBe(0)
    expect(ingester.failed).toBe(false)
    await ingester.close()
    expect(ingester.failed).toBe(true)
    await expect(run()).rejects.toThrow(/ingest thread stopped/)
  }, 60_000)
})
