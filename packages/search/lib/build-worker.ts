/** A shard-building worker: sections in, a serialized Lunr index out. */
import {parentPort} from 'node:worker_threads'
import {buildShard, type IndexedSection} from './lunr-index.ts'

export interface BuildRequest {
  id: number
  shard: string
  sections: IndexedSection[]
}

parentPort!.on('message', (request: BuildRequest) => {
  try {
    const {blob, bytes} = buildShard(request.sections)
    parentPort!.postMessage({id: request.id, blob, bytes})
  } catch (error) {
    parentPort!.postMessage({id: request.id, error: (error as Error).stack ?? String(error)})
  }
})
