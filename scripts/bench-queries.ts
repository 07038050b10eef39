/**
 * Search queries drawn from a collection's own words, for benchmarks where every query is new:
 * common words (picked as they occur, so frequent ones come often), rare ones (picked among distinct
 * words), two adjacent words, `title:` fields, fuzzy (`word~1`, one letter changed) and prefix
 * (`wor*`) terms. Deterministic for a seed and a database.
 */
import type {ChildProcess} from 'node:child_process'
import type {DB} from '@minutes-kb/store'

const stop = new Set(
  'about after also been before being both could does done from have here into just like made make more most much must need next only other over same should some such than that their them then there these they this those through under very want were what when where which while will with would your'.split(' '),
)

export interface BenchQuery {
  q: string
  kind: 'common' | 'rare' | 'phrase' | 'field' | 'fuzzy' | 'prefix'
}

export function vocabularyQueries(db: DB, count: number, seed = 14): BenchQuery[] {
  let state = seed >>> 0 || 1
  const random = () => {
    // xorshift32
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const max = db.prepare('SELECT max(id) FROM search_sections').pluck().get() as number
  const section = db.prepare('SELECT title, body FROM search_sections WHERE id >= ? ORDER BY id LIMIT 1')
  const tokens: string[] = []
  const pairs: string[] = []
  const titles: string[] = []
  for (let i = 0; i < 600; i++) {
    const row = section.get(1 + Math.floor(random() * max)) as {title: string; body: string} | undefined
    if (!row) continue
    const words = row.body.toLowerCase().match(/[a-z][a-z0-9]{3,}/g) ?? []
    for (let w = 0; w < words.length; w++) {
      if (stop.has(words[w]!)) continue
      tokens.push(words[w]!)
      if (w + 1 < words.length && !stop.has(words[w + 1]!)) pairs.push(`${words[w]} ${words[w + 1]}`)
    }
    for (const t of row.title.toLowerCase().match(/[a-z][a-z0-9]{3,}/g) ?? []) if (!stop.has(t)) titles.push(t)
  }
  const distinct = [...new Set(tokens)]
  const long = distinct.filter((w) => w.length >= 5)
  const out: BenchQuery[] = []
  const seen = new Set<string>()
  const add = (q: string, kind: BenchQuery['kind']) => {
    if (!seen.has(q)) {
      seen.add(q)
      out.push({q, kind})
    }
  }
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const r = random()
    if (r < 0.35) add(pick(tokens), 'common')
    else if (r < 0.6) add(pick(distinct), 'rare')
    else if (r < 0.75 && pairs.length) add(pick(pairs), 'phrase')
    else if (r < 0.85 && titles.length) add(`title:${pick(titles)}`, 'field')
    else if (r < 0.93) {
      const w = pick(long)
      const at = 1 + Math.floor(random() * (w.length - 2))
      add(`${w.slice(0, at)}${'aeiou'[Math.floor(random() * 5)]}${w.slice(at + 1)}~1`, 'fuzzy')
    } else {
      const w = pick(long)
      add(`${w.slice(0, 3 + Math.floor(random() * 3))}*`, 'prefix')
    }
  }
  return out
}

/** Cursors into a list, by walking it 7 rows a page (at most `pages` pages), as bench:api collects them over HTTP. */
export function listCursors(page: (cursor?: string) => {next: string | null}, pages = 120): string[] {
  const out: string[] = []
  let cursor: string | undefined
  for (let k = 0; k < pages; k++) {
    const next = page(cursor).next
    if (!next) break
    out.push(next)
    cursor = next
  }
  return out
}

/** Stop a server a benchmark started (SIGTERM), once it has exited. */
export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
