/**
 * Extraction quality against the hand-annotated fixtures: precision, recall and F1 per field, one
 * table per community and one for all of them. `pnpm score` prints the tables; `--diff` lists every miss.
 *
 *   pnpm score [--diff] [--community NAME] [--corpus DIR] [--fixtures DIR]
 *
 * `--corpus` is the folder holding the communities (default: the shared corpus), `--fixtures` the
 * folder holding one folder of expectations per community (`<community>/<path>.json`, an array of the
 * file's meetings; a meeting may state only some fields, and only those are scored).
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {VFile} from 'vfile'
import {extractMinutes, type MinutesRecord} from '@minutes-kb/remark-minutes'
import {repoRoot, sharedCorpus} from './corpus.ts'

const args = process.argv.slice(2)
let showDiff = args.includes('--diff')
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const corpus = at('--corpus') ?? sharedCorpus()
const fixtures = at('--fixtures') ?? join(repoRoot, 'packages/remark-minutes/test/corpus')
const only = at('--community')

interface Tally {
  tp: number
  fp: number
  fn: number
}

/** The figures of one community (or of all). */
class Score {
  readonly tallies = new Map<string, Tally>()
  files = 0
  meetings = 0
  dates = 0
  datesRight = 0
  titlesRight = 0
  markedFound = 0
  markedTotal = 0
  assigneeExact = 0
  assigneeMatched = 0
  doneRight = 0
  ownersRight = 0
  topicsMatched = 0

  tally(name: string, expected: string[], actual: string[], where: string): void {
    const t = this.tallies.get(name) ?? {tp: 0, fp: 0, fn: 0}
    const rest = [...actual]
    for (const e of expected) {
      const i = rest.indexOf(e)
      if (i === -1) {
        t.fn++
        if (showDiff) console.log(`  ${where} ${name} missed:   ${e}`)
      } else {
        t.tp++
        rest.splice(i, 1)
      }
    }
    t.fp += rest.length
    if (showDiff) for (const r of rest) console.log(`  ${where} ${name} spurious: ${r}`)
    this.tallies.set(name, t)
  }

  print(title: string): void {
    const f = (x: number) => x.toFixed(3)
    console.log(`\n${title}: ${this.files} files, ${this.meetings} meetings`)
    console.log(`field          precision  recall     F1`)
    for (const [name, t] of this.tallies) {
      const p = t.tp / (t.tp + t.fp || 1)
      const r = t.tp / (t.tp + t.fn || 1)
      console.log(`${name.padEnd(14)} ${f(p).padEnd(10)} ${f(r).padEnd(10)} ${f((2 * p * r) / (p + r || 1))}   (${t.tp} tp, ${t.fp} fp, ${t.fn} fn)`)
    }
    console.log(`dates correct  ${f(this.datesRight / (this.dates || 1))} (${this.datesRight}/${this.dates}); titles ${this.titlesRight}/${this.dates}`)
    console.log(`marked actions recall ${f(this.markedFound / (this.markedTotal || 1))} (${this.markedFound}/${this.markedTotal})`)
    console.log(`assignee sets exact   ${f(this.assigneeExact / (this.assigneeMatched || 1))} (${this.assigneeExact}/${this.assigneeMatched})`)
    console.log(`done flags right      ${this.doneRight}/${this.assigneeMatched}; topic owners right ${this.ownersRight}/${this.topicsMatched}`)
  }
}

const marked = /\bAI\b|to[ -]?do|action item|\baction\s*:/i
const person = (p: {handle: string | null; name: string | null}) => p.handle ?? `name:${p.name}`
const personFull = (p: {handle: string | null; name: string | null; affiliation?: string | null}) => `${p.handle ?? ''}|${p.name ?? ''}|${p.affiliation ?? ''}`

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : []
  })
}

/** Score one file's meetings: expected and actual records are paired by their first line, then by date. */
function scoreFile(score: Score, file: string, expected: Array<Partial<MinutesRecord>>, actual: MinutesRecord[], source: string[]): void {
  score.files++
  const unpaired = [...actual]
  for (const e of expected) {
    score.meetings++
    let i = unpaired.findIndex((a) => e.range && a.range[0] === e.range[0])
    if (i === -1) i = unpaired.findIndex((a) => a.date === e.date)
    const a = i === -1 ? undefined : unpaired.splice(i, 1)[0]
    scoreMeeting(score, `${file}${e.range ? `:${e.range[0]}` : ''}`, e, a, source)
  }
  // Meetings found where the reader saw none (or a file read as minutes that is not): all spurious.
  for (const a of unpaired) scoreMeeting(score, `${file}:${a.range[0]}`, {participants: [], topics: [], links: [], decisions: [], actionItems: []}, a, source)
}

