/**
 * A parse worker: receives batches of minutes files (path relative to the root, text) and answers
 * with what was extracted from each. Pure CPU; it reads nothing and writes nothing.
 */
import {parentPort} from 'node:worker_threads'
import {VFile} from 'vfile'
import {extractFile, minutesProcessor, type MinutesFile, type Options, type Words} from '@minutes-kb/remark-minutes'

export interface ParseRequest {
  id: number
  files: Array<{path: string; value: string}>
  /** The extractor's options (from `minutes.config.json`); the same for a whole run. */
  options?: ExtractOptions
}

/** Options that cross the thread boundary: a series pattern as its source, a community's own heading words. */
export interface ExtractOptions {
  series?: string
  words?: Words
}

export type ParseResponse = {id: number; records: Array<MinutesFile | {error: string}>}

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
      return extractFile(new VFile({path: f.path, value: f.value}), processor)
    } catch (error) {
      // The extractor is built not to throw; if it does, the file is a problem, not a crash.
      return {error: (error as Error).stack ?? String(error)}
    }
  })
  parentPort!.postMessage({id: request.id, records} satisfies ParseResponse)
})
