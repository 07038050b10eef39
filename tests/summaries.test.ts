/**
 * What the lists read beside the rows (migration 006): each meeting's counts and each series' dates
 * (kept by triggers), everyone's counts (refreshed at the end of an ingest), each assignment's copy of
 * its item's date, path and line (migration 007, the order of a person's action items), each topic owner's
 * copy of its meeting's date and topic's line, and what a person's page shows of their attendance
 * (migration 009: spellings, meetings per series and year, the latest meetings), each meeting's whole detail (015). After edits, additions,
 * removals, a rename and new aliases, each equals the same figure counted from scratch.
 */
import {cpSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ingestDirectory, meetingJson, openDatabase, type DB} from '@minutes-kb/store'
import {repoRoot, tempDir} from './helpers.ts'

function fromScratch(db: DB) {
  return {
    meetings: db
      .prepare(
        `SELECT m.id,
                (SELECT count(*) FROM attendance WHERE meeting_id = m.id) AS participants,
                (SELECT count(*) FROM topics WHERE meeting_id = m.id) AS topics,
                (SELECT count(*) FROM action_items WHERE meeting_id = m.id) AS actions,
                (SELECT count(*) FROM decisions WHERE meeting_id = m.id) AS decisions,
                (SELECT count(*) FROM links WHERE meeting_id = m.id) AS links,
                (SELECT count(*) FROM problems WHERE meeting_id = m.id) AS problems
           FROM meetings m ORDER BY m.id`,
      )
      .all(),
    series: db.prepare('SELECT series, count(*) AS meetings, min(date) AS first_date, max(date) AS last_date FROM meetings GROUP BY series ORDER BY series').all(),
    people: db
      .prepare(
        `SELECT p.id AS person_id, COALESCE(p.handle, p.name, p.key) AS person,
                (SELECT count(*) FROM attendance x WHERE x.person_id = p.id) AS meetings,
                (SELECT min(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id) AS first_seen,
                (SELECT max(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id) AS last_seen,
                (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                  WHERE x.person_id = p.id AND t.status = 'open') AS open,
                (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                  WHERE x.person_id = p.id AND t.status = 'done') AS done,
                (SELECT count(*) FROM topic_owners o WHERE o.person_id = p.id) AS topics_owned,
                ${['open', 'done'].map((status) => `(SELECT count(*) FROM action_assignees x JOIN action_items a ON a.id = x.action_id LEFT JOIN action_threads t ON t.id = a.thread_id
                  WHERE x.person_id = p.id AND COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) = '${status}') AS items_${status}`).join(', ')}
           FROM people p ORDER BY p.id`,
      )
      .all(),
    assignments: db
      .prepare(
        `SELECT x.action_id, x.person_id, m.date AS meeting_date, m.path AS meeting_path, a.line AS item_line,
                COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) AS item_status
           FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN meetings m ON m.id = a.meeting_id
           LEFT JOIN action_threads t ON t.id = a.thread_id ORDER BY 1, 2`,
      )
      .all(),
    owners: db
      .prepare('SELECT o.topic_id, o.person_id, m.date AS meeting_date, t.line AS topic_line FROM topic_owners o JOIN topics t ON t.id = o.topic_id JOIN meetings m ON m.id = t.meeting_id ORDER BY 1, 2')
      .all(),
    links: db.prepare('SELECT l.id, m.date AS meeting_date, m.path AS meeting_path FROM links l JOIN meetings m ON m.id = l.meeting_id ORDER BY 1').all(),
    // Each list row as the API shows it, from the tables (the API's field order).
    meetingRows: db
      .prepare('SELECT id, path, series, date, title FROM meetings ORDER BY id')
      .all()
      .map((m) => ({...(m as object), ...(db.prepare('SELECT participants, topics, actions, decisions, links, problems FROM meeting_counts WHERE meeting_id = ?').get((m as {id: number}).id) as object)})),
    actionRows: (
      db
        .prepare(
          `SELECT a.id, m.path, m.series, m.date, a.topic, a.text, a.line, a.done, t.status, a.thread_id AS threadId
             FROM action_items a JOIN meetings m ON m.id = a.meeting_id LEFT JOIN action_threads t ON t.id = a.thread_id ORDER BY a.id`,
        )
        .all() as Array<{id: number; done: number; status: string | null; threadId: number | null}>
    ).map(({done, status, threadId, ...a}) => ({
      ...a,
      done: done === 1,
      status: status ?? (done === 1 ? 'done' : 'open'),
      assignees: db.prepare('SELECT COALESCE(p.handle, p.name) FROM action_assignees x JOIN people p ON p.id = x.person_id WHERE x.action_id = ? ORDER BY x.person_id').pluck().all(a.id),
      threadId,
    })),
    linkRows: db
      .prepare('SELECT l.url, l.text, m.path, m.date, l.line, l.topic, l.host, l.owner, l.repo, l.kind, l.number FROM links l JOIN meetings m ON m.id = l.meeting_id ORDER BY l.id')
      .all(),
    // Each meeting's participants, topics, action items and decisions as its detail shows them.
    meetingLists: (db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]).map((id) => {
      const shown = 'SELECT COALESCE(p.handle, p.name) FROM people p WHERE p.id = ?'
      const name = (personId: number) => db.prepare(shown).pluck().get(personId)
      return {
        participants: (
          db.prepare('SELECT person_id, written, name, affiliation, abbreviation, line FROM attendance WHERE meeting_id = ? ORDER BY line, person_id').all(id) as Array<{person_id: number}>
        ).map(({person_id, ...x}) => ({person: name(person_id), ...x})),
        topics: (db.prepare('SELECT id, title, depth, line FROM topics WHERE meeting_id = ? ORDER BY position').all(id) as Array<{id: number}>).map(({id: topic, ...t}) => ({
          ...t,
          owners: (db.prepare('SELECT person_id FROM topic_owners WHERE topic_id = ? ORDER BY person_id').pluck().all(topic) as number[]).map(name),
        })),
        actionItems: (
          db
            .prepare(
              `SELECT a.id, a.text, a.line, a.done, COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) AS status, a.topic, a.thread_id AS threadId
                 FROM action_items a LEFT JOIN action_threads t ON t.id = a.thread_id WHERE a.meeting_id = ? ORDER BY a.line, a.id`,
            )
            .all(id) as Array<{id: number; done: number}>
        ).map(({id: item, done, ...a}) => ({
          assignees: (db.prepare('SELECT person_id FROM action_assignees WHERE action_id = ? ORDER BY person_id').pluck().all(item) as number[]).map(name),
          ...a,
          done: done === 1,
        })),
        decisions: db.prepare('SELECT text, line, topic FROM decisions WHERE meeting_id = ? ORDER BY line, id').all(id),
      }
    }),
    summaries: db
      .prepare(
        `SELECT p.id AS person_id,
                (SELECT json_group_array(w) FROM (SELECT w FROM (SELECT DISTINCT name AS w, 0 AS k FROM attendance WHERE person_id = p.id AND name IS NOT NULL
                   UNION ALL SELECT DISTINCT written, 1 FROM attendance WHERE person_id = p.id) ORDER BY k, w)) AS written,
                (SELECT json_group_array(json_array(series, year, n)) FROM (SELECT m.series, substr(m.date, 1, 4) AS year, count(*) AS n
                   FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id GROUP BY m.series, year ORDER BY m.series, year)) AS attendance,
                (SELECT json_group_array(json_object('id', id, 'date', date, 'title', title, 'path', path, 'series', series)) FROM (SELECT m.id, m.date, m.title, m.path, m.series
                   FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id ORDER BY m.date DESC, m.path, m.position LIMIT 20)) AS latest
           FROM people p WHERE EXISTS (SELECT 1 FROM attendance WHERE person_id = p.id) ORDER BY p.id`,
      )
      .all(),
  }
}

