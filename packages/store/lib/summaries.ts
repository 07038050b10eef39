import type {DB} from './database.ts'

/**
 * What the lists read besides the rows, brought up to date at the end of an ingest, in its
 * transaction: everyone's counts, and SQLite's statistics (`PRAGMA optimize` analyses the tables
 * that changed much). Without statistics the planner takes an equality filter for a narrow one:
 * `links?kind=pull` at 100× sorted every pull request (83 ms) instead of walking the date index
 * and keeping the pulls (2 ms).
 */
export function refreshListData(db: DB): void {
  refreshPersonStats(db)
  db.pragma('optimize')
}

/**
 * Everyone's counts for the people list (`person_stats`): meetings attended, first and last seen,
 * open and done threads, topics owned. Counting them for every person on every request read the
 * whole collection; they are recomputed in the ingest's transaction, for the people whose mentions
 * or threads changed (triggers note them in `person_stats_stale`, migration 006).
 */
export function refreshPersonStats(db: DB): number {
  const refreshed = db
    .prepare(
      `INSERT OR REPLACE INTO person_stats (person_id, person, meetings, first_seen, last_seen, open, done, topics_owned)
       SELECT p.id, COALESCE(p.handle, p.name, p.key),
              (SELECT count(*) FROM attendance x WHERE x.person_id = p.id),
              (SELECT min(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id),
              (SELECT max(m.date) FROM attendance x JOIN meetings m ON m.id = x.meeting_id WHERE x.person_id = p.id),
              (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                WHERE x.person_id = p.id AND t.status = 'open'),
              (SELECT count(DISTINCT t.id) FROM action_assignees x JOIN action_items a ON a.id = x.action_id JOIN action_threads t ON t.id = a.thread_id
                WHERE x.person_id = p.id AND t.status = 'done'),
              (SELECT count(*) FROM topic_owners o WHERE o.person_id = p.id)
         FROM people p WHERE p.id IN (SELECT person_id FROM person_stats_stale)`,
    )
    .run().changes
  db.prepare('DELETE FROM person_stats_stale').run()
  return refreshed
}
