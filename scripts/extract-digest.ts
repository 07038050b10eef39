/**
 * A digest of everything extracted from the shared corpus (every community's `.md`, each file
 * alone) and from the fuzz suite's named inputs: two runs print the same digests exactly when the
 * extraction is the same. For performance work: `tsx scripts/extract-digest.ts` before and after.
 *
 *   tsx scripts/extract-digest.ts [--per-file]
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {extractFile, minutesProcessor} from '@minutes-kb/remark-minutes'
import {communities, markdownFiles} from './corpus.ts'
import {corpusInputs, pathological} from './fuzz-markdown.ts'

const processor = minutesProcessor()
const all = createHash('sha256')
let files = 0
const perFile = process.argv.includes('--per-file')
for (const {name, root} of communities()) {
  const community = createHash('sha256')
  for (const path of markdownFiles(root)) {
    const value = readFileSync(join(root, path), 'utf8')
    const json = JSON.stringify(extractFile(new VFile({path, cwd: root, value}), processor))
    community.update(path).update(json)
    all.update(json)
    files++
    if (perFile) console.log(createHash('sha256').update(json).digest('hex').slice(0, 12), `${name}/${path}`)
  }
  console.log(`${community.digest('hex').slice(0, 16)}  ${name}`)
}
const skip = new Set(['a 50 MB file', 'a list nested 10 000 deep on one line', 'block quotes nested 10 000 deep', 'NUL bytes (file)', 'invalid UTF-8'])
const named = createHash('sha256')
for (const make of pathological(corpusInputs())) {
  const input = make()
  if (skip.has(input.name)) continue
  const value = input.text ?? input.bytes!.toString('utf8')
  const json = JSON.stringify(extractFile(new VFile({path: input.path, cwd: '/', value}), processor))
  named.update(input.name).update(json)
  if (perFile) console.log(createHash('sha256').update(json).digest('hex').slice(0, 12), input.name)
}
// Whole files made of many real ones: one meeting of 0.3 MB, and a year file of real meetings each under its date.
const texts = communities().flatMap(({root}) => markdownFiles(root).map((path) => readFileSync(join(root, path), 'utf8')))
const joined = texts.slice(0, 150).join('\n\n')
const year = texts.slice(0, 150).map((t, i) => `# 2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')} Meeting\n\n${t.replace(/^#+ /gm, '## ')}`).join('\n\n')
for (const [name, path, value] of [['joined', 'joined/20240101.md', joined], ['year', 'joined/2024.md', year]] as const) {
  const json = JSON.stringify(extractFile(new VFile({path, cwd: '/', value}), processor))
  named.update(name).update(json)
  if (perFile) console.log(createHash('sha256').update(json).digest('hex').slice(0, 12), name, `${(value.length / 1e6).toFixed(2)} MB`)
}
console.log(`${named.digest('hex').slice(0, 16)}  the named fuzz inputs, the corpus joined, a year file of real meetings`)
console.log(`${all.digest('hex').slice(0, 16)}  all ${files} corpus files`)
