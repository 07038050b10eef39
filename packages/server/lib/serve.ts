import {watch, type FSWatcher} from 'node:fs'
import type {FastifyInstance} from 'fastify'
import {ingestDirectory, openDatabase, type IngestSummary} from '@minutes-kb/store'
import {updateSearchIndex} from '@minutes-kb/search'
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
  let watcher: FSWatcher | undefined
  if (options.watch) watcher = watchMinutes(app, options)
  app.addHook('onClose', async () => watcher?.close())
  const url = await app.listen({host: options.host ?? '127.0.0.1', port: options.port ?? 3000})
  return {app, url}
}

function watchMinutes(app: FastifyInstance, options: ServeOptions): FSWatcher {
  const dir = options.watch!
  let timer: NodeJS.Timeout | undefined
  let running = false
  let again = false
  const run = async () => {
    if (running) {
      again = true
      return
    }
    running = true
    const db = openDatabase(options.db)
    try {
      const summary = await ingestDirectory(db, dir, {
        aliases: options.aliases,
        beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes)),
      })
      if (summary.added + summary.changed + summary.moved + summary.removed > 0) app.minutes.swap()
      options.onReingest?.(summary)
    } catch (error) {
      app.log.error(error)
      options.onReingest?.(error as Error)
    } finally {
      db.close()
      running = false
      if (again) {
        again = false
        void run()
      }
    }
  }
  // Editors write in bursts (temp file, rename, write): wait for the burst to end.
  return watch(dir, {recursive: true}, (_event, name) => {
    if (name && !String(name).endsWith('.md') && !String(name).endsWith('.json')) return
    clearTimeout(timer)
    timer = setTimeout(() => void run(), 100)
  })
}
