/**
 * Every file of the shared corpus (540 real minutes): extraction never throws, every file with a
 * date in its name gets a date, and every URL outside code appears among the links. The URLs are
 * found independently of the extractor: a plain regular expression over the source, with code
 * (fenced, indented, inline) masked out by position.
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
import {extractMinutes, type MinutesRecord} from '@minutes-kb/remark-minutes'
import {corpusFiles, corpusRoot} from '../../../scripts/corpus.ts'

const root = corpusRoot()
const files = corpusFiles(root)
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

/** URLs written in the source outside code, trailing sentence punctuation left off. */
function urlsOutsideCode(value: string): string[] {
  const code = codeRanges(value)
  const out: string[] = []
  for (const m of value.matchAll(/\bhttps?:\/\/[^\s<>"'`\]|]+/g)) {
    if (code.some(([s, e]) => m.index >= s && m.index < e)) continue
    out.push(m[0].replace(/[.,;:!?*_~)]+$/, ''))
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
  const records = new Map<string, MinutesRecord>()

  it('extracts every file without throwing', () => {
    expect(files.length).toBeGreaterThanOrEqual(540)
    for (const file of files) {
      const value = readFileSync(join(root, file), 'utf8')
      records.set(file, extractMinutes(new VFile({path: file, cwd: root, value})))
    }
    expect(records.size).toBe(files.length)
    const total = (key: 'participants' | 'topics' | 'actionItems' | 'decisions' | 'links') =>
      [...records.values()].reduce((n, r) => n + r[key].length, 0)
    const messages = [...records.values()].reduce((n, r) => n + r.messages.length, 0)
    console.log(
      `corpus: ${records.size} files, ${total('participants')} participants, ${total('topics')} topics, ` +
        `${total('actionItems')} action items, ${total('decisions')} decisions, ${total('links')} links, ${messages} messages`,
    )
  })

  it('gives every file with a date in its name a date', () => {
    const dated = files.filter((f) => /\d{8}/.test(f))
    const missing = dated.filter((f) => !records.get(f)?.date)
    expect(missing).toEqual([])
    expect(dated.length).toBeGreaterThan(530)
  })

  it('finds every URL outside code', () => {
    const missing: string[] = []
    let seen = 0
    for (const file of files) {
      const value = readFileSync(join(root, file), 'utf8')
      const links = records.get(file)!.links.map((l) => canonical(l.url))
      for (const url of urlsOutsideCode(value)) {
        seen++
        const want = canonical(url)
        if (!links.some((l) => l === want || l.startsWith(want) || want.startsWith(l))) missing.push(`${file}: ${url}`)
      }
    }
    expect(missing).toEqual([])
    expect(seen).toBeGreaterThan(3000)
  })
})
