import {fields, lunr, lunrInternals, presence, type Clause} from './lunr-index.ts'

/** A query the user got wrong: the message says how (Lunr's words for syntax errors). */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly code: 'MINUTES_ERR_BAD_QUERY' | 'MINUTES_ERR_EMPTY_QUERY' | 'MINUTES_ERR_QUERY_TOO_LONG',
    readonly start?: number,
    readonly end?: number,
  ) {
    super(message)
    this.name = 'QueryError'
  }
}

export const maxQueryLength = 500

export type {Clause}

/**
 * Parse a query in Lunr's language (`title:monitoring`, `+kolla -ceph`, `kubernets~1`, `open*`,
 * `host^10`). Errors are the user's: a `QueryError` with Lunr's message, never a crash.
 */
export function parseQuery(text: string): Clause[] {
  const q = text.trim()
  if (!q) throw new QueryError('Unexpected empty query, expected words to search for', 'MINUTES_ERR_EMPTY_QUERY')
  if (q.length > maxQueryLength) {
    throw new QueryError(`Unexpected query of ${q.length} characters, expected at most ${maxQueryLength}`, 'MINUTES_ERR_QUERY_TOO_LONG')
  }
  const query = new lunr.Query(Object.keys(fields))
  try {
    new lunrInternals.QueryParser(compounds(q), query).parse()
  } catch (error) {
    if (error instanceof lunr.QueryParseError) throw new QueryError(error.message, 'MINUTES_ERR_BAD_QUERY', error.start, error.end)
    throw error
  }
  const clauses = (query.clauses as unknown as Clause[]).filter((c) => c.term !== '')
  if (clauses.length === 0) throw new QueryError('Unexpected query without a term, expected words to search for', 'MINUTES_ERR_EMPTY_QUERY')
  if (clauses.every((c) => c.presence === presence.PROHIBITED)) {
    throw new QueryError('Unexpected query with only excluded terms, expected at least one term to find', 'MINUTES_ERR_BAD_QUERY')
  }
  return clauses
}

/**
 * `host-id`, `cloud-init`: Lunr splits a hyphenated word into two optional terms, so `hosts` alone
 * would match. A compound the user typed means both parts: `+host +id` (a field prefix is kept).
 */
function compounds(q: string): string {
  return q.replace(/(^|\s)(\+?)((?:[\p{L}_]+:)?)([\p{L}\p{N}_.]+(?:-[\p{L}\p{N}_.]+)+)(?=\s|$)/gu, (_m, space: string, _plus: string, field: string, word: string) =>
    space + word.split('-').filter(Boolean).map((part) => `+${field}${part}`).join(' '),
  )
}

/** A clause's term as the index stores it (trimmed, stemmed), unless it is a pattern. */
export function indexTerm(clause: Clause): string {
  if (clause.wildcard || clause.usePipeline === false) return clause.term
  const token = new lunr.Token(clause.term.replace(/^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu, ''), {})
  return lunr.stemmer(token).toString()
}

/** Does a stemmed index token match a clause (exactly, by wildcard, or within its edit distance)? */
export function clauseMatcher(clause: Clause): (term: string) => boolean {
  const want = indexTerm(clause)
  if (clause.term.includes('*')) {
    const re = new RegExp(`^${clause.term.split('*').map(escape).join('.*')}$`)
    return (t) => re.test(t)
  }
  if (clause.editDistance) {
    const d = clause.editDistance
    return (t) => Math.abs(t.length - want.length) <= d && editDistance(t, want) <= d
  }
  return (t) => t === want
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Levenshtein distance; stops early (returning more than `max`) once it cannot be `max` or less. */
export function editDistance(a: string, b: string, max = Infinity): number {
  // Two rows of the table, kept between calls: a fuzzy term is compared with thousands of words.
  if (rows.length < 2 * (b.length + 1)) rows = new Int32Array(4 * (b.length + 1))
  const width = b.length + 1
  let prev = 0
  let row = width
  for (let j = 0; j <= b.length; j++) rows[j] = j
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i
    let best = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(rows[prev + j]! + 1, rows[row + j - 1]! + 1, rows[prev + j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1))
      rows[row + j] = value
      if (value < best) best = value
    }
    if (best > max) return best
    ;[prev, row] = [row, prev]
  }
  return rows[prev + b.length]!
}

let rows = new Int32Array(64)
