import {shownStates} from '@minutes-kb/store'
import {Type, type TSchema} from 'typebox'

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
export const IsoDate = Type.String({pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD'})
const Strings = Type.Array(Type.String())

/** The error every route answers with: `{statusCode, code, error, message}`. */
export const ErrorReply = Type.Object(
  {statusCode: Type.Integer(), code: Type.String(), error: Type.String(), message: Type.String()},
  {$id: 'Error', description: 'Any 4xx (or 5xx) answer'},
)
const errorRef = Type.Ref('Error')
export const errorResponses = {400: errorRef, 404: errorRef, 429: errorRef, 500: errorRef, 503: errorRef}

/** Querystring of every list: page size, cursor, sort, and the CSV twin. */
export function listQuery<P extends Record<string, TSchema>>(filters: P, sorts: readonly string[]) {
  return Type.Object(
    {
      ...filters,
      size: Type.Optional(Type.Integer({minimum: 1, maximum: 500, default: 50, description: 'rows per page (at most 500)'})),
      // A keyset cursor holds the last row's sort key: a long URL or task text makes a long cursor.
      cursor: Type.Optional(Type.String({maxLength: 8192, description: '`next` of the previous page'})),
      sort: Type.Optional(Type.Union(sorts.map((s) => Type.Literal(s)), {description: 'order; `-` for descending'})),
      format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], {description: 'csv for a spreadsheet (also: the route with `.csv`)'})),
    },
    {additionalProperties: false},
  )
}

export function listReply<T extends TSchema>(row: T) {
  return Type.Object({
    rows: Type.Array(row),
    next: Nullable(Type.String()),
    total: Type.Integer({description: 'matching rows, counted up to 1000'}),
    totalIsExact: Type.Boolean({description: 'false when more than `total` rows match'}),
  })
}

export const MeetingRow = Type.Object({
  id: Type.Integer(),
  path: Type.String(),
  series: Type.String(),
  date: Nullable(Type.String()),
  title: Nullable(Type.String()),
  participants: Type.Integer(),
  topics: Type.Integer(),
  actions: Type.Integer(),
  decisions: Type.Integer(),
  links: Type.Integer(),
  problems: Type.Integer(),
})

export const LinkRow = Type.Object({
  url: Type.String(),
  text: Type.String(),
  path: Type.String(),
  date: Nullable(Type.String()),
  line: Type.Integer(),
  topic: Nullable(Type.String()),
  host: Nullable(Type.String()),
  owner: Nullable(Type.String()),
  repo: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  number: Nullable(Type.Integer()),
})

export const MeetingDetail = Type.Object({
  id: Type.Integer(),
  path: Type.String(),
  range: Type.Array(Type.Integer(), {minItems: 2, maxItems: 2, description: "the meeting's first and last line in its file"}),
  position: Type.Integer({description: 'its place among the meetings of its file, from 0'}),
  meetingsInFile: Type.Integer(),
  series: Type.String(),
  date: Nullable(Type.String()),
  title: Nullable(Type.String()),
  canceled: Type.Boolean(),
  contentHash: Type.String(),
  raw: Type.String({description: "the meeting's own lines of its file; its first line is line range[0] of the file"}),
  participants: Type.Array(
    Type.Object({
      person: Type.String(),
      written: Type.String(),
      name: Nullable(Type.String()),
      affiliation: Nullable(Type.String()),
      abbreviation: Nullable(Type.String()),
      line: Type.Integer(),
    }),
  ),
  topics: Type.Array(Type.Object({title: Type.String(), depth: Type.Integer(), line: Type.Integer(), owners: Strings})),
  actionItems: Type.Array(
    Type.Object({
      assignees: Strings,
      text: Type.String(),
      line: Type.Integer(),
      done: Type.Boolean(),
      status: Type.String(),
      topic: Nullable(Type.String()),
      threadId: Nullable(Type.Integer()),
    }),
  ),
  decisions: Type.Array(Type.Object({text: Type.String(), line: Type.Integer(), topic: Nullable(Type.String())})),
  links: Type.Array(LinkRow),
  problems: Type.Array(
    Type.Object({line: Nullable(Type.Integer()), column: Nullable(Type.Integer()), ruleId: Nullable(Type.String()), severity: Type.String(), reason: Type.String()}),
  ),
})

export const SeriesRow = Type.Object({series: Type.String(), meetings: Type.Integer(), firstDate: Nullable(Type.String()), lastDate: Nullable(Type.String())})

export const SearchHit = Type.Object({
  meeting: Type.Object({id: Type.Integer(), path: Type.String(), series: Type.String(), date: Nullable(Type.String()), title: Nullable(Type.String())}),
  topic: Nullable(Type.String()),
  line: Type.Integer(),
  score: Type.Number(),
  snippet: Type.Object({text: Type.String(), highlights: Type.Array(Type.Array(Type.Integer(), {minItems: 2, maxItems: 2}))}),
})

export const PersonRow = Type.Object({
  person: Type.String(),
  handle: Nullable(Type.String()),
  name: Nullable(Type.String()),
  meetings: Type.Integer(),
  firstSeen: Nullable(Type.String()),
  lastSeen: Nullable(Type.String()),
  open: Type.Integer(),
  done: Type.Integer(),
  topicsOwned: Type.Integer(),
})

