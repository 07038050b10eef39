/**
 * Lists page in SQL with keyset cursors (issue 14). Here the lists as they were before — every
 * matching row read by the old queries, sorted in JavaScript by a stable sort (nulls last, strings by
 * `localeCompare`), sliced by offset — are computed again from the same corpus database, and every
 * list route is walked page by page, for every sort and several filters: the same rows, in the same
 * order, the last page where it was, and the same CSV twin.
 */
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {buildApp} from '@minutes-kb/server'
import {findPerson, maxTotal, openDatabase, pageActionsJson, pageLinksJson, pageMeetingsJson, toCsv, type DB} from '@minutes-kb/store'

let app: Awaited<ReturnType<typeof buildApp>>
let db: DB
beforeAll(async () => {
  app = await buildApp({db: inject('corpusDb'), rateLimit: false})
  db = openDatabase(inject('corpusDb'), {readonly: true})
})
afterAll(async () => {
  db.close()
  await app.close()
})

// --- The old implementation (store/lib/queries.ts and server/lib/lists.ts before issue 14) ------
// Its ORDER BYs end with the row's id: ties (two links on one line, two meetings in one file) came in
// the order of the plan SQLite chose, which was the id order of the indexes of the time, and the lists
// keep that order (lists.ts).

const assigneesOf = `COALESCE((SELECT json_group_array(COALESCE(p.handle, p.name)) FROM action_assignees x JOIN people p ON p.id = x.person_id WHERE x.action_id = a.id), '[]')`

function where(conditions: Array<[unknown, string]>): {sql: string; params: unknown[]} {
  const used = conditions.filter(([value]) => value !== undefined && value !== null && value !== '')
  return {sql: used.length ? `WHERE ${used.map(([, sql]) => sql).join(' AND ')}` : '', params: used.map(([value]) => value)}
}

type Row = Record<string, unknown>
type Query = Record<string, string>

function personId(who: string | undefined): number | undefined | null {
  return who === undefined ? undefined : (findPerson(db, who)?.id ?? null)
}

