/**
 * A preload for measuring a server's memory from outside, without a route for it:
 *
 *   NODE_OPTIONS="--expose-gc --import=./scripts/memory-probe.mjs" MEMORY_PROBE=/tmp/mem.jsonl minutes serve …
 *
 * On SIGUSR2 the process collects garbage (full, twice; not with `MEMORY_PROBE_GC=0`) and appends one JSON line to `MEMORY_PROBE`:
 * RSS before the collection and after, V8 heap used and total, external and array buffers (bytes), the worker threads alive, and,
 * when `MEMORY_PROBE_SNAPSHOT` is a folder, writes a heap snapshot there (`heap-<n>.heapsnapshot`).
 * Only the process that has `MEMORY_PROBE` set and runs the main thread answers; `minutes` re-runs
 * itself with V8 flags for some commands, and both processes load this file.
 */
import {appendFileSync} from 'node:fs'
import {join} from 'node:path'
import {getHeapStatistics, writeHeapSnapshot} from 'node:v8'
import {isMainThread} from 'node:worker_threads'

const file = process.env.MEMORY_PROBE
/** `MEMORY_PROBE_GC=0`: sample without collecting, to see RSS as the process would have it. */
const collect = process.env.MEMORY_PROBE_GC !== '0'
if (file && isMainThread && (typeof globalThis.gc === 'function' || !collect)) {
  let n = 0
  process.on('SIGUSR2', () => {
    // RSS as the process has it, then after the collection: garbage not yet collected versus memory held.
    const rssBeforeGc = process.memoryUsage.rss()
    if (collect) {
      globalThis.gc()
      globalThis.gc()
    }
    const m = process.memoryUsage()
    const heap = getHeapStatistics()
    const sample = {n: n++, pid: process.pid, collected: collect, rssBeforeGc, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, contexts: heap.number_of_native_contexts}
    const dir = process.env.MEMORY_PROBE_SNAPSHOT
    if (dir) sample.snapshot = writeHeapSnapshot(join(dir, `heap-${sample.n}.heapsnapshot`))
    appendFileSync(file, JSON.stringify(sample) + '\n')
  })
}
