import {SingleBar} from 'cli-progress'
import {openDatabase} from '@minutes-kb/store'
import {resolveOptions, syncUpstream, SyncOptionsError, type SyncOptions, type SyncSummary} from '@minutes-kb/upstream'
import {UsageError} from '../errors.ts'
import type {IO} from '../program.ts'
import {requireDatabase} from './queries.ts'

export interface SyncCommandOptions {
  db: string
  host?: string[]
  only?: string
  baseUrl?: string[]
  refresh?: boolean
  batchSize?: string
  json?: boolean
  quiet?: boolean
  verbose?: boolean
}

/**
 * `minutes upstream sync`: the only command that uses the network. Tokens come from the environment
 * (`GITHUB_TOKEN`, `GITLAB_TOKEN`) and go nowhere else: not into the database, not into any output.
 */
export async function syncCommand(options: SyncCommandOptions, io: IO): Promise<number> {
  const settings: SyncOptions = {
    hosts: options.host,
    only: options.only,
    baseUrls: baseUrls(options.baseUrl ?? [], options.host),
    refresh: options.refresh,
    batchSize: options.batchSize === undefined ? undefined : Number(options.batchSize),
    tokens: {github: process.env['GITHUB_TOKEN'], gitlab: process.env['GITLAB_TOKEN']},
  }
  try {
    resolveOptions(settings)
  } catch (error) {
    if (error instanceof SyncOptionsError) throw new UsageError(error.message)
    throw error
  }
  requireDatabase(options.db)
  // An ingest running beside holds the write lock for its whole run: wait for it rather than fail.
  const db = openDatabase(options.db, {timeout: 5 * 60_000})
  const isTTY = Boolean((io.err as {isTTY?: boolean}).isTTY)
  const bar = !options.quiet && isTTY ? new SingleBar({format: 'upstream {bar} {value}/{total} items | {requests} requests | ETA {eta_formatted}', stream: io.err as NodeJS.WriteStream, hideCursor: true}) : null
  let lastLine = 0
  let summary: SyncSummary
  try {
    summary = await syncUpstream(db, {
      ...settings,
      log: options.quiet ? undefined : (message) => io.err.write(`upstream: ${message}\n`),
      onRequest: options.verbose ? (r) => io.err.write(`${r.method} ${r.url} ${r.status ?? 'no answer'} ${r.ms.toFixed(0)} ms\n`) : undefined,
      onProgress: (p) => {
        if (bar) {
          if (!bar.isActive) bar.start(p.total, 0, {requests: 0})
          bar.update(p.done, {requests: p.requests})
        } else if (!options.quiet && (performance.now() - lastLine > 2000 || p.done === p.total)) {
          lastLine = performance.now()
          io.err.write(`upstream: ${p.done}/${p.total} items, ${p.requests} requests\n`)
        }
      },
    })
  } finally {
    bar?.stop()
    db.close()
  }
  if (options.json) io.out.write(JSON.stringify(summary) + '\n')
  else {
    const s = summary
    io.out.write(
      `${s.references} references, ${s.checked} checked${s.resumed ? ' (resumed)' : ''}, ${s.skipped} skipped: ${s.changed} changed, ${s.unchanged} unchanged, ` +
        `${s.gone} gone, ${s.private} private, ${s.errors} errors; ${s.requests} requests (${s.notModified} not modified) in ${s.seconds.toFixed(2)} s\n`,
    )
  }
  for (const message of summary.messages) io.err.write(`upstream: error: ${message}\n`)
  if (summary.errors) io.err.write('upstream: run `minutes upstream sync` again to retry what failed\n')
  return summary.errors ? 1 : 0
}

/** `--base-url URL` (for the one `--host`) or `--base-url HOST=URL`, any number of them. */
function baseUrls(values: string[], hosts: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    const pair = /^([a-z0-9.-]+)=(.+)$/i.exec(value)
    if (pair) out[pair[1]!] = pair[2]!
    else if (hosts?.length === 1) out[hosts[0]!] = value
    else throw new UsageError(`--base-url expects HOST=URL, or a URL with exactly one --host, got \`${value}\``)
  }
  return out
}
