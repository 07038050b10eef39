import {extractFile, type MinutesRecord} from '@minutes-kb/remark-minutes'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {listMinutesFiles, readMinutesFile} from './files.ts'
import {reportMessages} from './report.ts'
import {summarize} from './summary.ts'

export interface ExtractOptions {
  root: string
  json?: boolean
  quiet?: boolean
}

/** `minutes extract`: the contract JSON (or a readable summary) on stdout, problems on stderr. */
export function extractCommand(paths: string[], options: ExtractOptions, io: {out: NodeJS.WritableStream; err: NodeJS.WritableStream}): number {
  const root = resolve(options.root)
  const records: MinutesRecord[] = []
  const files: VFile[] = []
  let failed = 0
  for (const entry of listMinutesFiles(paths)) {
    const source = entry.error ? {ok: false as const, path: entry.path, reason: entry.error} : readMinutesFile(entry.path, root)
    if (!source.ok) {
      io.err.write(`${source.path}: error Cannot read file: ${source.reason}\n`)
      failed++
      continue
    }
    let extracted: ReturnType<typeof extractFile>
    try {
      extracted = extractFile(source.file)
    } catch (error) {
      // The extractor is built not to throw; if it does, the file is named, the others still run.
      io.err.write(`${source.file.path}: error Cannot extract: ${(error as Error).message.split('\n')[0]}\n`)
      failed++
      continue
    }
    records.push(...extracted.meetings)
    files.push(source.file)
    if (!options.json) {
      if (extracted.notMinutes) io.out.write(`${source.file.path}  not minutes: ${extracted.notMinutes}\n`)
      for (const record of extracted.meetings) io.out.write(summarize(record, extracted.meetings.length > 1) + '\n')
    }
  }
  if (options.json) io.out.write(JSON.stringify(records, null, 2) + '\n')
  if (!options.quiet) {
    const report = reportMessages(files, {color: Boolean((io.err as {isTTY?: boolean}).isTTY)})
    if (report) io.err.write(report + '\n')
  }
  return failed > 0 ? 1 : 0
}
