export {openDatabase, getSetting, setSetting, schemaVersion, type DB, type OpenOptions} from './lib/database.ts'
export {defaultBatchBytes, ingestDirectory, type IngestChanges, type IngestOptions, type IngestProgress, type IngestSummary} from './lib/ingest.ts'
export {readAliases, findAliasesFile, personKey, applyAliases, type Aliases} from './lib/identity.ts'
export {groupThreads, contentWords, similarity, rebuildThreads, defaultThreadOptions, type Mention, type ThreadOptions} from './lib/threads.ts'
export {folderError, scanDirectory} from './lib/scan.ts'
export {maxTotal, CursorError, pinned, prepared, type PageRequest} from './lib/keyset.ts'
export {refreshListData} from './lib/summaries.ts'
export {
  listActions,
  pageActions,
  pageActionsJson,
  pageMeetingsJson,
  pageLinksJson,
  meetingJson,
  type JsonPage,
  pageThreads,
  pagePeople,
  pageMeetings,
  pageLinks,
  pageProblems,
  pageSeries,
  type Page,
  listThreads,
  listPeople,
  listSeries,
  personDetail,
  listProblems,
  type SeriesRow,
  type PersonDetail,
  type ThreadSummary,
  type ProblemRow,
  listMeetings,
  showMeeting,
  meetingsOfFile,
  meetingMarkdown,
  sliceLines,
  listLinks,
  upstreamReport,
  ownOrganisations,
  findPerson,
  storedAliases,
  trackedKinds,
  type ActionFilter,
  type ActionRow,
  type ThreadRow,
  type PersonRow,
  type MeetingFilter,
  type MeetingRow,
  type MeetingDetail,
  type LinkFilter,
  type LinkRow,
  type UpstreamFilter,
  type UpstreamItem,
  type UpstreamRepository,
  type Status,
} from './lib/queries.ts'
export {toCsv, upstreamMarkdown, upstreamRows, upstreamColumns, inertMarkdown, type CsvOptions} from './lib/export.ts'
export {canonicalHost, referencedItems, upstreamKey, type RefFilter, type UpstreamRef, type UpstreamTracker} from './lib/upstream-keys.ts'
export {
  readUpstreamState,
  shownStates,
  UpstreamStateWriter,
  type ShownState,
  type UpstreamInfo,
  type UpstreamItemState,
  type UpstreamOutcome,
  type UpstreamRead,
  type UpstreamStatus,
  type Validator,
} from './lib/upstream-state.ts'
export {upstreamChangeColumns, upstreamChanges, type ChangesFilter, type UpstreamChange} from './lib/upstream-changes.ts'
export {ParsePool, type ParseResult, type PoolOptions} from './lib/pool.ts'
export {defaultParseBudget, maxFileSize, maxNestingDepth, minutesText, nestingDepth, parseBudgetMs, tooLarge, type MinutesText, type ParseBudget} from './lib/limits.ts'
export {ReadHelper, type HelperAnswer} from './lib/read-helper.ts'
export {bundledWorker, workerExecArgv} from './lib/worker-bundle.ts'
export {Where} from './lib/where.ts'
export {meetingAt, personPageData, seriesNeighbours, storedMeetingHtml, threadsById, type MeetingRef, type PersonPageData, type ThreadInfo} from './lib/page-queries.ts'
