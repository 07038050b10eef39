import type {Paragraph, Root, RootContent} from 'mdast'
import type {VFile} from 'vfile'
import {parse as parseYaml} from 'yaml'
import {collectActionItems} from './action-items.ts'
import {fileNameDate} from './date.ts'
import {collectDecisions} from './decisions.ts'
import {collectHeadings, topicsOf, type HeadingInfo} from './headings.ts'
import {collectLinks} from './links.ts'
import {meetingDate} from './meeting-date.ts'
import {participantsLabel, readParticipants} from './participants.ts'
import {phrasingText} from './text.ts'
import type {Minutes, Participant, Topic} from './types.ts'
import {collectUnits} from './units.ts'

declare module 'vfile' {
  interface DataMap {
    minutes: Minutes
  }
}

export interface Options {
  /**
   * Also recognise unmarked tasks (`@x to <verb>`, `-> @x`, `Kurt will …`), not only marked ones
   * (`AI @x`, `ToDo:`, task lists). Default `true`.
   */
  unmarked?: boolean
}

const source = 'remark-minutes'

/**
 * Extract meeting minutes: date, title, participants, topics with owners, action items,
 * decisions and links. The result is `file.data.minutes`; problems are vfile messages.
 */
export default function remarkMinutes(options?: Options | null) {
  const settings = readOptions(options)
  return function (tree: Root, file: VFile): void {
    file.data.minutes = extract(tree, file, settings)
  }
}

function readOptions(options: Options | null | undefined): Required<Options> {
  if (options === null || options === undefined) return {unmarked: true}
  if (typeof options !== 'object') throw new TypeError(`Unexpected options \`${String(options)}\`, expected an object`)
  for (const key of Object.keys(options)) {
    if (key !== 'unmarked') throw new TypeError(`Unexpected option \`${key}\`, expected \`unmarked\``)
  }
  if (options.unmarked !== undefined && typeof options.unmarked !== 'boolean') {
    throw new TypeError(`Unexpected \`unmarked: ${String(options.unmarked)}\`, expected a boolean`)
  }
  return {unmarked: options.unmarked ?? true}
}

function extract(tree: Root, file: VFile, settings: Required<Options>): Minutes {
  const {path, series} = location(file)
  const base: Minutes = {file: path, series, date: null, title: null, participants: [], topics: [], actionItems: [], decisions: [], links: []}
  if (!/\S/.test(String(file.value ?? ''))) {
    file.message('Unexpected empty file, expected meeting minutes', {place: {line: 1, column: 1}, ruleId: 'empty-file', source})
    return {...base, date: file.path ? fileNameDate(file.path) : null}
  }

  const headings = collectHeadings(tree)
  const frontMatter = readFrontMatter(tree, file)
  const topics = topicsOf(headings)
  const topicAt = topicLookup(topics)
  const units = collectUnits(tree, String(file.value))
  const participants = participantsOf(tree, headings, file)
  const known = new Set(participants.flatMap((p) => (p.name ? [p.name, p.name.split(' ')[0]!] : [])))
  let actionItems = collectActionItems(units, topicAt, file, known)
  if (!settings.unmarked) actionItems = actionItems.filter((item) => item.kind === 'marked')
  checkFences(tree, file)

  const fmTitle = typeof frontMatter?.['title'] === 'string' ? (frontMatter['title'] as string) : null
  return {
    ...base,
    date: meetingDate(headings, frontMatter, file),
    title: headings[0]?.text || fmTitle,
    participants,
    topics,
    actionItems,
    decisions: collectDecisions(units, topicAt),
    links: collectLinks(tree, topicAt),
  }
}

/** `file.path` relative to `file.cwd`, and the first folder of it. */
function location(file: VFile): {path: string; series: string} {
  let path = (file.path ?? '').replace(/\\/g, '/')
  const cwd = file.cwd.replace(/\\/g, '/').replace(/\/$/, '')
  if (path.startsWith(cwd + '/')) path = path.slice(cwd.length + 1)
  path = path.replace(/^\.\//, '')
  const slash = path.indexOf('/')
  return {path, series: slash === -1 ? '' : path.slice(0, slash)}
}

function readFrontMatter(tree: Root, file: VFile): Record<string, unknown> | null {
  const first = tree.children[0]
  if (first?.type !== 'yaml') return null
  try {
    const value: unknown = parseYaml(first.value)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null
  } catch (error) {
    file.message(`Unexpected front matter: ${(error as Error).message.split('\n')[0]}, expected YAML`, {
      place: first.position,
      ruleId: 'front-matter',
      source,
    })
    return null
  }
}

function participantsOf(tree: Root, headings: HeadingInfo[], file: VFile): Participant[] {
  const sections: Array<{blocks: RootContent[]; labelled?: Paragraph; place: HeadingInfo['node']['position']}> = []
  for (const h of headings) {
    if (h.role !== 'participants') continue
    const siblings = h.parent.children as RootContent[]
    let end = h.index + 1
    while (end < siblings.length && siblings[end]!.type !== 'heading') end++
    sections.push({blocks: siblings.slice(h.index + 1, end), place: h.node.position})
  }
  // `**Participants:** @a, @b` or a `Participants:` paragraph with the list after it.
  tree.children.forEach((node, index) => {
    if (node.type !== 'paragraph' || !participantsLabel.test(phrasingText(node.children))) return
    const blocks: RootContent[] = [node]
    const next = tree.children[index + 1]
    if (next?.type === 'list') blocks.push(next)
    sections.push({blocks, labelled: node, place: node.position})
  })
  if (sections.length === 0) {
    file.info('Unexpected missing participants, expected a `## Participants` list', {place: {line: 1, column: 1}, ruleId: 'no-participants', source})
    return []
  }
  const all: Participant[] = []
  for (const section of sections) {
    const people = readParticipants(section.blocks, section.labelled)
    if (people.list.length === 0) {
      file.message('Unexpected empty participants list, expected one person per list item', {place: section.place, ruleId: 'empty-participants', source})
    }
    for (const d of people.duplicates) {
      file.message(`Unexpected duplicate participant \`${d.key}\`, expected each person once`, {place: {line: d.line, column: 1}, ruleId: 'duplicate-participant', source})
    }
    for (const p of people.list) {
      if (!all.some((q) => (q.handle ?? q.name) === (p.handle ?? p.name))) all.push(p)
    }
  }
  return all
}

/** The title of the nearest topic at or above a line. */
function topicLookup(topics: Topic[]): (line: number) => string | null {
  return (line) => {
    let lo = 0
    let hi = topics.length - 1
    let found: Topic | undefined
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (topics[mid]!.line <= line) {
        found = topics[mid]
        lo = mid + 1
      } else hi = mid - 1
    }
    return found?.title ?? null
  }
}

/** A fence without its closing fence turns the rest of the file into code: worth saying. */
function checkFences(tree: Root, file: VFile): void {
  const value = String(file.value)
  const last = tree.children[tree.children.length - 1]
  if (last?.type !== 'code' || !last.position) return
  const raw = value.slice(last.position.start.offset, last.position.end.offset)
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(raw)
  if (!fence) return
  const lines = raw.trimEnd().split(/\r?\n/)
  const closed = lines.length > 1 && new RegExp(`^ {0,3}${fence[1]![0]}{${fence[1]!.length},}\\s*$`).test(lines[lines.length - 1]!)
  if (!closed) {
    file.message('Unexpected unclosed code fence, expected a closing fence; the rest of the file is read as code', {
      place: last.position.start,
      ruleId: 'unclosed-fence',
      source,
    })
  }
}
