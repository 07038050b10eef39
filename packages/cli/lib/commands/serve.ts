import {resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {defaultWorkers, serveWorkers, startServer, type ServeOptions as ServerOptions} from '@minutes-kb/server'
import type {Engine} from '@minutes-kb/search'
import type {IO} from '../program.ts'
import {UsageError} from '../errors.ts'
import {requireDatabase} from './queries.ts'
import {serveNodeFlags} from '../../bin/node-flags.mjs'

export interface ServeOptions {
  db: string
  host: string
  port: string
  watch?: string
  aliases?: string
  engine: Engine
  rateLimit: string
  cors?: string[]
  workers?: string
  cache?: string
}

/** `minutes serve`: the API and the web page; with `--watch DIR` edits show up within a second. */
export async function serveCommand(options: ServeOptions, io: IO): Promise<number> {
  requireDatabase(options.db)
  const port = Number(options.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number, got \`${options.port}\``)
  const rateLimit = options.rateLimit === 'off' ? false : Number(options.rateLimit)
  if (rateLimit !== false && (!Number.isInteger(rateLimit) || rateLimit < 1)) throw new UsageError(`--rate-limit expects requests per minute or \`off\`, got \`${options.rateLimit}\``)
  const cache = options.cache === undefined ? undefined : Number(options.cache)
  if (cache !== undefined && (!Number.isInteger(cache) || cache < 0)) throw new UsageError(`--cache expects a number of answers (0 for none), got \`${options.cache}\``)
  const workers = options.workers === undefined ? defaultWorkers() : Number(options.workers)
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) throw new UsageError(`--workers expects 1 to 8, got \`${options.workers}\``)
  const serve: ServerOptions = {
    db: resolve(options.db),
    host: options.host,
    port,
    watch: options.watch ? resolve(options.watch) : undefined,
    aliases: options.aliases ? resolve(options.aliases) : undefined,
    search: {engine: options.engine},
    rateLimit,
    cors: options.cors,
    cache,
    onReingest: (s) => {
      if (s instanceof Error) io.err.write(`watch: ingest failed: ${s.message}\n`)
      else if (s.added + s.changed + s.moved + s.removed > 0) io.err.write(`watch: added ${s.added}, changed ${s.changed}, moved ${s.moved}, removed ${s.removed} in ${s.seconds.toFixed(2)} s\n`)
    },
  }
  // One worker: this process serves (and watches). More: a cluster of workers, this process watching.
  const server =
    workers === 1
      ? await startServer(serve).then(({app, url}) => ({url, close: () => app.close()}))
      : await serveWorkers({...serve, workers, entry: fileURLToPath(new URL('../../bin/serve-worker.mjs', import.meta.url)), execArgv: serveNodeFlags, log: (m) => io.err.write(`${m}\n`)})
  const {url} = server
  io.out.write(`minutes-kb serving ${options.db} at ${url}  (${workers === 1 ? '1 process' : `${workers} workers`}; API docs: ${url}/docs${options.watch ? `; watching ${options.watch}` : ''})\n`)
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return 0
}
