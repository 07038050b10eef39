/**
 * `pnpm fuzz`: the extractor fuzzer, long. Every file of the shared corpus (all communities) under
 * every mutation, the pathological inputs at full size, and generated documents; prints each
 * refusal by rule, the worst MB/s and the input that gave it (written to a file to reproduce).
 *
 *   pnpm fuzz [--seed N] [--generated N] [--mutation-seeds N] [--heavy-every N] [--budget-ms N --budget-ms-per-mb N]
 *
 * The heavy mutations (10 000 links, a 500-column table, lists 8 levels deeper: a second or more a
 * file) go to every `--heavy-every`-th corpus file (default 8), the others to every file.
 */
import {writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import fc from 'fast-check'
import {defaultParseBudget} from '@minutes-kb/store'
import {corpusInputs, ExtractFuzzer, generatedDocument, mbPerSecond, mutated, mutations, pathological, type FuzzInput} from './fuzz-markdown.ts'

const {values} = parseArgs({
  options: {
    seed: {type: 'string', default: '13'},
    generated: {type: 'string', default: '20000'},
    'mutation-seeds': {type: 'string', default: '1'},
    'heavy-every': {type: 'string', default: '8'},
    'budget-ms': {type: 'string', default: String(defaultParseBudget.baseMs)},
    'budget-ms-per-mb': {type: 'string', default: String(defaultParseBudget.msPerMb)},
  },
})
const seed = Number(values.seed)
const heavy = new Set(['10 000 links on one line', 'a table with 500 columns', 'every list item 8 levels deeper'])
const budget = {baseMs: Number(values['budget-ms']), msPerMb: Number(values['budget-ms-per-mb'])}
const t0 = performance.now()
const fuzzer = await ExtractFuzzer.start(budget)
const corpus = corpusInputs()
const inputs: Record<string, number> = {}
let slowest: {input: FuzzInput; mbs: number} | undefined
const failures: string[] = []
const run = async (input: FuzzInput, kind: string) => {
  inputs[kind] = (inputs[kind] ?? 0) + 1
  let outcome
  try {
    outcome = await fuzzer.check(input)
  } catch (error) {
    // Every failure is listed at the end; a generated one stops fast-check, which shrinks it.
    failures.push((error as Error).message)
    console.log(`FAIL ${(error as Error).message}`)
    if (kind === 'generated documents') throw error
    return
  }
  if (outcome.bytes >= 16 * 1024 && outcome.result !== 'file-too-large' && (!slowest || mbPerSecond(outcome) < slowest.mbs)) slowest = {input, mbs: mbPerSecond(outcome)}
}
try {
  for (const make of pathological(corpus, true)) await run(make(), 'pathological')
  console.log(`pathological inputs done after ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  for (const file of corpus) await run(file, 'corpus files as they are')
  console.log(`corpus files as they are done after ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  for (let s = 0; s < Number(values['mutation-seeds']); s++) {
    for (const mutation of Object.keys(mutations)) {
      const t1 = performance.now()
      const every = heavy.has(mutation) ? Number(values['heavy-every']) : 1
      const files = corpus.filter((_, i) => i % every === (s + seed) % every)
      for (const file of files) await run(mutated(file, mutation, seed + s), 'corpus mutations')
      console.log(`  ${mutation}: ${files.length} files in ${((performance.now() - t1) / 1000).toFixed(0)} s`)
    }
    console.log(`mutations (seed ${seed + s}) done after ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  }
  await fc.assert(fc.asyncProperty(generatedDocument, (doc) => run(doc, 'generated documents')), {seed, numRuns: Number(values.generated)})
} catch (error) {
  failures.push(String(error))
} finally {
  await fuzzer.close()
}
const byResult: Record<string, number> = {}
for (const o of fuzzer.outcomes) byResult[o.result] = (byResult[o.result] ?? 0) + 1
console.log('inputs:', inputs)
console.log('outcomes:', byResult)
const worst = fuzzer.worst()
if (worst && slowest) {
  const file = join(tmpdir(), 'minutes-fuzz-worst.md')
  writeFileSync(file, slowest.input.bytes ?? slowest.input.text!)
  console.log(`worst: ${mbPerSecond(worst).toFixed(4)} MB/s (${(worst.bytes / 1e6).toFixed(3)} MB in ${(worst.ms / 1000).toFixed(1)} s, ${worst.result}): ${worst.name} — written to ${file}`)
}
const finished = fuzzer.outcomes.filter((o) => o.bytes >= 16 * 1024 && (o.result === 'extracted' || o.result === 'not-minutes')).sort((a, b) => mbPerSecond(a) - mbPerSecond(b))[0]
if (finished) console.log(`worst that finished: ${mbPerSecond(finished).toFixed(4)} MB/s (${(finished.bytes / 1e6).toFixed(3)} MB in ${(finished.ms / 1000).toFixed(1)} s): ${finished.name}`)
for (const o of fuzzer.outcomes.filter((x) => x.result === 'parse-timeout')) console.log(`parse-timeout: ${o.name} (${(o.bytes / 1e6).toFixed(3)} MB, stopped after ${(o.ms / 1000).toFixed(1)} s)`)
console.log(`${Object.values(inputs).reduce((a, b) => a + b, 0)} inputs in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${failures.length} failed (a throw, a record outside the contract, or a parse past its budget)`)
for (const failure of failures) console.log(`  ${failure}`)
process.exitCode = failures.length > 0 ? 1 : 0
