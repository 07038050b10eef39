import {availableParallelism} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {bundledWorker, workerExecArgv} from '@minutes-kb/store'
import type {IndexedSection} from './lunr-index.ts'

const here = dirname(fileURLToPath(import.meta.url))

type Reply = {id: number; blob: Uint8Array; bytes: number} | {id: number; error: string}

/** Worker threads that build Lunr shards; `build` resolves to the compressed index. */
export class ShardBuilder {
  private readonly workers: Worker[]
  private readonly idle: Worker[]
  private readonly queue: Array<() => void> = []
  private readonly pending = new Map<number, {resolve: (r: {blob: Buffer; bytes: number}) => void; reject: (e: Error) => void}>()
  private next = 0

  static async start(threads = availableParallelism()): Promise<ShardBuilder> {
    const url = await bundledWorker(join(here, 'build-worker.ts'), new URL('./build-worker-entry.mjs', import.meta.url), [here])
    return new ShardBuilder(url, threads)
  }

  private constructor(url: URL, threads: number) {
    this.workers = Array.from({length: Math.max(1, threads)}, () => {
      const worker = new Worker(url, {execArgv: [...workerExecArgv]})
      worker.on('message', (reply: Reply) => {
        const job = this.pending.get(reply.id)
        this.pending.delete(reply.id)
        if ('error' in reply) job?.reject(new Error(`building a search shard failed: ${reply.error}`))
        else job?.resolve({blob: Buffer.from(reply.blob), bytes: reply.bytes})
        this.idle.push(worker)
        this.queue.shift()?.()
      })
      worker.on('error', (error) => {
        for (const job of this.pending.values()) job.reject(error)
        this.pending.clear()
      })
      return worker
    })
    this.idle = [...this.workers]
  }

  build(shard: string, sections: IndexedSection[]): Promise<{blob: Buffer; bytes: number}> {
    return new Promise((resolve, reject) => {
      const id = this.next++
      const send = () => {
        const worker = this.idle.pop()!
        this.pending.set(id, {resolve, reject})
        worker.postMessage({id, shard, sections})
      }
      if (this.idle.length) send()
      else this.queue.push(send)
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
