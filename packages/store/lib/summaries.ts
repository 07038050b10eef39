import type {DB} from './database.ts'

/**
 * What the lists read besides the rows, brought up to date at the end of an ingest, in its
 * transaction: everyone's counts, the threads per status (how to read a person's tasks, queries.ts),
 * and SQLite's statistics (`PRAGMA optimize` analyses the tables that changed much). Without
 * statistics the planner takes an equality filter for a narrow one: `links?kind=pull` at 100×
 * sorted every pull request (83 ms) instead of walking the date index and keeping the pulls (2 ms).
 */
export function refreshListData(db: DB): void {
  refreshPersonStats(db)
  db.prepare('DELETE FROM thread_counts').run()
  db.prepare('INSERT INTO thread_counts (status, threads) SELECT status, count(*) FROM action_threads GROUP BY status').run()
  db.pragma('optimize')
}

/**
 * Everyone's counts for the people list (`person_stats`): meetings attended, first and last seen,
 * open and done threads, topics owned, and their action items per status (for the first page of them). Counting them for every person on every request read the
 * whole collection; they are recomputed in the ingest's transaction, for the people whose mentions
 * or threads changed (triggers note them in `person_stats_stale`, migration 006).
 */
export function refreshPersonStats(db: DB): number {
  const refreshed = db
    .prepare(
      `INSERT OR REPLACE INTO person_stats (person_id, person, meetings, first_seen, last_seen, open, done, topics_owned, items_open, items_done)
       SELECT p.id, COALESCE(p.handle, p.name, p.key),
              (SELECT count(*) FROM attendance x WHERE x.person_id = p.id),
              (SELECT min(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id),
              (SELECT max(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id),
              (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                WHERE x.person_id = p.id AND t.status = 'open'),
              (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                WHERE x.person_id = p.id AND t.status = 'done'),
              (SELECT count(*) FROM topic_owners o WHERE o.person_id = p.id),
              ${itemsWith('open')}, ${itemsWith('done')}
         FROM people p WHERE p.id IN (SELECT person_id FROM person_stats_stale)`,
    )
    .run().changes
  refreshPersonSummaries(db)
  db.prepare('DELETE FROM person_stats_stale').run()
  return refreshed
}

/**
 * How many of person `p`'s action items have `status` (their thread's, or their own done flag, which each
 * assignment carries: migration 016), read from the index of their assignments by status: what the first
 * page of their items counts without them (migration 014).
 */
const itemsWith = (status: 'open' | 'done') => `(SELECT count(*) FROM action_assignees x WHERE x.person_id = p.id AND x.item_status = '${status}')`

/** How many of someone's latest meetings `person_summaries` keeps (the person page shows 20). */
export const latestKept = 20

/**
 * What a person's page shows of their attendance (`person_summaries`, migration 009): the spellings
 * the minutes wrote for them, their meetings per series and year and the latest of them, for the
 * people whose attendance changed. Someone without attendance has no row (the page reads none as empty).
 */
function refreshPersonSummaries(db: DB): void {
  const stale = "SELECT person_id FROM person_stats_stale WHERE what = 'attendance'"
  db.prepare(`DELETE FROM person_summaries WHERE person_id IN (${stale})`).run()
  db.prepare(
    `INSERT INTO person_summaries (person_id, written, attendance, latest)
     SELECT p.id,
            (SELECT json_group_array(w ORDER BY k, w) FROM (
               SELECT DISTINCT name AS w, 0 AS k FROM attendance WHERE person_id = p.id AND name IS NOT NULL
               UNION ALL SELECT DISTINCT written, 1 FROM attendance WHERE person_id = p.id)),
            (SELECT json_group_array(json_array(series, year, n) ORDER BY series, year) FROM (
               SELECT m.series, substr(m.date, 1, 4) AS year, count(*) AS n FROM attendance x JOIN meetings m ON m.id = x.meeting_id
                WHERE x.person_id = p.id GROUP BY m.series, year)),
            (SELECT json_group_array(json_object('id', id, 'date', date, 'title', title, 'path', path, 'series', series) ORDER BY k) FROM (
               SELECT m.id, m.date, m.title, m.path, m.series, row_number() OVER (ORDER BY m.date DESC, m.path, m.position) AS k
                 FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id ORDER BY k LIMIT ${latestKept}))
       FROM people p WHERE p.id IN (${stale}) AND EXISTS (SELECT 1 FROM attendance x WHERE x.person_id = p.id)`,
  ).run()
}
