/**
 * Crash consistency over a real run of the shared corpus: an ingest process (the work of `minutes
 * ingest`, `scripts/crash-child.ts`) killed with SIGKILL at points spread by time and by files done,
 * the search index build and the commit included. After each kill: `integrity_check` ok, the
 * database equal (by digest) to the state before the run or after it, and — after the last point here,
 * after every one with `pnpm crash` — the next ingest completes and equals a clean ingest.
 * `CRASH_POINTS` (default 6; `pnpm crash`: 50) and `CRASH_REINGEST=all` set how many.
 */
import {spawn} from 'node:child_process'
import {copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {corpusRoot} from '../scripts/corpus.ts'
import {ingestNodeFlags} from '../packages/cli/bin/node-flags.mjs'
import {digest, integrity} from './db-digest.ts'
import {minutes, repoRoot, tempDir} from './helpers.ts'

const points = Number(process.env['CRASH_POINTS'] ?? 6)
const reingestEvery = process.env['CRASH_REINGEST'] === 'all'
const child = join(repoRoot, 'scripts/crash-child.ts')

interface Run {
  /** What the child said last before it died (or `committed`). */
  reached: string
  killed: boolean
  ms: number
  /** Files written when it stopped. */
  files: number
}

/** Run the ingest; kill it `at` ms after the start, or once it has written `files` files, or at `indexing`. */
function ingest(root: string, db: string, kill: {at?: number; files?: number; indexing?: boolean} = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const proc = spawn(process.execPath, [...ingestNodeFlags, '--import', 'tsx', child, root, db], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe']})
    let reached = 'started'
    let written = 0
    let stderr = ''
    const timer = kill.at === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), kill.at)
    proc.stdout.setEncoding('utf8')
    proc.stdout.on('data', (chunk: string) => {
      for (const line of chunk.trim().split('\n')) {
        reached = line
        const files = /^files (\d+)$/.exec(line)
        if (files) written = Number(files[1])
        if ((kill.files !== undefined && files && Number(files[1]) >= kill.files) || (kill.indexing && line === 'indexing')) proc.kill('SIGKILL')
      }
    })
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    proc.on('error', reject)
    proc.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`ingest exited with ${code}: ${stderr}`))
      else resolve({reached, killed: signal === 'SIGKILL', ms: performance.now() - t0, files: written})
    })
  })
}

describe(`an ingest of the shared corpus killed at ${points} points`, () => {
  let dir: string
  let db: string
  let saved: string
  let before: string
  let after: string
  let cleanMs: number
  let totalFiles: number

  beforeAll(async () => {
    dir = tempDir('minutes-crash-')
    // The state before: an older copy of part of the corpus, with a file the run edits and one it removes.
    const prior = join(dir, 'prior')
    cpSync(join(corpusRoot(), 'iaas'), join(prior, 'iaas'), {recursive: true})
    const edited = join(prior, 'iaas/20231011.md')
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/\n## /, '\n## An older agenda item\n\n- AI @fkr: gone in the new version\n\n## '))
    mkdirSync(join(prior, 'gone'))
    writeFileSync(join(prior, 'gone/20240101.md'), '# 2024-01-01\n\n## Participants\n\n- @ana\n\n## Removed\n\n- AI @ana: vanish\n')
    db = join(dir, 'crash.db')
    saved = join(dir, 'before.db')
    // The prior folder's meetings stored under the corpus's paths: the run then changes, adds and removes.
    expect(minutes(['ingest', prior, '--db', db, '--quiet']).status).toBe(0)
    copyFileSync(db, saved)
    before = digest(db)
    // The state after: a clean, complete run, timed.
    const clean = await ingest(corpusRoot(), db)
    expect(clean.reached).toBe('committed')
    cleanMs = clean.ms
    totalFiles = clean.files
    after = digest(db)
    expect(after).not.toBe(before)
    restore()
  }, 300_000)

  function restore(): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, {force: true})
    copyFileSync(saved, db)
  }

  // Half the points by time from the start (0 … the clean run's length), half by files written
  // (0 … all), the last of those at the search index build.
  const plan = Array.from({length: points}, (_, i) => {
    const half = Math.ceil(points / 2)
    return i < half ? {kind: 'time' as const, fraction: half === 1 ? 0.5 : i / (half - 1)} : {kind: 'files' as const, fraction: points - half === 1 ? 1 : (i - half) / (points - half - 1)}
  })
  const outcomes: string[] = []

  plan.forEach((point, i) => {
    const reingest = reingestEvery || i === plan.length - 1
    it(`point ${i + 1}: killed at ${(point.fraction * 100).toFixed(0)} % of the ${point.kind === 'time' ? 'run time' : 'files'}: before or after, never between${reingest ? '; the next run completes and equals a clean one' : ''}`, async () => {
      const kill = point.kind === 'time' ? {at: Math.round(point.fraction * cleanMs)} : point.fraction === 1 ? {indexing: true} : {files: Math.round(point.fraction * totalFiles)}
      const run = await ingest(corpusRoot(), db, kill)
      expect(integrity(db)).toBe('ok')
      const state = digest(db)
      expect([before, after], `killed after "${run.reached}" at ${run.ms.toFixed(0)} ms`).toContain(state)
      outcomes.push(`${point.kind} ${(point.fraction * 100).toFixed(0)}%: ${run.killed ? `killed after "${run.reached}"` : 'finished'} at ${run.ms.toFixed(0)} ms → ${state === before ? 'before' : 'after'}`)
      if (reingest) {
        const next = await ingest(corpusRoot(), db)
        expect(next.reached).toBe('committed')
        expect(integrity(db)).toBe('ok')
        expect(digest(db)).toBe(after)
      }
      if (reingest || state === after) restore()
    }, 300_000)
  })

  it('reports where each point fell', () => {
    console.log(`crash points (clean run ${cleanMs.toFixed(0)} ms, ${totalFiles} files):\n  ${outcomes.join('\n  ')}`)
    expect(outcomes).toHaveLength(points)
  })
})
