/**
 * The extractor fuzzer: generated markdown (fast-check), mutations of the real corpus files (read in
 * place), and named pathological inputs, each put through the ingest's own path — size limit, the
 * bytes check (`minutesText`), a parse worker with the time budget — and checked: extracted (records
 * that keep the contract) or refused with a named problem, never a throw, never past the budget.
 * Used by `tests/fuzz.test.ts` (bounded, fixed seed) and `scripts/fuzz.ts` (`pnpm fuzz`, long).
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import type {MinutesFile} from '@minutes-kb/remark-minutes'
import {maxNestingDepth, minutesText, nestingDepth, ParsePool, parseBudgetMs, type ParseBudget} from '@minutes-kb/store'
import {communities, markdownFiles} from './corpus.ts'

/** An input: bytes as a file holds them, or a string handed to the parser as it is (lone surrogates). */
export interface FuzzInput {
  name: string
  /** Where the file would be, relative to the root (series and date come from it). */
  path: string
  bytes?: Buffer
  text?: string
}

export interface Outcome {
  name: string
  bytes: number
  ms: number
  /** `extracted`, `not-minutes`, or the problem's rule (`file-too-large`, `too-deeply-nested`, `parse-timeout`, `unreadable`). */
  result: string
  meetings: number
}

/** The ingest's default limit (5 MB). */
export const maxFileSize = 5 * 1024 * 1024

/** A small deterministic PRNG (mulberry32): mutations are reproducible from their seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

// ---------------------------------------------------------------------------------------------
// Generated markdown: the constructs real minutes mix, in any order and combination.

const word = fc.oneof(
  {weight: 6, arbitrary: fc.constantFrom('meeting', 'release', 'Kubernetes', 'review', 'AI', 'TODO:', 'Decision:', 'owner:', 'sponsor:', 'done', '~~old~~', 'x')},
  {weight: 2, arbitrary: fc.constantFrom('@fkr', '@Ana-B', '@@', '@', '(@bob)', 'Kurt', 'Participants', 'Attendees', 'Agenda', 'Action items')},
  {weight: 2, arbitrary: fc.constantFrom('2024-08-12', '2023-13-45', '20240101', '12.08.2024', 'Aug 12, 2024')},
  {weight: 2, arbitrary: fc.constantFrom('https://github.com/a/b/issues/1', 'https://github.com/a/b/pull/2#x', 'http://[::1]/', 'www.example.org', 'https://gitlab.com/g/p/-/merge_requests/3', 'https://review.opendev.org/c/openstack/nova/+/4', 'https://bugs.launchpad.net/nova/+bug/5', 'standards#1183', 'mailto:a@b.c', 'javascript:alert(1)')},
  {weight: 2, arbitrary: fc.constantFrom('*em*', '**strong**', '_u_', '`code`', ':smile:', '<b>', '</font>', '<script>alert(1)</script>', '&amp;', '\\*', '|', '[', ']', '(', ')', '<', '>', '"', "'", '=1+1', '\t')},
  {weight: 2, arbitrary: fc.string({unit: 'grapheme', maxLength: 8})},
  {weight: 1, arbitrary: fc.string({unit: 'binary', maxLength: 6})},
)
const inline = fc.array(word, {minLength: 1, maxLength: 10}).map((words) => words.join(' '))
const link = fc.tuple(inline, fc.constantFrom('https://github.com/o/r/issues/9', 'https://example.org/a b', '<https://x.y/z>', '#anchor', '', 'https://github.com/o/r/pull/1)')).map(([text, url]) => `[${text}](${url})`)
const phrasing = fc.oneof({weight: 4, arbitrary: inline}, {weight: 1, arbitrary: link}, {weight: 1, arbitrary: fc.tuple(inline, link, inline).map((p) => p.join(' '))})

const block: fc.Arbitrary<string> = fc.oneof(
  {weight: 3, arbitrary: fc.tuple(fc.integer({min: 1, max: 7}), phrasing).map(([depth, text]) => `${'#'.repeat(depth)} ${text}`)},
  {weight: 4, arbitrary: phrasing},
  {
    weight: 4,
    arbitrary: fc
      .array(fc.tuple(fc.integer({min: 0, max: 6}), fc.constantFrom('-', '*', '+', '1.', '2)'), fc.constantFrom('', '[ ] ', '[x] ', '[X] '), phrasing), {minLength: 1, maxLength: 8})
      .map((items) => items.map(([level, marker, task, text]) => `${'  '.repeat(level)}${marker} ${task}${text}`).join('\n')),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({min: 1, max: 5}), fc.array(fc.array(inline, {minLength: 1, maxLength: 5}), {minLength: 0, maxLength: 5}))
      .map(([cols, rows]) => [`| ${Array.from({length: cols}, (_, i) => `h${i}`).join(' | ')} |`, `|${'---|'.repeat(cols)}`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')),
  },
  {weight: 1, arbitrary: fc.tuple(fc.constantFrom('```', '~~~', '````'), inline).map(([fence, body]) => `${fence}yaml\n${body}\n${fence}`)},
  {weight: 1, arbitrary: fc.tuple(fc.integer({min: 1, max: 4}), phrasing).map(([depth, text]) => `${'> '.repeat(depth)}${text}`)},
  {weight: 1, arbitrary: fc.constantFrom('<div align="center">', '</div>', '<style>h1 {color: red}</style>', '<!-- hidden -->', '<font color="red">x</font>', '<details><summary>s</summary>', '---', '***', '', '[ref]: https://github.com/o/r/issues/7', '[^1]: note')},
)
const frontMatter = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom('title', 'date', 'participants', 'x'), inline).map(([k, v]) => `---\n${k}: ${v}\n---\n`),
  fc.constant('---\ndate: [unclosed\n---\n'),
  fc.constant('---\nno end\n'),
)

/** A generated minutes document, with a file name that may or may not carry a date. */
export const generatedDocument: fc.Arbitrary<FuzzInput> = fc
  .tuple(frontMatter, fc.array(block, {maxLength: 40}), fc.constantFrom('\n', '\n\n', '\r\n', '\r'), fc.constantFrom('team/20240812.md', 'notes.md', '2023/20231011-slides.md', 'a/b/c.md', 'README.md'))
  .map(([front, blocks, eol, path]) => ({name: 'generated', path, text: (front + blocks.join('\n\n')).replace(/\n/g, eol)}))

