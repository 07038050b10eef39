/**
 * `minutes upstream sync` over 1000 references against the local stand-in for GitHub, GitLab,
 * Gerrit and Launchpad (tests/upstream/fake-upstream.ts): requests by tracker and by answer, and
 * seconds, for a first sync, a re-sync with nothing changed, and a re-sync after 1 % changed. Two
 * sets: 1000 GitHub references in 40 repositories (the measured target: a first sync in ≤ 15
 * requests, a re-sync of 304s only), and a mix of all four trackers. Each sync is the real command
 * in its own process; `--latency MS` delays every answer as a distant server would.
 *
 *   pnpm bench:upstream [--references 1000] [--latency 0]
 */
import {spawn} from 'node:child_process'
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {addGitHubIssue, emptyWorld, startFakeUpstream, type FakeUpstream, type World} from '../tests/upstream/fake-upstream.ts'
import {repoRoot} from './corpus.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const total = Number(at('--references') ?? 1000)
const latencyMs = Number(at('--latency') ?? 0)
const work = join(repoRoot, '.bench', 'upstream')
const bin = join(repoRoot, 'packages/cli/bin/minutes.mjs')

interface Ref {
  url: string
}

/** A world of `total` items and minutes that link each of them (20 links a meeting, weekly). */
function scenario(name: string, mix: {github: number; gitlab: number; gerrit: number; launchpad: number}): {world: World; refs: Ref[]} {
  const world = emptyWorld()
  const refs: Ref[] = []
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 3_600_000).toISOString().replace('.000Z', 'Z')
  for (let i = 0; i < mix.github; i++) {
    // 40 repositories, the busiest with many references (as in real minutes: a few repositories carry most).
    const repo = `org${i % 7}/repo${Math.floor((i * 40) / mix.github)}`
    const number = 100 + i
    const pull = i % 3 === 0
    const closed = i % 4 === 0
    const html = `https://github.com/${repo}/${pull ? 'pull' : 'issues'}/${number}`
    addGitHubIssue(world, {
      url: `https://api.github.com/repos/${repo}/issues/${number}`,
      html_url: html,
      number,
      title: `Item ${number} of ${repo}`,
      user: {login: `user${i % 13}`},
      labels: i % 5 === 0 ? [{name: 'bug'}] : [],
      state: closed ? 'closed' : 'open',
      state_reason: closed && !pull ? 'completed' : null,
      created_at: day(i),
      updated_at: day(i + 10),
      closed_at: closed ? day(i + 10) : null,
      ...(pull ? {draft: i % 9 === 0, pull_request: {url: '', html_url: html, merged_at: closed ? day(i + 10) : null}} : {}),
    })
    refs.push({url: html})
  }
  const projects = new Map<string, {issues: Map<number, Record<string, unknown>>; merge_requests: Map<number, Record<string, unknown>>}>()
  world.gitlab.set('gitlab.com', projects)
  for (let i = 0; i < mix.gitlab; i++) {
    const project = `group${i % 8}/project`
    const kind = i % 2 ? 'merge_requests' : 'issues'
    const iid = 10 + i
    const web = `https://gitlab.com/${project}/-/${kind}/${iid}`
    if (!projects.has(project)) projects.set(project, {issues: new Map(), merge_requests: new Map()})
    projects.get(project)![kind].set(iid, {iid, title: `GitLab ${iid}`, state: i % 4 === 0 ? 'closed' : 'opened', author: {username: 'dev'}, labels: [], web_url: web, created_at: day(i), updated_at: day(i + 1), closed_at: null, merged_at: null})
    refs.push({url: web})
  }
  const changes = new Map<number, Record<string, unknown>>()
  world.gerrit.set('review.opendev.org', changes)
  for (let i = 0; i < mix.gerrit; i++) {
    const n = 900_000 + i
    changes.set(n, {_number: n, project: 'openstack/nova', subject: `Change ${n}`, status: i % 3 === 0 ? 'MERGED' : 'NEW', owner: {username: 'dev'}, created: '2024-01-01 00:00:00.000000000', updated: '2024-02-01 00:00:00.000000000'})
    refs.push({url: `https://review.opendev.org/c/openstack/nova/+/${n}`})
  }
  for (let i = 0; i < mix.launchpad; i++) {
    const n = 2_000_000 + i
    world.launchpad.set(n, {bug: {id: n, title: `Bug ${n}`, tags: [], owner_link: 'https://api.launchpad.net/1.0/~dev', web_link: `https://bugs.launchpad.net/bugs/${n}`}, tasks: [{status: i % 2 ? 'Fix Released' : 'New', bug_target_name: 'nova'}]})
    refs.push({url: `https://bugs.launchpad.net/nova/+bug/${n}`})
  }
  const dir = join(work, name, 'minutes', 'weekly')
  rmSync(join(work, name), {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  for (let m = 0; m * 20 < refs.length; m++) {
    const date = new Date(Date.UTC(2024, 0, 1) + m * 7 * 86_400_000).toISOString().slice(0, 10)
    const links = refs.slice(m * 20, m * 20 + 20).map((r) => `- ${r.url}`)
    writeFileSync(join(dir, `${date.replaceAll('-', '')}.md`), `# ${date}\n\n## Participants\n\n- @chair\n\n## Upstream\n\n${links.join('\n')}\n`)
  }
  return {world, refs}
}

function minutes(argv: string[]): Promise<{status: number | null; stdout: string; stderr: string; seconds: number}> {
  const t0 = performance.now()
  const child = spawn(process.execPath, [bin, ...argv], {cwd: repoRoot})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (s: Buffer) => (stdout += s))
  child.stderr.on('data', (s: Buffer) => (stderr += s))
  return new Promise((resolve) => child.on('close', (status) => resolve({status, stdout, stderr, seconds: (performance.now() - t0) / 1000})))
}

