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
const monthFirst = new RegExp(`\\b(${monthNames})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i')
const dayFirst = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(${monthNames})\\.?,?\\s+(\\d{4})\\b`, 'i')

/** A date written in `text`, or `null`. */
export function findDate(text: string): (FoundDate & {index: number; length: number}) | null {
  let m = isoDate.exec(text)
  if (m) {
    const odd = m[2] !== m[4] || m[2] !== '-' && m[2] !== '/' || /\s/.test(m[0])
    return {...build(+m[1]!, +m[3]!, +m[5]!, odd), index: m.index, length: m[0].length}
  }
  m = europeanDate.exec(text)
  if (m) return {...build(+m[3]!, +m[2]!, +m[1]!, false), index: m.index, length: m[0].length}
  m = monthFirst.exec(text)
  if (m) return {...build(+m[3]!, months[m[1]!.toLowerCase()]!, +m[2]!, false), index: m.index, length: m[0].length}
  m = dayFirst.exec(text)
  if (m) return {...build(+m[3]!, months[m[2]!.toLowerCase()]!, +m[1]!, false), index: m.index, length: m[0].length}
  return null
}

/** The date in a file name: `20240812.md`, `20230831-slides.md`, `2024-08-12.md`. */
export function fileNameDate(path: string): string | null {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const m = /(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)/.exec(base)
  if (!m) return null
  const date = build(+m[1]!, +m[2]!, +m[3]!, false)
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
