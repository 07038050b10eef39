import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import type {MinutesFile} from '@minutes-kb/remark-minutes'
import type {ExtractOptions, ParseRequest, ParseResponse} from './worker.ts'
import {workerExecArgv, workerScript} from './worker-bundle.ts'

export interface PoolOptions {
  /** Parse threads; default: the machine's cores. */
  threads?: number
  /**
   * Young-generation size of each worker's heap (MB). Parsing allocates many short-lived objects;
   * a larger young generation means fewer scavenges, and less GC work competing for the cores.
   */
  youngGenerationMb?: number
}

type Result = MinutesFile | {error: string}

/** Parse workers; `parse(files)` resolves to what was extracted from each file (or an error), in order. */
export class ParsePool {
  private readonly workers: Worker[] = []
  private readonly idle: Worker[] = []
  private readonly waiting: Array<{request: ParseRequest; resolve: (r: Result[]) => void; reject: (e: Error) => void}> = []
  private readonly pending = new Map<number, {resolve: (r: Result[]) => void; reject: (e: Error) => void; worker: Worker}>()
  private nextId = 0
  private closed = false

  /** Start the workers; they load while the caller scans and hashes files. */
  static async start(options: PoolOptions = {}): Promise<ParsePool> {
    return new ParsePool(await workerScript(), options)
  }

  private constructor(url: URL, options: PoolOptions) {
    const threads = Math.max(1, options.threads ?? availableParallelism())
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(url, {
        execArgv: [...workerExecArgv],
        resourceLimits: options.youngGenerationMb ? {maxYoungGenerationSizeMb: options.youngGenerationMb} : undefined,
      })
      worker.on('message', (response: ParseResponse) => {
        const job = this.pending.get(response.id)
        this.pending.delete(response.id)
        job?.resolve(response.records)
        this.release(worker)
      })
      worker.on('error', (error) => this.fail(worker, error))
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(worker, new Error(`parse worker exited with code ${code}`))
      })
      this.workers.push(worker)
      this.idle.push(worker)
    }
  }

  /**
   * Parse a small sample of minutes on every worker, a few times: the first real file then does not
   * pay for compiling the parser (~0.3 s in a fresh worker). For long-lived pools (`serve --watch`).
   */
  async warmUp(rounds = 3): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      await Promise.all(this.workers.map(() => this.parse([{path: 'warm-up/20240101.md', value: warmUpSample}])))
    }
  }

  get size(): number {
    return this.workers.length
  }

  parse(files: ParseRequest['files'], options?: ExtractOptions): Promise<Result[]> {
    return new Promise((resolve, reject) => {
      const request: ParseRequest = {id: this.nextId++, files, options}
      const worker = this.idle.pop()
      if (worker) this.send(worker, request, resolve, reject)
      else this.waiting.push({request, resolve, reject})
    })
  }

  private send(worker: Worker, request: ParseRequest, resolve: (r: Result[]) => void, reject: (e: Error) => void): void {
    this.pending.set(request.id, {resolve, reject, worker})
    worker.postMessage(request)
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift()
    if (next) this.send(worker, next.request, next.resolve, next.reject)
    else this.idle.push(worker)
  }

  private fail(worker: Worker, error: Error): void {
    for (const [id, job] of this.pending) {
      if (job.worker === worker) {
        this.pending.delete(id)
        job.reject(error)
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true
    for (const w of this.waiting.splice(0)) w.reject(new Error('parse pool closed'))
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}

/** Minutes with the usual constructs: front matter, headings, participants, tasks, links, a table. */
const warmUpSample = `---
title: Warm-up
---

# Team call 2024-01-01

## Participants

- @ana (minutes)
- Bob Example
- ~~@carl~~ (excused)

## Agenda

### Pending action items

- [x] AI @ana: review <https://github.com/example/project/pull/12>
- [ ] @bob to update the [docs](https://example.org/docs) **today**
- ~~ToDo (Carl): drop the old job~~ ✅

### Upstream (@ana)

| what | where |
|---|---|
| bug | https://bugs.launchpad.net/nova/+bug/123 |

> Decision: we ship on Friday.

1. first \`code\` item
2. second _emphasis_ item

\`\`\`yaml
key: value
\`\`\`
`
