import {availableParallelism} from 'node:os'
import {resolve} from 'node:path'
import type {MinutesMessage, MinutesRecord} from '@minutes-kb/remark-minutes'
import {defaultParseBudget, ParsePool, type ParseBudget} from '@minutes-kb/store'
import {VFile} from 'vfile'
import {listMinutesFiles, readMinutesFile, type MinutesSource} from './files.ts'
import {reportMessages} from './report.ts'
import {summarize} from './summary.ts'

export interface ExtractOptions {
  root: string
  json?: boolean
  quiet?: boolean
  /** Seconds a file may take to parse, plus six times as many per MB (`--parse-budget`; default 10: 10 s + 60 s per MB, as the ingest). */
  parseBudget?: string | number
}

/** `--parse-budget <seconds>`: the ingest's budget (10 s + 60 s per MB) scaled to `seconds`. */
export function parseBudgetOption(value: string | number | undefined): ParseBudget {
  if (value === undefined) return defaultParseBudget
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`Unexpected --parse-budget ${value}, expected a number of seconds above 0`)
  const scale = (seconds * 1000) / defaultParseBudget.baseMs
  return {baseMs: defaultParseBudget.baseMs * scale, msPerMb: defaultParseBudget.msPerMb * scale}
}

/**
 * `minutes extract`: the contract JSON (or a readable summary) on stdout, problems on stderr.
 * Files are parsed by the ingest's parse workers with its time budget per file: a file the parser
 * would take minutes over is named (`parse-timeout`) and the others still print.
 */
export async function extractCommand(paths: string[], options: ExtractOptions, io: {out: NodeJS.WritableStream; err: NodeJS.WritableStream}): Promise<number> {
  const root = resolve(options.root)
  const budget = parseBudgetOption(options.parseBudget)
  const records: MinutesRecord[] = []
  const files: VFile[] = []
  let failed = 0
  const sources: MinutesSource[] = listMinutesFiles(paths).map((entry) =>
    entry.error ? {ok: false as const, path: entry.path, reason: entry.error} : readMinutesFile(entry.path, root),
  )
  const readable = sources.filter((s) => s.ok).length
  const pool = readable > 0 ? await ParsePool.start({threads: Math.min(readable, availableParallelism()), parseBudget: budget, html: false}) : undefined
  try {
    // Every file is its own job (its own budget); answers are printed in the files' order.
    const parsed = sources.map((source) => (source.ok ? pool!.parse([{path: source.file.path, value: String(source.file.value)}]) : undefined))
    for (const [i, source] of sources.entries()) {
      if (!source.ok) {
        io.err.write(source.rule ? `${source.path}: error Cannot extract: ${source.reason}  ${source.rule}\n` : `${source.path}: error Cannot read file: ${source.reason}\n`)
        failed++
        continue
      }
      const [result] = await parsed[i]!
      if ('error' in result!) {
        // A parse past its budget, or (the extractor is built not to throw) an exception: the file is named, the others still run.
        io.err.write(`${source.file.path}: error Cannot extract: ${result.error.split('\n')[0]}${result.rule ? `  ${result.rule}` : ''}\n`)
        failed++
        continue
      }
      const extracted = result!
      records.push(...extracted.meetings)
      files.push(withMessages(source.file, [...extracted.messages, ...extracted.meetings.flatMap((m) => m.messages)]))
      if (!options.json) {
        if (extracted.notMinutes) io.out.write(`${source.file.path}  not minutes: ${extracted.notMinutes}\n`)
        for (const record of extracted.meetings) io.out.write(summarize(record, extracted.meetings.length > 1) + '\n')
      }
    }
  } finally {
    await pool?.close()
  }
  if (options.json) io.out.write(JSON.stringify(records, null, 2) + '\n')
  if (!options.quiet) {
    const report = reportMessages(files, {color: Boolean((io.err as {isTTY?: boolean}).isTTY)})
    if (report) io.err.write(report + '\n')
  }
  return failed > 0 ? 1 : 0
}

/** The file's messages as the worker answered them (the contract's shape), back on the vfile for the report. */
function withMessages(file: VFile, messages: readonly MinutesMessage[]): VFile {
  for (const m of messages) {
    const message = file.message(m.reason, {ruleId: m.ruleId ?? undefined, source: 'remark-minutes'})
    message.line = m.line ?? undefined
    message.column = m.column ?? undefined
    message.fatal = m.severity === 'error' ? true : m.severity === 'warning' ? false : undefined
  }
  return file
}
