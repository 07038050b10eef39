import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {minutesHtmlVersion} from '@minutes-kb/render/version'
import type {DB} from './database.ts'
import {getSetting, setSetting} from './database.ts'
import {applyAliases, combinedAliases, learnAliases, People, readAliases, type Aliases} from './identity.ts'
import {maxFileSize as defaultMaxFileSize, minutesText, tooLarge} from './limits.ts'
import {ParsePool, type PoolOptions} from './pool.ts'
import {folderError, scanDirectory} from './scan.ts'
import {refreshRowJson} from './queries.ts'
import {refreshListData} from './summaries.ts'
import {rebuildThreads} from './threads.ts'
import type {ExtractOptions, ParsedFile} from './worker.ts'
import {fillMeetingBytes, Writer} from './writer.ts'

export interface IngestOptions extends PoolOptions {
  /** An aliases file; default `minutes.aliases.json` in the root when it exists. */
  aliases?: string | null
  /** Files larger than this are problems, not meetings (bytes; default 5 MB). */
  maxFileSize?: number
  /** Text per parse batch (bytes; default `defaultBatchBytes`). */
  batchBytes?: number
  onProgress?: (progress: IngestProgress) => void
  /**
   * Parse workers owned by the caller and kept between runs (`serve --watch` keeps them warm, so an
   * edit does not wait for workers to start and compile); not closed by the ingest. Default: workers
   * of this run's own, started at the first file to parse.
   */
  pool?: ParsePool
  /** Runs inside the ingest transaction after the meetings are written (the search index hooks in here). */
  beforeCommit?: (db: DB, changes: IngestChanges) => void | Promise<void>
}

export interface IngestProgress {
  files: number
  totalFiles: number
  bytes: number
  totalBytes: number
}

/** What a run changed, for whoever keeps derived data (search shards) up to date. */
export interface IngestChanges {
  /** Meetings written in this run (added, changed, moved). */
  written: number[]
  /** Meeting ids removed in this run, with their series. */
  removed: Array<{id: number; series: string}>
  /** Series with any change. */
  series: Set<string>
  aliasesChanged: boolean
}

export interface IngestSummary {
  /** Files added, changed, unchanged, moved and removed. */
  added: number
  changed: number
  unchanged: number
  moved: number
  removed: number
  problems: number
  /** Meetings in the files parsed in this run, and those files that are not minutes. */
  meetings: number
  notMinutes: number
  files: number
  bytes: number
  seconds: number
}

/** Text per parse batch: small enough that both workers finish together (256 KB left one idle at the end). */
export const defaultBatchBytes = 32 * 1024

/**
 * Ingest a folder of minutes into the database, incrementally and in one transaction: unchanged
 * files (same content hash) are not parsed, changed ones are replaced, vanished ones removed,
 * renamed ones moved. Parsing runs on worker threads; all writing happens here, on this thread.
 * A crash or a kill leaves the database as it was before the run.
 */
