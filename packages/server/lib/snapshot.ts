import {openDatabase, type DB} from '@minutes-kb/store'
import {Searcher, type SearchOptions} from '@minutes-kb/search'

/**
 * What a request reads: one read-only connection and the search index that goes with it. A
 * request takes the current snapshot when it starts and uses only it; `--watch` replaces the
 * snapshot after its ingest commits, so a request sees the old state or the new one, never a mix.
 */
export class Snapshot {
  readonly searcher: Searcher
  /** Cached responses of this snapshot: a database that has not changed answers the same. */
  readonly responses = new Map<string, {body: string; type: string}>()

  constructor(
    readonly db: DB,
    readonly version: number,
    search: SearchOptions,
  ) {
    this.searcher = new Searcher(db, search)
  }

  static open(path: string, version: number, search: SearchOptions): Snapshot {
    return new Snapshot(openDatabase(path, {readonly: true}), version, search)
  }

  close(): void {
    this.db.close()
  }
}

/** Holds the current snapshot; old ones close once no request uses them. */
export class Snapshots {
  private current: Snapshot
  private readonly users = new Map<Snapshot, number>()
  private readonly retired = new Set<Snapshot>()

  constructor(
    private readonly path: string,
    private readonly search: SearchOptions,
  ) {
    this.current = Snapshot.open(path, 1, search)
  }

  /** The snapshot for a request; call `release` when the response is sent. */
  acquire(): Snapshot {
    const s = this.current
    this.users.set(s, (this.users.get(s) ?? 0) + 1)
    return s
  }

  release(s: Snapshot): void {
    const n = (this.users.get(s) ?? 1) - 1
    if (n > 0) this.users.set(s, n)
    else {
      this.users.delete(s)
      if (this.retired.delete(s)) s.close()
    }
  }

  get latest(): Snapshot {
    return this.current
  }

  /** Open the database's new state and make it current (after a committed ingest). */
  swap(): Snapshot {
    const next = Snapshot.open(this.path, this.current.version + 1, this.search)
    const old = this.current
    this.current = next
    if (this.users.has(old)) this.retired.add(old)
    else old.close()
    return next
  }

  close(): void {
    for (const s of [this.current, ...this.retired]) s.close()
    this.retired.clear()
  }
}
