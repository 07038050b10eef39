/** The store's commands end to end: `minutes ingest` and the queries, on the bundled example minutes. */
import {chmodSync, existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {asUnprivileged, minutes, sharedTempDir, tempDir, unprivilegedReason} from './helpers.ts'

describe('minutes ingest and the queries', () => {
  let db: string
  let ingest: ReturnType<typeof minutes>
  beforeAll(() => {
    db = join(tempDir(), 'example.db')
    ingest = minutes(['ingest', 'minutes', '--db', db])
  }, 60_000)

  it('ingests, prints plain progress lines when not on a terminal, the problems and a summary', () => {
    expect(ingest.status).toBe(0)
    expect(ingest.stdout).toMatch(/^added 8, changed 0, unchanged 0, moved 0, removed 0 files \(8 meetings read\), problems 1 in \d+\.\d\d s\n$/)
    expect(ingest.stderr).toMatch(/^ingest: 8\/8 files, 0\.0\/0\.0 MB, \d+ files\/s$/m)
    expect(ingest.stderr).not.toMatch(/\u001B\[/)
    expect(ingest.stderr).toContain('docs/20240807.md:22:1 warning Unexpected action item without assignee')
    const again = minutes(['ingest', 'minutes', '--db', db, '--quiet'])
    expect(again.stdout).toMatch(/^added 0, changed 0, unchanged 8, moved 0, removed 0 files, problems 0 in/)
    expect(again.stderr).toBe('')
  })

  it('loads only what a command needs: a query neither the parser, the search engine nor the server', () => {
    // Node's ESM loader names every module it stores (NODE_DEBUG=esm); CommonJS packages imported
    // from ES modules (fastify, lunr) are among them.
    const loaded = (args: string[]) => {
      const run = minutes(args, {env: {NODE_DEBUG: 'esm'}})
      expect(run.status).toBe(0)
      return [...run.stderr.matchAll(/Storing (file:\/\/\S+)/g)].map((m) => m[1]!)
    }
    const has = (urls: string[], part: string) => urls.some((url) => url.includes(part))
    const people = loaded(['people', '--db', db])
    expect(has(people, '/commander/')).toBe(true)
    expect(has(people, '/better-sqlite3/')).toBe(true)
    for (const heavy of ['/micromark', '/lunr/', '/fastify/']) expect(has(people, heavy), heavy).toBe(false)
    const search = loaded(['search', 'runbook', '--db', db])
    expect(has(search, '/lunr/')).toBe(true)
    for (const heavy of ['/micromark', '/fastify/']) expect(has(search, heavy), heavy).toBe(false)
  }, 60_000)

  it('answers "what is still open for @bkramer?" with the carried-over runbook task', () => {
    const threads = JSON.parse(minutes(['actions', '--db', db, '--person', '@bkramer', '--threads', '--json']).stdout)
    // Both last seen 2024-08-26; the older thread first.
    expect(threads.map((t: {text: string}) => t.text)).toEqual([
      'write a runbook for the disk-pressure alert',
      'ask the DNS vendor whether key rotation can be automated',
    ])
    const runbook = threads[0]
    expect(runbook).toMatchObject({series: 'infra', firstSeen: '2024-08-05', lastSeen: '2024-08-26', meetings: 4, status: 'open'})
    expect(runbook.mentions.map((m: {path: string; line: number}) => `${m.path}:${m.line}`)).toEqual([
      'infra/20240805.md:35',
      'infra/20240812.md:18',
      'infra/20240819.md:20',
      'infra/20240826.md:14',
    ])
  })

  it('resolves plain names through minutes.aliases.json', () => {
    const rows = JSON.parse(minutes(['actions', '--db', db, '--person', '@dweber', '--json']).stdout)
    expect(rows.map((r: {path: string; line: number}) => `${r.path}:${r.line}`)).toEqual(['docs/20240821.md:12', 'docs/20240807.md:16'])
    expect(rows[0].assignees).toEqual(['@dweber'])
  })

  it('filters by status, series and date, and speaks CSV', () => {
    const done = JSON.parse(minutes(['actions', '--db', db, '--status', 'done', '--series', 'infra', '--json']).stdout)
    expect(done.length).toBeGreaterThan(0)
    expect(done.every((a: {status: string; series: string}) => a.status === 'done' && a.series === 'infra')).toBe(true)
    const since = JSON.parse(minutes(['actions', '--db', db, '--status', 'all', '--since', '2024-08-26', '--json']).stdout)
    expect(since.every((a: {date: string}) => a.date >= '2024-08-26')).toBe(true)
    const csv = minutes(['actions', '--db', db, '--person', '@hana-s', '--csv']).stdout
    expect(csv.split('\r\n')[0]).toBe('status,assignees,text,date,where,series,topic')
    expect(csv).toContain("open,'@hana-s,try the versioning plugin on a branch,2024-08-21,docs/20240821.md:21,docs,Versioned docs")
  })

  it('exports upstream references grouped by repository as a Markdown checklist, own organisations left out', () => {
    const md = minutes(['links', '--db', db, '--upstream', '--format', 'md']).stdout
    expect(md).toContain('### review.opendev.org/openstack/octavia')
    expect(md).toContain('- [ ] [openstack/octavia#912345](https://review.opendev.org/c/openstack/octavia/+/912345) — Gerrit change (2024-08-05 … 2024-08-19, 4 meetings)')
    expect(md).toContain('- [ ] kubernetes-sigs/image-builder#1482 (2024-08-05)')
    expect(md).not.toContain('example-infra')
    const json = JSON.parse(minutes(['links', '--db', db, '--upstream', '--json']).stdout)
    expect(json.own).toEqual(['example-infra'])
    const octavia = json.repositories.find((r: {name: string}) => r.name === 'review.opendev.org/openstack/octavia')
    expect(octavia.items[0]).toMatchObject({ref: 'openstack/octavia#912345', kind: 'change', firstSeen: '2024-08-05', lastSeen: '2024-08-19'})
    // `--own` overrides the configured organisations.
    const all = JSON.parse(minutes(['links', '--db', db, '--upstream', '--own', 'nobody', '--json']).stdout)
    expect(all.repositories.some((r: {owner: string}) => r.owner === 'example-infra')).toBe(true)
    const csv = minutes(['links', '--db', db, '--upstream', '--repo', 'openstack/octavia', '--format', 'csv']).stdout
    expect(csv.trim().split('\r\n')).toHaveLength(3)
  })

  it('lists every link with --kind and --host filters', () => {
    const pulls = JSON.parse(minutes(['links', '--db', db, '--kind', 'pull', '--json']).stdout)
    expect(pulls.length).toBeGreaterThan(3)
    expect(pulls.every((l: {kind: string}) => l.kind === 'pull')).toBe(true)
    const launchpad = JSON.parse(minutes(['links', '--db', db, '--host', 'bugs.launchpad.net', '--json']).stdout)
    expect(launchpad.map((l: {number: number}) => l.number)).toEqual([2051234, 2051234, 2060111])
  })

  it('lists meetings and shows one', () => {
    const meetings = JSON.parse(minutes(['meetings', '--db', db, '--series', 'docs', '--json']).stdout)
    expect(meetings.map((m: {path: string}) => m.path)).toEqual(['docs/20240821.md', 'docs/20240807.md'])
    const show = JSON.parse(minutes(['show', 'infra/20240805.md', '--db', db, '--json']).stdout)
    expect(show.participants.map((p: {person: string}) => p.person)).toEqual(['@alice-ops', '@bkramer', '@chen-li', '@dweber', '@erikh'])
    expect(show.decisions[0]).toMatchObject({line: 23, text: 'keep the current health monitor timeouts until the upstream fix lands'})
    expect(minutes(['show', 'infra/20240805.md', '--db', db]).stdout).toContain('[ ] @bkramer: write a runbook for the disk-pressure alert  :35')
  })

  it('lists people with meetings attended, open and done tasks', () => {
    const people = JSON.parse(minutes(['people', '--db', db, '--json']).stdout)
    expect(people.find((p: {person: string}) => p.person === '@bkramer')).toMatchObject({meetings: 3, open: 2, done: 0})
  })

  it('gives clear errors with exit code 2 for wrong use', () => {
    const missing = minutes(['actions', '--db', '/nonexistent/x.db'])
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('no database at /nonexistent/x.db')
    const badDate = minutes(['actions', '--db', db, '--since', 'yesterday'])
    expect(badDate.status).toBe(2)
    expect(badDate.stderr).toContain('--since expects a date as YYYY-MM-DD')
    const badStatus = minutes(['actions', '--db', db, '--status', 'maybe'])
    expect(badStatus.status).toBe(2)
    const noMeeting = minutes(['show', 'nope.md', '--db', db])
    expect(noMeeting.status).toBe(2)
  })

  it('refuses a folder that is not there instead of reading it as an empty collection', () => {
    const count = () => JSON.parse(minutes(['meetings', '--db', db, '--json']).stdout).length
    expect(count()).toBe(8)
    const typo = minutes(['ingest', 'minutse', '--db', db])
    expect(typo.status).toBe(2)
    expect(typo.stderr).toBe('minutes ingest: no folder at minutse\n')
    const file = minutes(['ingest', 'package.json', '--db', db])
    expect(file.status).toBe(2)
    expect(file.stderr).toBe('minutes ingest: package.json is not a folder\n')
    expect(count()).toBe(8)
    const fresh = join(tempDir(), 'fresh.db')
    expect(minutes(['ingest', 'minutse', '--db', fresh]).status).toBe(2)
    expect(existsSync(fresh), 'no database is created').toBe(false)
  })
})

/** What a database holds after an ingest with a problem, as the commands list it: the problems and the meetings' paths. */
function stored(db: string): {problems: unknown[]; paths: string[]} {
  return {
    problems: JSON.parse(minutes(['problems', '--db', db, '--json']).stdout),
    paths: JSON.parse(minutes(['meetings', '--db', db, '--json']).stdout).map((m: {path: string}) => m.path),
  }
}

describe('minutes ingest with a folder it may not read', () => {
  it.skipIf(!asUnprivileged)(`records the folder as a problem, drops its meetings and ingests the others ${unprivilegedReason}`, () => {
    const dir = sharedTempDir()
    const root = join(dir, 'minutes')
    for (const series of ['ops', 'dev']) mkdirSync(join(root, series), {recursive: true, mode: 0o777})
    writeFileSync(join(root, 'ops/20240301.md'), '# 2024-03-01\n\n## Participants\n\n- @ana\n')
    writeFileSync(join(root, 'dev/20240302.md'), '# 2024-03-02\n\n## Participants\n\n- @bob\n')
    const db = join(dir, 'folders.db')
    expect(minutes(['ingest', root, '--db', db, '--quiet'], asUnprivileged).status).toBe(0)
    chmodSync(join(root, 'dev'), 0o000)
    const ingest = minutes(['ingest', root, '--db', db], asUnprivileged)
    chmodSync(join(root, 'dev'), 0o777)
    expect(ingest.status).toBe(0)
    expect(ingest.stdout).toMatch(/^added 0, changed 0, unchanged 1, moved 0, removed 1 files, problems 1 in/)
    expect(ingest.stderr).toContain('dev')
    expect(ingest.stderr).toContain('cannot read folder: permission denied')
    const {problems, paths} = stored(db)
    expect(problems).toEqual([expect.objectContaining({path: 'dev', rule: 'unreadable', reason: 'cannot read folder: permission denied', severity: 'error'})])
    expect(paths).toEqual(['ops/20240301.md'])
    // Readable again: the meeting is back and the problem gone.
    const again = minutes(['ingest', root, '--db', db, '--quiet', '--json'], asUnprivileged)
    expect(JSON.parse(again.stdout)).toMatchObject({added: 1, unchanged: 1, problems: 0})
    expect(JSON.parse(minutes(['problems', '--db', db, '--json']).stdout)).toEqual([])
  })
})

describe('minutes ingest with a file it may not read', () => {
  it.skipIf(!asUnprivileged)(`records the file as a problem and ingests the others ${unprivilegedReason}`, () => {
    const dir = sharedTempDir()
    const root = join(dir, 'minutes')
    mkdirSync(join(root, 'ops'), {recursive: true, mode: 0o777})
    writeFileSync(join(root, 'ops/20240301.md'), '# 2024-03-01\n\n## Participants\n\n- @ana\n')
    writeFileSync(join(root, 'ops/20240308.md'), '# 2024-03-08\n')
    chmodSync(join(root, 'ops/20240308.md'), 0o000)
    const db = join(dir, 'ops.db')
    const ingest = minutes(['ingest', root, '--db', db], asUnprivileged)
    expect(ingest.status).toBe(0)
    expect(ingest.stdout).toMatch(/^added 1, changed 0, unchanged 0, moved 0, removed 0 files \(1 meeting read\), problems 1 in/)
    expect(ingest.stderr).toContain('ops/20240308.md')
    expect(ingest.stderr).toContain('permission denied')
    const {problems, paths} = stored(db)
    expect(problems).toEqual([expect.objectContaining({path: 'ops/20240308.md', rule: 'unreadable', reason: 'cannot read file: permission denied', severity: 'error'})])
    expect(paths).toEqual(['ops/20240301.md'])
  })
})