// ---------------------------------------------------------------------------------------------
// Mutations of real files (bytes in, bytes out; `random` from the mutation's seed).

const lines = (b: Buffer) => b.toString('utf8').split('\n')

export const mutations: Record<string, (bytes: Buffer, random: () => number) => Buffer> = {
  'cut at a random byte': (b, r) => b.subarray(0, Math.floor(r() * b.length)),
  'lines shuffled': (b, r) => {
    const all = lines(b)
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1))
      ;[all[i], all[j]] = [all[j]!, all[i]!]
    }
    return Buffer.from(all.join('\n'))
  },
  'markers doubled': (b) => Buffer.from(b.toString('utf8').replace(/[-*+#>|[\]`_~]/g, '$&$&')),
  'lists nested 10 000 deep': (b) => Buffer.from(`${'- '.repeat(10_000)}x\n${b.toString('utf8')}`),
  'every list item 8 levels deeper': (b) => Buffer.from(b.toString('utf8').replace(/^(\s*)([-*+]|\d+\.) /gm, (_, indent: string, marker: string) => `${indent}${'- '.repeat(8)}${marker} `)),
  '10 000 links on one line': (b, r) => {
    const all = lines(b)
    all.splice(Math.floor(r() * all.length), 0, Array.from({length: 10_000}, (_, i) => `[#${i}](https://github.com/o/r/issues/${i})`).join(' '))
    return Buffer.from(all.join('\n'))
  },
  'lone surrogates': (b, r) => Buffer.from(insertAt(b.toString('utf8'), r, '\ud800'), 'utf8'),
  'NUL bytes': (b, r) => spliceBytes(b, r, Buffer.from([0])),
  'CR-only line ends': (b) => Buffer.from(b.toString('utf8').replace(/\r?\n/g, '\r')),
  'a BOM in the middle': (b, r) => spliceBytes(b, r, Buffer.from([0xef, 0xbb, 0xbf])),
  'invalid UTF-8': (b, r) => spliceBytes(b, r, Buffer.from(pick(r, [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf0, 0x9f]]))),
  'an unclosed code fence': (b, r) => Buffer.from(insertAt(b.toString('utf8'), r, '\n```\n')),
  'HTML and script around lines': (b) => Buffer.from(b.toString('utf8').replace(/^(#+ .*)$/gm, '<div><script>alert(1)</script>$1</div>')),
  'a table with 500 columns': (b, r) => Buffer.from(insertAt(b.toString('utf8'), r, `\n\n|${' h |'.repeat(500)}\n|${'---|'.repeat(500)}\n|${' @x |'.repeat(500)}\n\n`)),
}

function insertAt(text: string, random: () => number, piece: string): string {
  const at = Math.floor(random() * (text.length + 1))
  return text.slice(0, at) + piece + text.slice(at)
}

function spliceBytes(bytes: Buffer, random: () => number, piece: Buffer): Buffer {
  const at = Math.floor(random() * (bytes.length + 1))
  return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)])
}

/** Every minutes file of the shared corpus (all communities), read in place. */
export function corpusInputs(): FuzzInput[] {
  return communities().flatMap(({name, root}) => markdownFiles(root).map((path) => ({name: `${name}/${path}`, path, bytes: readFileSync(join(root, path))})))
}

/** One mutation of one corpus file, reproducible from (file, mutation, seed). */
export function mutated(file: FuzzInput, mutation: string, seed: number): FuzzInput {
  return {name: `${file.name} · ${mutation} · seed ${seed}`, path: file.path, bytes: mutations[mutation]!(file.bytes!, prng(seed))}
}

// ---------------------------------------------------------------------------------------------
// The named pathological inputs of issue 13. `full`: the largest sizes (a 100 MB nested list).

export function pathological(corpus: FuzzInput[], full = false): Array<() => FuzzInput> {
  const sample = corpus.find((f) => f.name.endsWith('iaas/20231011.md')) ?? corpus[0]!
  const text = sample.bytes!.toString('utf8')
  const repeatTo = (bytes: number) => Buffer.from(text.repeat(Math.ceil(bytes / text.length)))
  const at = (name: string, value: Buffer | string, path = 'patho/20240101.md') => (): FuzzInput => (typeof value === 'string' ? {name, path, text: value} : {name, path, bytes: value})
  const indented = (depth: number) => Array.from({length: depth}, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')
  return [
    at('a list nested 10 000 deep on one line', `${'- '.repeat(10_000)}x`),
    () => at(`a list nested ${full ? '10 000' : '1000'} deep by indentation`, Buffer.from(indented(full ? 10_000 : 1000)))(),
    at('block quotes nested 10 000 deep', `${'>'.repeat(10_000)} x`),
    at('10 000 links on one line', `# 2024-01-01\n\n${Array.from({length: 10_000}, (_, i) => `[l${i}](https://github.com/o/r/issues/${i})`).join(' ')}`),
    at('10 000 bare URLs on one line', `# 2024-01-01\n\n${Array.from({length: 10_000}, (_, i) => `https://github.com/o/r/pull/${i}`).join(' ')}`),
    () => at('a 50 MB file', repeatTo(50e6))(),
    // Whole copies of a real file up to the limit: a real but large year file (minutes to parse: full mode only).
    ...(full ? [at('a file just under the size limit', Buffer.from(text.repeat(Math.floor((maxFileSize - 1) / Buffer.byteLength(text)))))] : []),
    at('lone surrogates', `# 2024-01-01\n\n## Participants\n\n- @a\ud800\n- \udfff@b\n\nAI @c: \ud83d fix`),
    at('NUL bytes (file)', Buffer.concat([Buffer.from('# 2024-01-01\n'), Buffer.from([0, 0]), Buffer.from('text')])),
    at('NUL characters (text)', `# 2024-01-01\u0000\n\n- AI @x:\u0000 y\n`),
    at('CR-only line ends', text.replace(/\r?\n/g, '\r')),
    at('a BOM in the middle', Buffer.concat([Buffer.from(text.slice(0, 200)), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.slice(200))])),
    at('invalid UTF-8', Buffer.concat([Buffer.from(text.slice(0, 100)), Buffer.from([0xc3, 0x28, 0xff])])),
    at('50 000 emphasis markers each side', `${'*'.repeat(50_000)}a${'_'.repeat(50_000)}`),
    at('20 000 open brackets', `${'['.repeat(20_000)}${']('.repeat(10_000)}`),
    at('8000 headings each with a list', Array.from({length: 8000}, (_, i) => `## Topic ${i}\n\n- AI @x: task ${i}`).join('\n')),
    at('a year file of 3000 meetings', Array.from({length: 3000}, (_, i) => `# 2024-01-${String((i % 28) + 1).padStart(2, '0')}\n\n## Participants\n\n- @x\n\n## Topic\n\nAI @x: task ${i}`).join('\n\n'), 'patho/2024.md'),
    at('a table of 20 000 rows', `# 2024-01-01\n\n| a | b |\n|---|---|\n${'| @x | https://github.com/o/r/issues/1 |\n'.repeat(20_000)}`),
    at('one line of 1 MB', `# 2024-01-01\n\n${'word '.repeat(200_000)}`),
  ]
}

// ---------------------------------------------------------------------------------------------
// The check.

/** Runs inputs through the ingest's path on one parse worker and checks each outcome. */
export class ExtractFuzzer {
  readonly outcomes: Outcome[] = []

  private constructor(
    private readonly pool: ParsePool,
    readonly budget: ParseBudget,
  ) {}

  static async start(budget: ParseBudget): Promise<ExtractFuzzer> {
    return new ExtractFuzzer(await ParsePool.start({threads: 1, parseBudget: budget}), budget)
  }

  /** Check one input; throws with the input's name on a throw, a broken record or a run past the budget. */
  async check(input: FuzzInput): Promise<Outcome> {
    const size = input.bytes?.length ?? Buffer.byteLength(input.text!)
    const t0 = performance.now()
    const done = (result: string, meetings = 0): Outcome => {
      const outcome = {name: input.name, bytes: size, ms: performance.now() - t0, result, meetings}
      this.outcomes.push(outcome)
      return outcome
    }
    if (size > maxFileSize) return done('file-too-large')
    // A file's bytes get the ingest's check; a string goes to the parser as it is (lone surrogates and
    // NUL characters survive: a file's bytes could not hold them), after the nesting check alone.
    let value: string
    if (input.bytes) {
      const text = minutesText(input.bytes)
      if ('reason' in text) return done(text.rule)
      value = text.value
    } else {
      if (nestingDepth(input.text!, maxNestingDepth + 1) > maxNestingDepth) return done('too-deeply-nested')
      value = input.text!
    }
    const [record] = await this.pool.parse([{path: input.path, value}])
    const ms = performance.now() - t0
    // The watchdog's budget plus the time to start a replacement worker: past that, the ingest stalled.
    const limit = parseBudgetMs(size, this.budget) + 5000
    if (ms > limit) throw new Error(`${input.name}: ${ms.toFixed(0)} ms for ${size} bytes, past the budget of ${limit.toFixed(0)} ms`)
    if ('error' in record!) {
      if (record.rule) return done(record.rule)
      throw new Error(`${input.name}: the extractor threw: ${record.error.split('\n').slice(0, 3).join(' ')}`)
    }
    const broken = contractViolations(record!, input.path, value)
    if (broken.length > 0) throw new Error(`${input.name}: ${broken.join('; ')}`)
    return done(record!.notMinutes ? 'not-minutes' : 'extracted', record!.meetings.length)
  }

  close(): Promise<void> {
    return this.pool.close()
  }

  /** The slowest parse per MB among inputs of at least `minBytes` (smaller ones measure only overhead). */
  worst(minBytes = 16 * 1024): Outcome | undefined {
    const parsed = this.outcomes.filter((o) => o.bytes >= minBytes && (o.result === 'extracted' || o.result === 'not-minutes' || o.result === 'parse-timeout'))
    return parsed.sort((a, b) => a.bytes / a.ms - b.bytes / b.ms)[0]
  }
}

export const mbPerSecond = (o: Outcome) => o.bytes / 1e6 / (o.ms / 1000)

/** What the extraction contract promises of every record, checked against the file it came from. */
export function contractViolations(file: MinutesFile, path: string, value: string): string[] {
  const out: string[] = []
  const lineCount = value.split(/\r\n|\r|\n/).length
  const inFile = (line: unknown) => typeof line === 'number' && Number.isInteger(line) && line >= 1 && line <= lineCount
  if (!Array.isArray(file.meetings) || !Array.isArray(file.messages)) return ['no meetings or messages array']
  if (file.meetings.length > 0 && file.notMinutes) out.push('meetings in a file said not to be minutes')
  for (const m of file.meetings) {
    if (m.file !== path) out.push(`file ${m.file}, expected ${path}`)
    if (!inFile(m.range[0]) || !inFile(m.range[1]) || m.range[0] > m.range[1]) out.push(`range ${JSON.stringify(m.range)} outside 1..${lineCount}`)
    if (m.date !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(m.date) || Number.isNaN(Date.parse(m.date)))) out.push(`date ${m.date}`)
    if (typeof m.title !== 'string' && m.title !== null) out.push('title is not text')
    for (const p of m.participants) if (p.handle !== null && !/^@[^\sA-Z]+$/.test(p.handle)) out.push(`participant handle ${p.handle}`)
    for (const [what, items] of Object.entries({participants: m.participants, topics: m.topics, actionItems: m.actionItems, decisions: m.decisions, links: m.links})) {
      for (const item of items as Array<{line: number}>) if (!inFile(item.line)) out.push(`${what} line ${item.line} outside 1..${lineCount}`)
    }
    for (const a of m.actionItems) if (!Array.isArray(a.assignees) || typeof a.text !== 'string') out.push('action item without assignees or text')
    // `[text]()` is kept with an empty URL (a rule of the extractor's, not a broken record).
    for (const l of m.links) if (typeof l.url !== 'string') out.push('link without URL')
  }
  return [...new Set(out)].slice(0, 5)
}
