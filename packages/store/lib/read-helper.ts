import {MessageChannel, receiveMessageOnPort, Worker, type MessagePort} from 'node:worker_threads'
import {workerExecArgv} from './worker-bundle.ts'

export interface HelperAnswer {
  rows: unknown[]
  /** The caller's `versionSql`, read in the same transaction as the rows. */
  version: unknown
}

/**
 * A second read-only connection to a database file, on a worker thread of its own: the caller hands
 * it one statement (`submit`), does its own share of the work on its own connection, then waits for
 * the helper's rows (`collect`) — synchronously, so the caller's API stays synchronous (the main
 * thread blocks on a shared flag and takes the answer with `receiveMessageOnPort`).
 *
 * Both connections read in snapshots of their own; the helper reads `versionSql` in the same
 * transaction as the rows, so the caller can compare it with its own and redo the share itself when
 * a write came in between. A helper that is still starting, busy, failed or closed takes nothing:
 * `submit` returns null and the caller does the work alone. The thread is unref'd and never keeps
 * a process alive.
 */
export class ReadHelper {
  private readonly worker: Worker
  private readonly port: MessagePort
  /** [0]: raised when an answer is posted; [1]: 1 when the thread takes work, 2 when it never will. */
  private readonly flag = new Int32Array(new SharedArrayBuffer(8))
  private state: 'starting' | 'ready' | 'busy' | 'failed' | 'closed' = 'starting'
  private readonly started: Promise<boolean>
  private nextId = 0

  constructor(path: string, versionSql: string) {
    const {port1, port2} = new MessageChannel()
    this.port = port1
    this.worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
      workerData: {path, versionSql, port: port2, flag: this.flag},
      execArgv: [...workerExecArgv],
      transferList: [port2],
    })
    this.worker.unref()
    this.started = new Promise((resolve) => {
      this.worker.once('message', () => {
        if (this.state === 'starting') this.state = 'ready'
        resolve(this.state === 'ready' || this.state === 'busy')
      })
      this.worker.once('error', () => {
        this.state = 'failed'
        resolve(false)
      })
      this.worker.once('exit', () => {
        if (this.state !== 'closed') this.state = 'failed'
        resolve(false)
      })
    })
  }

  /** Resolves when the helper can take work (true) or never will (false). */
  ready(): Promise<boolean> {
    return this.started
  }

  get available(): boolean {
    if (this.state === 'starting') {
      // Read from the shared flag, not from the thread's message: a caller that runs queries one after
      // another in one turn of the event loop would never see the message arrive.
      const started = Atomics.load(this.flag, 1)
      if (started === 1) this.state = 'ready'
      else if (started === 2) this.state = 'failed'
    }
    return this.state === 'ready'
  }

  /** Start `sql` on the helper's connection; null when it cannot take work now. */
  submit(sql: string, params: Record<string, unknown>): number | null {
    if (!this.available) return null
    const id = ++this.nextId
    Atomics.store(this.flag, 0, 0)
    this.port.postMessage({id, sql, params})
    this.state = 'busy'
    return id
  }

  /**
   * The rows of a submitted statement; null when the helper failed on it or took longer than
   * `timeoutMs` (then it is let go: a hung thread must not hold every later query).
   */
  collect(id: number, timeoutMs = 10_000): HelperAnswer | null {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      // The worker posts its answer before it raises the flag: once the flag is up, the answer is there.
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
        const message = m.message as {id: number; error?: string} & HelperAnswer
        if (message.id !== id) continue
        this.state = 'ready'
        return message.error === undefined ? {rows: message.rows, version: message.version} : null
      }
      const left = deadline - performance.now()
      if (left <= 0) {
        this.close()
        return null
      }
      Atomics.wait(this.flag, 0, 0, left)
    }
  }

  close(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.port.close()
    void this.worker.terminate()
  }
}
