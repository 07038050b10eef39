/**
 * The store over real minutes: a real SQLite file, the whole shared corpus, facts checked by reading
 * the minutes themselves.
 */
import {cpSync, mkdirSync, renameSync, rmSync, writeFileSync, readFileSync, unlinkSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {minutesHtml, renderMinutes} from '@minutes-kb/render'
import {minutesHtmlVersion} from '@minutes-kb/render/version'
import {
  ingestDirectory,
  listActions,
  listLinks,
  listMeetings,
  listPeople,
  listThreads,
  meetingJson,
  meetingsOfFile,
  openDatabase,
  pageActionsJson,
  pageLinksJson,
  pageMeetingsJson,
  showMeeting,
  sliceLines,
  storedMeetingHtml,
  upstreamMarkdown,
  upstreamReport,
  type DB,
} from '@minutes-kb/store'
import {corpusRoot} from '../scripts/corpus.ts'
import {repoRoot, tempDir} from './helpers.ts'

const corpus = corpusRoot()

describe('the shared corpus in a database', () => {
  let db: DB
  let dir: string
  beforeAll(async () => {
    dir = tempDir()
    db = openDatabase(join(dir, 'corpus.db'))
    const summary = await ingestDirectory(db, corpus)
    // 540 files: 538 meetings, a template and a document that are not minutes.
    expect(summary).toMatchObject({added: 540, changed: 0, unchanged: 0, removed: 0, meetings: 538, notMinutes: 2})
  }, 180_000)
  afterAll(() => db.close())

  it('has every meeting, and a healthy file', () => {
    expect(listMeetings(db)).toHaveLength(538)
    expect(db.prepare('SELECT path, not_minutes FROM files WHERE meetings = 0 ORDER BY path').all()).toEqual([
      {path: 'community-call/template.md', not_minutes: 'the file name says it is a template'},
      {path: 'sig-standardization/scs-certification-issuing.md', not_minutes: 'no date, participants, action items or decisions'},
    ])
    expect(db.pragma('integrity_check', {simple: true})).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('journal_mode', {simple: true})).toBe('wal')
  })

  it('holds each meeting’s minutes as HTML, the same the page renders from its lines', () => {
    // Rendered at ingest from the extraction's parse of the whole file; a page renders the meeting's
    // own lines, with its problems as the database gives them.
    expect(db.prepare('SELECT count(*) FROM meeting_html WHERE version = ? AND html IS NOT NULL').pluck().get(minutesHtmlVersion)).toBe(538)
    for (const {id} of listMeetings(db)) {
      const m = showMeeting(db, id)!
      expect(storedMeetingHtml(db, id), m.path).toBe(minutesHtml(renderMinutes(m.raw, {firstLine: m.range[0], lastLine: m.range[1], problems: m.problems})))
    }
  }, 120_000)

  it('carries a task over ten meetings as one open thread (sig-standardization, 2025-11-25 … 2026-06-04)', () => {
    // `_AI @fzakfeld: create issue and draft a standard on IPv6 networking for IaaS_` is copied into
    // "Pending action items" of every meeting from 2025-11-25 to 2026-06-04, still "ongoing" in the last.
    const threads = listThreads(db, {person: '@fzakfeld', status: 'all'})
    const ipv6 = threads.find((t) => t.text.includes('IPv6 networking'))!
    expect(ipv6).toMatchObject({series: 'sig-standardization', firstSeen: '2025-11-25', lastSeen: '2026-06-04', meetings: 10, status: 'open'})
    expect(ipv6.mentions.map((m) => m.path)).toEqual([
      'sig-standardization/20251125.md',
      'sig-standardization/20251202.md',
      'sig-standardization/20251216.md',
      'sig-standardization/20260115.md',
      'sig-standardization/20260129.md',
      'sig-standardization/20260212.md',
      'sig-standardization/20260312.md',
      'sig-standardization/20260326.md',
      'sig-standardization/20260409.md',
      'sig-standardization/20260604.md',
    ])
    expect(ipv6.mentions[0]!.line).toBe(64)
  })

  it('marks a thread done when a later meeting says so, and keeps it out of the open list', () => {
    // sig-standardization/20260326.md:12-13: `_AI @depressiveRobot: create draft for missing Integrator
    // certification process docs_` / `- done; see docs#354`.
    const all = listThreads(db, {person: '@depressiverobot', status: 'all'})
    const draft = all.find((t) => t.text.startsWith('create draft for missing Integrator certification process docs'))!
    expect(draft.status).toBe('done')
    expect(draft.lastSeen).toBe('2026-03-26')
    expect(draft.meetings).toBeGreaterThan(3)
    const open = listThreads(db, {person: '@depressiveRobot', status: 'open'})
    expect(open.some((t) => t.id === draft.id)).toBe(false)
    // Item view: the earlier mentions of a task done later are not open either.
    const items = listActions(db, {person: '@depressiverobot', status: 'open'})
    expect(items.some((a) => a.threadId === draft.id)).toBe(false)
  })

  it("lists one person's open items across several meetings and series", () => {
    // @fkr: `_AI @fkr: create scs-iaas room and announce it_` (iaas/20231011.md:63) among others.
    const items = listActions(db, {person: '@fkr', status: 'open'})
    expect(items).toContainEqual(expect.objectContaining({path: 'iaas/20231011.md', line: 63, text: 'create scs-iaas room and announce it', status: 'open'}))
    expect(new Set(items.map((a) => a.path)).size).toBeGreaterThan(10)
    expect(new Set(items.map((a) => a.series)).size).toBeGreaterThan(2)
    expect(items.every((a) => a.assignees.includes('@fkr'))).toBe(true)
    // The same person is found however the handle is written.
    expect(listActions(db, {person: '@FKR', status: 'open'})).toHaveLength(items.length)
  })

  it('exports the upstream links of product-board/20240812.md', () => {
    // Lines 27-36: SovereignCloudStack/issues#21 (own), kubernetes/cloud-provider-openstack#2579 "host ID",
    // kubernetes-sigs/cluster-api-provider-openstack#1912 "Server Groups", osism/issues#1073.
    const seed = listLinks(db, {upstream: true, own: ['SovereignCloudStack']}).filter((l) => l.path === 'product-board/20240812.md')
    // Line 41 links a repository's front page (bitkeks/scs-bootstrap-clusterstacks-openstack): upstream, but not an item.
    expect(seed.filter((l) => l.kind === 'repo').map((l) => l.line)).toEqual([41])
    expect(seed.filter((l) => l.kind !== 'repo').map((l) => `${l.owner}/${l.repo}#${l.number}`)).toEqual([
      'kubernetes/cloud-provider-openstack#2579',
      'kubernetes-sigs/cluster-api-provider-openstack#1912',
      'osism/issues#1073',
    ])
    const report = upstreamReport(db, {own: ['SovereignCloudStack']})
    const cpo = report.find((r) => r.name === 'github.com/kubernetes/cloud-provider-openstack')!
    const hostId = cpo.items.find((i) => i.number === 2579)!
    // First raised in container/20240606.md:50, then product-board/20240812.md:30 and container/20240815.md (grep finds no other file).
    expect(hostId).toMatchObject({ref: 'kubernetes/cloud-provider-openstack#2579', kind: 'issue', title: 'host ID', firstSeen: '2024-06-06', lastSeen: '2024-08-15'})
    expect(hostId.meetings.map((m) => `${m.path}:${m.line}`)).toEqual(['container/20240606.md:50', 'product-board/20240812.md:30', 'container/20240815.md:33'])
    expect(hostId.meetings[1]).toMatchObject({topic: 'Upstream Items not finished in the course of funding'})
    expect(report.some((r) => r.owner?.toLowerCase() === 'sovereigncloudstack')).toBe(false)
    const md = upstreamMarkdown(report)
    expect(md).toMatch(/^- \[ \] kubernetes\/cloud-provider-openstack#2579 — host ID \(2024-06-06, 2024-08-12, 2024-08-15\)$/m)
    expect(md).toContain('### github.com/kubernetes-sigs/cluster-api-provider-openstack')
  })

  it('shows one meeting as stored, identities resolved', () => {
    const m = showMeeting(db, 'iaas/20231011.md')!
    expect(m.date).toBe('2023-10-11')
    expect(m.participants).toHaveLength(15)
    expect(m.raw).toBe(readFileSync(join(corpus, 'iaas/20231011.md'), 'utf8'))
    expect(m.actionItems.map((a) => a.line)).toEqual([37, 38, 63])
    expect(showMeeting(db, 'nope.md')).toBeNull()
  })

  it('counts people with meetings attended and their tasks', () => {
    const people = listPeople(db)
    const fkr = people.find((p) => p.person === '@fkr')!
    expect(fkr.meetings).toBeGreaterThan(100)
    expect(fkr.open).toBeGreaterThan(5)
    expect(people.every((p) => p.meetings + p.open + p.done + p.topicsOwned > 0)).toBe(true)
  })
})

describe("a meeting's own lines, cut in SQL", () => {
  // A year file of two meetings in UTF-8 beyond ASCII, and what JSON escapes.
  const year = [
    '# Team meeting 2024-01-10',
    '',
    '## Attendees',
    '- Zoë Müller (@zoe)',
    '- Łukasz Nowak',
    '',
    '## Notes',
    '- Naïve café — résumé 🚀, "quoted" \\ back\tslash',
    '',
    '# Team meeting 2024-01-17',
    '',
    '## Attendees',
    '- Zoë Müller (@zoe)',
    '',
    '## Notes',
    '- 日本語のメモ',
    '',
  ].join('\n')
  let db: DB
  let root: string
  beforeAll(async () => {
    const dir = tempDir()
    root = join(dir, 'minutes')
    mkdirSync(join(root, 'team'), {recursive: true})
    writeFileSync(join(root, 'team/2024.md'), year)
    db = openDatabase(join(dir, 'bytes.db'))
    await ingestDirectory(db, root)
  })
  afterAll(() => db.close())

  const answers = () =>
    (db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]).map((id) => {
      const bytes = meetingJson(db, id)!
      return {bytes, meeting: JSON.parse(bytes.toString()) as {path: string; range: [number, number]; raw: string}}
    })

  it('gives each meeting its lines of the file, by their byte range or, without one, cut in JavaScript', () => {
    expect(meetingsOfFile(db, 'team/2024.md')).toHaveLength(2)
    // Bytes, not characters: the second meeting starts after the first's lines and the blank line.
    const bytesTo = (line: number) => Buffer.byteLength(year.split('\n').slice(0, line).join('\n') + '\n')
    expect(db.prepare('SELECT first_line, last_line, raw_start, raw_end FROM meetings ORDER BY id').raw().all()).toEqual([
      [1, 8, 0, bytesTo(8)],
      [10, 16, bytesTo(9), bytesTo(16)],
    ])
    const before = answers()
    for (const {meeting} of before) expect(meeting.raw).toBe(sliceLines(year, meeting.range[0], meeting.range[1]))
    expect(before[0]!.meeting.raw).toContain('résumé 🚀, "quoted" \\ back\tslash')
    expect(before[1]!.meeting.raw).toBe('# Team meeting 2024-01-17\n\n## Attendees\n- Zoë Müller (@zoe)\n\n## Notes\n- 日本語のメモ\n')
    // As written before migration 011: the same bytes, and the next ingest fills the ranges in.
    db.prepare('UPDATE meetings SET raw_start = NULL, raw_end = NULL').run()
    expect(answers().map((a) => a.bytes.toString())).toEqual(before.map((a) => a.bytes.toString()))
  })

  it('fills in the byte ranges of meetings written without them at the next ingest, parsing nothing', async () => {
    db.prepare('UPDATE meetings SET raw_start = NULL, raw_end = NULL').run()
    const summary = await ingestDirectory(db, root)
    expect(summary).toMatchObject({added: 0, changed: 0, meetings: 0})
    expect(db.prepare('SELECT count(raw_start) FROM meetings').pluck().get()).toBe(2)
  })

  it("keeps each meeting's whole detail, made again when its file holds a meeting more or less (migration 015)", async () => {
    const kept = () => db.prepare('SELECT count(json) FROM meeting_details').pluck().get()
    expect(kept()).toBe(2)
    const built = answers().map((a) => a.bytes.toString())
    expect(built.map((b) => JSON.parse(b).meetingsInFile)).toEqual([2, 2])
    // Ingest writes a changed file's meetings anew; should a meeting be added or removed alone, the others show it.
    db.exec('SAVEPOINT added')
    const [first] = db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]
    db.prepare("INSERT INTO meetings (file_id, path, position, first_line, last_line, series, date) SELECT file_id, path, 2, 17, 17, series, '2024-01-24' FROM meetings WHERE id = ?").run(first)
    expect(kept()).toBe(0)
    expect(answers().slice(0, 2).map((a) => a.meeting)).toMatchObject([{meetingsInFile: 3}, {meetingsInFile: 3}])
    db.exec('ROLLBACK TO added')
    db.exec('RELEASE added')
    db.exec('SAVEPOINT removed')
    db.prepare('DELETE FROM meetings WHERE id = ?').run(first)
    expect(kept()).toBe(0)
    expect(answers().map((a) => a.meeting)).toMatchObject([{meetingsInFile: 1}])
    db.exec('ROLLBACK TO removed')
    db.exec('RELEASE removed')
    expect(kept()).toBe(2)
    expect(answers().map((a) => a.bytes.toString())).toEqual(built)
  })
})

