/**
 * Extraction quality against the hand-annotated fixtures: precision, recall and F1 per field, the way
 * the quality bar in issue 2 is stated. `pnpm score` prints the table; `--diff` lists every miss.
 *
 *   pnpm score [--diff] [--corpus DIR] [--fixtures DIR]
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {extractMinutes, type MinutesRecord} from '@minutes-kb/remark-minutes'
import {corpusRoot, repoRoot} from './corpus.ts'

const args = process.argv.slice(2)
const showDiff = args.includes('--diff')
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const corpus = at('--corpus') ?? corpusRoot()
const fixtures = at('--fixtures') ?? join(repoRoot, 'packages/remark-minutes/test/corpus')

interface Tally {
  tp: number
  fp: number
  fn: number
}
const tallies = new Map<string, Tally>()
const extra = {assigneeExact: 0, assigneeMatched: 0, markedFound: 0, markedTotal: 0, doneRight: 0, ownersRight: 0, topicsMatched: 0}
let dates = 0
let datesRight = 0
let titlesRight = 0

function tally(name: string, expected: string[], actual: string[], file: string): void {
  const t = tallies.get(name) ?? {tp: 0, fp: 0, fn: 0}
  const rest = [...actual]
  for (const e of expected) {
    const i = rest.indexOf(e)
    if (i === -1) {
      t.fn++
      if (showDiff) console.log(`  ${file} ${name} missed:   ${e}`)
    } else {
      t.tp++
      rest.splice(i, 1)
    }
  }
  t.fp += rest.length
  if (showDiff) for (const r of rest) console.log(`  ${file} ${name} spurious: ${r}`)
  tallies.set(name, t)
}

const marked = /\bAI\b|to[ -]?do|action item/i

for (const series of readdirSync(fixtures)) {
  for (const name of readdirSync(join(fixtures, series))) {
    if (!name.endsWith('.json')) continue
    const expected = JSON.parse(readFileSync(join(fixtures, series, name), 'utf8')) as MinutesRecord
    const path = join(corpus, expected.file)
    const actual = extractMinutes(new VFile({path, cwd: corpus, value: readFileSync(path, 'utf8')}))
    const file = expected.file
    const source = readFileSync(path, 'utf8').split(/\r?\n/)
    dates++
    if (expected.date === actual.date) datesRight++
    else if (showDiff) console.log(`  ${file} date: expected ${expected.date}, got ${actual.date}`)
    if (expected.title === actual.title) titlesRight++
    else if (showDiff) console.log(`  ${file} title: expected ${expected.title}, got ${actual.title}`)
    const person = (p: {handle: string | null; name: string | null}) => p.handle ?? `name:${p.name}`
    tally('participants', expected.participants.map(person), actual.participants.map(person), file)
    tally('topics', expected.topics.map((t) => `${t.line} ${t.title}`), actual.topics.map((t) => `${t.line} ${t.title}`), file)
    for (const t of expected.topics) {
      const a = actual.topics.find((x) => x.line === t.line)
      if (!a) continue
      extra.topicsMatched++
      if (a.owners.join() === t.owners.join()) extra.ownersRight++
      else if (showDiff) console.log(`  ${file} owners of ${t.line}: expected ${t.owners}, got ${a.owners}`)
    }
    tally('links', expected.links.map((l) => `${l.line} ${l.url}`), actual.links.map((l) => `${l.line} ${l.url}`), file)
    tally('decisions', expected.decisions.map((d) => `${d.line}`), actual.decisions.map((d) => `${d.line}`), file)
    tally('actions', expected.actionItems.map((a) => `${a.line}`), actual.actionItems.map((a) => `${a.line}`), file)
    // Several tasks may share a line (`@a to …, @b to …`): pair them by line, then by assignees.
    const unpaired = [...actual.actionItems]
    const key = (xs: string[]) => [...xs].sort().join()
    const pairs = expected.actionItems.map((e) => {
      const i = unpaired.findIndex((x) => x.line === e.line && key(x.assignees) === key(e.assignees))
      const j = i === -1 ? unpaired.findIndex((x) => x.line === e.line) : i
      return j === -1 ? undefined : unpaired.splice(j, 1)[0]
    })
    for (const [n, e] of expected.actionItems.entries()) {
      const isMarked = marked.test(source[e.line - 1] ?? '')
      const a = pairs[n]
      if (isMarked) {
        extra.markedTotal++
        if (a) extra.markedFound++
      }
      if (!a) continue
      extra.assigneeMatched++
      if ([...a.assignees].sort().join() === [...e.assignees].sort().join()) extra.assigneeExact++
      else if (showDiff) console.log(`  ${file} assignees of ${e.line}: expected ${e.assignees}, got ${a.assignees}`)
      if (a.done === e.done) extra.doneRight++
      else if (showDiff) console.log(`  ${file} done of ${e.line}: expected ${e.done}, got ${a.done}`)
    }
  }
}

const f = (x: number) => x.toFixed(3)
console.log(`\nfield          precision  recall     F1`)
for (const [name, t] of tallies) {
  const p = t.tp / (t.tp + t.fp || 1)
  const r = t.tp / (t.tp + t.fn || 1)
  console.log(`${name.padEnd(14)} ${f(p).padEnd(10)} ${f(r).padEnd(10)} ${f((2 * p * r) / (p + r || 1))}   (${t.tp} tp, ${t.fp} fp, ${t.fn} fn)`)
}
console.log(`dates correct  ${f(datesRight / dates)} (${datesRight}/${dates}); titles ${titlesRight}/${dates}`)
console.log(`marked actions recall ${f(extra.markedFound / (extra.markedTotal || 1))} (${extra.markedFound}/${extra.markedTotal})`)
console.log(`assignee sets exact   ${f(extra.assigneeExact / (extra.assigneeMatched || 1))} (${extra.assigneeExact}/${extra.assigneeMatched})`)
console.log(`done flags right      ${extra.doneRight}/${extra.assigneeMatched}; topic owners right ${extra.ownersRight}/${extra.topicsMatched}`)