export const ActionRow = Type.Object({
  id: Type.Integer(),
  path: Type.String(),
  series: Type.String(),
  date: Nullable(Type.String()),
  topic: Nullable(Type.String()),
  text: Type.String(),
  line: Type.Integer(),
  done: Type.Boolean(),
  status: Type.String(),
  assignees: Strings,
  threadId: Nullable(Type.Integer()),
})

export const ThreadRow = Type.Object({
  id: Type.Integer(),
  series: Type.String(),
  text: Type.String(),
  assignees: Strings,
  status: Type.String(),
  firstSeen: Nullable(Type.String()),
  lastSeen: Nullable(Type.String()),
  meetings: Type.Integer(),
  mentions: Type.Array(Type.Object({path: Type.String(), date: Nullable(Type.String()), line: Type.Integer(), done: Type.Boolean(), text: Type.String()})),
})

const {mentions: _mentions, ...threadFields} = ThreadRow.properties
const ThreadSummary = Type.Object({
  ...threadFields,
  lastPath: Nullable(Type.String()),
  lastLine: Nullable(Type.Integer()),
  lastMeetingId: Nullable(Type.Integer({description: 'the meeting of the last mention: /api/meetings/:id'})),
})

export const PersonDetail = Type.Object({
  ...PersonRow.properties,
  meetingsAttended: Type.Array(Type.Object({path: Type.String(), date: Nullable(Type.String()), series: Type.String()}), {description: 'the latest 20; all: /api/meetings?person='}),
  openThreads: Type.Array(ThreadSummary, {description: 'the latest 20; all: /api/actions?assignee=&threads=true'}),
  doneThreads: Type.Array(ThreadSummary),
  topics: Type.Array(Type.Object({path: Type.String(), date: Nullable(Type.String()), title: Type.String(), line: Type.Integer(), meetingId: Type.Integer()})),
})

/** The states an upstream item can show: read by `minutes upstream sync`, or why there is none. */
export const ShownState = Type.Union(shownStates.map((s) => Type.Literal(s)))

/** What `minutes upstream sync` last read about an item. */
export const UpstreamInfo = Type.Object(
  {
    status: Type.Union(['ok', 'gone', 'private', 'error'].map((s) => Type.Literal(s)), {description: 'how the last attempt to read it ended'}),
    state: Nullable(Type.String({description: 'open, closed, merged or draft, as last read'})),
    stateReason: Nullable(Type.String({description: "upstream's word for it: completed, not_planned, abandoned, Fix Released, …"})),
    type: Nullable(Type.String()),
    title: Nullable(Type.String()),
    author: Nullable(Type.String()),
    labels: Strings,
    url: Nullable(Type.String({description: 'canonical address, after renames and transfers'})),
    createdAt: Nullable(Type.String()),
    updatedAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    mergedAt: Nullable(Type.String()),
    stateSince: Nullable(Type.String({description: 'when the current state began'})),
    previousState: Nullable(Type.String()),
    fetchedAt: Nullable(Type.String({description: 'last time upstream confirmed this state'})),
    attemptedAt: Type.String(),
    error: Nullable(Type.String()),
  },
  {description: 'null until `minutes upstream sync` has read it'},
)

export const UpstreamItem = Type.Object({
  ref: Type.String(),
  url: Type.String(),
  kind: Type.String(),
  number: Nullable(Type.Integer()),
  title: Type.String({description: 'the title upstream gives it once read; until then the link text'}),
  linkText: Type.String(),
  state: ShownState,
  upstream: Nullable(UpstreamInfo),
  firstSeen: Nullable(Type.String()),
  lastSeen: Nullable(Type.String()),
  meetings: Type.Array(Type.Object({path: Type.String(), series: Type.String(), date: Nullable(Type.String()), line: Type.Integer(), topic: Nullable(Type.String())})),
  topics: Strings,
})

export const UpstreamChange = Type.Object({
  reason: Type.Union([Type.Literal('changed'), Type.Literal('stale')], {description: 'changed after the last meeting that mentioned it, or open and not mentioned for months'}),
  repository: Type.String(),
  ref: Type.String(),
  url: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  state: ShownState,
  previousState: Nullable(Type.String()),
  changedAt: Nullable(Type.String()),
  lastSeen: Type.String(),
  lastPath: Type.String(),
  lastLine: Type.Integer({description: 'the line of the last mention in its file'}),
  lastSeries: Type.String(),
  days: Type.Integer(),
  summary: Type.String({description: 'merged 3 weeks after product-board/2024-08-12 last mentioned it'}),
})

export const UpstreamRepository = Type.Object({
  host: Type.String(),
  owner: Nullable(Type.String()),
  repo: Nullable(Type.String()),
  name: Type.String(),
  firstSeen: Nullable(Type.String()),
  lastSeen: Nullable(Type.String()),
  items: Type.Array(UpstreamItem),
})

export const ProblemRow = Type.Object({
  path: Type.String(),
  line: Nullable(Type.Integer()),
  column: Nullable(Type.Integer()),
  rule: Nullable(Type.String()),
  severity: Type.String(),
  message: Type.String(),
})

export {Type}
