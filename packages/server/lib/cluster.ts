import cluster, {type Worker} from 'node:cluster'
import {availableParallelism} from 'node:os'
import {buildApp} from './app.ts'
import {watchMinutes, type ServeOptions} from './serve.ts'

/**
 * `minutes serve --workers N`: N processes (Node cluster) answer on one port, each with its own
 * read-only snapshot of the same database; the primary process accepts connections and hands them
 * round-robin to the workers, and is the one watcher and ingester. After an ingest commits, it tells
 * every worker to switch to the new snapshot and waits until each has: no worker answers from the
 * old state for longer than that switch.
 */

/** Workers by default: one per core, at most 8 (SQLite readers do not share a page cache). */
export function defaultWorkers(): number {
  return Math.min(availableParallelism(), 8)
}

/** What the primary and a worker say to each other. */
type ToWorker = {type: 'swap'} | {type: 'close'}
type FromWorker = {type: 'listening'; url: string} | {type: 'swapped'; snapshot: number} | {type: 'failed'; message: string}

export interface ClusterOptions extends Omit<ServeOptions, 'logger'> {
  workers: number
  /** The script a worker runs: it calls `runWorker()` (the `minutes` command's `bin/serve-worker.mjs`). */
  entry: string
  /** V8 flags for the workers' Node (the `minutes` command's `serveNodeFlags`). */
  execArgv?: string[]
  /** For the primary's own messages (a worker that died and was replaced). */
  log?: (message: string) => void
}

/** Start the workers and, with `watch`, the watcher; resolves once every worker listens. */
export async function serveWorkers(options: ClusterOptions): Promise<{url: string; close: () => Promise<void>}> {
  const {workers: count, entry, execArgv = [], watch: _watch, onReingest: _onReingest, log, ...workerOptions} = options
  cluster.setupPrimary({exec: entry, args: [], execArgv, silent: false})
  const env = {MINUTES_SERVE_WORKER: JSON.stringify(workerOptions)}
  let closing = false
  const workers = new Set<Worker>()
  const fork = () =>
    new Promise<string>((resolve, reject) => {
      const worker = cluster.fork(env)
      workers.add(worker)
      let listening = false
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'listening') {
          listening = true
          resolve(message.url)
        }
        if (message.type === 'failed') reject(new Error(message.message))
      })
      worker.on('exit', (code, signal) => {
        workers.delete(worker)
        reject(new Error(`worker exited with ${signal ?? code} before listening`))
        // A worker that dies while serving is replaced; one that could not start, or was told to close, is not.
        if (!closing && listening) {
          log?.(`worker ${worker.process.pid} exited with ${signal ?? code}; starting another`)
          fork().catch((error: Error) => log?.(`cannot start a worker: ${error.message}`))
        }
      })
    })
  let urls: string[]
  try {
    urls = await Promise.all(Array.from({length: count}, fork))
  } catch (error) {
    // One worker could not start (a database to migrate first): none serves.
    closing = true
    for (const worker of workers) worker.process.kill()
    throw error
  }
  const swapAll = () =>
    Promise.all(
      [...workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            const done = (message: FromWorker) => {
              if (message.type !== 'swapped') return
              worker.off('message', done)
              worker.off('exit', gone)
              resolve()
            }
            const gone = () => resolve()
            worker.on('message', done)
            worker.once('exit', gone)
            worker.send({type: 'swap'} satisfies ToWorker)
          }),
      ),
    ).then(() => undefined)
  const watcher = options.watch ? watchMinutes(options, swapAll, (error) => log?.(`watch: ${(error as Error).message}`)) : undefined
  await watcher?.ready
  return {
    url: urls[0]!,
    close: async () => {
      closing = true
      await watcher?.close()
      await Promise.all(
        [...workers].map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve())
              worker.send({type: 'close'} satisfies ToWorker)
            }),
        ),
      )
    },
  }
}

/** A worker's life: serve the snapshot, switch when told, close when told. */
export async function runWorker(): Promise<void> {
  const send = (message: FromWorker) => process.send?.(message)
  try {
    const options = JSON.parse(process.env['MINUTES_SERVE_WORKER'] ?? '{}') as ServeOptions
    const app = await buildApp(options)
    process.on('message', (message: ToWorker) => {
      // `look` opens the committed state unless a request already did (it noticed the commit through
      // data_version): swapping again would open a second snapshot of the same state. It looks now,
      // not at most once a millisecond as requests do.
      if (message.type === 'swap') send({type: 'swapped', snapshot: app.minutes.look().version})
      if (message.type === 'close') void app.close().then(() => process.exit(0))
    })
    // The primary handles the signals: a worker waits to be told, so requests in flight finish.
    // Without a primary (killed), nothing would tell it: it leaves.
    process.on('SIGINT', () => undefined)
    process.on('SIGTERM', () => undefined)
    process.on('disconnect', () => void app.close().then(() => process.exit(0)))
    const url = await app.listen({host: options.host ?? '127.0.0.1', port: options.port ?? 3000})
    send({type: 'listening', url})
  } catch (error) {
    send({type: 'failed', message: (error as Error).message})
    process.exit(1)
  }
}
