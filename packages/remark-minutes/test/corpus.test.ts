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
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : []
  })
}

const cases = jsonFiles(expectations).map((full) => {
  const [community, ...rest] = relative(expectations, full).split('/')
  return {community: community!, file: rest.join('/').replace(/\.json$/, '.md'), expected: full}
})
const communities = [...new Set(cases.map((c) => c.community))].sort()

describe('real minutes, checked by hand', () => {
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
      records.forEach((record, i) => expect(checkedFields(record, want[i]!), `${file}, meeting ${i + 1}`).toEqual(want[i]))
    })
  }
})
