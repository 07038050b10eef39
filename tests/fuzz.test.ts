/**
 * The extractor fuzzer, bounded (fixed seeds; `pnpm fuzz` runs it long): generated markdown, the
 * named pathological inputs and mutations of real corpus files go through the ingest's path — size
 * limit, bytes check, a parse worker with its time budget — and each is extracted (records that keep
 * the contract) or refused with a named problem; nothing throws, nothing runs past its budget. The
 * only timing asserted is that budget (2 s + 10 s per MB here, generous: it is about hangs, not speed).
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {corpusInputs, ExtractFuzzer, generatedDocument, mbPerSecond, mutated, mutations, pathological, prng, type FuzzInput} from '../scripts/fuzz-markdown.ts'
import {tempDir} from './helpers.ts'

const budget = {baseMs: 2000, msPerMb: 10_000}
let fuzzer: ExtractFuzzer
let corpus: FuzzInput[]

beforeAll(async () => {
  fuzzer = await ExtractFuzzer.start(budget)
  corpus = corpusInputs()
})
afterAll(async () => {
  await fuzzer.close()
  const worst = fuzzer.worst()
  if (worst) console.log(`fuzz: ${fuzzer.outcomes.length} inputs; worst ${mbPerSecond(worst).toFixed(4)} MB/s (${worst.bytes} bytes, ${worst.result}): ${worst.name}`)
})

describe('the extractor, fuzzed', () => {
  it('refuses or extracts each pathological input of issue 13 within its budget', async () => {
    const results = new Map<string, string>()
    for (const make of pathological(corpus)) {
      const outcome = await fuzzer.check(make())
      results.set(outcome.name, outcome.result)
    }
    expect(Object.fromEntries(results)).toMatchObject({
      'a list nested 10 000 deep on one line': 'too-deeply-nested',
      'a list nested 1000 deep by indentation': 'too-deeply-nested',
      'block quotes nested 10 000 deep': 'too-deeply-nested',
      'a 50 MB file': 'file-too-large',
      'NUL bytes (file)': 'unreadable',
      'invalid UTF-8': 'unreadable',
      'lone surrogates': 'extracted',
      'NUL characters (text)': 'extracted',
      'CR-only line ends': 'extracted',
      'a BOM in the middle': 'extracted',
      '10 000 links on one line': 'extracted',
    })
    // Quadratic in micromark: extracted on a fast machine, past the budget on a slow one.
    expect(['extracted', 'parse-timeout']).toContain(results.get('8000 headings each with a list'))
  }, 300_000)

  it('extracts or refuses mutations of real minutes from every community', async () => {
    const random = prng(13)
    const failures: string[] = []
    for (const mutation of Object.keys(mutations)) {
      for (let i = 0; i < 4; i++) {
        const input = mutated(corpus[Math.floor(random() * corpus.length)]!, mutation, 13 + i)
        await fuzzer.check(input).catch((error: Error) => failures.push(error.message))
      }
    }
    expect(failures).toEqual([])
  }, 300_000)

  it('extracts generated markdown (lists, tables, headings, emphasis, HTML, front matter, code, links)', async () => {
    await fc.assert(
      fc.asyncProperty(generatedDocument, async (doc) => {
        expect(['extracted', 'not-minutes']).toContain((await fuzzer.check(doc)).result)
      }),
      {seed: 13, numRuns: 400},
    )
  }, 300_000)
})

describe('an ingest of pathological files', () => {
  it('completes, each file a meeting or a named problem', async () => {
    const root = join(tempDir(), 'minutes')
    mkdirSync(join(root, 'patho'), {recursive: true})
    const names = new Map<string, string>()
    const wanted = ['a list nested 10 000 deep on one line', 'block quotes nested 10 000 deep', 'a 50 MB file', 'NUL bytes (file)', 'invalid UTF-8', 'CR-only line ends', 'a BOM in the middle', '8000 headings each with a list']
    pathological(corpus)
      .map((make) => make())
      .filter((input) => wanted.includes(input.name))
      .forEach((input, i) => {
        const path = `patho/2024010${i}.md`
        writeFileSync(join(root, path), input.bytes ?? input.text!)
        names.set(path, input.name)
      })
    writeFileSync(join(root, 'patho/20231011.md'), corpus.find((f) => f.name.endsWith('iaas/20231011.md'))!.bytes!)
    const db = openDatabase(join(root, '..', 'patho.db'))
    const summary = await ingestDirectory(db, root, {parseBudget: budget})
    const problems = new Map((db.prepare("SELECT path, rule_id FROM problems WHERE meeting_id IS NULL").raw().all() as Array<[string, string]>).map(([p, r]) => [names.get(p) ?? p, r]))
    const meetings = new Set((db.prepare('SELECT path FROM meetings').pluck().all() as string[]).map((p) => names.get(p) ?? p))
    db.close()
    expect(summary.files).toBe(wanted.length + 1)
    expect(Object.fromEntries(problems)).toMatchObject({
      'a list nested 10 000 deep on one line': 'too-deeply-nested',
      'block quotes nested 10 000 deep': 'too-deeply-nested',
      'a 50 MB file': 'file-too-large',
      'NUL bytes (file)': 'unreadable',
      'invalid UTF-8': 'unreadable',
    })
    for (const name of ['CR-only line ends', 'a BOM in the middle', 'patho/20231011.md']) expect(meetings, name).toContain(name)
    // The slow one: a meeting (fast machine) or a parse-timeout problem (slow one); never a stalled run.
    const slow = '8000 headings each with a list'
    expect(meetings.has(slow) || problems.get(slow) === 'parse-timeout', slow).toBe(true)
  }, 300_000)
})
