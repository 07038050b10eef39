/**
 * Upstream state in the store and over HTTP, without the command: kept across ingests, what a sync
 * records, the migration, the Markdown escaping, `/api/upstream` and `/api/upstream/changes`, and
 * the sync library's failures (tokens in no error, an unreachable tracker asked again next time).
 */
import {cpSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildApp} from '@minutes-kb/server'
import {
  inertMarkdown,
  ingestDirectory,
  openDatabase,
  readUpstreamState,
  referencedItems,
  upstreamChanges,
  upstreamReport,
  UpstreamStateWriter,
  type DB,
  type UpstreamRead,
  type UpstreamRef,
} from '@minutes-kb/store'
import {resolveOptions, syncUpstream, SyncOptionsError} from '@minutes-kb/upstream'
import {minutes, repoRoot, tempDir} from './helpers.ts'
import {startFakeUpstream} from './upstream/fake-upstream.ts'
import {tokens, upstreamMinutes} from './upstream/run.ts'

const read = (over: Partial<UpstreamRead> = {}): UpstreamRead => ({
  state: 'open',
  stateReason: null,
  type: 'issue',
  title: 'A title',
  author: 'alice',
  labels: [],
  url: 'https://github.com/acme/widgets/issues/1',
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-02T00:00:00Z',
  closedAt: null,
  mergedAt: null,
  ...over,
})

async function ingestedCopy(): Promise<{dir: string; db: DB; path: string}> {
  const dir = tempDir()
  cpSync(upstreamMinutes, join(dir, 'minutes'), {recursive: true})
  const path = join(dir, 'up.db')
  const db = openDatabase(path)
  await ingestDirectory(db, join(dir, 'minutes'), {threads: 1})
  return {dir, db, path}
}

