/**
 * `minutes upstream sync` end to end: the real command, a real SQLite file, and a stand-in for
 * GitHub (GraphQL and REST), GitLab, Gerrit and Launchpad on 127.0.0.1 answering from fixture files
 * (tests/upstream/fixtures) in their documented shapes. Nothing here reaches any other host.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {openDatabase, readUpstreamState} from '@minutes-kb/store'
import {minutes, tempDir} from './helpers.ts'
import {startFakeUpstream, type FakeUpstream, type Logged} from './upstream/fake-upstream.ts'
import {minutesAsync, start, syncArgs, tokens, upstreamMinutes} from './upstream/run.ts'

/** `key → state` (or gone / private) of every stored item. */
function states(db: string): Record<string, string> {
  const conn = openDatabase(db, {readonly: true})
  const stored = readUpstreamState(conn)
  conn.close()
  return Object.fromEntries([...stored].map(([key, info]) => [key, info.status === 'ok' ? info.state! : info.status]).sort())
}

const expected = {
  'github.com/acme/old-name#7': 'open',
  'github.com/acme/widgets#1': 'open',
  'github.com/acme/widgets#2': 'merged',
  'github.com/acme/widgets#3': 'draft',
  'github.com/acme/widgets#4': 'closed',
  'github.com/acme/widgets#5': 'gone',
  'github.com/acme/widgets#6': 'open',
  'github.com/acme/widgets#8': 'open',
  'github.com/secret/vault#1': 'private',
  'gitlab.com/group/project!7': 'merged',
  'gitlab.com/group/project#3': 'open',
  'gitlab.com/group/project#4': 'closed',
  'gitlab.example.org/team/tool#1': 'open',
  'launchpad.net/+bug/2051234': 'open',
  'launchpad.net/+bug/2060111': 'closed',
  'review.opendev.org/+/912345': 'open',
  'review.opendev.org/+/915001': 'closed',
  'review.opendev.org/+/915002': 'merged',
}

const count = (log: Logged[], tracker: Logged['tracker']) => log.filter((l) => l.tracker === tracker).length

function ingested(name: string): string {
  const db = join(tempDir(), name)
  expect(minutes(['ingest', upstreamMinutes, '--db', db, '--quiet']).status).toBe(0)
  return db
}

/** Neither a token nor a part of one in anything the command printed or stored. */
function expectNoToken(...texts: string[]): void {
  for (const text of texts) for (const token of Object.values(tokens)) expect(text).not.toContain(token.slice(6))
}

