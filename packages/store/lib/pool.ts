import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import {defaultParseBudget, parseBudgetMs, type ParseBudget} from './limits.ts'
import type {ExtractOptions, ParsedFile, ParseRequest, ParseResponse, WorkerReady} from './worker.ts'
import {workerExecArgv, workerScript} from './worker-bundle.ts'

export interface PoolOptions {
  /** Parse threads; default: the machine's cores. */
  threads?: number
  /**
   * Young-generation size of each worker's heap (MB). Parsing allocates many short-lived objects;
   * a larger young generation means fewer scavenges, and less GC work competing for the cores.
   */
  youngGenerationMb?: number
  /**
   * How long a batch may take to parse (default `defaultParseBudget`). Past it the worker is
   * stopped and replaced, each file of the batch is parsed again alone, and a file still over its
   * own budget is answered as a `parse-timeout` problem: a file the parser takes minutes over (some
   * markdown makes micromark quadratic) does not stall the ingest.
   */
  parseBudget?: ParseBudget
  /** Render each meeting's HTML for the web page (default true); `minutes extract` has no use for it. */
  html?: boolean
}

/** What was extracted from a file, or why nothing was (`rule` for a file refused, not an accident). */
export type ParseResult = ParsedFile | {error: string; rule?: 'parse-timeout'}

interface Job {
  request: ParseRequest
  bytes: number
  resolve: (r: ParseResult[]) => void
  reject: (e: Error) => void
}

/** Workers lost in a row without one answer in between: then the worker itself cannot start. */
const maxLostInRow = 8

/** Parse workers; `parse(files)` resolves to what was extracted from each file (or an error), in order. */
export class ParsePool {
  private readonly workers = new Set<Worker>()
  private readonly idle: Worker[] = []
  private readonly waiting: Job[] = []
  /** A batch on a worker; `timer` (the budget) starts once the worker has loaded, so a slow start is not parse time. */
  private readonly running = new Map<Worker, {job: Job; timer: NodeJS.Timeout | undefined}>()
  private readonly loaded = new WeakSet<Worker>()
  private readonly budget: ParseBudget
  private readonly html: boolean
  private nextId = 0
  private closed = false
  private lostInRow = 0
  private broken: Error | undefined

  /** Start the workers; they load while the caller scans and hashes files. */
  static async start(options: PoolOptions = {}): Promise<ParsePool> {
    return new ParsePool(await workerScript(), options)
  }

  private constructor(
    private readonly url: URL,
    private readonly options: PoolOptions,
  ) {
    this.budget = options.parseBudget ?? defaultParseBudget
    this.html = options.html ?? true
    const threads = Math.max(1, options.threads ?? availableParallelism())
    for (let i = 0; i < threads; i++) this.spawn()
  }

  private spawn(): void {
    const worker = new Worker(this.url, {
      execArgv: [...workerExecArgv],
      resourceLimits: this.options.youngGenerationMb ? {maxYoungGenerationSizeMb: this.options.youngGenerationMb} : undefined,
    })
    worker.on('message', (response: ParseResponse | WorkerReady) => {
      if ('ready' in response) {
        this.loaded.add(worker)
        const run = this.running.get(worker)
        if (run && !run.timer) run.timer = this.budgetTimer(worker, run.job)
        return
      }
      const run = this.running.get(worker)
      if (!run || run.job.request.id !== response.id) return
      clearTimeout(run.timer)
      this.running.delete(worker)
      this.lostInRow = 0
      run.job.resolve(response.records)
      this.release(worker)
    })
    worker.on('error', (error) => this.lost(worker, error))
    worker.on('exit', (code) => this.lost(worker, new Error(`parse worker exited with code ${code}`)))
    this.workers.add(worker)
    this.release(worker)
  }

  /**
   * Parse a small sample of minutes on every worker, a few times: the first real file then does not
   * pay for compiling the parser (~0.3 s in a fresh worker). For long-lived pools (`serve --watch`).
   */
  async warmUp(rounds = 3): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      await Promise.all([...this.workers].map(() => this.parse([{path: 'warm-up/20240101.md', value: warmUpSample}])))
    }
  }

  get size(): number {
    return this.workers.size
  }

  parse(files: ParseRequest['files'], options?: ExtractOptions): Promise<ParseResult[]> {
    return new Promise((resolve, reject) => {
      if (this.broken || this.closed) return reject(this.broken ?? new Error('parse pool closed'))
      const job = {request: {id: this.nextId++, files, options, html: this.html}, bytes: files.reduce((n, f) => n + f.value.length, 0), resolve, reject}
      const worker = this.idle.pop()
      if (worker) this.send(worker, job)
      else this.waiting.push(job)
    })
  }

  private send(worker: Worker, job: Job): void {
    this.running.set(worker, {job, timer: this.loaded.has(worker) ? this.budgetTimer(worker, job) : undefined})
    worker.postMessage(job.request)
  }

  private budgetTimer(worker: Worker, job: Job): NodeJS.Timeout {
    return setTimeout(() => this.lost(worker, 'timeout'), parseBudgetMs(job.bytes, this.budget))
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift()
    if (next) this.send(worker, next)
    else this.idle.push(worker)
  }

  /** A worker that died or overran its budget: replaced, and its batch answered file by file. */
  private lost(worker: Worker, reason: Error | 'timeout'): void {
    if (this.closed || !this.workers.delete(worker)) return
    worker.removeAllListeners()
    worker.on('error', () => undefined)
    void worker.terminate()
    const at = this.idle.indexOf(worker)
    if (at !== -1) this.idle.splice(at, 1)
    const run = this.running.get(worker)
    this.running.delete(worker)
    if (run) clearTimeout(run.timer)
    if (reason !== 'timeout' && ++this.lostInRow >= maxLostInRow) {
      // Workers that die before answering anything: the worker cannot start; fail, not loop.
      this.broken = new Error(`parse workers keep stopping: ${reason.message}`)
      for (const job of [run?.job, ...this.waiting.splice(0)]) job?.reject(this.broken)
      return
    }
    this.spawn()
    if (!run) return
    const {job} = run
    const [only, ...others] = job.request.files
    if (others.length === 0) {
      const seconds = (parseBudgetMs(job.bytes, this.budget) / 1000).toFixed(0)
      job.resolve([
        reason === 'timeout'
          ? {error: `parse took longer than ${seconds} s for ${(job.bytes / 1e6).toFixed(2)} MB, expected markdown the parser reads in time`, rule: 'parse-timeout'}
          : {error: `parse worker stopped: ${reason.message}`},
      ])
      return
    }
    // Which file was it? Each one again, alone.
    Promise.all([only!, ...others].map((file) => this.parse([file], job.request.options).then((records) => records[0]!))).then(job.resolve, job.reject)
  }

  async close(): Promise<void> {
    this.closed = true
    const stopped = new Error('parse pool closed')
    for (const job of this.waiting.splice(0)) job.reject(stopped)
    for (const {job, timer} of this.running.values()) {
      clearTimeout(timer)
      job.reject(stopped)
    }
    this.running.clear()
    await Promise.all([...this.workers].map((w) => w.terminate()))
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
