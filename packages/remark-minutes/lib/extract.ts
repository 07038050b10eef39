import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import {unified, type Processor} from 'unified'
import {VFile, type Compatible} from 'vfile'
import remarkGfmLean from './gfm.ts'
import remarkMinutes, {type Options} from './plugin.ts'
import type {MinutesMessage, MinutesRecord} from './types.ts'

/**
 * The parse + extract pipeline: remark-parse, remark-gfm (its literal-autolink transform skipped when
 * no text could match, see `gfm.ts`), remark-frontmatter (YAML), remark-minutes.
 */
export function minutesProcessor(options?: Options | null) {
  return unified().use(remarkParse).use(remarkGfmLean).use(remarkFrontmatter, ['yaml']).use(remarkMinutes, options).freeze()
}

let shared: ReturnType<typeof minutesProcessor> | undefined

/**
 * Extract one file: `extractMinutes(new VFile({path, cwd: root, value}))`. Pure: the caller reads
 * the file. Returns the contract record, messages included.
 */
export function extractMinutes(file: Compatible, processor?: Processor<any, any, any, any, any>): MinutesRecord {
  const vfile = file instanceof VFile ? file : new VFile(file)
  const pipeline = processor ?? (shared ??= minutesProcessor())
  const tree = pipeline.parse(vfile)
  pipeline.runSync(tree, vfile)
  return {...vfile.data.minutes!, messages: messagesOf(vfile)}
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