const dbBytes = (db: string) => [db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('')

describe('minutes upstream sync', () => {
  let fake: FakeUpstream
  let db: string
  beforeAll(async () => {
    fake = await startFakeUpstream()
    db = ingested('sync.db')
  }, 60_000)
  afterAll(() => fake.close())

  it('reads GitHub in one GraphQL batch (REST for what GraphQL cannot resolve), GitLab, Gerrit and Launchpad into the database', async () => {
    const run = await minutesAsync(syncArgs(db, fake, '--json'), tokens)
    expect(run.stderr).not.toContain('error')
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({references: 18, checked: 18, changed: 16, gone: 1, private: 1, errors: 0, requests: 12})
    expect(states(db)).toEqual(expected)
    // One GraphQL query for the nine GitHub items; REST for the renamed repository (a 301 and the
    // issue at its new address), the deleted issue (410) and the forbidden repository (403).
    expect(count(fake.log, 'github-graphql')).toBe(1)
    expect(fake.log.filter((l) => l.tracker === 'github-rest').map((l) => `${l.status} ${l.path}`)).toEqual(
      expect.arrayContaining(['301 /github/repos/acme/old-name/issues/7', '200 /github/repos/acme/new-name/issues/7', '410 /github/repos/acme/widgets/issues/5', '403 /github/repos/secret/vault/issues/1']),
    )
    expect(count(fake.log, 'github-rest')).toBe(4)
    expect(count(fake.log, 'gitlab')).toBe(3)
    expect(count(fake.log, 'gerrit')).toBe(1)
    expect(count(fake.log, 'launchpad')).toBe(4)

    const conn = openDatabase(db, {readonly: true})
    const stored = readUpstreamState(conn)
    conn.close()
    expect(stored.get('github.com/acme/widgets#1')).toMatchObject({title: 'Crash on empty input', author: 'alice', labels: ['bug'], type: 'issue', url: 'https://github.com/acme/widgets/issues/1'})
    expect(stored.get('github.com/acme/widgets#2')).toMatchObject({type: 'pull_request', mergedAt: '2024-09-02T10:00:00Z', stateSince: '2024-09-02T10:00:00Z'})
    expect(stored.get('github.com/acme/widgets#4')).toMatchObject({stateReason: 'completed', closedAt: '2024-07-01T12:00:00Z'})
    // The canonical address after the rename.
    expect(stored.get('github.com/acme/old-name#7')).toMatchObject({url: 'https://github.com/acme/new-name/issues/7'})
    expect(stored.get('github.com/acme/widgets#5')).toMatchObject({status: 'gone', error: expect.stringContaining('410')})
    expect(stored.get('gitlab.com/group/project!7')).toMatchObject({type: 'merge_request', author: 'erin', labels: ['performance'], mergedAt: '2024-08-28T10:00:00Z'})
    expect(stored.get('review.opendev.org/+/915001')).toMatchObject({stateReason: 'abandoned', author: 'sean-k-mooney', url: 'https://review.opendev.org/c/openstack/nova/+/915001'})
    expect(stored.get('review.opendev.org/+/915002')).toMatchObject({mergedAt: '2024-09-10T08:59:00Z'})
    // The task of the project the minutes named (nova), not the distribution's.
    expect(stored.get('launchpad.net/+bug/2060111')).toMatchObject({stateReason: 'Fix Released', closedAt: '2024-09-05T09:00:00Z', author: 'sean-k-mooney', labels: ['scheduler']})
    // A control character in a title does not reach the database.
    expect(stored.get('github.com/acme/widgets#8')!.title).toContain('`code` second line')

    // Each token went to its own host only: not to a GitLab that only a link in the minutes names.
    const auth = (predicate: (l: Logged) => boolean) => [...new Set(fake.log.filter(predicate).map((l) => l.authorization))]
    expect(auth((l) => l.tracker.startsWith('github'))).toEqual([`token ${tokens.GITHUB_TOKEN}`])
    expect(auth((l) => l.path.startsWith('/gitlab/gitlab.com/'))).toEqual([`Bearer ${tokens.GITLAB_TOKEN}`])
    expect(auth((l) => l.path.startsWith('/gitlab/gitlab.example.org/') || l.tracker === 'gerrit' || l.tracker === 'launchpad')).toEqual([undefined])
    expectNoToken(run.stdout, run.stderr, dbBytes(db))
  })

  it('re-syncs an unchanged upstream with conditional requests only: every answer a 304 (Gerrit, which has no validators, asked once)', async () => {
    const before = fake.log.length
    const run = await minutesAsync(syncArgs(db, fake, '--json', '--verbose'), tokens)
    expect(run.status).toBe(0)
    const log = fake.log.slice(before)
    // Gone and private items are not asked again on every run.
    expect(JSON.parse(run.stdout)).toMatchObject({checked: 16, skipped: 2, changed: 0, unchanged: 16, notModified: 14, requests: 15})
    expect(count(log, 'github-graphql')).toBe(0)
    expect(log.filter((l) => l.tracker !== 'gerrit').map((l) => l.status)).toEqual(Array(14).fill(304))
    expect(log.filter((l) => l.tracker !== 'gerrit').every((l) => l.conditional)).toBe(true)
    expect(log.filter((l) => l.tracker === 'gerrit')).toHaveLength(1)
    // The renamed repository is asked at its new address.
    expect(log.some((l) => l.path === '/github/repos/acme/new-name/issues/7')).toBe(true)
    expect(states(db)).toEqual(expected)
    // --verbose names every request, never a token.
    expect(run.stderr).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/github\/repos\/acme\/widgets\/issues\/1 304 \d+ ms$/m)
    expectNoToken(run.stdout, run.stderr)
  })

  it('reads what changed upstream; the checklist ticks it and `upstream changes` says when it changed after the last meeting that mentioned it', async () => {
    const widgets = fake.world.github.issues.get('acme/widgets')!
    Object.assign(widgets.get(1)!, {state: 'closed', state_reason: 'not_planned', closed_at: '2024-10-01T12:00:00Z', updated_at: '2024-10-01T12:00:00Z'})
    Object.assign(widgets.get(4)!, {state: 'open', state_reason: 'reopened', closed_at: null, updated_at: '2024-10-02T12:00:00Z'})
    const run = await minutesAsync(syncArgs(db, fake, '--json'), tokens)
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({changed: 2, unchanged: 14})
    expect(states(db)).toEqual({...expected, 'github.com/acme/widgets#1': 'closed', 'github.com/acme/widgets#4': 'open'})

    const md = minutes(['links', '--db', db, '--upstream', '--format', 'md']).stdout
    expect(md).toContain('- [x] acme/widgets#1 — Crash on empty input (closed 2024-10-01; 2024-08-05, 2024-08-20)')
    expect(md).toContain('- [x] acme/widgets#2 — Add the frobnicator (merged 2024-09-02; 2024-08-05, 2024-08-12, 2024-08-20)')
    expect(md).toContain('- [ ] acme/widgets#3 — Rewrite the docs (draft; 2024-08-12)')
    expect(md).toContain('- [ ] acme/widgets#5 (gone upstream; 2024-08-12)')
    expect(md).toContain('- [x] [openstack/nova#915002](https://review.opendev.org/c/openstack/nova/+/915002) — Fix the scheduler weigher (merged 2024-09-10; 2024-08-12)')

    const closed = JSON.parse(minutes(['links', '--db', db, '--upstream', '--state', 'closed', 'merged', '--json']).stdout)
    const refs = closed.repositories.flatMap((r: {items: Array<{ref: string; state: string}>}) => r.items.map((i) => `${i.ref} ${i.state}`)).sort()
    expect(refs).toEqual(['acme/widgets#1 closed', 'acme/widgets#2 merged', 'group/project#4 closed', 'group/project#7 merged', 'nova#2060111 closed', 'openstack/nova#915001 closed', 'openstack/nova#915002 merged'])

    const changes = (args: string[]) => JSON.parse(minutes(['upstream', 'changes', '--db', db, '--json', ...args]).stdout) as Array<{reason: string; ref: string; summary: string}>
    const demo = changes(['--series', 'demo'])
    const said = Object.fromEntries(demo.filter((c) => c.reason === 'changed').map((c) => [c.ref, c.summary]))
    expect(said).toMatchObject({
      'acme/widgets#1': 'closed 8 weeks after demo/2024-08-05 last mentioned it',
      'acme/widgets#2': 'merged 3 weeks after demo/2024-08-12 last mentioned it',
      'group/project#7': 'merged 3 weeks after demo/2024-08-05 last mentioned it',
      'openstack/nova#915001': 'closed 8 days after demo/2024-08-12 last mentioned it',
    })
    // Closed before the meeting that mentioned it, reopened now: the sync saw that change.
    expect(said['acme/widgets#4']).toMatch(/^reopened \d+ (months|years?) after demo\/2024-08-05 last mentioned it$/)
    // In any series, the board mentioned #1 and #2 last.
    expect(changes([]).find((c) => c.ref === 'acme/widgets#2')!.summary).toBe('merged 13 days after board/2024-08-20 last mentioned it')
    // Changes since a day; open items not mentioned for months, the longest forgotten first.
    expect(changes(['--since', '2024-09-03', '--stale', '0']).map((c) => c.ref)).toEqual(['acme/widgets#4', 'acme/widgets#1', 'openstack/nova#915002', 'nova#2060111'])
    const stale = demo.filter((c) => c.reason === 'stale')
    expect(stale[0]).toMatchObject({ref: 'acme/widgets#6', summary: expect.stringMatching(/^open, not mentioned for \d+ years \(last: demo\/2023-05-01\)$/)})
    expect(minutes(['upstream', 'changes', '--db', db]).stdout).toMatch(/^Changed since the meetings last looked \(\d+\)\n/)
  })

  it('keeps a title read from upstream from injecting links, images, HTML or formulas into the exports', () => {
    const md = minutes(['links', '--db', db, '--upstream', '--format', 'md']).stdout
    const tree = unified().use(remarkParse).use(remarkGfm).parse(md)
    const items: Array<{type: string; children?: unknown[]; value?: string}> = []
    const walk = (node: {type: string; children?: unknown[]}) => {
      if (node.type === 'listItem') items.push(node)
      for (const child of (node.children ?? []) as Array<{type: string; children?: unknown[]}>) walk(child)
    }
    walk(tree)
    const text = (node: {type: string; children?: unknown[]; value?: string}): string => node.value ?? ((node.children ?? []) as Array<{type: string}>).map(text).join('')
    const types = (node: {type: string; children?: unknown[]}): string[] => [node.type, ...((node.children ?? []) as Array<{type: string}>).flatMap(types)]
    const hostile = items.find((i) => text(i).includes('acme/widgets#8'))!
    for (const type of ['link', 'image', 'html', 'emphasis', 'strong', 'delete']) expect(types(hostile)).not.toContain(type)
    // URLs, www. and @mentions are found in text after escapes: this title is a code span, shown as it is.
    expect(text(hostile)).toContain('=HYPERLINK("https://evil.example","x") <img src=x onerror=alert(1)> [click](https://evil.example) https://evil.example www.evil.example @someone *bold* `code` second line')
    expect(types(hostile)).toContain('inlineCode')

    const csv = minutes(['links', '--db', db, '--upstream', '--format', 'csv']).stdout
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example""`)
    const changes = minutes(['upstream', 'changes', '--db', db, '--csv']).stdout
    expect(changes.split('\r\n')[0]).toBe('reason,state,ref,title,summary,changedAt,previousState,lastSeen,lastPath,lastLine,days,repository,kind,url')
    expect(changes).toContain(`"'=HYPERLINK(""https://evil.example""`)
  })

  it('waits out rate limits (403 with a reset, a secondary limit with Retry-After, 429) and retries 502s', async () => {
    const before = fake.log.length
    fake.faults.push(
      {match: (r) => r.tracker === 'github-graphql', answer: 'secondary-rate-limit'},
      {match: (r) => r.tracker === 'github-rest', answer: 'rate-limit'},
      {match: (r) => r.tracker === 'github-rest', answer: 'bad-gateway'},
      {match: (r) => r.tracker === 'gitlab', answer: 'bad-gateway'},
      {match: (r) => r.tracker === 'launchpad', answer: 'too-many-requests'},
    )
    const want = states(db)
    const run = await minutesAsync(syncArgs(db, fake, '--json', '--refresh'), tokens)
    expect(run.status).toBe(0)
    expect(fake.faults.every((f) => f.times === 0)).toBe(true)
    expect(JSON.parse(run.stdout)).toMatchObject({checked: 18, errors: 0})
    expect(states(db)).toEqual(want)
    const log = fake.log.slice(before)
    expect(log.filter((l) => l.tracker === 'github-graphql').map((l) => l.status)).toEqual([403, 200])
    expect(log.filter((l) => l.tracker === 'github-rest').map((l) => l.status).slice(0, 2)).toEqual([403, 502])
    expect(log.filter((l) => l.tracker === 'gitlab').map((l) => l.status)).toContain(502)
    expect(log.filter((l) => l.tracker === 'launchpad').map((l) => l.status)).toContain(429)
    expect(run.stderr).toMatch(/secondary rate limit, retrying in 1 s/)
    expect(run.stderr).toMatch(/: rate limit, retrying in \d+ s/)
    expect(run.stderr).toMatch(/502 Bad Gateway; retrying in 1\.0 s/)
    expect(run.stderr).toMatch(/429 Too Many Requests; retrying in/)
    expectNoToken(run.stdout, run.stderr)
  }, 60_000)

  it('pages through GitLab lists, Gerrit queries and Launchpad collections', async () => {
    const paged = await startFakeUpstream()
    paged.world.pageSize = {gitlab: 1, gerrit: 2, launchpad: 1}
    paged.world.launchpad.get(2060111)!.tasks.reverse()
    try {
      const other = ingested('paged.db')
      const run = await minutesAsync(syncArgs(other, paged, '--json'), tokens)
      expect(run.status).toBe(0)
      expect(states(other)).toEqual(expected)
      const paths = paged.log.map((l) => l.path)
      expect(paths.some((p) => p.includes('/issues?') && p.includes('&page=2'))).toBe(true)
      expect(paths.some((p) => p.startsWith('/gerrit/') && p.includes('&S=2'))).toBe(true)
      expect(paths.some((p) => p.includes('/bug_tasks?ws.size=1&ws.start=1'))).toBe(true)
    } finally {
      await paged.close()
    }
  })

  it('resumes an interrupted sync where it stopped, asking again only what the first run did not record', async () => {
    const hung = await startFakeUpstream()
    let queries = 0
    hung.faults.push({match: (r) => r.tracker === 'github-graphql' && ++queries === 3, answer: 'hang'})
    try {
      const other = ingested('resumed.db')
      // Two items per GraphQL query: the third query never answers, and the command is killed.
      const {child, done} = start(syncArgs(other, hung, '--batch-size', '2'), tokens)
      await until(() => queries >= 3 && ['gitlab', 'gerrit', 'launchpad'].every((t) => hung.log.some((l) => l.tracker === t && l.status > 0)))
      await until(() => Object.keys(states(other)).length === 13)
      child.kill('SIGKILL')
      expect((await done).signal).toBe('SIGKILL')
      const first = states(other)
      expect(Object.keys(first)).toHaveLength(13)
      const asked = hung.log.length

      const run = await minutesAsync(syncArgs(other, hung, '--json'), tokens)
      expect(run.status).toBe(0)
      expect(JSON.parse(run.stdout)).toMatchObject({resumed: true, skipped: 13, checked: 5, errors: 0})
      expect(states(other)).toEqual(expected)
      const again = hung.log.slice(asked)
      // Only the GitHub items the first run had not recorded, in one query, and REST for the deleted one and the forbidden repository.
      expect(again.filter((l) => l.tracker === 'github-graphql').flatMap((l) => l.items)).toEqual(['acme/widgets#4', 'acme/widgets#5', 'acme/widgets#6', 'acme/widgets#8', 'secret/vault#1'])
      expect(again.filter((l) => l.tracker !== 'github-graphql').map((l) => l.path).sort()).toEqual(['/github/repos/acme/widgets/issues/5', '/github/repos/secret/vault/issues/1'])
    } finally {
      await hung.close()
    }
  }, 60_000)
})

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
