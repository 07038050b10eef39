import {watch} from 'node:fs'
import type {FastifyInstance} from 'fastify'
import type {IngestSummary} from '@minutes-kb/store'
import {buildApp, type AppOptions} from './app.ts'
import {Ingester} from './ingester.ts'

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
    await watcher.ready
  }
  const url = await app.listen({host: options.host ?? '127.0.0.1', port: options.port ?? 3000})
  return {app, url}
}

/**
 * Re-ingest `options.watch` when a minutes file changes — on a thread of its own (ingester.ts), so
 * that this thread goes on answering — then `swap` to the new state: one process's snapshot, or
 * every worker's (cluster.ts).
 */
export function watchMinutes(options: ServeOptions, swap: () => Promise<void>, logError: (error: unknown) => void): {close: () => Promise<void>; ready: Promise<void>} {
  const dir = options.watch!
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  let ingester = new Ingester()
  const ingest = async () => {
    // A thread that died (out of memory, say) is replaced: the next edit is ingested all the same.
    if (ingester.failed) ingester = new Ingester()
    try {
      const terms = await ingester.run({db: options.db, dir, aliases: options.aliases}, async (summary) => {
        if (summary.added + summary.changed + summary.moved + summary.removed > 0) await swap()
        options.onReingest?.(summary)
      })
      // The impact lists followed in a transaction of their own; the snapshot switches once more
      // when there are lists to see.
      if (terms > 0) await swap()
    } catch (error) {
      logError(error)
      options.onReingest?.(error as Error)
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
    ready: ingester.ready,
    close: async () => {
      watcher.close()
      clearTimeout(timer)
      again = false
      await running
      await ingester.close()
    },
  }
}
