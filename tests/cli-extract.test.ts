import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {corpusRoot} from '../scripts/corpus.ts'
import {asUnprivileged, minutes, sharedTempDir, tempDir, unprivilegedReason} from './helpers.ts'

const corpus = corpusRoot()

describe('minutes extract', () => {
  it('prints the contract JSON with paths and series relative to --root', () => {
    const result = minutes(['extract', '--root', corpus, '--json', join(corpus, 'product-board/20240812.md'), join(corpus, 'iaas/20231011.md')])
    expect(result.status).toBe(0)
    const records = JSON.parse(result.stdout)
    expect(records.map((r: {file: string; series: string}) => [r.file, r.series])).toEqual([
      ['product-board/20240812.md', 'product-board'],
      ['iaas/20231011.md', 'iaas'],
    ])
    const [board, iaas] = records
    expect(board.date).toBe('2024-08-12')
    expect(board.participants.map((p: {handle: string}) => p.handle)).toContain('@frosty-geek')
    expect(board.links.find((l: {line: number}) => l.line === 30).ref).toEqual({
      host: 'github.com', owner: 'kubernetes', repo: 'cloud-provider-openstack', kind: 'issue', number: 2579,
    })
    expect(iaas.actionItems).toContainEqual(expect.objectContaining({assignees: ['@fkr'], text: 'create scs-iaas room and announce it', line: 63, done: false}))
    for (const record of records) expect(Array.isArray(record.messages)).toBe(true)
  })

  it('reads folders recursively and takes the series from the first folder under the root', () => {
    const result = minutes(['extract', '--root', 'minutes', '--json', 'minutes'])
    expect(result.status).toBe(0)
    const records = JSON.parse(result.stdout) as Array<{file: string; series: string}>
    expect(records.length).toBeGreaterThanOrEqual(8)
    expect(new Set(records.map((r) => r.series))).toEqual(new Set(['community', 'docs', 'infra']))
    expect(records.every((r) => r.file.startsWith(`${r.series}/`))).toBe(true)
  })

  it('prints warnings to stderr the way remark-lint does, and still exits 0', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'ops'))
    writeFileSync(join(dir, 'ops/20240101.md'), '# 2024-01-02\n\n## Participants\n\n- @a\n\n## Topic\n\n- ToDo: find an owner\n')
    const result = minutes(['extract', '--root', dir, join(dir, 'ops/20240101.md')])
    expect(result.status).toBe(0)
    expect(result.stderr).toContain("ops/20240101.md:1:1 warning Unexpected heading date 2024-01-02, expected the file name's 2024-01-01  date-mismatch  remark-minutes")
    expect(result.stderr).toMatch(/^ops\/20240101\.md:9:1 warning Unexpected action item without assignee.*action-owner/m)
    expect(result.stdout).toContain('ops/20240101.md  2024-01-02')
  })

  it('names a missing, binary or non-UTF-8 file, exits non-zero, and still prints the others', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'good.md'), '# 2024-03-01\n\n## Participants\n\n- @x\n')
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]))
    writeFileSync(join(dir, 'latin1.md'), Buffer.from([0x23, 0x20, 0xe4, 0x0a]))
    const result = minutes(['extract', '--root', dir, '--json', join(dir, 'missing.md'), join(dir, 'good.md'), join(dir, 'binary.md'), join(dir, 'latin1.md')])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('missing.md: error Cannot read file: no such file or folder')
    expect(result.stderr).toContain('binary.md: error Cannot read file: binary content')
    expect(result.stderr).toContain('latin1.md: error Cannot read file: invalid UTF-8')
    const records = JSON.parse(result.stdout)
    expect(records.map((r: {file: string}) => r.file)).toEqual(['good.md'])
    expect(records[0].series).toBe('')
  })

  it.skipIf(!asUnprivileged)(`names a file it may not read, and prints the others ${unprivilegedReason}`, () => {
    const dir = sharedTempDir()
    writeFileSync(join(dir, 'secret.md'), '# 2024-03-01\n')
    chmodSync(join(dir, 'secret.md'), 0o000)
    writeFileSync(join(dir, 'open.md'), '# 2024-03-08\n')
    const result = minutes(['extract', '--json', '--root', dir, join(dir, 'secret.md'), join(dir, 'open.md')], asUnprivileged)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('secret.md: error Cannot read file: permission denied')
    expect(JSON.parse(result.stdout).map((r: {file: string; date: string}) => [r.file, r.date])).toEqual([['open.md', '2024-03-08']])
  })

  it('names a file past its parse budget (parse-timeout) or the size limit, exits non-zero, and still prints the others', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'good.md'), '# 2024-03-01\n\n## Participants\n\n- @x\n')
    // Unclosed link destinations: micromark is quadratic in them (0.18 MB: ~6 s on a quiet 2-core host).
    writeFileSync(join(dir, 'slow.md'), '# 2024-03-08\n\n' + '[a](b '.repeat(30_000) + '\n')
    writeFileSync(join(dir, 'large.md'), '# 2024-03-15\n\n' + 'minutes '.repeat(700_000))
    // A budget of 1 s + 6 s per MB: ~2 s for the slow file (a third of what it takes on a quiet host),
    // far more than the good one needs.
    const result = minutes(['extract', '--root', dir, '--json', '--parse-budget', '1', join(dir, 'good.md'), join(dir, 'slow.md'), join(dir, 'large.md')])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^slow\.md: error Cannot extract: parse took longer than \d+ s for 0\.18 MB, expected markdown the parser reads in time {2}parse-timeout$/m)
    expect(result.stderr).toMatch(/^large\.md: error Cannot extract: file too large \(5\.6 MB\), expected at most 5\.2 MB of minutes {2}file-too-large$/m)
    expect(JSON.parse(result.stdout).map((r: {file: string}) => r.file)).toEqual(['good.md'])
  })

  it('rejects unknown options with exit code 2', () => {
    const result = minutes(['extract', '--bogus', 'x.md'])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain("unknown option '--bogus'")
  })
})