function scoreMeeting(score: Score, where: string, expected: Partial<MinutesRecord>, found: MinutesRecord | undefined, source: string[]): void {
  const empty: MinutesRecord = {file: '', range: [0, 0], series: '', date: null, title: null, participants: [], topics: [], actionItems: [], decisions: [], links: [], messages: []}
  const actual = found ?? empty
  if ('date' in expected) {
    score.dates++
    if (found && expected.date === actual.date) score.datesRight++
    else if (showDiff) console.log(`  ${where} date: expected ${expected.date}, got ${found ? actual.date : '(no meeting)'}`)
  }
  if ('title' in expected) {
    if (found && expected.title === actual.title) score.titlesRight++
    else if (showDiff) console.log(`  ${where} title: expected ${expected.title}, got ${actual.title}`)
  }
  if (expected.participants) {
    score.tally('participants', expected.participants.map(person), actual.participants.map(person), where)
    score.tally('people details', expected.participants.map(personFull), actual.participants.map(personFull), where)
  }
  if (expected.topics) {
    score.tally('topics', expected.topics.map((t) => `${t.line} ${t.title}`), actual.topics.map((t) => `${t.line} ${t.title}`), where)
    for (const t of expected.topics) {
      const a = actual.topics.find((x) => x.line === t.line)
      if (!a) continue
      score.topicsMatched++
      if ([...a.owners].sort().join() === [...t.owners].sort().join()) score.ownersRight++
      else if (showDiff) console.log(`  ${where} owners of ${t.line}: expected ${t.owners}, got ${a.owners}`)
    }
  }
  if (expected.links) score.tally('links', expected.links.map((l) => `${l.line} ${l.url}`), actual.links.map((l) => `${l.line} ${l.url}`), where)
  if (expected.decisions) score.tally('decisions', expected.decisions.map((d) => `${d.line}`), actual.decisions.map((d) => `${d.line}`), where)
  if (expected.actionItems) {
    score.tally('actions', expected.actionItems.map((a) => `${a.line}`), actual.actionItems.map((a) => `${a.line}`), where)
    // Several tasks may share a line (`@a to …, @b to …`): pair them by line, then by assignees.
    const unpaired = [...actual.actionItems]
    const key = (xs: string[]) => [...xs].sort().join()
    for (const e of expected.actionItems) {
      const i = unpaired.findIndex((x) => x.line === e.line && key(x.assignees) === key(e.assignees))
      const j = i === -1 ? unpaired.findIndex((x) => x.line === e.line) : i
      const a = j === -1 ? undefined : unpaired.splice(j, 1)[0]
      if (marked.test(source[e.line - 1] ?? '')) {
        score.markedTotal++
        if (a) score.markedFound++
      }
      if (!a) continue
      score.assigneeMatched++
      if (key(a.assignees) === key(e.assignees)) score.assigneeExact++
      else if (showDiff) console.log(`  ${where} assignees of ${e.line}: expected ${e.assignees}, got ${a.assignees}`)
      if (a.done === e.done) score.doneRight++
      else if (showDiff) console.log(`  ${where} done of ${e.line}: expected ${e.done}, got ${a.done}`)
    }
  }
}

const total = new Score()
const communities = readdirSync(fixtures).filter((name) => statSync(join(fixtures, name)).isDirectory() && (!only || name === only)).sort()
const perCommunity: Array<[string, Score]> = []
for (const community of communities) {
  const score = new Score()
  const root = join(corpus, community)
  for (const expectation of jsonFiles(join(fixtures, community)).sort()) {
    const file = relative(join(fixtures, community), expectation).replace(/\.json$/, '.md')
    const expected = JSON.parse(readFileSync(expectation, 'utf8')) as Array<Partial<MinutesRecord>>
    const value = readFileSync(join(root, file), 'utf8')
    const actual = extractMinutes(new VFile({path: file, cwd: root, value}))
    const source = value.split(/\r?\n|\r/)
    scoreFile(score, `${community}/${file}`, expected, actual, source)
    // The same differences again for the total: listed once.
    const listing = showDiff
    showDiff = false
    scoreFile(total, `${community}/${file}`, expected, actual, source)
    showDiff = listing
  }
  perCommunity.push([community, score])
}
for (const [community, score] of perCommunity) score.print(community)
if (perCommunity.length > 1) total.print('all communities')