const old: Record<string, (q: Query) => Row[]> = {
  meetings(q) {
    const person = q.person ? personId(q.person) : undefined
    if (person === null) return []
    const w = where([
      [q.series, 'm.series = ?'],
      [q.from, 'm.date >= ?'],
      [q.to, 'm.date <= ?'],
      [person, 'EXISTS (SELECT 1 FROM attendance x WHERE x.meeting_id = m.id AND x.person_id = ?)'],
    ])
    return db
      .prepare(
        `SELECT m.id, m.path, m.series, m.date, m.title,
                (SELECT count(*) FROM attendance WHERE meeting_id = m.id) AS participants,
                (SELECT count(*) FROM topics WHERE meeting_id = m.id) AS topics,
                (SELECT count(*) FROM action_items WHERE meeting_id = m.id) AS actions,
                (SELECT count(*) FROM decisions WHERE meeting_id = m.id) AS decisions,
                (SELECT count(*) FROM links WHERE meeting_id = m.id) AS links,
                (SELECT count(*) FROM problems WHERE meeting_id = m.id) AS problems
           FROM meetings m ${w.sql} ORDER BY m.date DESC, m.path, m.id`,
      )
      .all(...w.params) as Row[]
  },
  actions(q) {
    const person = personId(q.assignee)
    if (person === null) return []
    const status = q.status && q.status !== 'all' ? q.status : undefined
    if (q.threads) {
      const w = where([
        [person, 'EXISTS (SELECT 1 FROM action_items a JOIN action_assignees x ON x.action_id = a.id WHERE a.thread_id = t.id AND x.person_id = ?)'],
        [q.series, 't.series = ?'],
        [q.since, 't.last_seen >= ?'],
        [status, 't.status = ?'],
      ])
      const mentions = db.prepare(
        'SELECT m.path, m.date, a.line, a.done, a.text FROM action_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.thread_id = ? ORDER BY m.date, m.path, a.line',
      )
      return (
        db
          .prepare(
            `SELECT t.id, t.series, t.text, t.status, t.first_seen AS firstSeen, t.last_seen AS lastSeen, t.meetings,
                    (SELECT ${assigneesOf} FROM action_items a WHERE a.id = t.last_item_id) AS assignees
               FROM action_threads t ${w.sql} ORDER BY t.last_seen DESC, t.id`,
          )
          .all(...w.params) as Row[]
      ).map((t) => ({
        ...t,
        assignees: JSON.parse(t['assignees'] as string),
        mentions: (mentions.all(t['id']) as Row[]).map((m) => ({...m, done: m['done'] === 1})),
      }))
    }
    const w = where([
      [person, 'EXISTS (SELECT 1 FROM action_assignees x WHERE x.action_id = a.id AND x.person_id = ?)'],
      [q.series, 'm.series = ?'],
      [q.since, 'm.date >= ?'],
      [status, `COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) = ?`],
    ])
    return (
      db
        .prepare(
          `SELECT a.id, a.meeting_id AS meetingId, m.path, m.series, m.date, a.topic, a.text, a.line, a.done, a.thread_id AS threadId,
                  COALESCE(t.status, CASE a.done WHEN 1 THEN 'done' ELSE 'open' END) AS status, ${assigneesOf} AS assignees
             FROM action_items a JOIN meetings m ON m.id = a.meeting_id LEFT JOIN action_threads t ON t.id = a.thread_id
            ${w.sql} ORDER BY m.date DESC, m.path, a.line, a.id`,
        )
        .all(...w.params) as Row[]
    )
      // The route's response schema has no meetingId.
      .map(({meetingId: _m, ...r}) => ({...r, done: r['done'] === 1, assignees: JSON.parse(r['assignees'] as string)}))
  },
  people() {
    return db
      .prepare(
        `SELECT COALESCE(p.handle, p.name) AS person, p.handle, p.name,
                (SELECT count(*) FROM attendance x WHERE x.person_id = p.id) AS meetings,
                (SELECT min(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id) AS firstSeen,
                (SELECT max(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id) AS lastSeen,
                (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                  WHERE x.person_id = p.id AND t.status = 'open') AS open,
                (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                  WHERE x.person_id = p.id AND t.status = 'done') AS done,
                (SELECT count(*) FROM topic_owners o WHERE o.person_id = p.id) AS topicsOwned
           FROM people p ORDER BY meetings DESC, person`,
      )
      .all() as Row[]
  },
  links(q) {
    const own = JSON.stringify(q.own ? [q.own] : [])
    const w = where([
      [q.upstream ? own : undefined, `l.kind IS NOT NULL AND COALESCE(lower(l.owner), '') NOT IN (SELECT lower(value) FROM json_each(?))`],
      [q.upstream ? own : undefined, `NOT EXISTS (SELECT 1 FROM json_each(?) o WHERE lower(l.owner) LIKE lower(o.value) || '/%')`],
      [q.owner, 'lower(l.owner) = lower(?)'],
      [q.kind, 'l.kind = ?'],
      [q.host, 'l.host = lower(?)'],
    ])
    return db
      .prepare(
        `SELECT l.url, l.text, m.path, m.date, l.line, l.topic, l.host, l.owner, l.repo, l.kind, l.number
           FROM links l JOIN meetings m ON m.id = l.meeting_id ${w.sql} ORDER BY m.date, m.path, l.line, l.id`,
      )
      .all(...w.params) as Row[]
  },
  problems(q) {
    const w = where([
      [q.rule, 'rule_id = ?'],
      [q.severity, 'severity = ?'],
      [q.path, 'path = ?'],
    ])
    return db.prepare(`SELECT path, line, "column", rule_id AS rule, severity, reason AS message FROM problems ${w.sql} ORDER BY path, line, "column"`).all(...w.params) as Row[]
  },
  series() {
    return db.prepare('SELECT series, count(*) AS meetings, min(date) AS firstDate, max(date) AS lastDate FROM meetings GROUP BY series ORDER BY series').all() as Row[]
  },
}

/** The old `sortRows`: a stable sort by `key` or `-key`, nulls last, strings by localeCompare. */
function sortRows(rows: Row[], sort: string | undefined): Row[] {
  if (!sort) return rows
  const desc = sort.startsWith('-')
  const key = desc ? sort.slice(1) : sort
  return [...rows].sort((a, b) => {
    const x = a[key]
    const y = b[key]
    if (x === y) return 0
    if (x === null || x === undefined) return 1
    if (y === null || y === undefined) return -1
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
    return desc ? -c : c
  })
}