describe('upstream state in the store', () => {
  let dir: string
  let db: DB
  let path: string
  let refs: Map<string, UpstreamRef>
  beforeAll(async () => {
    ;({dir, db, path} = await ingestedCopy())
    refs = new Map(referencedItems(db).map((r) => [r.key, r]))
  }, 60_000)
  afterAll(() => db.close())
  const ref = (key: string) => refs.get(key)!

  it('lists each referenced item once, keyed by the reference whatever link named it', () => {
    expect([...refs.keys()]).toHaveLength(18)
    expect(ref('launchpad.net/+bug/2060111')).toMatchObject({tracker: 'launchpad', host: 'bugs.launchpad.net', owner: 'nova'})
    expect(ref('review.opendev.org/+/912345')).toMatchObject({tracker: 'gerrit', owner: 'openstack', repo: 'octavia'})
    expect(ref('gitlab.example.org/team/tool#1')).toMatchObject({tracker: 'gitlab'})
    expect(referencedItems(db, {hosts: ['launchpad.net']}).map((r) => r.number).sort()).toEqual([2051234, 2060111])
    expect(referencedItems(db, {only: 'ACME/widgets'})).toHaveLength(7)
  })

  it('records what a sync saw: a state change keeps the state before it and when; a 304 confirms; a gone item keeps its last title', () => {
    const writer = new UpstreamStateWriter(db)
    const one = ref('github.com/acme/widgets#1')
    expect(writer.save([{ref: one, status: 'ok', read: read({title: 'Crash on\nempty\u0007 input\u001b'})}], [], '2024-08-01T00:00:00Z')).toBe(1)
    expect(writer.save([{ref: one, status: 'ok', read: read({title: 'Crash on empty input'})}], [], '2024-08-02T00:00:00Z')).toBe(0)
    writer.save([{ref: one, status: 'ok', read: read({state: 'closed', closedAt: '2024-08-03T10:00:00Z', title: 'Crash on empty input'})}], [], '2024-08-04T00:00:00Z')
    writer.save([{ref: one, status: 'ok', read: read({title: 'Crash on empty input'})}], [], '2024-08-05T00:00:00Z')
    expect(readUpstreamState(db).get(one.key)).toMatchObject({state: 'open', previousState: 'closed', stateSince: '2024-08-05T00:00:00Z', title: 'Crash on empty input'})
    writer.save([{ref: one, status: 'unchanged'}], [], '2024-08-06T00:00:00Z')
    expect(readUpstreamState(db).get(one.key)).toMatchObject({fetchedAt: '2024-08-06T00:00:00Z', state: 'open'})
    writer.save([{ref: one, status: 'gone', error: '410'}], [], '2024-08-07T00:00:00Z')
    expect(readUpstreamState(db).get(one.key)).toMatchObject({status: 'gone', title: 'Crash on empty input', fetchedAt: '2024-08-06T00:00:00Z', attemptedAt: '2024-08-07T00:00:00Z', error: '410'})
    const item = upstreamReport(db, {repo: 'acme/widgets'})[0]!.items.find((i) => i.number === 1)!
    expect(item).toMatchObject({state: 'gone', title: 'Crash on empty input', linkText: ''})
  })

  it('keeps the state across re-ingests, edits and removed mentions: nothing cascades from meetings or links', async () => {
    const writer = new UpstreamStateWriter(db)
    writer.save([{ref: ref('github.com/acme/widgets#2'), status: 'ok', read: read({state: 'merged', type: 'pull_request', mergedAt: '2024-09-02T10:00:00Z', closedAt: '2024-09-02T10:00:00Z'})}], [], '2024-09-03T00:00:00Z')
    writer.save([{ref: ref('github.com/acme/widgets#6'), status: 'ok', read: read({title: 'Slow start-up'})}], [], '2024-09-03T00:00:00Z')
    const before = readUpstreamState(db)
    writeFileSync(join(dir, 'minutes/demo/20240812.md'), '# 2024-08-12\n\n## Widgets\n\n- Still open: https://github.com/acme/widgets/pull/2\n')
    rmSync(join(dir, 'minutes/demo/20230501.md'))
    const summary = await ingestDirectory(db, join(dir, 'minutes'), {threads: 1})
    expect(summary).toMatchObject({changed: 1, removed: 1})
    expect(readUpstreamState(db)).toEqual(before)
    const widgets = upstreamReport(db, {repo: 'acme/widgets'})[0]!.items
    expect(widgets.find((i) => i.number === 2)).toMatchObject({state: 'merged', upstream: {mergedAt: '2024-09-02T10:00:00Z'}})
    // No meeting mentions #6 any more: it leaves the report, its state stays for when one does again.
    expect(widgets.find((i) => i.number === 6)).toBeUndefined()
    expect(readUpstreamState(db).get('github.com/acme/widgets#6')).toMatchObject({title: 'Slow start-up'})
  })

  it('counts "not mentioned for N months" to the day it is given', async () => {
    const {db: other} = await ingestedCopy()
    new UpstreamStateWriter(other).save([{ref: referencedItems(other, {only: 'acme/widgets'}).find((r) => r.number === 6)!, status: 'ok', read: read({title: 'Slow start-up'})}], [], '2023-05-02T00:00:00Z')
    const stale = (now: string) => upstreamChanges(other, {now: new Date(now), repo: 'acme/widgets'}).filter((c) => c.reason === 'stale').map((c) => c.summary)
    expect(stale('2023-07-31T12:00:00Z')).toEqual([])
    expect(stale('2023-08-02T12:00:00Z')).toEqual(['open, not mentioned for 3 months (last: demo/2023-05-01)'])
    expect(upstreamChanges(other, {now: new Date('2030-01-01'), repo: 'acme/widgets', staleMonths: 0})).toEqual([])
    other.close()
  })

  it('migrates a database from before schema_migrations, and runs a migration numbered below the newest one applied', () => {
    const legacy = join(tempDir(), 'legacy.db')
    // A database of schema 4 (several meetings per file), from before 005 and schema_migrations: the
    // first four migrations as an older minutes-kb ran them.
    const Database = createRequire(join(repoRoot, 'packages/store/package.json'))('better-sqlite3') as new (path: string) => ReturnType<typeof openDatabase>
    const old = new Database(legacy)
    const dir = join(repoRoot, 'packages/store/lib/migrations')
    for (const name of readdirSync(dir).filter((n) => /^00[1-4]-.*\.sql$/.test(n)).sort()) old.exec(readFileSync(join(dir, name), 'utf8'))
    old.pragma('user_version = 4')
    old.close()
    expect(() => openDatabase(legacy, {readonly: true})).toThrow(/run `minutes ingest` to migrate it/)
    const migrated = openDatabase(legacy)
    // Every migration in the folder (001 to the newest), applied once.
    const versions = readdirSync(dir).filter((n) => /^\d{3}-.*\.sql$/.test(n)).map((n) => Number(n.slice(0, 3))).sort((a, b) => a - b)
    expect(versions.length).toBeGreaterThanOrEqual(6)
    expect(migrated.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(versions)
    // A branch that applied 006 before 005 existed: 005 is pending although user_version is the newest.
    migrated.exec('DELETE FROM schema_migrations WHERE version = 5; DROP TABLE upstream_state; DROP TABLE upstream_validators; DROP TABLE upstream_sync_runs')
    expect(migrated.pragma('user_version', {simple: true})).toBe(versions.at(-1))
    migrated.close()
    expect(() => openDatabase(legacy, {readonly: true})).toThrow(/run `minutes ingest` to migrate it/)
    const again = openDatabase(legacy)
    expect(again.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'upstream_state'").pluck().get()).toBe(1)
    again.close()
    openDatabase(legacy, {readonly: true}).close()
  })

  it('serves the state in /api/upstream, filters by it, lists /api/upstream/changes, and sees a sync written by another process', async () => {
    const app = await buildApp({db: path, rateLimit: false})
    try {
      const get = async (url: string) => app.inject({method: 'GET', url})
      const merged = (await get('/api/upstream?state=merged&size=100')).json()
      expect(merged.rows.flatMap((r: {items: unknown[]}) => r.items)).toEqual([
        expect.objectContaining({ref: 'acme/widgets#2', state: 'merged', upstream: expect.objectContaining({status: 'ok', mergedAt: '2024-09-02T10:00:00Z', type: 'pull_request'})}),
      ])
      expect((await get('/api/upstream?state=bogus')).statusCode).toBe(400)
      const changes = (await get('/api/upstream/changes?series=demo')).json()
      expect(changes.rows.find((c: {ref: string}) => c.ref === 'acme/widgets#2')).toMatchObject({reason: 'changed', state: 'merged', lastPath: 'demo/20240812.md', summary: 'merged 3 weeks after demo/2024-08-12 last mentioned it'})
      expect((await get('/api/upstream/changes.csv?stale=0')).body.split('\r\n')[0]).toBe('reason,state,ref,title,summary,changedAt,previousState,lastSeen,lastPath,lastLine,days,repository,kind,url')
      expect((await get('/api/upstream/changes?stale=500')).statusCode).toBe(400)
      // The web page's upstream view opens with the same list, each row linked to the line of its last mention.
      const all = (await get('/api/upstream/changes')).json().rows.find((c: {ref: string}) => c.ref === 'acme/widgets#2')
      expect(all).toMatchObject({lastPath: 'board/20240820.md', summary: 'merged 13 days after board/2024-08-20 last mentioned it'})
      const html = (await get('/upstream')).body
      const section = html.slice(html.indexOf('id="changes"'), html.indexOf('</section>', html.indexOf('id="changes"')))
      expect(section).toContain('Changed since the meetings last looked')
      expect(section).toMatch(/<a href="https:[^"]+" rel="noopener noreferrer">acme\/widgets#2<\/a>/)
      expect(section).toContain(all.summary)
      expect(section).toMatch(new RegExp(`<a href="/meetings/\\d+#L${all.lastLine}">2024-08-20</a>`))

      const open = async () => (await get('/api/upstream?state=open&size=100')).json().rows.flatMap((r: {items: Array<{ref: string}>}) => r.items.map((i) => i.ref))
      expect(await open()).toEqual([])
      const writer = openDatabase(path)
      new UpstreamStateWriter(writer).save([{ref: refs.get('github.com/acme/widgets#4')!, status: 'ok', read: read({title: '=cmd|" /C calc"!A0'})}], [], new Date().toISOString())
      writer.close()
      // The server looks for commits by others at most once a millisecond (snapshot.ts).
      await new Promise((resolve) => setTimeout(resolve, 2))
      expect(await open()).toEqual(['acme/widgets#4'])
      expect((await get('/api/upstream.csv?state=open')).body).toContain(`"'=cmd|"" /C calc""!A0"`)
    } finally {
      await app.close()
    }
  })
})

describe('inertMarkdown', () => {
  it('keeps hostile titles text: no link, image, HTML, emphasis or mention comes through', () => {
    const titles = [
      '<script>alert(1)</script> [x](javascript:alert(1)) ![i](https://t.example/p.png)',
      '*bold* _it_ ~~gone~~ `code` **strong** <b>b</b> &lt; &amp;',
      'See https://evil.example and www.evil.example, mail root@evil.example',
      'Fix #12, thanks @bob',
      '``` fenced ``` and `` two ``',
      'line one\nline two\r\n\tthree',
      '[ref]: https://evil.example\n[ref]',
      '| a | b |\n|---|---|',
    ]
    for (const title of titles) {
      const tree = unified().use(remarkParse).use(remarkGfm).parse(`- [ ] acme/widgets#1 — ${inertMarkdown(title)}`)
      const types: string[] = []
      const texts: string[] = []
      const walk = (node: {type: string; value?: string; children?: unknown[]}) => {
        types.push(node.type)
        if (node.type === 'text' || node.type === 'inlineCode') texts.push(node.value!)
        for (const child of (node.children ?? []) as Array<{type: string}>) walk(child)
      }
      walk(tree)
      for (const type of ['link', 'linkReference', 'image', 'html', 'emphasis', 'strong', 'delete', 'table', 'definition']) expect(types, title).not.toContain(type)
      expect(texts.join(''), title).toBe(`acme/widgets#1 — ${title.replace(/\s+/g, ' ')}`)
    }
  })
})

describe('the sync library', () => {
  it('checks its options before it reads or asks anything', () => {
    expect(() => resolveOptions({batchSize: 101})).toThrow(SyncOptionsError)
    expect(() => resolveOptions({baseUrls: {'github.com': 'ftp://example'}})).toThrow(/expected an http\(s\) URL/)
    expect(() => resolveOptions({only: 'a b'})).toThrow(/expected OWNER\/REPO/)
    const bad = minutes(['upstream', 'sync', '--db', 'nowhere.db', '--batch-size', '500'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/^minutes: Unexpected batchSize `500`, expected a whole number from 1 to 100$/m)
    expect(minutes(['upstream', 'sync', '--db', 'nowhere.db', '--base-url', 'http://127.0.0.1:9']).stderr).toMatch(/--base-url expects HOST=URL/)
    expect(minutes(['upstream', 'sync', '--db', 'nowhere.db']).stderr).toMatch(/no database at nowhere\.db/)
  })

  it('reads GitHub over REST when GraphQL fails, and stops asking GraphQL for the rest of the run', async () => {
    const fake = await startFakeUpstream()
    const {db} = await ingestedCopy()
    try {
      fake.faults.push({match: (r) => r.tracker === 'github-graphql', answer: 'bad-gateway', times: 100})
      const logged: string[] = []
      const summary = await syncUpstream(db, {hosts: ['github.com'], baseUrls: fake.baseUrls, batchSize: 2, retries: 0, log: (m) => logged.push(m)})
      expect(summary).toMatchObject({checked: 9, errors: 0, gone: 1, private: 1})
      expect(fake.log.filter((l) => l.tracker === 'github-graphql')).toHaveLength(1)
      expect(readUpstreamState(db).get('github.com/acme/widgets#2')).toMatchObject({state: 'merged', title: 'Add the frobnicator'})
      expect(logged.join('\n')).toMatch(/GraphQL: .*; reading over REST instead/)
    } finally {
      db.close()
      await fake.close()
    }
  })

  it('records a tracker it cannot reach as errors, with no token in any message, and asks again next time', async () => {
    const fake = await startFakeUpstream()
    const {db, path} = await ingestedCopy()
    try {
      fake.faults.push({match: (r) => r.path.startsWith('/gitlab/gitlab.example.org/'), answer: 'bad-gateway', times: 100})
      const logged: string[] = []
      const options = {hosts: ['gitlab.example.org'], baseUrls: fake.baseUrls, tokens: {github: tokens.GITHUB_TOKEN, gitlab: tokens.GITLAB_TOKEN}, retries: 1, retryBaseMs: 10, log: (m: string) => logged.push(m)}
      const failed = await syncUpstream(db, options)
      expect(failed).toMatchObject({references: 1, checked: 1, errors: 1, requests: 2})
      expect(failed.messages[0]).toMatch(/^gitlab\.example\.org: GET http:\/\/127\.0\.0\.1:\d+\/gitlab\/gitlab\.example\.org\/api\/v4\/projects\/team%2Ftool\/issues\?iids\[\]=1&per_page=100: 502 Bad Gateway$/)
      // Named with --host, the self-hosted GitLab gets the GitLab token; no message, log line or row has it.
      expect(fake.log.map((l) => l.authorization)).toEqual([`Bearer ${tokens.GITLAB_TOKEN}`, `Bearer ${tokens.GITLAB_TOKEN}`])
      const row = readUpstreamState(db).get('gitlab.example.org/team/tool#1')!
      expect(row).toMatchObject({status: 'error', state: null})
      for (const text of [JSON.stringify(failed), logged.join('\n'), JSON.stringify(row)]) {
        expect(text).not.toContain(tokens.GITLAB_TOKEN)
        expect(text).not.toContain(tokens.GITHUB_TOKEN)
      }
      fake.faults.length = 0
      const again = await syncUpstream(db, options)
      expect(again).toMatchObject({checked: 1, errors: 0, changed: 1})
      expect(readUpstreamState(db).get('gitlab.example.org/team/tool#1')).toMatchObject({status: 'ok', state: 'open', error: null})
      expect(path).toBeTruthy()
    } finally {
      db.close()
      await fake.close()
    }
  })
})
