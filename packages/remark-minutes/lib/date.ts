/** A date found in text, with how cleanly it was written. */
export interface FoundDate {
  iso: string
  /** Separators other than one consistent `-`, `/` or `.`: typed by hand, worth a warning. */
  odd: boolean
  /** Not a calendar date (month 13, February 30) or an implausible year. */
  invalid: boolean
}

const months: Record<string, number> = {
  jan: 1, january: 1, januar: 1, feb: 2, february: 2, februar: 2, mar: 3, march: 3, märz: 3, maerz: 3,
  apr: 4, april: 4, may: 5, mai: 5, jun: 6, june: 6, juni: 6, jul: 7, july: 7, juli: 7, aug: 8,
  august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, okt: 10, oktober: 10, nov: 11,
  november: 11, dec: 12, december: 12, dez: 12, dezember: 12,
}
const monthNames = Object.keys(months).sort((a, b) => b.length - a.length).join('|')

const isoDate = /(?<![\d.])(\d{4})\s?([-–—/.])\s?(\d{1,2})\s?([-–—/.])\s?(\d{1,2})(?![\d])/
const europeanDate = /(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)/
const ordinal = '(?:st|nd|rd|th)?'
const monthFirst = new RegExp(`\\b(${monthNames})\\.?\\s+(\\d{1,2})${ordinal}\\b,?\\s+(\\d{4})\\b`, 'i')
const dayFirst = new RegExp(`\\b(\\d{1,2})${ordinal}\\.?\\s+(?:of\\s+)?(${monthNames})\\.?,?\\s+(\\d{4})\\b`, 'i')
/** Without a year (`Tuesday, October 10th`, `10th of Oct`): only where the year is known from elsewhere. */
/** (Not before a year; a clock time may follow: `Tue Oct 14, 6:10pm`.) */
const noYearAfter = String.raw`(?!\s*[,.]?\s*(?!\d{1,2}(?:[:.]\d{2}|\s*[ap]\.?m\b))\d)`
const monthFirstNoYear = new RegExp(`\\b(${monthNames})\\.?\\s+(\\d{1,2})${ordinal}\\b${noYearAfter}`, 'i')
const dayFirstNoYear = new RegExp(`\\b(\\d{1,2})${ordinal}\\.?\\s+(?:of\\s+)?(${monthNames})\\b\\.?${noYearAfter}`, 'i')

/**
 * A date written in `text`, or `null`. `year` completes a date written without one (`October 10th`),
 * from the file name or folder.
 */
export function findDate(text: string, year?: number | null): (FoundDate & {index: number; length: number}) | null {
  // Every form has a digit (a day or a year): most headings and lines have none.
  if (!/\d/.test(text)) return null
  let m = isoDate.exec(text)
  if (m) {
    const odd = m[2] !== m[4] || (m[2] !== '-' && m[2] !== '/' && m[2] !== '.') || /\s/.test(m[0])
    return {...build(+m[1]!, +m[3]!, +m[5]!, odd), index: m.index, length: m[0].length}
  }
  m = europeanDate.exec(text)
  if (m) return {...build(+m[3]!, +m[2]!, +m[1]!, false), index: m.index, length: m[0].length}
  m = monthFirst.exec(text)
  if (m) return {...build(+m[3]!, months[m[1]!.toLowerCase()]!, +m[2]!, false), index: m.index, length: m[0].length}
  m = dayFirst.exec(text)
  if (m) return {...build(+m[3]!, months[m[2]!.toLowerCase()]!, +m[1]!, false), index: m.index, length: m[0].length}
  if (!year) return null
  m = monthFirstNoYear.exec(text)
  if (m) return {...build(year, months[m[1]!.toLowerCase()]!, +m[2]!, false), index: m.index, length: m[0].length}
  m = dayFirstNoYear.exec(text)
  if (m) return {...build(year, months[m[2]!.toLowerCase()]!, +m[1]!, false), index: m.index, length: m[0].length}
  return null
}

const monthName = new RegExp(`^(${monthNames})$`, 'i')
/**
 * The date in a file's path: in the file name (`20240812.md`, `2024-08-12.md`, `2019.04.18.md`,
 * `2022-01-25-Triage-minutes.md`), or split between folder and file name (`2023-01/jan-30.md`,
 * `2023/01/30.md`, `2023/jan-30.md`).
 */
export function fileNameDate(path: string): string | null {
  const parts = path.replace(/\\/g, '/').split('/')
  const base = parts.pop()!.replace(/\.[^.]*$/, '')
  const full = /(?<!\d)((?:19|20)\d{2})[-._]?(\d{2})[-._]?(\d{2})(?!\d)/.exec(base)
  if (full) return valid(+full[1]!, +full[2]!, +full[3]!)
  // A date in words, with its year (`design-chat-4-march-2025.md`, `sync-march-4-2025.md`): only a name with a digit and a year.
  // Read as text by findDate, the name's separators as spaces (`4th_March_2025`, `march.4.2025`).
  if (/(?:19|20)\d{2}/.test(base)) {
    const words = findDate(base.replace(/[-_.]+/g, ' '))
    if (words) return words.invalid ? null : words.iso
  }
  // A folder that is a date, holding the meeting's file (`tsc/meetings/2025-05-14/minutes.md`).
  const parent = parts[parts.length - 1]
  if (parent !== undefined) {
    const dated = /^((?:19|20)\d{2})[-._]?(\d{2})[-._]?(\d{2})(?![\d])/.exec(parent)
    if (dated && !/\d/.test(base)) return valid(+dated[1]!, +dated[2]!, +dated[3]!)
  }
  // The year and perhaps the month from the folders (nearest first), the day from the name.
  let year: number | null = null
  let month: number | null = null
  for (let i = parts.length - 1; i >= 0 && year === null; i--) {
    const folder = parts[i]!
    const ym = /^((?:19|20)\d{2})(?:[-_.](\d{1,2}))?$/.exec(folder)
    if (ym) {
      year = +ym[1]!
      if (ym[2]) month ??= +ym[2]
    } else if (/^\d{1,2}$/.test(folder) && month === null) month = +folder
    else if (monthName.test(folder) && month === null) month = months[folder.toLowerCase()]!
    else break
  }
  if (year === null) return null
  const named = new RegExp(`^(?:(${monthNames})[-_. ]?(\\d{1,2})|(\\d{1,2})[-_. ]?(${monthNames}))(?![a-z\\d])`, 'i').exec(base)
  if (named) return valid(year, months[(named[1] ?? named[4])!.toLowerCase()]!, +(named[2] ?? named[3])!)
  const day = /^(\d{1,2})(?!\d)/.exec(base)
  if (day && month !== null) return valid(year, month, +day[1]!)
  return null
}

/** The year a path names (`2024.md`, `meetings/2019/…`), for dates written without one. */
export function pathYear(path: string): number | null {
  const m = /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(path.replace(/^.*\/(?=[^/]*$)/, '')) ?? /(?<!\d)((?:19|20)\d{2})(?!\d)/.exec(path)
  return m ? +m[1]! : null
}

function valid(year: number, month: number, day: number): string | null {
  const date = build(year, month, day, false)
  return date.invalid ? null : date.iso
}

/** Days between two ISO dates. */
export function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000
}

function build(year: number, month: number, day: number, odd: boolean): FoundDate {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  const d = new Date(Date.UTC(year, month - 1, day))
  const real = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
  return {iso, odd, invalid: !real || year < 1990 || year > 2100}
}
