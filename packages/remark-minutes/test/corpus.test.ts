/**
 * Hand-checked expectations for real minutes of the shared corpus. Each `test/corpus/<series>/<name>.json`
 * was written by reading `<series>/<name>.md` line by line against docs/extraction.md; the minutes
 * themselves stay in the shared corpus (CC BY-ND) and are read in place.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {extractMinutes} from '@minutes-kb/remark-minutes'
import {corpusRoot} from '../../../scripts/corpus.ts'
import {contract} from './project.ts'

const expectations = join(import.meta.dirname, 'corpus')
const corpus = corpusRoot()
const cases = readdirSync(expectations).flatMap((series) =>
  readdirSync(join(expectations, series))
    .filter((name) => name.endsWith('.json'))
    .map((name) => `${series}/${name.replace(/\.json$/, '.md')}`),
)

describe('real minutes, checked by hand', () => {
  it('covers every series with at least 25 files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25)
    expect(new Set(cases.map((c) => c.split('/')[0])).size).toBe(6)
  })

  for (const file of cases) {
    it(file, () => {
      const path = join(corpus, file)
      const record = extractMinutes(new VFile({path: file, cwd: corpus, value: readFileSync(path, 'utf8')}))
      const expected = JSON.parse(readFileSync(join(expectations, file.replace(/\.md$/, '.json')), 'utf8'))
      expect(contract(record)).toEqual(expected)
    })
  }
})
