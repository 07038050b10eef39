/**
 * Does extraction time stay linear in a file's size? For a few shapes of input (a real file repeated,
 * the shared corpus joined into one file, a year file of many meetings, headings each with a list),
 * at several sizes, time the bare parse (`unified().use(remarkParse).use(remarkGfm).parse`) and the
 * whole extraction (`extractFile`) of the same text in the same run, and print both as MB/s and
 * their ratio. A ratio that grows with the size is ours; MB/s falling on the bare side is micromark's.
 *
 * `--upstream-edit-map` puts back micromark-util-edit-map's own `consume` (the one our patch in
 * `patches/` replaces) for figures before the patch; `--no-bare` times the extraction alone.
 *
 *   pnpm bench:scaling [--sizes 0.25,0.5,1,2] [--shapes repeated,corpus,year,headings] [--repeat 3] [--no-bare] [--upstream-edit-map]
 */
import {readFileSync, realpathSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {performance} from 'node:perf_hooks'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {extractFile, minutesProcessor} from '@minutes-kb/remark-minutes'
import {communities, markdownFiles} from './corpus.ts'
import {loadavg} from 'node:os'

const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name)
  return i === -1 ? fallback : args[i + 1]!
}
const sizes = option('--sizes', '0.25,0.5,1,2').split(',').map(Number)
const shapes = option('--shapes', 'repeated,corpus,year,headings').split(',')
const repeat = Number(option('--repeat', '3'))
const withBare = !args.includes('--no-bare')

if (args.includes('--upstream-edit-map')) {
  // The EditMap instance micromark itself loads, found the way Node finds it from remark-parse.
  let from = createRequire(join(process.cwd(), 'package.json'))
  let path = ''
  for (const name of ['remark-parse', 'mdast-util-from-markdown', 'micromark', 'micromark-util-edit-map']) {
    path = realpathSync(from.resolve(name))
    from = createRequire(path)
  }
  const {EditMap} = (await import(pathToFileURL(path).href)) as {EditMap: {prototype: {consume: (events: unknown[]) => void}}}
  /** Upstream's `consume` (micromark-util-edit-map 1.0.0): copies every event before the first edit out and back. */
  EditMap.prototype.consume = function (this: {map: Array<[number, number, unknown[]]>; index: Map<number, unknown>}, events: unknown[]) {
    this.map.sort((a, b) => a[0] - b[0])
    if (this.map.length === 0) return
    let index = this.map.length
    const vecs: unknown[][] = []
    while (index > 0) {
      index -= 1
      vecs.push(events.slice(this.map[index]![0] + this.map[index]![1]), this.map[index]![2])
      events.length = this.map[index]![0]
    }
    vecs.push(events.slice())
    events.length = 0
    let slice = vecs.pop()
    while (slice) {
      for (const element of slice) events.push(element)
      slice = vecs.pop()
    }
    this.map.length = 0
    this.index.clear()
  }
  console.log(`upstream consume put back in ${path}`)
}

const roots = communities()
const corpus = roots.flatMap(({root}) => markdownFiles(root).map((path) => readFileSync(join(root, path), 'utf8')))
const iaas = roots.flatMap(({root}) => markdownFiles(root).filter((p) => p.endsWith('iaas/20231011.md')).map((p) => readFileSync(join(root, p), 'utf8')))[0] ?? corpus[0]!

/** Text of a shape, cut at a line end near `mb` megabytes. */
function shape(name: string, mb: number): {text: string; path: string} {
  const target = mb * 1e6
  let text: string
  let path = 'bench/20240101.md'
  if (name === 'repeated') text = iaas.repeat(Math.ceil(target / Buffer.byteLength(iaas)))
  else if (name === 'corpus') {
    const parts: string[] = []
    let n = 0
    for (let i = 0; n < target; i++) {
      const part = corpus[i % corpus.length]!
      parts.push(part)
      n += Buffer.byteLength(part) + 2
    }
    text = parts.join('\n\n')
  } else if (name === 'year') {
    path = 'bench/2024.md'
    const meeting = (i: number) => `# 2024-01-${String((i % 28) + 1).padStart(2, '0')}\n\n## Participants\n\n- @x\n\n## Topic\n\nAI @x: task ${i}`
    const each = Buffer.byteLength(meeting(1000)) + 2
    text = Array.from({length: Math.ceil(target / each)}, (_, i) => meeting(i)).join('\n\n')
  } else if (name === 'headings') {
    const each = Buffer.byteLength(`## Topic 1000\n\n- AI @x: task 1000\n`)
    text = Array.from({length: Math.ceil(target / each)}, (_, i) => `## Topic ${i}\n\n- AI @x: task ${i}`).join('\n')
  } else throw new Error(`Unknown shape ${name}`)
  const bytes = Buffer.from(text)
  if (bytes.length > target) {
    const cut = bytes.subarray(0, target).toString('utf8')
    text = cut.slice(0, cut.lastIndexOf('\n') + 1)
  }
  return {text, path}
}

const bare = unified().use(remarkParse).use(remarkGfm)
const processor = minutesProcessor()
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
let sink = 0

console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${repeat} runs each, alternating, median`)
console.log('| shape | MB | bare parse s | bare MB/s | extract s | extract MB/s | extract / bare | meetings |')
console.log('|---|---|---|---|---|---|---|---|')
for (const name of shapes) {
  for (const mb of sizes) {
    const {text, path} = shape(name, mb)
    const size = Buffer.byteLength(text) / 1e6
    const tb: number[] = []
    const te: number[] = []
    let meetings = 0
    for (let r = 0; r < repeat; r++) {
      for (const side of (r % 2 === 0 ? ['bare', 'extract'] : ['extract', 'bare']).filter((side) => withBare || side === 'extract')) {
        const start = performance.now()
        if (side === 'bare') sink += bare.parse(text).children.length
        else meetings = extractFile(new VFile({path, cwd: '/', value: text}), processor).meetings.length
        ;(side === 'bare' ? tb : te).push(performance.now() - start)
      }
    }
    const b = withBare ? median(tb) / 1000 : Number.NaN
    const e = median(te) / 1000
    console.log(`| ${name} | ${size.toFixed(2)} | ${b.toFixed(2)} | ${(size / b).toFixed(3)} | ${e.toFixed(2)} | ${(size / e).toFixed(3)} | ${(e / b).toFixed(2)} | ${meetings} |`)
  }
}
console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
if (sink < 0) console.log(sink)
