/** A person as written in the minutes: a lowercased `@handle`, a plain name, or both. */
export interface Participant {
  handle: string | null
  name: string | null
  /** The organisation written beside the person (`Jane Doe (ACME, chair)` → `ACME`). */
  affiliation: string | null
  /** A short form a table gives for the person (`JDE`); absent when none is given. */
  abbreviation?: string
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

/** One meeting of a minutes file; `remarkMinutes` writes one per meeting to `file.data.minutes`. */
export interface Minutes {
  /** Path relative to the ingested root (the vfile's `cwd`). */
  file: string
  /** The meeting's first and last line in the file (1-based, inclusive). */
  range: [number, number]
  /** The folder holding the meeting files, year folders skipped; `""` for a file at the root. */
  series: string
  date: string | null
  title: string | null
  participants: Participant[]
  topics: Topic[]
  actionItems: ActionItem[]
  decisions: Decision[]
  links: Link[]
  /** The meeting heading says it was canceled (`# 2024-11-26 - Canceled`). */
  canceled?: boolean
}

/** The extraction contract: one record per meeting, as `minutes extract --json` prints it. */
export interface MinutesRecord extends Minutes {
  messages: MinutesMessage[]
}

/** Everything extracted from one file: its meetings (none for a file that is not minutes) and all its messages. */
export interface MinutesFile {
  meetings: MinutesRecord[]
  /** Why the file is not minutes (a README, a template, a pointer to another file), or `null`. */
  notMinutes: string | null
  /** The messages that belong to no meeting: before a year file's first meeting, or of a file that is not minutes. */
  messages: MinutesMessage[]
}
