import type {Root} from 'mdast'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import {VFile, type Compatible} from 'vfile'
import remarkGfmLean from './gfm.ts'
import remarkMinutes, {type Options} from './plugin.ts'
import type {MinutesFile, MinutesMessage, MinutesRecord} from './types.ts'

/**
 * The parse + extract pipeline: remark-parse, remark-gfm (its literal-autolink transform skipped when
 * no text could match, its e-mail literal tried only before an `@`, see `gfm.ts`), remark-frontmatter
 * (YAML), remark-minutes.
 */
export function minutesProcessor(options?: Options | null) {
  return unified().use(remarkParse).use(remarkGfmLean).use(remarkFrontmatter, ['yaml']).use(remarkMinutes, options).freeze()
}

let shared: ReturnType<typeof minutesProcessor> | undefined

/**
 * Extract one file: `extractFile(new VFile({path, cwd: root, value}))`. Pure: the caller reads the
 * file. Returns its meetings (each with the messages in its line range), whether it is minutes at
 * all, and the messages that belong to no meeting.
 */
export function extractFile(file: Compatible, processor?: Processor<any, any, any, any, any>): MinutesFile {
  return extractParsed(file, processor).minutes
}

/**
 * `extractFile`, with the syntax tree the extraction read (the whole file, its positions the file's
 * lines; the extraction does not change it): for a caller that renders the minutes too.
 */
export function extractParsed(file: Compatible, processor?: Processor<any, any, any, any, any>): {minutes: MinutesFile; tree: Root} {
  const vfile = file instanceof VFile ? file : new VFile(file)
  const pipeline = processor ?? (shared ??= minutesProcessor())
  const tree = pipeline.parse(readable(vfile)) as Root
  pipeline.runSync(tree, vfile)
  const messages = messagesOf(vfile)
  const meetings = vfile.data.minutes ?? []
  // A message belongs to the meeting it falls in (the last one starting at or before its line); one
  // without a line to the first. Messages before the first meeting (a year file's preamble) to none.
  // Each message is placed once, by binary search: a year file can hold thousands of meetings.
  const starts = meetings.map((m) => m.range[0])
  const owner = (line: number | null): number => {
    if (meetings.length === 0) return -1
    if (line === null) return 0
    let low = 0
    let high = starts.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (starts[mid]! <= line) low = mid + 1
      else high = mid
    }
    return low - 1
  }
  const owned = meetings.map((): MinutesMessage[] => [])
  const unowned: MinutesMessage[] = []
  for (const message of messages) {
    const i = owner(message.line)
    if (i === -1) unowned.push(message)
    else owned[i]!.push(message)
  }
  return {
    minutes: {
      meetings: meetings.map((m, i) => ({...m, messages: owned[i]!})),
      notMinutes: vfile.data.notMinutes ?? null,
      messages: unowned,
    },
    tree,
  }
}

/**
 * Exports that write an empty strike-through before a line (`~~~~[**P-high issues**](…)`, `~~~~- ~~April 27~~`,
 * and `~~~~` alone) would open code fences that swallow the rest of the file. In a file that has such a line
 * (a run of tildes followed by markup: a link, a list marker, emphasis, another strike-through), every line
 * that starts with three or more tildes is text: its first tilde is escaped, in a copy of the same length,
 * so every position stays the file's own.
 */
const strikeRun = /^ {0,3}~{3,}(?:\[|-\s|~~|\*\*|[^\n]*\]\()/m
export function strikeRunsAsText(value: string): string {
  if (!value.includes('~~~') || !strikeRun.test(value)) return value
  return value.replace(/^( {0,3})~(?=~~)/gm, '$1\\')
}
function readable(file: VFile): VFile {
  const value = String(file.value)
  const text = strikeRunsAsText(value)
  return text === value ? file : new VFile({path: file.path, value: text})
}

/** The extraction contract for one file: one record per meeting (none for a file that is not minutes). */
export function extractMinutes(file: Compatible, processor?: Processor<any, any, any, any, any>): MinutesRecord[] {
  return extractFile(file, processor).meetings
}

/** The file's vfile messages in the contract's shape, by line. */
export function messagesOf(file: VFile): MinutesMessage[] {
  return file.messages
    .map((m) => ({
      line: m.line ?? null,
      column: m.column ?? null,
      ruleId: m.ruleId ?? null,
      reason: m.reason,
      severity: m.fatal === true ? ('error' as const) : m.fatal === false ? ('warning' as const) : ('info' as const),
    }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
}
