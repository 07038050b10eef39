import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {daysApart, fileNameDate, findDate} from './date.ts'
import type {HeadingInfo} from './headings.ts'

const source = 'remark-minutes'

/**
 * The meeting date: the title block's, else a date-only heading's, else front matter's, else the
 * file name's. Typos in a heading date are flagged and lose to the file name.
 */
export function meetingDate(headings: HeadingInfo[], frontMatter: Record<string, unknown> | null, file: VFile): string | null {
  const fromName = file.path ? fileNameDate(file.path) : null
  const candidates = headings.filter((h) => h.role === 'title')
  const dated =
    candidates.find((h) => findDate(h.text)) ?? headings.find((h) => h.role === 'date')
  if (dated) {
    const found = findDate(dated.text)!
    const place = dated.node.position as Position | undefined
    const farFromName = fromName !== null && !found.invalid && daysApart(found.iso, fromName) > 366
    if (found.invalid || farFromName || (found.odd && fromName !== null)) {
      const why = found.invalid ? 'not a real date' : farFromName ? `over a year from the file name's ${fromName}` : 'written with odd separators'
      const fallback = fromName ?? (found.invalid ? null : found.iso)
      file.message(`Unexpected heading date \`${dated.text}\` (${why}), expected \`YYYY-MM-DD\`; using ${fallback ?? 'no date'}`, {
        place,
        ruleId: 'invalid-date',
        source,
      })
      if (fallback) return fallback
    } else {
      if (fromName !== null && found.iso !== fromName) {
        file.message(`Unexpected heading date ${found.iso}, expected the file name's ${fromName}`, {
          place,
          ruleId: 'date-mismatch',
          source,
        })
      }
      return found.iso
    }
  }
  const fm = frontMatter?.['date']
  if (fm instanceof Date && !Number.isNaN(fm.getTime())) return fm.toISOString().slice(0, 10)
  if (typeof fm === 'string') {
    const found = findDate(fm)
    if (found && !found.invalid) return found.iso
  }
  if (fromName) return fromName
  file.message('Unexpected missing date, expected a date in the title heading, front matter or file name', {
    place: {line: 1, column: 1},
    ruleId: 'no-date',
    source,
  })
  return null
}