describe('kept list rows and meeting details (migrations 013, 015)', () => {
  let db: DB
  let root: string
  beforeAll(async () => {
    const dir = tempDir()
    root = join(dir, 'minutes')
    cpSync(join(repoRoot, 'minutes'), root, {recursive: true})
    db = openDatabase(join(dir, 'rows.db'))
    await ingestDirectory(db, root)
  })
  afterAll(() => db.close())

  /** Every page (3 rows each) of the lists with kept rows, and every meeting's detail, as the API sends them. */
  const answers = () => {
    const walk = (page: (cursor?: string) => {rows: string; next: string | null}) => {
      const out: string[] = []
      let cursor: string | undefined
      do {
        const p = page(cursor)
        out.push(p.rows)
        cursor = p.next ?? undefined
      } while (cursor)
      return out
    }
    return {
      meetings: walk((cursor) => pageMeetingsJson(db, {}, {size: 3, cursor})),
      series: walk((cursor) => pageMeetingsJson(db, {series: 'infra'}, {size: 3, cursor})),
      actions: walk((cursor) => pageActionsJson(db, {}, {size: 3, cursor})),
      person: walk((cursor) => pageActionsJson(db, {person: '@alice-ops'}, {size: 3, cursor})),
      links: walk((cursor) => pageLinksJson(db, {}, {size: 3, cursor})),
      pulls: walk((cursor) => pageLinksJson(db, {kind: 'pull'}, {size: 3, cursor})),
      details: (db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]).map((id) => meetingJson(db, id)!.toString()),
    }
  }
  const missing = () =>
    db
      .prepare(
        `SELECT (SELECT count(*) FROM meetings WHERE row_json IS NULL OR lists_json IS NULL) + (SELECT count(*) FROM action_items WHERE row_json IS NULL)
          + (SELECT count(*) FROM links WHERE row_json IS NULL) + (SELECT count(*) FROM meeting_details WHERE json IS NULL)`,
      )
      .pluck()
      .get()

  it('answers the same bytes from rows kept and rows not made yet, and the next ingest makes them, parsing nothing', async () => {
    expect(missing()).toBe(0)
    expect(db.prepare('SELECT (SELECT count(*) FROM meeting_details) = (SELECT count(*) FROM meetings)').pluck().get()).toBe(1)
    const kept = answers()
    expect(kept.person.join('')).toContain('@alice-ops')
    expect(kept.pulls.join('')).toContain('"kind":"pull"')
    // Some meetings' details kept, some not: the same bytes.
    db.prepare('UPDATE meeting_details SET json = NULL WHERE meeting_id % 2 = 0').run()
    expect(db.prepare('SELECT count(*) FROM meeting_details WHERE json IS NOT NULL').pluck().get()).toBeGreaterThan(0)
    expect(answers()).toEqual(kept)
    // As a database migrated to 013 and not ingested since: some rows made, some not.
    for (const table of ['meetings', 'action_items', 'links']) db.prepare(`UPDATE ${table} SET row_json = NULL WHERE id % 2 = 0`).run()
    db.prepare('UPDATE meetings SET lists_json = NULL WHERE id % 3 = 0').run()
    // Each of those makes its meeting's whole detail again (migration 015).
    expect(db.prepare('SELECT count(*) FROM meeting_details d JOIN meetings m ON m.id = d.meeting_id WHERE m.lists_json IS NULL AND d.json IS NOT NULL').pluck().get()).toBe(0)
    expect(missing()).toBeGreaterThan(0)
    expect(answers()).toEqual(kept)
    const summary = await ingestDirectory(db, root)
    expect(summary).toMatchObject({added: 0, changed: 0, meetings: 0})
    expect(missing()).toBe(0)
    expect(answers()).toEqual(kept)
  })
})

