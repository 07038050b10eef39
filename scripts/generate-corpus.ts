/**
 * A synthetic corpus: N copies of the shared corpus, each copy in series of its own
 * (`iaas-x2`, …) with every date moved by the copy's number of weeks, so no two files are alike.
 *
 *   pnpm generate-corpus --scale 10 --out .bench/corpus-10 [--corpus DIR]
 */
import {mkdirSync, readFileSync, writeFileSync, existsSync} from 'node:fs'
import {join} from 'node:path'
import {corpusFiles, corpusRoot} from './corpus.ts'

/** Write `scale` copies of the corpus under `out`; returns the number of files written. Skips when `out` is complete. */
export function generateCorpus(source: string, out: string, scale: number): number {
  const marker = join(out, '.complete')
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(scale)) return Number(readFileSync(join(out, '.files'), 'utf8'))
  let files = 0
  for (const path of corpusFiles(source)) {
    const [series, name] = path.split('/') as [string, string]
    const value = readFileSync(join(source, path), 'utf8')
    for (let k = 0; k < scale; k++) {
      const dir = join(out, k === 0 ? series : `${series}-x${k + 1}`)
      mkdirSync(dir, {recursive: true})
      writeFileSync(join(dir, shiftName(name, k)), k === 0 ? value : shiftText(value, k))
      files++
    }
  }
  writeFileSync(join(out, '.files'), String(files))
  writeFileSync(marker, String(scale))
  return files
}

const day = 86_400_000
function shift(iso: string, k: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`)
  return Number.isNaN(t) ? iso : new Date(t + k * 7 * day).toISOString().slice(0, 10)
}

function shiftName(name: string, k: number): string {
  return name.replace(/^(\d{4})(\d{2})(\d{2})/, (m, y, mo, d) => (k === 0 ? m : shift(`${y}-${mo}-${d}`, k).replace(/-/g, '')))
}

function shiftText(value: string, k: number): string {
  const moved = value.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => shift(m, k))
  // A file without any date still differs from its original.
  return moved === value ? `${value}\n<!-- synthetic copy ${k + 1} -->\n` : moved
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const usage = 'usage: generate-corpus [--scale 10] [--out .bench/corpus-SCALE] [--corpus DIR]'
  const unknown = args.filter((a, i) => a.startsWith('-') && !['--scale', '--out', '--corpus'].includes(a) && !['--scale', '--out', '--corpus'].includes(args[i - 1]!))
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage)
    process.exit(0)
  }
  if (unknown.length) {
    console.error(`Unexpected option ${unknown.join(', ')}\n${usage}`)
    process.exit(2)
  }
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  const scale = Number(at('--scale') ?? 10)
  if (!Number.isInteger(scale) || scale < 1) {
    console.error(`Unexpected --scale ${at('--scale')}, expected a whole number of copies\n${usage}`)
    process.exit(2)
  }
  const out = at('--out') ?? `.bench/corpus-${scale}`
  const n = generateCorpus(at('--corpus') ?? corpusRoot(), out, scale)
  console.log(`${n} files in ${out}`)
}
