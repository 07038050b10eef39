export {webPlugin, contentSecurityPolicy, type WebOptions} from './lib/plugin.ts'
export {renderMinutes, type MinutesPlace} from './lib/markdown.ts'
export type {PageSource, CachedPage} from './lib/source.ts'
