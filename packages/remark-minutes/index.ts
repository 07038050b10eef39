export {default} from './lib/plugin.ts'
export type {Options} from './lib/plugin.ts'
export {extractFile, extractMinutes, extractParsed, messagesOf, minutesProcessor, strikeRunsAsText} from './lib/extract.ts'
export {seriesOf} from './lib/location.ts'
export {default as remarkGfmLean} from './lib/gfm.ts'
export {readWords, type Words} from './lib/vocabulary.ts'
export {classifyUrl} from './lib/refs.ts'
export {normalizeHandle} from './lib/text.ts'
export type {
  ActionItem,
  Decision,
  Link,
  Minutes,
  MinutesFile,
  MinutesMessage,
  MinutesRecord,
  Participant,
  Ref,
  RefKind,
  Topic,
} from './lib/types.ts'
