import {resolve} from 'node:path'
import {SingleBar} from 'cli-progress'
import {folderError, ingestDirectory, openDatabase, type IngestSummary} from '@minutes-kb/store'
import {refreshImpacts, updateSearchIndex, type IndexSummary} from '@minutes-kb/search'
import type {IO} from '../program.ts'
import {reportProblems} from './problems.ts'

export interface IngestOptions {
  db: string
  aliases?: string
  quiet?: boolean
  threads?: string
  json?: boolean
  lunr?: 'auto' | 'always' | 'never'
}

/** `minutes ingest DIR`: incremental, transactional; a progress bar on a terminal, plain lines elsewhere. */
export async function ingestCommand(dir: string, options: IngestOptions, io: IO): Promise<number> {
  // Before the database is opened (and created): a mistyped folder is wrong use, not an empty collection.
  const notFolder = folderError(dir)
  if (notFolder) {
    io.err.write(`minutes ingest: ${notFolder}\n`)
    return 2
  }
  const db = openDatabase(options.db)
  const isTTY = Boolean((io.err as {isTTY?: boolean}).isTTY)
  const bar = !options.quiet && isTTY ? new SingleBar({
    format: 'ingest {bar} {value}/{total} files | {mb}/{totalMb} MB | {rate} files/s | ETA {eta_formatted}',
    stream: io.err as NodeJS.WriteStream,
    hideCursor: true,
  }) : null
  let lastLine = 0
  const t0 = performance.now()
  let summary: IngestSummary
  let written: number[] = []
  let search: (IndexSummary & {impacts?: {terms: number; seconds: number}}) | undefined
  try {
    summary = await ingestDirectory(db, dir, {
      aliases: options.aliases ? resolve(options.aliases) : undefined,
      threads: options.threads ? Number(options.threads) : undefined,
      beforeCommit: async (tx, changes) => {
        written = changes.written
        // The search index changes in the same transaction as the meetings it indexes.
        search = await updateSearchIndex(tx, changes, {lunr: options.lunr, threads: options.threads ? Number(options.threads) : undefined})
      },
      onProgress: (p) => {
        const seconds = (performance.now() - t0) / 1000
        const fields = {mb: (p.bytes / 1e6).toFixed(1), totalMb: (p.totalBytes / 1e6).toFixed(1), rate: (p.files / Math.max(seconds, 0.001)).toFixed(0)}
        if (bar) {
          if (!bar.isActive) bar.start(p.totalFiles, 0, fields)
          bar.update(p.files, fields)
        } else if (!options.quiet && (performance.now() - lastLine > 2000 || p.files === p.totalFiles)) {
          // Not a terminal: a plain line every two seconds, no control characters.
          lastLine = performance.now()
          io.err.write(`ingest: ${p.files}/${p.totalFiles} files, ${fields.mb}/${fields.totalMb} MB, ${fields.rate} files/s\n`)
        }
      },
    })
    // The impact lists of frequent words, after the commit: the edit is searchable already.
    const impacts = refreshImpacts(db)
    if (search && impacts) search.impacts = impacts
  } catch (error) {
    bar?.stop()
    db.close()
    io.err.write(`minutes ingest: ${(error as Error).message}\n`)
    return 1
  }
  bar?.stop()
  if (!options.quiet) {
    // The problems of the files this run read; earlier ones stay in `minutes problems`.
    const paths = new Set(
      (db.prepare('SELECT path FROM meetings WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(written)) as string[]).concat(
        db.prepare('SELECT path FROM problems WHERE meeting_id IS NULL').pluck().all() as string[],
      ),
    )
    io.err.write(reportProblems(db, {onlyPaths: paths, color: isTTY}))
  }
  db.close()
  const read = summary.meetings || summary.notMinutes ? ` (${summary.meetings} meeting${summary.meetings === 1 ? '' : 's'} read${summary.notMinutes ? `, ${summary.notMinutes} not minutes` : ''})` : ''
  const line = `added ${summary.added}, changed ${summary.changed}, unchanged ${summary.unchanged}, moved ${summary.moved}, removed ${summary.removed} files${read}, problems ${summary.problems} in ${summary.seconds.toFixed(2)} s`
  if (options.json) io.out.write(JSON.stringify({...summary, search}) + '\n')
  else io.out.write(`${line}\n`)
  return 0
}
