/**
 * One measured run for bench:ingest, in a process of its own so its memory is its own:
 *   bare DIR            parse every .md once with remark-parse + remark-gfm on this thread
 *   ingest DIR DB       `ingestDirectory` into DB (with its worker threads)
 *   floor DIR - OPTS    a parse alone on one worker thread per core (`OPTS.parser`: `bare`, the
 *                       baseline's, or `minutes`, the ingest's own), in the ingest's batches
 *                       (`defaultBatchBytes`) handed to whichever thread is free; no extraction,
 *                       nothing sent back: what a design parsing on those threads can at best reach
 * Prints one JSON line: seconds (the work only, not Node's start-up), files, bytes, maxRssMb.
 */
import {readFileSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {join} from 'node:path'
import {Worker} from 'node:worker_threads'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {bundledWorker, defaultBatchBytes, ingestDirectory, openDatabase, scanDirectory, workerExecArgv} from '@minutes-kb/store'
import {repoRoot} from './corpus.ts'

const [mode, dir, dbPath, ...rest] = process.argv.slice(2)
const options = JSON.parse(rest[0] ?? '{}') as {youngGenerationMb?: number; threads?: number; parser?: 'bare' | 'minutes'}
const t0 = performance.now()
let result: Record<string, unknown>
if (mode === 'bare') {
  const parser = unified().use(remarkParse).use(remarkGfm)
  let files = 0
  let bytes = 0
  let nodes = 0
  for (const f of scanDirectory(dir!)) {
    const value = readFileSync(join(dir!, f.path), 'utf8')
    nodes += parser.parse(value).children.length
    files++
    bytes += f.size
  }
  result = {files, bytes, nodes}
} else if (mode === 'floor') {
  const files = scanDirectory(dir!)
  let next = 0
  const batch = () => {
    const paths: string[] = []
    for (let size = 0; next < files.length && size < defaultBatchBytes; next++) {
      paths.push(join(dir!, files[next]!.path))
      size += files[next]!.size
    }
    return paths
  }
  const script = await bundledWorker(join(repoRoot, 'scripts/bench-floor-worker.ts'), new URL('./bench-floor-worker-entry.mjs', import.meta.url), [join(repoRoot, 'packages/remark-minutes')])
  const threads = Array.from({length: options.threads ?? availableParallelism()}, () => {
    const worker = new Worker(script, {execArgv: [...workerExecArgv], workerData: {parser: options.parser ?? 'bare'}})
    return new Promise<void>((resolve, reject) => {
      worker.on('message', () => {
        const paths = batch()
        if (paths.length) worker.postMessage(paths)
        else void worker.terminate().then(() => resolve())
      })
      worker.on('error', reject)
    })
  })
  await Promise.all(threads)
  result = {files: files.length, bytes: files.reduce((n, f) => n + f.size, 0)}
} else {
  const db = openDatabase(dbPath!)
  result = {...(await ingestDirectory(db, dir!, options))}
  db.close()
}
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage()
console.log(JSON.stringify({...result, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024}))