interface Row {
  set: string
  sync: string
  seconds: number
  requests: string
  answers: string
  summary: string
}

async function sync(set: string, label: string, db: string, fake: FakeUpstream): Promise<Row> {
  const before = fake.log.length
  const run = await minutes(['upstream', 'sync', '--db', db, '--json', '--base-url', ...Object.entries(fake.baseUrls).map(([h, u]) => `${h}=${u}`)])
  if (run.status !== 0) throw new Error(`sync failed: ${run.stderr}`)
  const s = JSON.parse(run.stdout) as {checked: number; changed: number; unchanged: number; requests: number; seconds: number}
  const log = fake.log.slice(before)
  const byTracker = new Map<string, number>()
  const byStatus = new Map<number, number>()
  for (const l of log) {
    byTracker.set(l.tracker, (byTracker.get(l.tracker) ?? 0) + 1)
    byStatus.set(l.status, (byStatus.get(l.status) ?? 0) + 1)
  }
  return {
    set,
    sync: label,
    seconds: s.seconds,
    requests: `${log.length} (${[...byTracker].map(([t, n]) => `${t} ${n}`).join(', ')})`,
    answers: [...byStatus].sort((a, b) => a[0] - b[0]).map(([st, n]) => `${n}× ${st}`).join(', '),
    summary: `${s.checked} checked, ${s.changed} changed, ${s.unchanged} unchanged; command ${run.seconds.toFixed(2)} s`,
  }
}

const rows: Row[] = []
const sets = {
  github: {github: total, gitlab: 0, gerrit: 0, launchpad: 0},
  mixed: {github: Math.round(total * 0.85), gitlab: Math.round(total * 0.08), gerrit: Math.round(total * 0.05), launchpad: total - Math.round(total * 0.85) - Math.round(total * 0.08) - Math.round(total * 0.05)},
}
for (const [name, mix] of Object.entries(sets)) {
  const {world} = scenario(name, mix)
  const db = join(work, name, 'upstream.db')
  const ingest = await minutes(['ingest', join(work, name, 'minutes'), '--db', db, '--quiet'])
  if (ingest.status !== 0) throw new Error(ingest.stderr)
  const fake = await startFakeUpstream(world, {latencyMs})
  try {
    rows.push(await sync(name, 'first sync', db, fake))
    rows.push(await sync(name, 're-sync, nothing changed', db, fake))
    // 1 % of the GitHub items change upstream (a new title).
    const issues = [...world.github.issues.values()].flatMap((m) => [...m.values()])
    for (const issue of issues.filter((_, i) => i % 100 === 0)) Object.assign(issue, {title: `${issue['title']} (renamed)`, updated_at: '2025-01-01T00:00:00Z'})
    rows.push(await sync(name, 're-sync, 1 % of GitHub changed', db, fake))
  } finally {
    await fake.close()
  }
}

console.log(`\n${total} references, answers delayed ${latencyMs} ms (seconds: the sync's own time, from the command's summary)\n`)
console.log('| set | sync | seconds | requests | answers | items |')
console.log('|---|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.set} | ${r.sync} | ${r.seconds.toFixed(2)} | ${r.requests} | ${r.answers} | ${r.summary} |`)