export async function ingestDirectory(db: DB, rootDir: string, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = new Date()
  const t0 = performance.now()
  const root = resolve(rootDir)
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize
  const batchBytes = options.batchBytes ?? defaultBatchBytes
  const aliasesFile = options.aliases === undefined ? defaultFile(root, 'minutes.aliases.json') : options.aliases
  const aliases: Aliases = aliasesFile ? readAliases(aliasesFile) : new Map()

  // A folder that cannot be listed is a problem of its own, and its meetings count as vanished (as
  // an unreadable file's meeting does). A root that is missing or cannot be listed is an error: read
  // as "no files", it would remove every meeting.
  const notFolder = folderError(rootDir)
  if (notFolder) throw new Error(notFolder)
  const unreadable: Array<{path: string; reason: string}> = []
  let scanned: ReturnType<typeof scanDirectory>
  try {
    scanned = scanDirectory(root, (path, error) => unreadable.push({path, reason: `cannot read folder: ${describe(error)}`}))
  } catch (error) {
    throw new Error(`cannot read ${rootDir}: ${describe(error)}`)
  }
  const totalBytes = scanned.reduce((n, f) => n + f.size, 0)
  const known = storedFiles(db)
  const present = new Set([...scanned.map((f) => f.path), ...unreadable.map((u) => u.path)])
  // Files that are gone: removed with their meetings, unless a new file has their content (a rename).
  const vanished = new Map<string, StoredFile>()
  for (const [path, row] of known) if (!present.has(path)) vanished.set(row.hash, row)

  const summary: IngestSummary = {added: 0, changed: 0, unchanged: 0, moved: 0, removed: 0, problems: 0, meetings: 0, notMinutes: 0, files: scanned.length, bytes: totalBytes, seconds: 0}
  const changes: IngestChanges = {written: [], removed: [], series: new Set(), aliasesChanged: false}
  // Started at the first file to parse: an unchanged collection starts no workers, and a one-file
  // edit does not have them loading while the main thread hashes every file.
  let pool: ParsePool | undefined
  const progress: IngestProgress = {files: 0, totalFiles: scanned.length, bytes: 0, totalBytes}

  db.exec('BEGIN IMMEDIATE')
  try {
    fillMeetingBytes(db)
    changes.aliasesChanged = applyAliases(db, aliases)
    const extractOptions = readSettings(db, root)
    // Other extraction options (a new series pattern) make every stored extraction stale.
    const optionsKey = JSON.stringify(extractOptions)
    if ((getSetting(db, 'extract_options') ?? '{}') !== optionsKey) {
      for (const row of known.values()) row.hash = ''
      setSetting(db, 'extract_options', optionsKey)
    }
    // A file with a meeting whose HTML is missing or another renderer's (a database migrated to
    // meeting_html, a new renderer version) is parsed again, and its meetings rendered.
    const unrendered = new Set(
      db.prepare('SELECT DISTINCT m.file_id FROM meetings m LEFT JOIN meeting_html h ON h.meeting_id = m.id WHERE h.version IS NOT ?').pluck().all(minutesHtmlVersion) as number[],
    )
    for (const row of known.values()) if (unrendered.has(row.id)) row.hash = ''
    const writer = new Writer(db, new People(db, combinedAliases(db, aliases)))
    for (const folder of unreadable) writer.fileProblem(folder.path, folder.reason)
    summary.problems += unreadable.length
    const inFlight = new Set<Promise<void>>()
    let written: Promise<void> = Promise.resolve()
    let batch: Array<{path: string; value: string; hash: string; size: number; replaces?: StoredFile; kind: 'added' | 'changed' | 'moved'}> = []
    let batchSize = 0

    const flush = async () => {
      if (batch.length === 0) return
      const jobs = batch
      batch = []
      batchSize = 0
      pool ??= options.pool ?? (await ParsePool.start(options))
      const workers = pool.size
      const parsed = pool.parse(jobs.map((j) => ({path: j.path, value: j.value})), extractOptions)
      parsed.catch(() => undefined) // handled below, in turn; not an unhandled rejection meanwhile
      // Batches are parsed in parallel but written in the order they were read: the same folder gives
      // the same ids and rows, run after run, whichever worker finishes first.
      const task = (written = written.then(() => parsed).then((records) => {
        records.forEach((record, i) => {
          const job = jobs[i]!
          if ('error' in record) {
            writer.fileProblem(job.path, record.rule ? record.error : `extraction failed: ${record.error.split('\n')[0]}`, record.rule)
            dropStale(writer, job.replaces, changes)
            summary.problems++
            return
          }
          write(writer, job, record)
          summary[job.kind]++
          summary.meetings += record.meetings.length
          if (record.notMinutes) summary.notMinutes++
          summary.problems += record.messages.length + record.meetings.reduce((n, m) => n + m.messages.length, 0)
        })
        progress.files += jobs.length
        progress.bytes += jobs.reduce((n, j) => n + j.size, 0)
        options.onProgress?.({...progress})
      }))
      const tracked = task.finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
      // Bounded memory: at most two batches per worker between reading and writing.
      while (inFlight.size >= workers * 2) await Promise.race(inFlight)
    }

    const write = (w: Writer, job: (typeof batch)[number], extracted: ParsedFile) => {
      if (job.replaces) {
        w.remove(job.replaces.id)
        // Meetings the file no longer holds (a meeting deleted from a year file) are removed.
        const kept = new Set(job.replaces.meetings.slice(0, extracted.meetings.length).map((m) => m.id))
        for (const m of job.replaces.meetings) if (!kept.has(m.id)) changes.removed.push({id: m.id, series: m.series})
        for (const m of job.replaces.meetings) changes.series.add(m.series)
      }
      const ids = w.write({
        path: job.path,
        raw: job.value,
        hash: job.hash,
        size: job.size,
        meetings: extracted.meetings,
        html: extracted.html,
        notMinutes: extracted.notMinutes,
        messages: extracted.messages,
        keep: job.replaces?.meetings,
      })
      changes.written.push(...ids)
      for (const m of extracted.meetings) changes.series.add(m.series)
    }

    for (const file of scanned) {
      const done = () => {
        progress.files++
        progress.bytes += file.size
        options.onProgress?.({...progress})
      }
      // A file that is not parsed: a problem of its own, and its old meetings would be stale.
      const refuse = (reason: string, rule?: string) => {
        writer.fileProblem(file.path, reason, rule)
        dropStale(writer, known.get(file.path), changes)
        summary.problems++
        done()
      }
      const large = tooLarge(file.size, maxFileSize)
      if (large) {
        refuse(large, 'file-too-large')
        continue
      }
      let bytes: Buffer
      try {
        bytes = readFileSync(join(root, file.path))
      } catch (error) {
        refuse(`cannot read file: ${describe(error)}`)
        continue
      }
      const hash = createHash('sha256').update(bytes).digest('hex')
      const before = known.get(file.path)
      if (before && before.hash === hash) {
        summary.unchanged++
        done()
        continue
      }
      const text = minutesText(bytes)
      if ('reason' in text) {
        refuse(text.reason, text.rule)
        continue
      }
      const {value} = text
      writer.clearFileProblem(file.path)
      const moved = before ? undefined : vanished.get(hash)
      if (moved) {
        vanished.delete(hash)
        batch.push({path: file.path, value, hash, size: bytes.length, replaces: moved, kind: 'moved'})
      } else {
        batch.push({path: file.path, value, hash, size: bytes.length, replaces: before, kind: before ? 'changed' : 'added'})
      }
      batchSize += bytes.length
      if (batchSize >= batchBytes) await flush()
    }
    await flush()
    await Promise.all(inFlight)

    for (const row of vanished.values()) {
      dropStale(writer, row, changes)
      writer.clearFileProblem(row.path)
      summary.removed++
    }
    // Problems of files that are gone (an unreadable file that was deleted since).
    db.prepare('DELETE FROM problems WHERE meeting_id IS NULL AND path NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify([...present]))

    // Names written beside handles in this run may now stand for those handles elsewhere.
    if (learnAliases(db, aliases)) changes.aliasesChanged = true
    rebuildThreads(db, changes.aliasesChanged ? undefined : changes.series)
    refreshRowJson(db)
    refreshListData(db)
    await options.beforeCommit?.(db, changes)
    summary.seconds = (performance.now() - t0) / 1000
    db.prepare(
      `INSERT INTO ingest_runs (root, started_at, finished_at, added, changed, unchanged, moved, removed, problems, seconds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(root, started.toISOString(), new Date().toISOString(), summary.added, summary.changed, summary.unchanged, summary.moved, summary.removed, summary.problems, summary.seconds)
    db.exec('COMMIT')
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw error
  } finally {
    if (pool !== options.pool) await pool?.close()
  }
  summary.seconds = (performance.now() - t0) / 1000
  return summary
}

/** A stored file: its content hash and its meetings (ids in file order). */
interface StoredFile {
  id: number
  path: string
  hash: string
  meetings: Array<{id: number; date: string | null; series: string}>
}

function storedFiles(db: DB): Map<string, StoredFile> {
  const files = new Map<number, StoredFile>()
  for (const f of db.prepare('SELECT id, path, content_hash AS hash FROM files').all() as Array<Omit<StoredFile, 'meetings'>>) {
    files.set(f.id, {...f, meetings: []})
  }
  const meetings = db.prepare('SELECT id, file_id AS fileId, date, series FROM meetings ORDER BY file_id, position').all() as Array<{
    id: number
    fileId: number
    date: string | null
    series: string
  }>
  for (const m of meetings) files.get(m.fileId)?.meetings.push({id: m.id, date: m.date, series: m.series})
  return new Map([...files.values()].map((f) => [f.path, f]))
}

/** A file that is gone or now unreadable: its old rows would be stale. */
function dropStale(writer: Writer, row: StoredFile | undefined, changes: IngestChanges): void {
  if (!row) return
  writer.remove(row.id)
  for (const m of row.meetings) {
    changes.removed.push({id: m.id, series: m.series})
    changes.series.add(m.series)
  }
}

function defaultFile(root: string, name: string): string | null {
  const path = join(root, name)
  return existsSync(path) ? path : null
}

/**
 * `minutes.config.json` beside the minutes: `{"own": ["SovereignCloudStack"]}` names the community's
 * own organisations; `{"series": "^teams/([^/]+)/"}` says how a path names its series (the first
 * capture group); `{"words": {"participants": ["Anwesenheit"], "actions": ["Aufgaben"]}}` adds heading
 * and label words. Returns the extractor's options.
 */
function readSettings(db: DB, root: string): ExtractOptions {
  const path = defaultFile(root, 'minutes.config.json')
  if (!path) return {}
  let config: {own?: unknown; series?: unknown; words?: unknown}
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as {own?: unknown; series?: unknown; words?: unknown}
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as Error).message}`)
  }
  const options: ExtractOptions = {}
  if (config.series !== undefined) {
    if (typeof config.series !== 'string') throw new Error(`Unexpected \`series\` in ${path}, expected a regular expression as a string`)
    try {
      new RegExp(config.series)
    } catch (error) {
      throw new Error(`Unexpected \`series\` in ${path}: ${(error as Error).message}`)
    }
    options.series = config.series
  }
  if (config.words !== undefined) {
    // Checked here, before any worker reads them; the extractor is not loaded on this thread.
    const kinds = ['participants', 'actions', 'decisions', 'agenda']
    const words = config.words as Record<string, unknown>
    if (!words || typeof words !== 'object' || Array.isArray(words)) throw new Error(`Unexpected \`words\` in ${path}, expected an object of word lists`)
    for (const [key, list] of Object.entries(words)) {
      if (!kinds.includes(key)) throw new Error(`Unexpected \`words.${key}\` in ${path}, expected ${kinds.join(', ')}`)
      if (!Array.isArray(list) || !list.every((w) => typeof w === 'string')) throw new Error(`Unexpected \`words.${key}\` in ${path}, expected a list of words`)
    }
    options.words = words as ExtractOptions['words']
  }
  if (config.own !== undefined) {
    if (!Array.isArray(config.own) || !config.own.every((o) => typeof o === 'string')) {
      throw new Error(`Unexpected \`own\` in ${path}, expected a list of organisation names`)
    }
    setSetting(db, 'own_orgs', JSON.stringify(config.own))
  }
  return options
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied'
  if (e.code === 'ENOENT') return 'no such file (removed while ingesting)'
  if (e.code === 'ELOOP') return 'a loop of symbolic links'
  return e.message
}
