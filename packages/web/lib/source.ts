import type {Searcher} from '@minutes-kb/search'
import type {DB} from '@minutes-kb/store'

/** A cached answer, as the server keeps them per database snapshot. */
export interface CachedPage {
  body: string | Buffer
  type: string
}

/**
 * What a page reads: the server's current snapshot (one read-only connection, its searcher, and
 * the answers already given from it). The pages know nothing of how the server keeps it.
 */
export interface PageSource {
  db: DB
  searcher: Searcher
  responses?: {get(key: string): CachedPage | undefined; set(key: string, value: CachedPage): void}
}

/** A query string value as a page reads it: the first one given, trimmed; empty counts as not given. */
export function param(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  if (typeof first !== 'string') return undefined
  const trimmed = first.trim()
  return trimmed === '' ? undefined : trimmed.slice(0, 500)
}

/** Every value given for a parameter (`?state=open&state=draft`). */
export function params(value: unknown): string[] {
  const all = Array.isArray(value) ? value : [value]
  return all.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim().slice(0, 200))
}

export const isoDate = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined)

/** `?page=3` as a number from 1; anything else is the first page. */
export function pageNumber(value: unknown): number {
  const n = Number(param(value))
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1
}
