export {syncUpstream, type SyncSummary} from './lib/sync.ts'
export {resolveOptions, SyncOptionsError, type SyncOptions, type SyncProgress} from './lib/options.ts'
export {HttpClient, type RequestRecord} from './lib/http.ts'
