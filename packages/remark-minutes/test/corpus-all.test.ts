/**
 * Every file of the shared corpus (four communities, ~950 files): extraction never throws, every
 * file with a date in its name is minutes and each of its meetings gets a date, and every URL outside
 * code within a meeting's lines appears among that meeting's links. The URLs are found independently
 * of the extractor: a plain regular expression over the source, with code (fenced, indented, inline)
 * masked out by position.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Nodes} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {extractFile, type MinutesFile} from '@minutes-kb/remark-minutes'
import {communities, markdownFiles} from '../../../scripts/corpus.ts'

const files = communities().flatMap((c) => markdownFiles(c.root).map((path) => ({root: c.root, path, id: `${c.name}/${path}`})))
const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml'])

/** Offsets `[start, end)` of code in the source. */
function codeRanges(value: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  const walk = (node: Nodes) => {
    if ((node.type === 'code' || node.type === 'inlineCode') && node.position) {
      ranges.push([node.position.start.offset!, node.position.end.offset!])
    } else if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(parser.parse(value) as Nodes)
  return ranges
}

/** URLs written in the source outside code, with their line, trailing sentence punctuation left off. */
function urlsOutsideCode(value: string): Array<{url: string; line: number}> {
  const code = codeRanges(value)
  const out: Array<{url: string; line: number}> = []
  for (const m of value.matchAll(/\bhttps?:\/\/[A-Za-z0-9][^\s<>"'`\]|]*/g)) {
    if (code.some(([s, e]) => m.index >= s && m.index < e)) continue
    out.push({url: m[0].replace(/[.,;:!?*_~)]+$/, ''), line: value.slice(0, m.index).split(/\r?\n|\r/).length})
  }
  return out
}

const canonical = (url: string) => {
  try {
    return decodeURI(url).replace(/\\/g, '')
  } catch {
    return url
  }
}

describe(`the whole shared corpus (${files.length} files)`, () => {
  const extracted = new Map<string, MinutesFile>()

  it('extracts every file without throwing', () => {
    expect(files.length).toBeGreaterThanOrEqual(950)
    for (const file of files) {
      const value = readFileSync(join(file.root, file.path), 'utf8')
      extracted.set(file.id, extractFile(new VFile({path: file.path, cwd: file.root, value})))
    }
    expect(extracted.size).toBe(files.length)
    const meetings = [...extracted.values()].flatMap((f) => f.meetings)
    const total = (key: 'participants' | 'topics' | 'actionItems' | 'decisions' | 'links') => meetings.reduce((n, r) => n + r[key].length, 0)
    const notMinutes = [...extracted.values()].filter((f) => f.notMinutes).length
    console.log(
      `corpus: ${extracted.size} files, ${meetings.length} meetings, ${notMinutes} not minutes; ${total('participants')} participants, ${total('topics')} topics, ` +
        `${total('actionItems')} action items, ${total('decisions')} decisions, ${total('links')} links`,
    )
    // 4.8 MB of minutes: a few seconds alone, minutes on a machine whose cores other jobs hold.
  }, 600_000)

  it('reads every file with a date in its name as minutes with a date on each meeting', () => {
    const dated = files.filter((f) => /\d{4}[-.]?\d{2}[-.]?\d{2}/.test(f.path))
    // A stub that only points to where the minutes went is the one kind of dated file that is not minutes.
    const notRead = dated.filter((f) => extracted.get(f.id)!.meetings.length === 0 && !/pointer/.test(extracted.get(f.id)!.notMinutes ?? ''))
    expect(notRead.map((f) => `${f.id}: ${extracted.get(f.id)!.notMinutes}`)).toEqual([])
    const undated = dated.flatMap((f) => extracted.get(f.id)!.meetings.filter((m) => !m.date).map((m) => `${f.id}:${m.range[0]}`))
    expect(undated).toEqual([])
    expect(dated.length).toBeGreaterThan(940)
  })

  it('finds every URL outside code in the meeting whose lines hold it', () => {
    const missing: string[] = []
    let seen = 0
    for (const file of files) {
      const {meetings} = extracted.get(file.id)!
      if (meetings.length === 0) continue
      const value = readFileSync(join(file.root, file.path), 'utf8')
      for (const {url, line} of urlsOutsideCode(value)) {
        const meeting = meetings.find((m) => m.range[0] <= line && line <= m.range[1])
        if (!meeting) continue
        seen++
        const want = canonical(url)
        const links = meeting.links.map((l) => canonical(l.url))
        if (!links.some((l) => l === want || l.startsWith(want) || want.startsWith(l))) missing.push(`${file.id}:${line}: ${url}`)
      }
    }
    expect(missing).toEqual([])
    expect(seen).toBeGreaterThan(6000)
  })
})
