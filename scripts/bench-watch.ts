/**
 * Does `minutes serve --watch` keep answering while it re-ingests? A real server on 127.0.0.1 with
 * `--watch DIR`; one client asks `/healthz` on a new connection every 10 ms (a new connection goes
 * through a cluster's primary, the watcher's process), first with nothing happening, then for
 * `--window` seconds after one file of DIR is edited (a line appended: the re-ingest, its search
 * index and its impact lists run in that window), then the file is put back (and ingested again,
 * not measured). Prints the waits of both phases — p50, p99, the longest — and the longest during the
 * re-ingest as a multiple of the longest before it.
 *
 * With `--base DIR --base-db FILE`, the same for a checkout of another commit (`git worktree add`,
 * `pnpm install --offline` in it), with a database of its own schema, alternating with this one.
 *
 *   pnpm bench:watch --db FILE --dir MINUTES [--workers 1,2] [--window 15] [--base DIR --base-db FILE]
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {request} from 'node:http'
import {loadavg} from 'node:os'
import {join, resolve} from 'node:path'
import {stopServer} from './bench-queries.ts'
import {serveNodeFlags} from '../packages/cli/bin/node-flags.mjs'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const [dbPath, dir] = [at('--db'), at('--dir')]
if (!dbPath || !dir) {
  console.error('usage: pnpm bench:watch --db FILE --dir MINUTES [--workers 1,2] [--window 15] [--base DIR --base-db FILE]')
  process.exit(2)
}
const workerCounts = (at('--workers') ?? '1,2').split(',').map(Number)
const windowMs = Number(at('--window') ?? 15) * 1000
const here = resolve(import.meta.dirname, '..')
const sides = [{name: 'this checkout', root: here, db: resolve(dbPath)}]
if (at('--base')) sides.unshift({name: `base (${at('--base')})`, root: resolve(at('--base')!), db: resolve(at('--base-db') ?? dbPath)})

/** The first minutes file of the first folder of DIR, in name order: the one edited. */
function firstMinutes(folder: string): string {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) {
      const found = firstMinutes(path)
      if (found) return found
    } else if (/^\d.*\.md$/.test(name)) return path
  }
  return ''
}
const file = firstMinutes(resolve(dir))
if (!file) throw new Error(`no dated minutes file in ${dir}`)

function serve(root: string, db: string, port: number, workers: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const argv = [...serveNodeFlags, '--import', 'tsx', join(root, 'packages/cli/bin/minutes.ts'), 'serve', '--db', db, '--port', String(port), '--rate-limit', 'off', '--workers', String(workers), '--watch', dir!]
    const child = spawn(process.execPath, argv, {cwd: root, stdio: ['ignore', 'pipe', 'inherit']})
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/serving/.test(chunk.toString())) resolve(child)
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** How long each `/healthz` took, asked every 10 ms on a new connection, for `ms`. */
async function poll(port: number, ms: number): Promise<number[]> {
  const times: number[] = []
  const end = performance.now() + ms
  while (performance.now() < end) {
    const t0 = performance.now()
    await new Promise<void>((resolve, reject) =>
      request({host: '127.0.0.1', port, path: '/healthz', agent: false}, (response) => {
        response.resume()
        response.on('end', () => resolve())
      })
        .on('error', reject)
        .end(),
    )
    times.push(performance.now() - t0)
    await wait(10)
  }
  return times.sort((a, b) => a - b)
}

const q = (times: number[], p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0
const stats = (times: number[]) => `${q(times, 0.5).toFixed(1)} / ${q(times, 0.99).toFixed(1)} / ${times.at(-1)!.toFixed(1)}`

console.log(`edited: ${file}; a ${windowMs / 1000} s window; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`)
console.log('\n| code | workers | idle: p50 / p99 / longest (ms) | during the re-ingest | requests in the window | longest ÷ idle longest |')
console.log('|---|---|---|---|---|---|')
const original = readFileSync(file, 'utf8')
let port = 3400
try {
  for (const workers of workerCounts) {
    for (const side of sides) {
      const server = await serve(side.root, side.db, port, workers)
      try {
        // The watcher starts its parse workers (and, in this checkout, its thread) first.
        await wait(3000)
        const idle = await poll(port, 3000)
        writeFileSync(file, `${original}\n## Watch benchmark ${Date.now()}\n\n- a line to ingest\n`)
        const busy = await poll(port, windowMs)
        writeFileSync(file, original)
        await wait(windowMs)
        console.log(`| ${side.name} | ${workers} | ${stats(idle)} | ${stats(busy)} | ${busy.length} | ${(busy.at(-1)! / idle.at(-1)!).toFixed(1)} |`)
      } finally {
        await stopServer(server)
        port++
      }
    }
  }
} finally {
  writeFileSync(file, original)
}
console.log(`\nload average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`)
