/**
 * A parse worker: receives batches of minutes files (path relative to the root, text) and answers
 * with what was extracted from each, and — when the request asks (`html`) — each meeting's minutes
 * as HTML (the web app's meeting page embeds it), rendered from the same parse. Pure CPU; it reads
 * nothing and writes nothing.
 */
import {parentPort} from 'node:worker_threads'
import {VFile} from 'vfile'
import {extractParsed, minutesProcessor, type MinutesFile, type MinutesMessage, type Options, type Words} from '@minutes-kb/remark-minutes'
import {meetingsHtml} from '@minutes-kb/render'
import {sliceLines} from './lines.ts'

export interface ParseRequest {
  id: number
  files: Array<{path: string; value: string}>
  /** The extractor's options (from `minutes.config.json`); the same for a whole run. */
  options?: ExtractOptions
  /** Render each meeting's HTML (else `html` holds a null per meeting). */
  html: boolean
}

/** Options that cross the thread boundary: a series pattern as its source, a community's own heading words. */
export interface ExtractOptions {
  series?: string
  words?: Words
}

/** What was extracted from a file, with each meeting's HTML (`null` where rendering failed — the page renders it — or was not asked for). */
export type ParsedFile = MinutesFile & {html: Array<string | null>}

export type ParseResponse = {id: number; records: Array<ParsedFile | {error: string}>}

/** The worker's first message: its module is loaded. */
export type WorkerReady = {ready: true}

const processors = new Map<string, ReturnType<typeof minutesProcessor>>()

function processorFor(options: ExtractOptions = {}) {
  const key = JSON.stringify(options)
  let processor = processors.get(key)
  if (!processor) {
    processor = minutesProcessor(options as Options)
    processors.set(key, processor)
  }
  return processor
}

// Loaded: from now on a batch's time is parse time (the pool starts its budget here, not at the thread's start).
parentPort!.postMessage({ready: true} satisfies WorkerReady)

parentPort!.on('message', (request: ParseRequest) => {
  const processor = processorFor(request.options)
  const records = request.files.map((f) => {
    try {
      const {minutes, tree} = extractParsed(new VFile({path: f.path, value: f.value}), processor)
      if (!request.html) return {...minutes, html: minutes.meetings.map(() => null)}
      const lines = minutes.meetings.map((m) => ({range: m.range, problems: [...m.messages].sort(byPlace)}))
      return {...minutes, html: meetingsHtml(tree, f.value, lines, (first, last) => sliceLines(f.value, first, last))}
    } catch (error) {
      // The extractor is built not to throw; if it does, the file is a problem, not a crash.
      return {error: (error as Error).stack ?? String(error)}
    }
  })
  parentPort!.postMessage({id: request.id, records} satisfies ParseResponse)
})

/** Problems in the order a meeting page reads them from the database: by line, then column, nulls first. */
function byPlace(a: MinutesMessage, b: MinutesMessage): number {
  return (a.line ?? -1) - (b.line ?? -1) || (a.column ?? -1) - (b.column ?? -1)
}
