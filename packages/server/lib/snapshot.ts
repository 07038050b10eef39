import {openDatabase, type DB} from '@minutes-kb/store'
import {Searcher, type SearchOptions} from '@minutes-kb/search'

export interface CachedResponse {
  body: string | Buffer
  type: string
  disposition?: string
}

/**
 * Answers by URL, least recently used first out: at most `maxEntries` of them and `maxChars`
 * characters (bytes, for the answers SQLite made) of bodies in all (a CSV of every link can be
 * megabytes). A body larger than a quarter of the budget is not kept: it would push out hundreds of
 * small answers.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>()
  private chars = 0

  constructor(
    readonly maxEntries = 2000,
    readonly maxChars = 32 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size
  }

  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key)
    if (hit) {
      // A Map iterates in insertion order: re-inserting makes this the most recently used.
      this.entries.delete(key)
      this.entries.set(key, hit)
    }
    return hit
  }

  set(key: string, value: CachedResponse): void {
    this.delete(key)
    if (this.maxEntries === 0 || value.body.length > this.maxChars / 4) return
    this.entries.set(key, value)
    this.chars += value.body.length
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break
      this.delete(oldest)
    }
  }

  clear(): void {
    this.entries.clear()
    this.chars = 0
  }

  private delete(key: string): void {
    const old = this.entries.get(key)
    if (!old) return
    this.entries.delete(key)
    this.chars -= old.body.length
  }
}

/**
 * What requests read: one read-only connection and the search index that goes with it, and the
 * answers already given from them (a database that has not changed answers the same). The
 * connection holds a read transaction from the start: every query of the snapshot — the rows, the
 * Lunr shards it loads later, the counts — reads the state committed when it was opened, whatever
 * another connection or process commits meanwhile.
 */
export class Snapshot {
  readonly searcher: Searcher
  readonly responses: ResponseCache

  constructor(
    readonly db: DB,
    readonly version: number,
    search: SearchOptions,
    cacheEntries?: number,
  ) {
    db.exec('BEGIN')
    db.prepare('SELECT count(*) FROM sqlite_master').get() // the first read starts the read transaction
    this.searcher = new Searcher(db, search)
    this.responses = new ResponseCache(cacheEntries)
  }

  static open(path: string, version: number, search: SearchOptions, cacheEntries?: number): Snapshot {
    return new Snapshot(openDatabase(path, {readonly: true}), version, search, cacheEntries)
  }

  close(): void {
    this.searcher.close()
    if (this.db.inTransaction) this.db.exec('COMMIT')
    this.db.close()
  }
}

/**
 * Holds the current snapshot. Every handler reads the database synchronously — one request's
 * queries run in one turn of the event loop — so a request sees the snapshot that was current when
 * it ran, whole. `swap` (after `--watch` committed an ingest) opens the new state and makes it
 * current in one assignment: requests see the old state or the new one, never a mix. A commit by
 * anyone else (a `minutes ingest` in another process) is noticed through SQLite's `data_version` on
 * a connection of its own, looked at by the first request at least `lookEveryMs` after the last
 * look, and swapped in the same way: a request that starts a millisecond after the commit sees it.
 * Looking costs a read transaction on that connection (8 µs, a tenth of a list page's CPU in the
 * server and a third of `/healthz`'s); once a millisecond, a fraction of a µs a request under load.
 */
export class Snapshots {
  private current: Snapshot
  /** Not pinned: its `data_version` changes when any other connection commits. */
  private readonly probe: DB
  private readonly probeVersion: {get: () => unknown}
  private seen: number
  /** `performance.now()` after which the next request looks at `data_version`. */
  private nextLook = 0

  constructor(
    private readonly path: string,
    private readonly search: SearchOptions,
    private readonly cacheEntries?: number,
    private readonly lookEveryMs = 1,
  ) {
    this.probe = openDatabase(path, {readonly: true})
    this.probeVersion = this.probe.prepare('PRAGMA data_version').pluck()
    this.seen = this.dataVersion()
    this.current = Snapshot.open(path, 1, search, cacheEntries)
  }

  get latest(): Snapshot {
    const now = performance.now()
    if (now >= this.nextLook) {
      this.nextLook = now + this.lookEveryMs
      if (this.dataVersion() !== this.seen) this.swap()
    }
    return this.current
  }

  /** `latest`, looking at `data_version` now, whenever the last look was (a worker told of a commit). */
  look(): Snapshot {
    this.nextLook = 0
    return this.latest
  }

  swap(): Snapshot {
    // Read before the new snapshot opens: it then holds this state or a newer one, never an older.
    this.seen = this.dataVersion()
    const next = Snapshot.open(this.path, this.current.version + 1, this.search, this.cacheEntries)
    const old = this.current
    this.current = next
    old.close()
    return next
  }

  close(): void {
    this.current.close()
    this.probe.close()
  }

  private dataVersion(): number {
    return this.probeVersion.get() as number
  }
}
