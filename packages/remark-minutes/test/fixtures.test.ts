/**
 * Synthetic fixtures: `test/fixtures/<case>/input.md` beside the expected `minutes.json` (the
 * contract fields of each meeting in the file) and, where a case is about problems, `messages.json` (rule ids and lines).
 * `UPDATE=1 pnpm test` rewrites the expected files; review the diff before committing it.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {extractFile} from '@minutes-kb/remark-minutes'
import {contract} from './project.ts'

const root = join(import.meta.dirname, 'fixtures')
const update = process.env['UPDATE'] === '1'

describe('fixtures', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, () => {
      const dir = join(root, name)
      const value = readFileSync(join(dir, 'input.md'), 'utf8')
      // The case folder stands in for a series folder; a case may name its file (`path.txt`) to test dates from names.
      const path = existsSync(join(dir, 'path.txt')) ? readFileSync(join(dir, 'path.txt'), 'utf8').trim() : `${name}/input.md`
      const extracted = extractFile(new VFile({path, cwd: '/minutes', value}))
      const actual = extracted.meetings.map(contract)
      const messages = [...extracted.meetings.flatMap((m) => m.messages), ...extracted.messages]
        .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
        .map(({line, ruleId}) => ({line, ruleId}))
      const expectedFile = join(dir, 'minutes.json')
      const messagesFile = join(dir, 'messages.json')
      if (update) {
        writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n')
        if (existsSync(messagesFile) || messages.length > 0) writeFileSync(messagesFile, JSON.stringify(messages, null, 2) + '\n')
      }
      expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')))
      if (existsSync(messagesFile)) expect(messages).toEqual(JSON.parse(readFileSync(messagesFile, 'utf8')))
    })
  }
})
