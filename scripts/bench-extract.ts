/**
 * Extraction throughput over the whole shared corpus (every community, every `.md`), and its cost relative to the bare parse
 * (`unified().use(remarkParse).use(remarkGfm).parse`) of the same files in the same run.
 * Rounds alternate between the two so drift on a shared machine hits both alike; medians are compared.
 *
 *   pnpm bench:extract [--rounds 9] [--warmup 3] [--corpus DIR]   (DIR: one collection instead of the shared corpus)
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {extractMinutes, minutesProcessor} from '@minutes-kb/remark-minutes'
import {communities, markdownFiles} from './corpus.ts'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name)
  return i === -1 ? fallback : Number(args[i + 1])
}
const rounds = option('--rounds', 9)
const warmup = option('--warmup', 3)
const roots = args.includes('--corpus') ? [args[args.indexOf('--corpus') + 1]!] : communities().map((c) => c.root)

const files = roots.flatMap((root) => markdownFiles(root).map((path) => ({root, path, value: readFileSync(join(root, path), 'utf8')})))
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.value), 0)

const bare = unified().use(remarkParse).use(remarkGfm)
const processor = minutesProcessor()
let sink = 0

/**
 * One round: every file parsed bare and extracted, back to back, file by file, so both sides meet
 * the same machine (a shared, noisy one) within milliseconds of each other. The order within a pair
 * alternates between rounds.
 */
function round(bareFirst: boolean): {bare: number; extract: number} {
  let tBare = 0
  let tExtract = 0
  for (const f of files) {
    for (const side of bareFirst ? ['bare', 'extract'] : ['extract', 'bare']) {
      const start = performance.now()
      if (side === 'bare') sink += bare.parse(f.value).children.length
      else sink += extractMinutes(new VFile({path: f.path, cwd: f.root, value: f.value}), processor).length
      const t = performance.now() - start
      if (side === 'bare') tBare += t
      else tExtract += t
    }
  }
  return {bare: tBare, extract: tExtract}
}

for (let i = 0; i < warmup; i++) round(i % 2 === 0)
const bareTimes: number[] = []
const extractTimes: number[] = []
const ratios: number[] = []
for (let i = 0; i < rounds; i++) {
  const r = round(i % 2 === 0)
  bareTimes.push(r.bare)
  extractTimes.push(r.extract)
  ratios.push(r.extract / r.bare)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const mb = bytes / 1e6
const tBare = median(bareTimes)
const tExtract = median(extractTimes)
console.log(`corpus: ${roots.length} collection${roots.length === 1 ? '' : 's'}, ${files.length} files, ${mb.toFixed(2)} MB; ${rounds} rounds after ${warmup} warm-up rounds (median)`)
console.log(`bare remark-parse + remark-gfm: ${tBare.toFixed(0)} ms  ${(mb / (tBare / 1000)).toFixed(2)} MB/s`)
console.log(`remark-minutes extraction:      ${tExtract.toFixed(0)} ms  ${(mb / (tExtract / 1000)).toFixed(2)} MB/s`)
console.log(`ratio extraction / bare parse:  ${median(ratios).toFixed(3)} median of per-round ratios (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}; target <= 1.15)`)
if (sink < 0) console.log(sink)
