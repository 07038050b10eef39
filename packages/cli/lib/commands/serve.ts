import {resolve} from 'node:path'
import {startServer} from '@minutes-kb/server'
import type {Engine} from '@minutes-kb/search'
import type {IO} from '../program.ts'
import {UsageError} from '../errors.ts'
import {requireDatabase} from './queries.ts'

export interface ServeOptions {
  db: string
  host: string
  port: string
  watch?: string
  aliases?: string
  engine: Engine
  rateLimit: string
  cors?: string[]
}

/** `minutes serve`: the API and the web page; with `--watch DIR` edits show up within a second. */
export async function serveCommand(options: ServeOptions, io: IO): Promise<number> {
  requireDatabase(options.db)
  const port = Number(options.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number, got \`${options.port}\``)
  const rateLimit = options.rateLimit === 'off' ? false : Number(options.rateLimit)
  if (rateLimit !== false && (!Number.isInteger(rateLimit) || rateLimit < 1)) throw new UsageError(`--rate-limit expects requests per minute or \`off\`, got \`${options.rateLimit}\``)
  const {app, url} = await startServer({
    db: resolve(options.db),
    host: options.host,
    port,
    watch: options.watch ? resolve(options.watch) : undefined,
    aliases: options.aliases ? resolve(options.aliases) : undefined,
    search: {engine: options.engine},
    rateLimit,
    cors: options.cors,
    onReingest: (s) => {
      if (s instanceof Error) io.err.write(`watch: ingest failed: ${s.message}\n`)
      else if (s.added + s.changed + s.moved + s.removed > 0) io.err.write(`watch: added ${s.added}, changed ${s.changed}, moved ${s.moved}, removed ${s.removed} in ${s.seconds.toFixed(2)} s\n`)
    },
  })
  io.out.write(`minutes-kb serving ${options.db} at ${url}  (API docs: ${url}/docs${options.watch ? `; watching ${options.watch}` : ''})\n`)
  await new Promise<void>((done) => {
    const stop = () => void app.close().then(done)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return 0
}
