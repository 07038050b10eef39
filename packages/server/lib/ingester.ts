import {Worker} from 'node:worker_threads'
import {workerExecArgv, type IngestSummary} from '@minutes-kb/store'

export interface IngestJob {
  type: 'ingest'
  db: string
  dir: string
  aliases?: string
}

export type FromIngester =
  | {type: 'ready'}
  | {type: 'committed'; summary: IngestSummary}
  | {type: 'done'; terms: number}
  | {type: 'failed'; message: string; stack?: string}

/**
 * `serve --watch`'s ingests, on a thread of their own (ingest-worker.ts), one at a time. A job
 * reports twice: when its transaction commits (`onCommitted`: the new state can be served) and when
 * the impact lists follow (the promise, with how many terms have lists), or fails.
 */
export class Ingester {
  private readonly worker: Worker
  /** Resolves once the thread has loaded and warmed its parse workers (or is gone). */
  readonly ready: Promise<void>
  private setReady!: () => void
  private failure: Error | undefined
  private current: {onCommitted: (summary: IngestSummary) => Promise<void>; committed?: Promise<void>; resolve: (terms: number) => void; reject: (error: Error) => void} | undefined

  constructor() {
    this.worker = new Worker(new URL('./ingest-worker-entry.mjs', import.meta.url), {execArgv: [...workerExecArgv]})
    this.worker.unref()
    this.ready = new Promise((resolve) => (this.setReady = resolve))
    this.worker.on('message', (message: FromIngester) => {
      if (message.type === 'ready') return this.setReady()
      const job = this.current
      if (!job) return
      if (message.type === 'committed') {
        job.committed = job.onCommitted(message.summary)
        return
      }
      this.current = undefined
      // Reported after the swap to the committed state: the two happen in order.
      const after = job.committed ?? Promise.resolve()
      if (message.type === 'done') after.then(() => job.resolve(message.terms), job.reject)
      else after.catch(() => undefined).then(() => job.reject(Object.assign(new Error(message.message), {stack: message.stack})))
    })
    const gone = (error: Error) => {
      this.failure = error
      this.setReady()
      this.current?.reject(error)
      this.current = undefined
    }
    this.worker.on('error', gone)
    this.worker.on('exit', (code) => gone(new Error(`the ingest thread stopped (exit code ${code})`)))
  }

  /** Whether the thread is gone (closed, or it died): a new `Ingester` takes the next job. */
  get failed(): boolean {
    return this.failure !== undefined
  }

  /** Ingest `job.dir` into `job.db`; `onCommitted` runs once the transaction commits. Resolves to the terms with impact lists. */
  run(job: Omit<IngestJob, 'type'>, onCommitted: (summary: IngestSummary) => Promise<void>): Promise<number> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.current) return Promise.reject(new Error('an ingest is already running'))
    return new Promise((resolve, reject) => {
      this.current = {onCommitted, resolve, reject}
      this.worker.postMessage({type: 'ingest', ...job} satisfies IngestJob)
    })
  }

  /** Stop the thread once its parse workers are closed. */
  async close(): Promise<void> {
    if (this.failure) return
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()))
    this.worker.postMessage({type: 'close'})
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 5000).unref())])
    await this.worker.terminate()
  }
}
