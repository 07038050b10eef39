export {webPlugin, contentSecurityPolicy, type WebOptions} from './lib/plugin.ts'
export type {PageSource, CachedPage} from './lib/source.ts'
