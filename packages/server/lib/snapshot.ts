import {openDatabase, type DB} from '@minutes-kb/store'
import {Searcher, type SearchOptions} from '@minutes-kb/search'

export interface CachedResponse {
  body: string
  type: string
  disposition?: string
}

/**
 * Answers by URL, least recently used first out: at most `maxEntries` of them and `maxChars`
 * characters of bodies in all (a CSV of every link can be megabytes). A body larger than a quarter
 * of the budget is not kept: it would push out hundreds of small answers.
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
 * answers already given from them (a database that has not changed answers the same).
 */
export class Snapshot {
  readonly searcher: Searcher
  readonly responses: ResponseCache
  private readonly dataVersion
  private seen: unknown

  constructor(
    readonly db: DB,
    readonly version: number,
    search: SearchOptions,
    cacheEntries?: number,
  ) {
    this.searcher = new Searcher(db, search)
    this.responses = new ResponseCache(cacheEntries)
    this.dataVersion = db.prepare('PRAGMA data_version').pluck()
    this.seen = this.dataVersion.get()
  }

  /**
   * Forget the cached answers when another process has committed to the database since they were
   * given (`minutes upstream sync` writing upstream state while the server runs).
   */
  checkWrites(): void {
    const version = this.dataVersion.get()
    if (version === this.seen) return
    this.seen = version
    this.responses.clear()
  }

  static open(path: string, version: number, search: SearchOptions, cacheEntries?: number): Snapshot {
    return new Snapshot(openDatabase(path, {readonly: true}), version, search, cacheEntries)
  }

  close(): void {
    this.searcher.close()
    this.db.close()
  }
}

/**
 * Holds the current snapshot. Every handler reads the database synchronously — one request's
 * queries run in one turn of the event loop — so a request sees the snapshot that was current when
 * it ran, whole. `swap` (after `--watch` committed an ingest) opens the new state and makes it
 * current in one assignment: requests see the old state or the new one, never a mix.
 */
export class Snapshots {
  private current: Snapshot

  constructor(
    private readonly path: string,
    private readonly search: SearchOptions,
    private readonly cacheEntries?: number,
  ) {
    this.current = Snapshot.open(path, 1, search, cacheEntries)
  }

  get latest(): Snapshot {
    this.current.checkWrites()
    return this.current
  }

  swap(): Snapshot {
    const next = Snapshot.open(this.path, this.current.version + 1, this.search, this.cacheEntries)
    const old = this.current
    this.current = next
    old.close()
    return next
  }

  close(): void {
    this.current.close()
  }
}
