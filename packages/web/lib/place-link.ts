import type {Element} from 'hast'
import {h} from 'hastscript'
import {meetingAt, type DB} from '@minutes-kb/store'
import {meetingHref} from './parts.ts'

/**
 * `text`, linked to line `line` of file `path` on the page of the meeting that holds it (a file may
 * hold several); plain text when no meeting does. Threads, topics and upstream mentions name their
 * places this way.
 */
export function placeLink(db: DB, path: string | null, line: number | null, text: string): Element | string {
  return meetingLineLink(path !== null && line !== null ? meetingAt(db, path, line) : null, line, text)
}

/** `text`, linked to line `line` of meeting `id` (the store gave the id with the line); plain text without one. */
export function meetingLineLink(id: number | null, line: number | null, text: string): Element | string {
  return id === null ? text : h('a', {href: meetingHref(id, line)}, text)
}
