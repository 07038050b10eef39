import {watch} from 'node:fs'
import type {FastifyInstance} from 'fastify'
import {ingestDirectory, openDatabase, ParsePool, type IngestSummary} from '@minutes-kb/store'
import {refreshImpacts, updateSearchIndex} from '@minutes-kb/search'
import {buildApp, type AppOptions} from './app.ts'

export interface ServeOptions extends AppOptions {
  host?: string
  port?: number
  /** Re-ingest this folder when a minutes file changes, then swap the snapshot. */
  watch?: string
  aliases?: string
  /** Called after each re-ingest (for logs and tests). */
  onReingest?: (summary: IngestSummary | Error) => void
}

/**
 * Listen (127.0.0.1 unless told otherwise). With `watch`, a changed, added or removed minutes file
 * is ingested on a connection of its own, and the new state (database and search shards) replaces
 * the old one in one step once it is committed.
 */
export async function startServer(options: ServeOptions): Promise<{app: FastifyInstance; url: string}> {
  const app = await buildApp(options)
  if (options.watch) {
    const watcher = watchMinutes(options, async () => void app.minutes.swap(), (error) => app.log.error(error))
    app.addHook('onClose', async () => watcher.close())
  }
  const url = await app.listen({host: options.host ?? '127.0.0.1', port: options.port ?? 3000})
  return {app, url}
}

/** Parse workers stay warm this long after the last re-ingest, then their memory is given back. */
const warmWorkersMs = 5 * 60_000

/**
 * Re-ingest `options.watch` when a minutes file changes (on a write connection of its own), then
 * `swap` to the new state — one process's snapshot, or every worker's (cluster.ts).
 */
export function watchMinutes(options: ServeOptions, swap: () => Promise<void>, logError: (error: unknown) => void): {close: () => Promise<void>} {
  const dir = options.watch!
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  let pool: ParsePool | undefined
  let idle: NodeJS.Timeout | undefined
  const closePool = async () => {
    clearTimeout(idle)
    const p = pool
    pool = undefined
    await p?.close()
  }
  // Workers started and warmed up now, so the first edit is quick too.
  const warming = ParsePool.start().then(async (p) => {
    pool = p
    await p.warmUp()
    idle = setTimeout(() => void closePool(), warmWorkersMs).unref()
  })
  const ingest = async () => {
    await warming.catch(() => undefined)
    clearTimeout(idle)
    const db = openDatabase(options.db)
    try {
      pool ??= await ParsePool.start()
      const summary = await ingestDirectory(db, dir, {
        aliases: options.aliases,
        pool,
        beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes)),
      })
      if (summary.added + summary.changed + summary.moved + summary.removed > 0) await swap()
      options.onReingest?.(summary)
      // The impact lists follow in a transaction of their own (seconds at 100×); the workers
      // answer from FTS5 alone meanwhile, then switch once more — when there are lists to see.
      if ((refreshImpacts(db)?.terms ?? 0) > 0) await swap()
    } catch (error) {
      logError(error)
      options.onReingest?.(error as Error)
      // A worker that failed may be gone: the next run starts fresh ones.
      await closePool()
    } finally {
      db.close()
      idle = setTimeout(() => void closePool(), warmWorkersMs).unref()
    }
  }
  const run = () => {
    if (running) {
      again = true
      return
    }
    running = ingest().finally(() => {
      running = undefined
      if (again) {
        again = false
        run()
      }
    })
  }
  // Editors write in bursts (temp file, rename, write): wait for the burst to end.
  const watcher = watch(dir, {recursive: true}, (_event, name) => {
    if (name && !String(name).endsWith('.md') && !String(name).endsWith('.json')) return
    clearTimeout(timer)
    timer = setTimeout(run, 100)
  })
  return {
    close: async () => {
      watcher.close()
      clearTimeout(timer)
      again = false
      await warming.catch(() => undefined)
      await running
      await closePool()
    },
  }
}