describe("a person's kept item counts (migration 014)", () => {
  it('give the first page of their items its total without counting, and a page counts as before where none is kept', async () => {
    const dir = tempDir()
    const root = join(dir, 'minutes')
    cpSync(join(repoRoot, 'minutes'), root, {recursive: true})
    const db = openDatabase(join(dir, 'items.db'))
    await ingestDirectory(db, root)
    const person = db.prepare("SELECT id FROM people WHERE handle = '@alice-ops'").pluck().get() as number
    const first = (status: 'open' | 'done' | 'all', filter: {series?: string} = {}) => pageActionsJson(db, {person: '@alice-ops', status, ...filter}, {size: 2}).total
    const counted = {open: first('open'), done: first('done'), all: first('all')}
    expect(counted.open).toBeGreaterThan(0)
    expect(counted.done).toBeGreaterThan(0)
    expect(counted.all).toBe(counted.open + counted.done)
    // The totals are read from person_stats: a kept count, even a wrong one, is what the page says …
    db.prepare('UPDATE person_stats SET items_open = 999, items_done = 5000 WHERE person_id = ?').run(person)
    expect([first('open'), first('done'), first('all')]).toEqual([999, 1000, 1000])
    expect(pageActionsJson(db, {person: '@alice-ops', status: 'done'}, {size: 2}).totalIsExact).toBe(false)
    // … but not with a filter the count does not cover, nor for a later page (its cursor carries the count).
    expect(first('open', {series: 'infra'})).toBeLessThanOrEqual(counted.open)
    // None kept (a database migrated and not ingested since): counted.
    db.prepare('UPDATE person_stats SET items_open = NULL, items_done = NULL').run()
    expect({open: first('open'), done: first('done'), all: first('all')}).toEqual(counted)
    // A change of the person's items (an ingest of an edit) counts them again.
    db.prepare('UPDATE person_stats SET items_open = 999 WHERE person_id = ?').run(person)
    const file = join(root, 'infra/20240826.md')
    writeFileSync(file, readFileSync(file, 'utf8') + '\n### More\n\n- [ ] @alice-ops: label the cables\n')
    await ingestDirectory(db, root)
    expect(first('open')).toBe(counted.open + 1)
    expect(db.prepare('SELECT items_open, items_done FROM person_stats WHERE person_id = ?').get(person)).toEqual({items_open: counted.open + 1, items_done: counted.done})
    db.close()
  })
})