/** The kept JSON of every row of `table`, parsed (a row not made is `null`). */
function rowJson(db: DB, table: string): unknown[] {
  return (db.prepare(`SELECT row_json FROM ${table} ORDER BY id`).pluck().all() as Array<string | null>).map((json) => (json === null ? null : JSON.parse(json)))
}

function kept(db: DB) {
  return {
    meetings: db.prepare('SELECT meeting_id AS id, participants, topics, actions, decisions, links, problems FROM meeting_counts ORDER BY meeting_id').all(),
    series: db.prepare('SELECT series, meetings, first_date, last_date FROM series_stats ORDER BY series').all(),
    people: db.prepare('SELECT person_id, person, meetings, first_seen, last_seen, open, done, topics_owned, items_open, items_done FROM person_stats ORDER BY person_id').all(),
    assignments: db.prepare('SELECT action_id, person_id, meeting_date, meeting_path, item_line, item_status FROM action_assignees ORDER BY 1, 2').all(),
    owners: db.prepare('SELECT topic_id, person_id, meeting_date, topic_line FROM topic_owners ORDER BY 1, 2').all(),
    links: db.prepare('SELECT id, meeting_date, meeting_path FROM links ORDER BY 1').all(),
    // As kept (migration 013), parsed.
    meetingRows: rowJson(db, 'meetings'),
    actionRows: rowJson(db, 'action_items'),
    linkRows: rowJson(db, 'links'),
    meetingLists: (db.prepare('SELECT lists_json FROM meetings ORDER BY id').pluck().all() as Array<string | null>).map((json) =>
      json === null ? null : JSON.parse(`{${json.slice(1)}}`),
    ),
    summaries: db.prepare('SELECT person_id, written, attendance, latest FROM person_summaries ORDER BY person_id').all(),
  }
}

