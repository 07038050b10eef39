/** Minutes to HTML: every line an anchor with the file's line numbers, and nothing from the minutes that could run. */
import {createHash} from 'node:crypto'
import type {Element, ElementContent} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {minutesHtml, minutesHtmlVersion, renderMinutes} from '@minutes-kb/render'

/** Every element of a rendered tree, depth first. */
function elements(nodes: ElementContent[]): Element[] {
  return nodes.flatMap((n) => (n.type === 'element' ? [n, ...elements(n.children)] : []))
}

const text = (node: ElementContent): string => (node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(text).join('') : '')

// A meeting that starts on line 10 of its (year) file, written with most of what minutes hold.
const meeting = [
  '# 2024-05-02 Weekly', //                          10
  '', //                                             11
  '## Participants', //                              12
  '', //                                             13
  '- @alice (ACME)', //                              14
  '- Bob', //                                        15
  '', //                                             16
  'A paragraph on one line', //                      17
  'and on the next, with a [link](https://example.org/a).', // 18
  '', //                                             19
  '| who | what |', //                               20
  '| --- | ---- |', //                               21
  '| @alice | AI: write it |', //                    22
  '', //                                             23
  '```sh', //                                        24
  'echo one', //                                     25
  'echo two', //                                     26
  '```', //                                          27
  '', //                                             28
  '    indented code', //                           29
  '    second line', //                             30
  '', //                                             31
  '- [ ] @bob open task', //                         32
  '- [x] done task', //                              33
  '', //                                             34
  '> quoted', //                                     35
  '', //                                             36
  '<div>', //                                        37
  'raw html block', //                              38
  '</div>', //                                       39
  '', //                                             40
  '---', //                                          41
  'last line', //                                    42
].join('\n')

