/**
 * `--watch`: a real server on 127.0.0.1, real file edits; a change shows over HTTP (how soon is
 * measured by `pnpm bench:watch`, not asserted here), and requests in flight while the snapshot is
 * swapped all succeed.
 */
import {cpSync, readFileSync, unlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startServer} from '@minutes-kb/server'
import {minutes, repoRoot, tempDir} from './helpers.ts'

describe('minutes serve --watch', () => {
  let dir: string
  let url: string
  let close: () => Promise<void>
  const ingests: Array<{seconds: number} | Error> = []

  beforeAll(async () => {
    dir = join(tempDir(), 'minutes')
    cpSync(join(repoRoot, 'minutes'), dir, {recursive: true})
    const db = join(dir, '..', 'watch.db')
    expect(minutes(['ingest', dir, '--db', db, '--quiet']).status).toBe(0)
    const server = await startServer({db, port: 0, watch: dir, rateLimit: false, onReingest: (s) => ingests.push(s)})
    url = server.url
    close = () => server.app.close()
  }, 60_000)
  afterAll(() => close())

  const json = async (path: string) => {
    const r = await fetch(url + path)
    expect(r.status, path).toBe(200)
    return r.json() as Promise<{rows: Array<Record<string, unknown>>; total: number}>
  }

  async function until<T>(probe: () => Promise<T | undefined>, ms = 5000): Promise<{value: T; ms: number}> {
    const t0 = performance.now()
    for (;;) {
      const value = await probe()
      if (value !== undefined) return {value, ms: performance.now() - t0}
      if (performance.now() - t0 > ms) throw new Error(`not seen within ${ms} ms`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  it('listens on 127.0.0.1', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('shows an edited file, search included', async () => {
    const file = join(dir, 'infra/20240826.md')
    writeFileSync(file, readFileSync(file, 'utf8') + '\n### Quarterly capacity review\n\n- AI @erikh: order the flibbertigibbet racks\n')
    const seen = await until(async () => {
      const r = await json('/api/actions?assignee=@erikh&status=open')
      return r.rows.find((a) => a['text'] === 'order the flibbertigibbet racks')
    })
    const search = await json('/api/search?q=flibbertigibbet')
    expect(search.rows[0]).toMatchObject({topic: 'Quarterly capacity review', meeting: {path: 'infra/20240826.md'}})
    console.log(`edit visible over HTTP after ${seen.ms.toFixed(0)} ms`, JSON.stringify(ingests))
  })

  it('shows an added and a removed file', async () => {
    writeFileSync(join(dir, 'docs/20240904.md'), '## Docs team 2024-09-04\n\n### Attendees\n\n- @hana-s\n\n### Glossary\n\n- AI @hana-s: add a glossary page\n')
    await until(async () => ((await json('/api/meetings?series=docs')).total === 3 ? true : undefined))
    unlinkSync(join(dir, 'docs/20240904.md'))
    await until(async () => ((await json('/api/meetings?series=docs')).total === 2 ? true : undefined))
  })

  it('answers every request in flight while the snapshot is swapped', async () => {
    const before = (await json('/healthz')) as unknown as {snapshot: number}
    let stop = false
    const statuses: number[] = []
    const totals = new Set<number>()
    const load = async () => {
      while (!stop) {
        const r = await fetch(`${url}/api/meetings?series=infra&size=1`)
        statuses.push(r.status)
        totals.add(((await r.json()) as {total: number}).total)
      }
    }
    const clients = Array.from({length: 8}, load)
    writeFileSync(join(dir, 'infra/20240902.md'), '# 2024-09-02\n\n## Participants\n\n- @chen-li\n\n## Agenda\n\n### Load balancers\n\n- nothing new\n')
    await until(async () => (((await json('/healthz')) as unknown as {snapshot: number}).snapshot > before.snapshot ? true : undefined))
    await new Promise((r) => setTimeout(r, 200))
    stop = true
    await Promise.all(clients)
    expect(statuses.length).toBeGreaterThan(20)
    expect(statuses.every((s) => s === 200)).toBe(true)
    // Old state or new state, never anything else.
    expect([...totals].sort()).toEqual([4, 5])
    expect(ingests.every((s) => !(s instanceof Error))).toBe(true)
  }, 20_000)
})