/**
 * Each meeting's kept detail (migration 015) beside the detail built from the tables, with nothing kept
 * (in a savepoint, rolled back): the same bytes, and none left to make.
 */
function expectDetailsKept(db: DB): void {
  const ids = db.prepare('SELECT id FROM meetings ORDER BY id').pluck().all() as number[]
  const kept = ids.map((id) => db.prepare('SELECT json FROM meeting_details WHERE meeting_id = ?').pluck().get(id))
  db.exec('SAVEPOINT built')
  db.prepare('UPDATE meeting_details SET json = NULL').run()
  const built = ids.map((id) => meetingJson(db, id)!.toString())
  db.exec('ROLLBACK TO built')
  db.exec('RELEASE built')
  expect(built.length).toBeGreaterThan(0)
  expect(kept).toEqual(built)
}

/**
 * Each assignment's copy of its item's kept JSON (migration 018, which a person's pages read from
 * their index) is the item's own, and none is left unmade.
 */
function expectItemJsonCopied(db: DB): void {
  const rows = db
    .prepare('SELECT x.item_json AS copy, a.row_json AS own FROM action_assignees x JOIN action_items a ON a.id = x.action_id ORDER BY x.action_id, x.person_id')
    .all() as Array<{copy: string | null; own: string | null}>
  expect(rows.length).toBeGreaterThan(0)
  expect(rows.filter((r) => r.own === null)).toEqual([])
  expect(rows.map((r) => r.copy)).toEqual(rows.map((r) => r.own))
}

describe('list summaries', () => {
  it('equal the counts from scratch after every kind of change', async () => {
    const dir = join(tempDir(), 'minutes')
    cpSync(join(repoRoot, 'minutes'), dir, {recursive: true})
    const db = openDatabase(join(dir, '..', 'summaries.db'))
    await ingestDirectory(db, dir)
    expect(kept(db)).toEqual(fromScratch(db))
    expectDetailsKept(db)
    expectItemJsonCopied(db)

    const file = join(dir, 'infra/20240826.md')
    writeFileSync(file, readFileSync(file, 'utf8') + '\n### Racks\n\n- AI @newcomer: count the racks\n- see https://github.com/example/racks/issues/7\n\nDecision: order two racks\n')
    unlinkSync(join(dir, 'docs/20240821.md'))
    renameSync(join(dir, 'community/20240815.md'), join(dir, 'community/20240816.md'))
    mkdirSync(join(dir, 'ops'))
    writeFileSync(join(dir, 'ops/20240901.md'), '# 2024-09-01\n\n## Participants\n\n- @newcomer\n- Kurt\n\n## Pager\n\n- [x] @newcomer rotate the pager\n- [ ] Kurt: order the cables\n')
    // A topic owned by a name only, in a meeting with nothing else of that person's: the new alias re-points its owner alone.
    writeFileSync(join(dir, 'ops/20240902.md'), '# 2024-09-02\n\n## Cables (Kurt)\n\n- two racks\n')
    await ingestDirectory(db, dir)
    expect(kept(db)).toEqual(fromScratch(db))
    expectDetailsKept(db)
    expectItemJsonCopied(db)

    // New aliases re-point mentions and merge people without parsing anything.
    const aliases = join(dir, 'minutes.aliases.json')
    writeFileSync(aliases, JSON.stringify({...JSON.parse(readFileSync(aliases, 'utf8')), '@newcomer': ['Kurt']}))
    await ingestDirectory(db, dir)
    expect(kept(db)).toEqual(fromScratch(db))
    expectDetailsKept(db)
    expectItemJsonCopied(db)
    db.close()
  }, 60_000)

  it("keep each assignment's item status when a thread changes or goes outside an ingest (migration 016)", async () => {
    const dir = join(tempDir(), 'minutes')
    cpSync(join(repoRoot, 'minutes'), dir, {recursive: true})
    const db = openDatabase(join(dir, '..', 'status.db'))
    await ingestDirectory(db, dir)
    const status = () => kept(db).assignments
    const live = () => fromScratch(db).assignments
    const thread = db
      .prepare("SELECT t.id FROM action_threads t WHERE t.status = 'open' AND EXISTS (SELECT 1 FROM action_items a JOIN action_assignees x ON x.action_id = a.id WHERE a.thread_id = t.id)")
      .pluck()
      .get() as number
    expect(thread).toBeGreaterThan(0)
    db.prepare("UPDATE action_threads SET status = 'done' WHERE id = ?").run(thread)
    expect(status()).toEqual(live())
    expect(status().some((a) => (a as {item_status: string}).item_status === 'done')).toBe(true)
    // Deleted: its items are left with their own done flags (ON DELETE SET NULL).
    db.prepare('DELETE FROM action_threads WHERE id = ?').run(thread)
    expect(status()).toEqual(live())
    db.close()
  })
})
