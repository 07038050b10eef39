/** A person as written in the minutes: a lowercased `@handle`, or a plain name. */
export interface Participant {
  handle: string | null
  name: string | null
  line: number
}

export interface Topic {
  title: string
  depth: number
  line: number
  owners: string[]
}

export interface ActionItem {
  /** Lowercased `@handles`, or plain names as written (`Kurt`). Empty when unassigned. */
  assignees: string[]
  text: string
  line: number
  done: boolean
  topic: string | null
  /** How the item was recognised: `marked` (AI, ToDo, task list, action section) or `unmarked` (`@x to …`, `-> @x`). */
  kind: 'marked' | 'unmarked'
}

export interface Decision {
  text: string
  line: number
  topic: string | null
}

export type RefKind =
  | 'issue'
  | 'pull'
  | 'commit'
  | 'blob'
  | 'tree'
  | 'discussion'
  | 'release'
  | 'repo'
  | 'merge_request'
  | 'change'
  | 'bug'

/** A classified reference to an upstream tracker item. */
export interface Ref {
  host: string
  owner: string | null
  repo: string | null
  kind: RefKind
  number?: number
  sha?: string
  ref?: string
  path?: string
  tag?: string | null
}

export interface Link {
  url: string
  text: string
  line: number
  topic: string | null
  ref: Ref | null
}

export interface MinutesMessage {
  line: number | null
  column: number | null
  ruleId: string | null
  reason: string
  severity: 'warning' | 'info' | 'error'
}

/** What `remarkMinutes` writes to `file.data.minutes`. */
export interface Minutes {
  /** Path relative to the ingested root (the vfile's `cwd`). */
  file: string
  /** First folder under the root, `""` for a file at the root. */
  series: string
  date: string | null
  title: string | null
  participants: Participant[]
  topics: Topic[]
  actionItems: ActionItem[]
  decisions: Decision[]
  links: Link[]
}

/** The extraction contract: one record per file, as `minutes extract --json` prints it. */
export interface MinutesRecord extends Minutes {
  messages: MinutesMessage[]
}