describe('renderMinutes', () => {
  const nodes = renderMinutes(meeting, {firstLine: 10, lastLine: 42, problems: [{line: 22, ruleId: 'action-owner', severity: 'warning', reason: 'Unexpected action item without assignee'}]})
  const all = elements(nodes)
  const byId = new Map(all.filter((e) => typeof e.properties['id'] === 'string').map((e) => [e.properties['id'] as string, e]))

  it('gives every line of the meeting exactly one anchor, numbered as in the file', () => {
    const ids = all.map((e) => e.properties['id']).filter((id): id is string => typeof id === 'string')
    expect(ids.filter((id) => id.startsWith('L')).sort()).toEqual(Array.from({length: 33}, (_, i) => `L${10 + i}`).sort())
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('puts a line’s anchor on what was written there', () => {
    expect(byId.get('L10')!.tagName).toBe('h2') // the minutes' headings go one level down: the page's h1 is the meeting
    expect(text(byId.get('L10')!)).toBe('2024-05-02 Weekly')
    expect(byId.get('L14')!.tagName).toBe('li')
    expect(text(byId.get('L14')!)).toBe('@alice (ACME)')
    expect(byId.get('L17')!.tagName).toBe('p')
    expect(byId.get('L20')!.tagName).toBe('tr')
    expect(byId.get('L22')!.tagName).toBe('tr')
    expect(byId.get('L24')!.tagName).toBe('pre')
    expect(byId.get('L32')!.tagName).toBe('li')
    expect(byId.get('L41')!.tagName).toBe('hr')
  })

  it('anchors a line that begins inside a text where it begins', () => {
    const paragraph = byId.get('L17')!
    const at = paragraph.children.findIndex((c) => c.type === 'element' && c.properties['id'] === 'L18')
    expect(at).toBeGreaterThan(0)
    expect(paragraph.children.slice(0, at).map(text).join('')).toBe('A paragraph on one line\n')
    // Lines of code blocks, fenced and indented.
    for (const [line, code] of [
      [25, 'echo one'],
      [26, 'echo two'],
      [30, 'second line'],
    ] as const) {
      const pre = all.find((e) => e.tagName === 'pre' && elements(e.children).some((c) => c.properties['id'] === `L${line}`))!
      const flat = toHtml(pre)
      expect(flat.indexOf(`id="L${line}"`)).toBeLessThan(flat.indexOf(code))
      expect(flat.indexOf(`id="L${line}"`)).toBeGreaterThan(flat.indexOf(code) - 30)
    }
  })

  it('marks problems at their lines', () => {
    const row = byId.get('L22')!
    expect(toHtml(row)).toContain('Unexpected action item without assignee')
    expect(toHtml(row)).toContain('action-owner')
  })

  it('keeps the text of raw HTML and drops the markup', () => {
    const html = toHtml(nodes)
    expect(html).not.toContain('<div>')
    expect(html).toContain('quoted')
    expect(all.some((e) => e.tagName === 'div' && !(e.properties['className'] as string[] | undefined)?.includes('scroll'))).toBe(false)
  })

  it('labels task checkboxes and lets tables and code scroll by keyboard', () => {
    const boxes = all.filter((e) => e.tagName === 'input')
    expect(boxes.map((b) => [b.properties['checked'] === true, b.properties['ariaLabel']])).toEqual([
      [false, 'not done'],
      [true, 'done'],
    ])
    const wrapper = all.find((e) => e.tagName === 'div' && elements(e.children).some((c) => c.tagName === 'table'))!
    expect(wrapper.properties['tabIndex']).toBe(0)
    expect(all.filter((e) => e.tagName === 'pre').every((p) => p.properties['tabIndex'] === 0)).toBe(true)
  })
})

const hostileMinutes = [
  '# <script>alert("title")</script> Meeting <img src=x onerror=alert(1)>',
  '',
  '<script>alert(2)</script>',
  '<iframe src="https://evil.example/frame"></iframe>',
  '<p style="position:fixed;top:0">styled</p>',
  '',
  '- [click](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)',
  '- <a href="javascript:alert(5)" onclick="alert(6)">raw link</a>',
  '- ![pixel](https://evil.example/pixel.png) ![inline](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNyk+)',
  '- [![nested](https://evil.example/n.png)](https://example.org/n)',
  '- <javascript:alert(8)> and [](https://example.org/empty) and [x](JaVaScRiPt:alert(9))',
  '- [vb](vbscript:msgbox(1)) [rel](/../../etc/passwd)',
].join('\n')

describe('renderMinutes with hostile minutes', () => {
  const nodes = renderMinutes(hostileMinutes, {firstLine: 1, lastLine: 12})
  const all = elements(nodes)
  const html = toHtml(nodes)

  it('leaves no element, attribute or address that could run or load anything', () => {
    expect(all.map((e) => e.tagName).filter((t) => ['script', 'iframe', 'img', 'style', 'object', 'embed', 'form', 'picture', 'source'].includes(t))).toEqual([])
    for (const e of all) {
      for (const [key, value] of Object.entries(e.properties)) {
        expect(key.toLowerCase().startsWith('on'), key).toBe(false)
        expect(key).not.toBe('style')
        if (key === 'href' || key === 'src') expect(String(value)).toMatch(/^(https?:\/\/|#|\/\.\.)/)
      }
    }
    expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i)
    expect(html).not.toMatch(/<(script|iframe|img|style)\b/i)
    expect(html).not.toMatch(/\son[a-z]+=/i)
  })

  it('shows the text, images as links out (never loaded), and a link text where none was given', () => {
    // Inline HTML loses its tags and keeps its text; an HTML block is left out whole.
    expect(html).toContain('raw link')
    expect(html).not.toContain('styled')
    const links = all.filter((e) => e.tagName === 'a')
    const pixel = links.find((a) => a.properties['href'] === 'https://evil.example/pixel.png')!
    expect(text(pixel)).toBe('[image: pixel]')
    expect(pixel.properties['rel']).toEqual(['noopener', 'noreferrer'])
    expect(all.find((e) => e.tagName === 'span' && text(e) === '[image: inline]')).toBeDefined()
    // An image inside a link stays inside it as text: no link in a link.
    const nested = links.find((a) => a.properties['href'] === 'https://example.org/n')!
    expect(elements(nested.children).some((e) => e.tagName === 'a')).toBe(false)
    expect(text(links.find((a) => a.properties['href'] === 'https://example.org/empty')!)).toBe('https://example.org/empty')
    for (const a of links.filter((l) => String(l.properties['href']).startsWith('http'))) expect(a.properties['rel']).toEqual(['noopener', 'noreferrer'])
  })
})

describe('minutesHtmlVersion', () => {
  it('is raised with any change to what the renderer gives (stored HTML of another version is rendered again)', () => {
    // A digest of the renderer's output for the minutes above. When it changes, raise
    // `minutesHtmlVersion` (lib/version.ts) and pin the new digest beside the new version.
    const html = [
      minutesHtml(renderMinutes(meeting, {firstLine: 10, lastLine: 42, problems: [{line: 22, ruleId: 'action-owner', severity: 'warning', reason: 'Unexpected action item without assignee'}]})),
      minutesHtml(renderMinutes(hostileMinutes, {firstLine: 1, lastLine: 12})),
    ].join('\n')
    const digest = createHash('sha256').update(html).digest('hex').slice(0, 16)
    expect({version: minutesHtmlVersion, digest}).toEqual({version: 1, digest: '9ce0ed5e42dd9e60'})
  })
})
