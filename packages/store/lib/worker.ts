/**
 * A parse worker: receives batches of minutes files (path relative to the root, text) and answers
 * with their extracted records. Pure CPU; it reads nothing and writes nothing.
 */
import {parentPort} from 'node:worker_threads'
import {VFile} from 'vfile'
import {extractMinutes, minutesProcessor, type MinutesRecord} from '@minutes-kb/remark-minutes'

export interface ParseRequest {
  id: number
  files: Array<{path: string; value: string}>
}

export type ParseResponse = {id: number; records: Array<MinutesRecord | {error: string}>}

const processor = minutesProcessor()

parentPort!.on('message', (request: ParseRequest) => {
  const records = request.files.map((f) => {
    try {
      return extractMinutes(new VFile({path: f.path, value: f.value}), processor)
    } catch (error) {
      // The extractor is built not to throw; if it does, the file is a problem, not a crash.
      return {error: (error as Error).stack ?? String(error)}
    }
  })
  parentPort!.postMessage({id: request.id, records} satisfies ParseResponse)
})
