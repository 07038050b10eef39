/**
 * Hand-checked expectations for real minutes of the shared corpus, every community. Each
 * `test/corpus/<community>/<path>.json` was written by reading `<community>/<path>.md` line by line
 * against docs/extraction.md; the minutes themselves stay in the shared corpus and are read in place.
 * A file's expectation is the array of its meetings (`[]` for a file that is not minutes); a meeting
 * checked for its structure only states just those fields.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {extractMinutes} from '@minutes-kb/remark-minutes'
import {sharedCorpus} from '../../../scripts/corpus.ts'
import {checkedFields, contract, type ContractRecord} from './project.ts'

const expectations = join(import.meta.dirname, 'corpus')
const shared = sharedCorpus()

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') && name !== 'known-differences.json' ? [full] : []
  })
}

/**
 * Where the extractor is known to read a file differently from its reader, each with why: left out
 * of the comparison here (`pnpm score` still counts them), and checked to still differ, so a rule
 * that comes to read one right must take it off this list.
 */
interface Known {
  file: string
  field: 'participants' | 'topics' | 'actionItems' | 'decisions' | 'links'
  line: number
  why: string
}
const known = JSON.parse(readFileSync(join(expectations, 'known-differences.json'), 'utf8')) as Known[]

/** The records of a field without the entries at the known lines. */
function withoutKnown(record: Partial<ContractRecord>, file: string): Partial<ContractRecord> {
  const out: Partial<ContractRecord> = {...record}
  for (const k of known.filter((k) => k.file === file)) {
    const entries = out[k.field] as Array<{line: number}> | undefined
    if (entries) (out as Record<string, unknown>)[k.field] = entries.filter((e) => e.line !== k.line)
  }
  return out
}

const cases = jsonFiles(expectations).map((full) => {
  const [community, ...rest] = relative(expectations, full).split('/')
  return {community: community!, file: rest.join('/').replace(/\.json$/, '.md'), expected: full}
})
const communities = [...new Set(cases.map((c) => c.community))].sort()

describe('real minutes, checked by hand', () => {
  it('lists each known difference once, with why', () => {
    const keys = known.map((k) => `${k.file}:${k.field}:${k.line}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const k of known) expect(k.why.length, `${k.file}:${k.line}`).toBeGreaterThan(10)
    // The SCS fixtures shaped the rules; there the extractor and the reader agree everywhere.
    expect(known.filter((k) => k.file.startsWith('scs-minutes/'))).toEqual([])
  })

  it('covers every community with at least 10 files', () => {
    expect(communities).toEqual(['openjs-cpc', 'ossf-tac', 'rust-lang-team', 'scs-minutes'])
    for (const community of communities) expect(cases.filter((c) => c.community === community).length).toBeGreaterThanOrEqual(10)
  })

  for (const {community, file, expected} of cases) {
    it(`${community}/${file}`, () => {
      const root = join(shared, community)
      const path = join(root, file)
      expect(existsSync(path)).toBe(true)
      const records = extractMinutes(new VFile({path: file, cwd: root, value: readFileSync(path, 'utf8')})).map(contract)
      const want = JSON.parse(readFileSync(expected, 'utf8')) as Array<Partial<ContractRecord>>
      expect(records.map((r) => r.range)).toEqual(want.map((w) => w.range))
      const id = `${community}/${file}`
      records.forEach((record, i) =>
        expect(withoutKnown(checkedFields(record, want[i]!), id), `${file}, meeting ${i + 1}`).toEqual(withoutKnown(want[i]!, id)),
      )
      for (const k of known.filter((k) => k.file === id)) {
        const at = (r: Partial<ContractRecord>) => JSON.stringify(((r[k.field] as Array<{line: number}> | undefined) ?? []).filter((e) => e.line === k.line))
        const meeting = want.findIndex((w) => w.range && w.range[0] <= k.line && k.line <= w.range[1])
        expect(at(records[meeting]!), `${id}:${k.line} ${k.field} is read right now: take it off known-differences.json`).not.toBe(at(want[meeting]!))
      }
    })
  }
})
