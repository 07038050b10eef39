/**
 * Ingest speed and memory on synthetic corpora (1×, 10×, 100× the shared corpus, every copy with
 * its own series and dates). In the same run, for each size:
 *   - the single-thread bare parse (remark-parse + remark-gfm) of the same files,
 *   - a full ingest into a fresh database (worker threads, one transaction), as a ratio to the bare parse,
 *   - an unchanged re-ingest, as a ratio to the full ingest,
 *   - the peak RSS of the ingest process.
 * Every measurement runs in a fresh process (both sides start cold), bare and ingest alternate
 * between repetitions, medians are reported. The ingest runs in a Node started with the V8 flags
 * `minutes ingest` uses (packages/cli/bin/node-flags.mjs), the bare parse with Node's defaults (its
 * fastest: V8's background threads have the second core to themselves); `--bare-flags` also times
 * the bare parse with the ingest's flags, for comparison. `--floor` also times two floors: the bare
 * parse, and the ingest's own parse (lean GFM, front matter), each alone on the ingest's threads with
 * its batching and flags — no extraction, no records sent back, no database: what a design that
 * parses on those threads can at best reach.
 *
 *   pnpm bench:ingest [--scales 1,10,100] [--reps 3] [--young-gen MB] [--threads N] [--bare-flags] [--floor]
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {corpusRoot, repoRoot} from './corpus.ts'
import {generateCorpus} from './generate-corpus.ts'
import {ingestNodeFlags} from '../packages/cli/bin/node-flags.mjs'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const scales = (at('--scales') ?? '1,10').split(',').map(Number)
const reps = Number(at('--reps') ?? 3)
const pool: Record<string, number> = {}
if (at('--young-gen')) pool['youngGenerationMb'] = Number(at('--young-gen'))
if (at('--threads')) pool['threads'] = Number(at('--threads'))
const bareFlags = args.includes('--bare-flags')
const floor = args.includes('--floor')
const work = join(repoRoot, '.bench')

function child(flags: string[], ...argv: string[]): {seconds: number; maxRssMb: number; files: number; bytes: number; [k: string]: unknown} {
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', join(repoRoot, 'scripts/bench-ingest-child.ts'), ...argv], {cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26})
  return JSON.parse(out.trim().split('\n').pop()!)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const table: string[] = []
const floorRatios: Record<'bare' | 'minutes', string[]> = {bare: [], minutes: []}
for (const scale of scales) {
  const dir = join(work, `corpus-${scale}`)
  mkdirSync(dir, {recursive: true})
  const files = generateCorpus(corpusRoot(), dir, scale)
  const n = scale >= 100 ? 1 : reps
  const bare: number[] = []
  const bareFlagged: number[] = []
  const floors = {bare: [] as number[], minutes: [] as number[]}
  const full: number[] = []
  const again: number[] = []
  const rss: number[] = []
  let mb = 0
  for (let i = 0; i < n; i++) {
    const db = join(work, `bench-${scale}.db`)
    for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, {force: true})
    const order = i % 2 === 0 ? ['bare', 'ingest'] : ['ingest', 'bare']
    for (const side of order) {
      if (side === 'bare') {
        const r = child([], 'bare', dir)
        bare.push(r.seconds)
        mb = r.bytes / 1e6
        if (bareFlags) bareFlagged.push(child(ingestNodeFlags, 'bare', dir).seconds)
        if (floor) for (const parser of ['bare', 'minutes'] as const) floors[parser].push(child(ingestNodeFlags, 'floor', dir, '-', JSON.stringify({...pool, parser})).seconds)
      } else {
        const r = child(ingestNodeFlags, 'ingest', dir, db, JSON.stringify(pool))
        if (r['added'] !== files) throw new Error(`ingest added ${String(r['added'])} of ${files} files`)
        full.push(r.seconds)
        rss.push(r.maxRssMb)
        const u = child(ingestNodeFlags, 'ingest', dir, db, JSON.stringify(pool))
        if (u['unchanged'] !== files) throw new Error(`re-ingest found ${String(u['unchanged'])} of ${files} unchanged`)
        again.push(u.seconds)
      }
    }
    console.error(`${scale}×: run ${i + 1}/${n}: bare ${bare.at(-1)!.toFixed(2)} s${bareFlags ? ` (${bareFlagged.at(-1)!.toFixed(2)} s with the ingest's flags)` : ''}, ${floor ? `floors ${floors.bare.at(-1)!.toFixed(2)} / ${floors.minutes.at(-1)!.toFixed(2)} s, ` : ''}ingest ${full.at(-1)!.toFixed(2)} s, unchanged ${again.at(-1)!.toFixed(2)} s`)
  }
  const ratios = full.map((f, i) => f / bare[i]!)
  console.error(`${scale}×: ingest / bare per run: ${ratios.map((r) => r.toFixed(2)).join(', ')}${bareFlags ? `; bare with the ingest's flags / bare: ${bareFlagged.map((b, i) => (b / bare[i]!).toFixed(2)).join(', ')}` : ''}`)
  if (floor) {
    for (const parser of ['bare', 'minutes'] as const) {
      const floorRatio = floors[parser].map((f, i) => f / bare[i]!)
      console.error(`${scale}×: floor (${parser} parse) / bare per run: ${floorRatio.map((r) => r.toFixed(2)).join(', ')}`)
      floorRatios[parser].push(`${scale}× ${median(floorRatio).toFixed(2)}`)
    }
  }
  const unchangedRatios = again.map((u, i) => u / full[i]!)
  table.push(
    `| ${scale}× | ${files} | ${mb.toFixed(1)} | ${median(bare).toFixed(2)} | ${median(full).toFixed(2)} | **${median(ratios).toFixed(2)}** | ${median(again).toFixed(3)} | **${(100 * median(unchangedRatios)).toFixed(1)} %** | ${Math.max(...rss).toFixed(0)} |`,
  )
}
console.log(`ingest: node ${ingestNodeFlags.join(' ')}; threads: ${pool['threads'] ?? 'all cores'}, young generation: ${pool['youngGenerationMb'] ?? 'ingest default'} MB; medians of ${reps} runs (1 at 100×)\n`)
console.log('| corpus | files | MB | bare parse, 1 thread (s) | full ingest (s) | ingest / bare | unchanged re-ingest (s) | unchanged / full | peak RSS (MB) |')
console.log('|---|---|---|---|---|---|---|---|---|')
for (const row of table) console.log(row)
if (floor) {
  console.log(`\nfloor: the bare parse alone on the ingest's threads / bare: ${floorRatios.bare.join(', ')}`)
  console.log(`floor: the ingest's own parse alone on its threads / bare: ${floorRatios.minutes.join(', ')}`)
}