// --- The walk ----------------------------------------------------------------------------------

const cases: Array<{route: string; list: string; filters: Query[]; sorts: string[]; columns: string[]}> = [
  {
    route: '/api/meetings',
    list: 'meetings',
    filters: [{}, {series: 'iaas'}, {person: '@fkr'}, {from: '2023-01-01', to: '2024-06-30'}, {person: '@nobody-here'}],
    sorts: ['date', '-date', 'path', '-path', 'series', '-series'],
    columns: ['id', 'date', 'series', 'path', 'title', 'participants', 'topics', 'actions', 'decisions', 'links', 'problems'],
  },
  {
    route: '/api/actions',
    list: 'actions',
    filters: [{}, {assignee: '@fkr', status: 'open'}, {series: 'container', status: 'done'}, {since: '2024-01-01'}],
    sorts: ['date', '-date', 'lastSeen', '-lastSeen', 'firstSeen', '-firstSeen', 'meetings', '-meetings', 'text', '-text'],
    columns: ['id', 'status', 'done', 'assignees', 'text', 'date', 'series', 'path', 'line', 'topic', 'threadId'],
  },
  {
    route: '/api/actions',
    list: 'actions',
    filters: [{threads: 'true'}, {threads: 'true', assignee: '@garloff', status: 'all'}, {threads: 'true', series: 'iaas', status: 'open'}, {threads: 'true', since: '2025-01-01'}],
    sorts: ['date', '-date', 'lastSeen', '-lastSeen', 'firstSeen', '-firstSeen', 'meetings', '-meetings', 'text', '-text'],
    columns: ['id', 'status', 'assignees', 'text', 'series', 'firstSeen', 'lastSeen', 'meetings', 'mentions'],
  },
  {
    route: '/api/links',
    list: 'links',
    filters: [{}, {kind: 'pull', host: 'github.com'}, {kind: 'pull'}, {host: 'github.com'}, {upstream: 'true', own: 'SovereignCloudStack'}, {owner: 'Kubernetes'}],
    sorts: ['date', '-date', 'url', '-url'],
    columns: ['date', 'path', 'line', 'topic', 'url', 'text', 'host', 'owner', 'repo', 'kind', 'number'],
  },
  {
    route: '/api/people',
    list: 'people',
    filters: [{}],
    sorts: ['person', '-person', 'meetings', '-meetings', 'open', '-open', 'lastSeen', '-lastSeen'],
    columns: ['person', 'handle', 'name', 'meetings', 'firstSeen', 'lastSeen', 'open', 'done', 'topicsOwned'],
  },
  {
    route: '/api/problems',
    list: 'problems',
    filters: [{}, {rule: 'date-mismatch'}, {severity: 'warning'}],
    sorts: ['path', '-path', 'rule', '-rule'],
    columns: ['path', 'line', 'column', 'rule', 'severity', 'message'],
  },
  {
    route: '/api/series',
    list: 'series',
    filters: [{}],
    sorts: ['series', '-series', 'meetings', '-meetings', 'lastDate', '-lastDate'],
    columns: ['series', 'meetings', 'firstDate', 'lastDate'],
  },
]

const json = async (url: string) => {
  const r = await app.inject({method: 'GET', url})
  expect(r.statusCode, url).toBe(200)
  return JSON.parse(r.body) as {rows: Row[]; next: string | null; total: number; totalIsExact: boolean}
}

/**
 * A read-only connection to the corpus database that records the SQL it prepares, and the plan of a
 * recorded statement (`EXPLAIN QUERY PLAN`, its steps joined by `; `; the parameters, anonymous and
 * bound by position, all NULL).
 */
function capturing(): {own: DB; made: string[]; plan: (sql: string) => string} {
  const own = openDatabase(inject('corpusDb'), {readonly: true})
  const made: string[] = []
  const prepare = own.prepare.bind(own)
  own.prepare = ((sql: string) => (made.push(sql), prepare(sql))) as typeof own.prepare
  const plan = (sql: string) =>
    (prepare(`EXPLAIN QUERY PLAN ${sql}`).all([...sql.matchAll(/\?/g)].map(() => null)) as Array<{detail: string}>).map((r) => r.detail).join('; ')
  return {own, made, plan}
}

