import {openDatabase, type DB} from '@minutes-kb/store'
import {Searcher, type SearchOptions} from '@minutes-kb/search'

/**
 * What requests read: one read-only connection and the search index that goes with it, and the
 * answers already given from them (a database that has not changed answers the same).
 */
export class Snapshot {
  readonly searcher: Searcher
  readonly responses = new Map<string, {body: string; type: string; disposition?: string}>()

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
  ) {
    this.current = Snapshot.open(path, 1, search)
  }

  get latest(): Snapshot {
    return this.current
  }

  swap(): Snapshot {
    const next = Snapshot.open(this.path, this.current.version + 1, this.search)
    const old = this.current
    this.current = next
    old.close()
    return next
  }

  close(): void {
    this.current.close()
  }
}