describe('incremental ingest', () => {
  let dir: string
  let root: string
  let db: DB
  beforeAll(async () => {
    dir = tempDir()
    root = join(dir, 'minutes')
    for (const series of ['product-board', 'sig-community']) cpSync(join(corpus, series), join(root, series), {recursive: true})
    db = openDatabase(join(dir, 'inc.db'))
    await ingestDirectory(db, root)
  }, 120_000)
  afterAll(() => db.close())

  const count = (sql: string) => (db.prepare(sql).pluck().get() as number)

  it('parses nothing when nothing changed', async () => {
    const files = count('SELECT count(*) FROM files')
    const summary = await ingestDirectory(db, root)
    expect(summary).toMatchObject({added: 0, changed: 0, moved: 0, removed: 0, unchanged: files, problems: 0, meetings: 0})
  })

  it('parses a file again when a meeting’s HTML is missing or another renderer version’s', async () => {
    const ids = db.prepare("SELECT id FROM meetings WHERE path IN ('product-board/20240812.md', 'sig-community/20240805.md') ORDER BY path").pluck().all() as number[]
    const html = ids.map((id) => storedMeetingHtml(db, id))
    db.prepare('UPDATE meeting_html SET version = version + 1 WHERE meeting_id = ?').run(ids[0])
    db.prepare('DELETE FROM meeting_html WHERE meeting_id = ?').run(ids[1])
    expect(ids.map((id) => storedMeetingHtml(db, id))).toEqual([null, null])
    const summary = await ingestDirectory(db, root)
    expect(summary).toMatchObject({added: 0, changed: 2, moved: 0, removed: 0, meetings: 2})
    expect(ids.map((id) => storedMeetingHtml(db, id))).toEqual(html)
    expect(html.every((h) => h && h.includes('id="L1"'))).toBe(true)
  })

  it('replaces exactly the meeting of an edited file, keeping its id', async () => {
    const file = join(root, 'product-board/20240812.md')
    const meeting = "SELECT m.id, f.content_hash FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.path = 'product-board/20240812.md'"
    const rest = "SELECT m.id, m.path, f.content_hash FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.path != 'product-board/20240812.md' ORDER BY m.path"
    const before = db.prepare(meeting).get() as {id: number; content_hash: string}
    const others = db.prepare(rest).all()
    writeFileSync(file, readFileSync(file, 'utf8') + '\n### Late addition\n\n- AI @bitkeks: write the follow-up\n')
    const summary = await ingestDirectory(db, root)
    expect(summary).toMatchObject({added: 0, changed: 1, removed: 0})
    const after = db.prepare(meeting).get() as {id: number; content_hash: string}
    expect(after.id).toBe(before.id)
    expect(after.content_hash).not.toBe(before.content_hash)
    expect(db.prepare(rest).all()).toEqual(others)
    expect(listActions(db, {person: '@bitkeks'}).map((a) => a.text)).toContain('write the follow-up')
    expect(count(`SELECT count(*) FROM topics WHERE meeting_id = ${after.id} AND title = 'Late addition'`)).toBe(1)
  })

  it('removes the meeting of a deleted file, with everything extracted from it', async () => {
    const id = db.prepare("SELECT id FROM meetings WHERE path = 'sig-community/20240805.md'").pluck().get() as number
    unlinkSync(join(root, 'sig-community/20240805.md'))
    const summary = await ingestDirectory(db, root)
    expect(summary).toMatchObject({removed: 1, added: 0, changed: 0})
    for (const table of ['attendance', 'topics', 'action_items', 'decisions', 'links', 'problems']) {
      expect(count(`SELECT count(*) FROM ${table} WHERE meeting_id = ${id}`)).toBe(0)
    }
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('moves a renamed file instead of duplicating it', async () => {
    const meetings = count('SELECT count(*) FROM meetings')
    const id = db.prepare("SELECT id FROM meetings WHERE path = 'product-board/20231009.md'").pluck().get() as number
    mkdirSync(join(root, 'board'))
    renameSync(join(root, 'product-board/20231009.md'), join(root, 'board/20231009.md'))
    const summary = await ingestDirectory(db, root)
    expect(summary).toMatchObject({moved: 1, added: 0, removed: 0})
    expect(count('SELECT count(*) FROM meetings')).toBe(meetings)
    const moved = db.prepare("SELECT id, series FROM meetings WHERE path = 'board/20231009.md'").get()
    expect(moved).toEqual({id, series: 'board'})
  })

  it('re-resolves people when the aliases change, without parsing', async () => {
    // product-board/20230306.md:26 `Kurt to take over the cloud health monitoring topic` names Kurt, who is @garloff.
    writeFileSync(join(dir, 'aliases.json'), JSON.stringify({'@garloff': ['Kurt', 'Kurt Garloff']}))
    const before = listActions(db, {person: '@garloff', status: 'all'})
    expect(before.some((a) => a.path === 'product-board/20230306.md' && a.line === 26)).toBe(false)
    expect(count("SELECT count(*) FROM people WHERE key = 'name:kurt'")).toBe(1)
    const summary = await ingestDirectory(db, root, {aliases: join(dir, 'aliases.json')})
    expect(summary).toMatchObject({added: 0, changed: 0, moved: 0})
    const after = listActions(db, {person: '@garloff', status: 'all'})
    expect(after.find((a) => a.path === 'product-board/20230306.md' && a.line === 26)).toMatchObject({assignees: ['@garloff']})
    expect(listActions(db, {person: 'Kurt', status: 'all'})).toHaveLength(after.length)
    expect(count("SELECT count(*) FROM people WHERE key = 'name:kurt'")).toBe(0)
    // Taking the alias away again brings the plain name back.
    await ingestDirectory(db, root, {aliases: null})
    expect(listActions(db, {person: '@garloff', status: 'all'})).toHaveLength(before.length)
    expect(count("SELECT count(*) FROM people WHERE key = 'name:kurt'")).toBe(1)
  })
})

describe('bad input', () => {
  it('records each bad file as a problem with its path and ingests the rest', async () => {
    const dir = tempDir()
    const root = join(dir, 'minutes')
    cpSync(join(corpus, 'sig-community'), join(root, 'sig-community'), {recursive: true})
    mkdirSync(join(root, 'bad'))
    writeFileSync(join(root, 'bad/20240101.md'), Buffer.from([0x23, 0x20, 0x00, 0xff, 0x00, 0x10]))
    writeFileSync(join(root, 'bad/20240102.md'), Buffer.from('# 2024-01-02\n\nCaf\xe9\n', 'latin1'))
    writeFileSync(join(root, 'bad/20240103.md'), `# 2024-01-03\n\n${'- AI @x: a very long list of tasks\n'.repeat(600_000)}`)
    const db = openDatabase(join(dir, 'bad.db'))
    const summary = await ingestDirectory(db, root)
    expect(summary.added).toBe(33)
    const problems = db.prepare("SELECT path, rule_id AS rule, reason FROM problems WHERE meeting_id IS NULL ORDER BY path").all()
    expect(problems).toEqual([
      {path: 'bad/20240101.md', rule: 'unreadable', reason: 'binary content (NUL bytes), expected UTF-8 text'},
      {path: 'bad/20240102.md', rule: 'unreadable', reason: 'invalid UTF-8, expected UTF-8 text'},
      {path: 'bad/20240103.md', rule: 'file-too-large', reason: expect.stringMatching(/^file too large \(2\d\.\d MB\), expected at most 5\.2 MB of minutes$/)},
    ])
    // Fixing a file clears its problem and makes it a meeting.
    writeFileSync(join(root, 'bad/20240102.md'), '# 2024-01-02\n\nCafé\n')
    const again = await ingestDirectory(db, root)
    expect(again).toMatchObject({added: 1, unchanged: 33})
    expect(db.prepare("SELECT count(*) FROM problems WHERE path = 'bad/20240102.md' AND meeting_id IS NULL").pluck().get()).toBe(0)
    db.close()
    rmSync(dir, {recursive: true, force: true})
  }, 60_000)
})

describe('a reader during an ingest', () => {
  it('sees the state before the run until it commits, then the new one, never a mix', async () => {
    const dir = tempDir()
    const root = join(dir, 'minutes')
    cpSync(join(corpus, 'sig-community'), join(root, 'sig-community'), {recursive: true})
    const path = join(dir, 'read.db')
    const writer = openDatabase(path)
    await ingestDirectory(writer, root)
    cpSync(join(corpus, 'iaas'), join(root, 'iaas'), {recursive: true})
    const reader = openDatabase(path, {readonly: true})
    const snapshot = () =>
      reader
        .prepare(
          `SELECT (SELECT count(*) FROM meetings) AS meetings, (SELECT count(*) FROM action_items) AS actions,
                  (SELECT count(*) FROM action_items a WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = a.meeting_id)) AS orphans`,
        )
        .get() as {meetings: number; actions: number; orphans: number}
    const before = snapshot()
    expect(before.meetings).toBe(33)
    const seen: Array<{meetings: number; actions: number; orphans: number}> = []
    await ingestDirectory(writer, root, {
      batchBytes: 8 * 1024,
      onProgress: () => seen.push(snapshot()),
    })
    expect(seen.length).toBeGreaterThan(5)
    for (const s of seen) expect(s).toEqual(before)
    const after = snapshot()
    expect(after.meetings).toBe(33 + 109)
    expect(after.orphans).toBe(0)
    reader.close()
    writer.close()
  }, 120_000)
})

describe('the schema', () => {
  it('indexes every foreign key, so removing a meeting never scans a whole table', () => {
    const db = openDatabase(join(tempDir(), 'schema.db'))
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_fts%'").pluck().all() as string[]
    const unindexed: string[] = []
    for (const table of tables) {
      const leading = new Set(
        (db.prepare('SELECT name FROM pragma_index_list(?)').pluck().all(table) as string[]).map(
          (index) => (db.prepare('SELECT name FROM pragma_index_info(?) WHERE seqno = 0').pluck().get(index) as string),
        ),
      )
      // An INTEGER PRIMARY KEY is the row id: the table is ordered by it, no index needed.
      const pk = db.prepare('SELECT name, type FROM pragma_table_info(?) WHERE pk > 0').all(table) as Array<{name: string; type: string}>
      if (pk.length === 1 && pk[0]!.type.toUpperCase() === 'INTEGER') leading.add(pk[0]!.name)
      for (const key of db.prepare('SELECT "from" FROM pragma_foreign_key_list(?)').pluck().all(table) as string[]) {
        if (!leading.has(key)) unindexed.push(`${table}.${key}`)
      }
    }
    expect(tables.length).toBeGreaterThan(10)
    expect(unindexed).toEqual([])
    db.close()
  })
})

describe('worker threads', () => {
  it('do not load the modules their process preloads (`node --import tsx` loaded tsx in every parse worker)', () => {
    const dir = tempDir()
    const log = join(dir, 'preloaded.log')
    writeFileSync(
      join(dir, 'preload.mjs'),
      `import {appendFileSync} from 'node:fs'\nimport {isMainThread} from 'node:worker_threads'\nappendFileSync(${JSON.stringify(log)}, isMainThread ? 'main\\n' : 'worker\\n')\n`,
    )
    mkdirSync(join(dir, 'minutes/team'), {recursive: true})
    for (const day of ['20240805', '20240812']) writeFileSync(join(dir, 'minutes/team', `${day}.md`), `# Team ${day}\n\n- [ ] @ana to write the notes\n`)
    // An ingest (parse workers), a read helper and the search shard builders, each thread started and used.
    const script = `
      import {ingestDirectory, openDatabase, ReadHelper} from '@minutes-kb/store'
      import {ShardBuilder} from './packages/search/lib/builder-pool.ts'
      const db = openDatabase(${JSON.stringify(join(dir, 'm.db'))})
      const summary = await ingestDirectory(db, ${JSON.stringify(join(dir, 'minutes'))}, {threads: 2})
      const helper = new ReadHelper(${JSON.stringify(join(dir, 'm.db'))}, 'SELECT 1')
      const helped = await helper.ready()
      helper.close()
      const builder = await ShardBuilder.start(2)
      const built = await builder.build('team', [])
      await builder.close()
      console.log(JSON.stringify({added: summary.added, helped, built: built.bytes > 0}))`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(join(dir, 'preload.mjs')).href, '--input-type=module', '-e', script], {cwd: repoRoot, encoding: 'utf8'})
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({added: 2, helped: true, built: true})
    expect(readFileSync(log, 'utf8')).toBe('main\n')
  }, 60_000)
})