describe('lists paged in SQL', () => {
  for (const c of cases) {
    for (const filter of c.filters) {
      const label = `${c.route}?${new URLSearchParams(filter)}`
      it(`${label}: every sort, every page, as the old JavaScript paging had them`, async () => {
        const unsorted = old[c.list]!(filter)
        for (const sort of [undefined, ...c.sorts]) {
          const expected = sortRows(unsorted, sort)
          // An odd page size, so pages end in the middle of runs of equal sort keys.
          const size = expected.length > 600 ? 97 : 7
          const params = new URLSearchParams({...filter, size: String(size), ...(sort ? {sort} : {})})
          const seen: Row[] = []
          let page = await json(`${c.route}?${params}`)
          for (let n = 0; ; n++) {
            const slice = expected.slice(n * size, (n + 1) * size)
            expect(page.rows, `${label} sort=${sort} page ${n}`).toEqual(slice)
            expect(page.total).toBe(Math.min(expected.length, maxTotal))
            expect(page.totalIsExact).toBe(expected.length <= maxTotal)
            seen.push(...page.rows)
            // The old offset paging had a next page exactly while rows were left.
            expect(page.next === null, `${label} sort=${sort} page ${n}: next`).toBe((n + 1) * size >= expected.length)
            if (!page.next) break
            page = await json(`${c.route}?${new URLSearchParams({...Object.fromEntries(params), cursor: page.next})}`)
          }
          expect(seen).toHaveLength(expected.length)
          // The CSV twin: every matching row, in the same order.
          const csv = await app.inject({method: 'GET', url: `${c.route}.csv?${new URLSearchParams({...filter, ...(sort ? {sort} : {})})}`})
          expect(csv.body, `${label} sort=${sort} csv`).toBe(toCsv(expected, c.columns, {escapeFormulas: true}))
        }
      })
    }
  }

  it('answers pages of any size, at any cursor, in any order, from statements made once per shape of page', async () => {
    // A server's connection makes each shape of page's statements once (keyset.ts, PagePlan): the
    // same filters with other values, other sizes and other cursors, asked in a shuffled order, must
    // each get their own rows.
    const asks: Array<{url: string; expected: Row[]}> = []
    for (const [route, list, filter, sort] of [
      ['/api/meetings', 'meetings', {series: 'iaas'}, undefined],
      ['/api/meetings', 'meetings', {series: 'container'}, '-path'],
      ['/api/actions', 'actions', {assignee: '@fkr', status: 'open'}, undefined],
      ['/api/actions', 'actions', {assignee: '@garloff', status: 'done'}, 'date'],
      ['/api/links', 'links', {kind: 'pull'}, undefined],
      ['/api/links', 'links', {kind: 'issue'}, '-date'],
    ] as Array<[string, string, Query, string | undefined]>) {
      const expected = sortRows(old[list]!(filter), sort)
      const base: Query = {...filter, ...(sort ? {sort} : {})}
      let cursor: string | null = null
      const url = (size: number, at: string | null): string => `${route}?${new URLSearchParams({...base, size: String(size), ...(at ? {cursor: at} : {})})}`
      for (let n = 0; n < 6; n++) {
        for (const size of [1, 3, 4, 9]) asks.push({url: url(size, cursor), expected: expected.slice(n * 4, n * 4 + size)})
        cursor = (await json(url(4, cursor))).next
        if (!cursor) break
      }
    }
    // A fixed shuffle: every shape asked before and after others.
    const order = asks.map((_, i) => i).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101) || a - b)
    for (const i of order) expect((await json(asks[i]!.url)).rows, asks[i]!.url).toEqual(asks[i]!.expected)
    expect(asks.length).toBeGreaterThan(100)
  })

  it('reads a page of all links, in any date order, from an index in list order (no sort of the matches)', () => {
    // Migration 017: without a filter the links list once walked the meetings by date and sorted each
    // date's links; now its ids come from an index, so a page costs the same at any size of collection.
    const {own, made, plan} = capturing()
    try {
      for (const sort of ['', 'date', '-date']) {
        const first = pageLinksJson(own, {}, {size: 7, sort})
        pageLinksJson(own, {}, {size: 7, sort, cursor: first.next!})
      }
      const pages = made.filter((sql) => /^SELECT l\.id AS id FROM/.test(sql.trim()))
      expect(pages).toHaveLength(6)
      for (const sql of pages) {
        expect(plan(sql), sql).toMatch(/USING COVERING INDEX links_(oldest|newest|dated)/)
        expect(plan(sql), sql).not.toMatch(/TEMP B-TREE/)
      }
    } finally {
      own.close()
    }
  })

  it("reads a page's rows with its keys, from the index it walks (no row looked up by id)", () => {
    // Migration 018: the indexes a page walks end with the row's kept JSON (a person's assignments
    // carry their item's), and a page reads its rows there, with the ids, in one statement.
    const {own, made, plan} = capturing()
    try {
      const walks: Array<(cursor?: string) => {next: string | null}> = [
        (cursor) => pageMeetingsJson(own, {series: 'iaas'}, {size: 7, cursor}),
        (cursor) => pageMeetingsJson(own, {}, {size: 7, cursor}),
        (cursor) => pageLinksJson(own, {kind: 'pull'}, {size: 7, cursor}),
        (cursor) => pageLinksJson(own, {host: 'github.com'}, {size: 7, cursor}),
        (cursor) => pageLinksJson(own, {}, {size: 7, sort: '-date', cursor}),
        (cursor) => pageActionsJson(own, {person: '@garloff', status: 'open'}, {size: 7, cursor}),
        (cursor) => pageActionsJson(own, {person: '@garloff', status: 'all'}, {size: 7, cursor}),
      ]
      for (const walk of walks) walk(walk().next!)
      const pages = made.filter((sql) => sql.includes(" || ' ' || "))
      expect(pages).toHaveLength(walks.length * 2)
      for (const sql of pages) {
        expect(plan(sql), sql).toMatch(/^(SEARCH|SCAN) \w+ USING COVERING INDEX (meetings|links|action_assignees)_/)
        expect(plan(sql), sql).not.toMatch(/TEMP B-TREE|;/)
      }
    } finally {
      own.close()
    }
  })

  it('prepares a shape of page once: later pages of it, at any cursor, prepare nothing', () => {
    // Plans are found by the parts of their SQL (keyset.ts); a key that changed from page to page
    // would prepare statements for every page, and pages of other filters must not share a plan.
    const own = openDatabase(inject('corpusDb'), {readonly: true})
    own.exec('BEGIN')
    let made = 0
    const prepare = own.prepare.bind(own)
    own.prepare = ((sql: string) => (made++, prepare(sql))) as typeof own.prepare
    const walks: Array<(cursor?: string) => {next: string | null; rows: string}> = [
      (cursor) => pageLinksJson(own, {kind: 'pull'}, {size: 7, cursor}),
      (cursor) => pageLinksJson(own, {host: 'github.com'}, {size: 7, cursor}),
      (cursor) => pageLinksJson(own, {}, {size: 7, sort: '-date', cursor}),
      (cursor) => pageMeetingsJson(own, {series: 'iaas'}, {size: 7, cursor}),
      (cursor) => pageActionsJson(own, {person: '@garloff', status: 'open'}, {size: 7, cursor}),
    ]
    try {
      for (const walk of walks) {
        const first = walk()
        const second = walk(first.next!)
        const before = made
        let page = walk(second.next!)
        const seen = new Set([first.rows, second.rows, page.rows])
        for (let i = 0; i < 8 && page.next; i++) {
          page = walk(page.next)
          seen.add(page.rows)
        }
        expect(made).toBe(before)
        expect(seen.size).toBeGreaterThan(3)
      }
      // The same pages again give the same rows (no plan of another filter answered them).
      for (const walk of walks) expect(walk().rows).toBe(walk().rows)
      expect(pageLinksJson(own, {kind: 'pull'}, {size: 7}).rows).not.toBe(pageLinksJson(own, {host: 'github.com'}, {size: 7}).rows)
    } finally {
      own.close()
    }
  })

  it('refuses a cursor of another sort or another list', async () => {
    const first = await json('/api/meetings?size=5&sort=path')
    for (const url of [`/api/meetings?size=5&sort=date&cursor=${first.next}`, `/api/links?size=5&cursor=${first.next}`, '/api/meetings?cursor=eyJvIjo1MH0']) {
      const r = await app.inject({method: 'GET', url})
      expect(r.statusCode, url).toBe(400)
      expect(JSON.parse(r.body).code).toBe('MINUTES_ERR_BAD_CURSOR')
    }
  })
})
