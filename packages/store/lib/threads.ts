import type {DB} from './database.ts'

/**
 * Action threads: the same task carried from meeting to meeting ("Pending action items", "AIs of
 * last week", copied with small edits) is one thread.
 *
 * Two mentions belong to one thread when they are in the same series, in different meetings at most
 * `maxGapDays` apart, have the same assignees, and their texts are similar: the Dice coefficient of
 * their content-word sets is at least `threshold`, or the words of one (at least two) all reappear in
 * the other (`organize a preparation meeting` → `organize a preparation meeting to prioritize issues`). Content words are lowercased words of two or more
 * letters without stop words, URLs and handles, with a plural or verb `s` dropped
 * (`create scs-iaas room and announce it` ≈ `create the scs-iaas room, announce it`).
 * A mention joins the most similar open candidate thread; ties go to the most recent one.
 */
export interface ThreadOptions {
  threshold: number
  maxGapDays: number
}

export const defaultThreadOptions: ThreadOptions = {threshold: 0.6, maxGapDays: 120}

export interface Mention {
  id: number
  meetingId: number
  date: string | null
  text: string
  done: boolean
  assignees: string[]
}

const stop = new Set(
  'a an the to of for in on at by with and or but is are be was were it its this that these those as from into via per we our us you your they their he she his her i me my will shall should would can could may might must do does did done has have had not no yes also then than so if about up out over all any some each more most other such only own same too very just again once here there when where why how what which who whom'.split(' '),
)

/** The content words of a task's text. */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>()
  const cleaned = text.toLowerCase().replace(/https?:\/\/\S+/g, ' ').replace(/@[\w.-]+/g, ' ')
  for (const m of cleaned.matchAll(/[\p{L}\p{N}][\p{L}\p{N}._-]*/gu)) {
    let word = m[0].replace(/[._-]+$/, '')
    if (word.length < 2 || stop.has(word)) continue
    if (word.length > 4 && /^\p{L}+$/u.test(word) && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1)
    words.add(word)
  }
  return words
}

/** Dice coefficient of two word sets: 1 for the same words, 0 for none in common. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  let common = 0
  for (const w of a) if (b.has(w)) common++
  return (2 * common) / (a.size + b.size)
}

/** Are the words of the smaller set (two or more) all in the larger one? A task reworded by extension. */
export function extends_(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  if (small.size < 2) return false
  for (const w of small) if (!large.has(w)) return false
  return true
}

/** How alike two tasks' texts are, for threading: Dice, or the threshold itself for an extension. */
function likeness(a: Set<string>, b: Set<string>, threshold: number): number {
  const dice = similarity(a, b)
  return dice < threshold && extends_(a, b) ? threshold : dice
}

/** Group mentions (of one series) into threads; each thread is a list of mention ids in date order. */
export function groupThreads(mentions: readonly Mention[], options: ThreadOptions = defaultThreadOptions): Mention[][] {
  const sorted = [...mentions].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.meetingId - b.meetingId || a.id - b.id)
  interface Open {
    mentions: Mention[]
    words: Set<string>
    firstWords: Set<string>
    who: string
    lastDate: string | null
    lastMeeting: number
  }
  const threads: Open[] = []
  const byWho = new Map<string, Open[]>()
  for (const m of sorted) {
    const who = [...m.assignees].sort().join(' ')
    const words = contentWords(m.text)
    let best: Open | undefined
    let bestScore = options.threshold
    for (const t of byWho.get(who) ?? []) {
      if (t.lastMeeting === m.meetingId) continue
      if (t.lastDate && m.date && daysBetween(t.lastDate, m.date) > options.maxGapDays) continue
      const score = Math.max(likeness(words, t.words, options.threshold), likeness(words, t.firstWords, options.threshold))
      if (score >= bestScore) {
        best = t
        bestScore = score
      }
    }
    if (best) {
      best.mentions.push(m)
      best.words = words
      best.lastDate = m.date ?? best.lastDate
      best.lastMeeting = m.meetingId
    } else {
      const t: Open = {mentions: [m], words, firstWords: words, who, lastDate: m.date, lastMeeting: m.meetingId}
      threads.push(t)
      const list = byWho.get(who) ?? []
      list.push(t)
      byWho.set(who, list)
    }
  }
  return threads.map((t) => t.mentions)
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(b) - Date.parse(a)) / 86_400_000
}

/** Rebuild the threads of the given series (all series when `series` is omitted). In the caller's transaction. */
export function rebuildThreads(db: DB, series?: Iterable<string>, options: ThreadOptions = defaultThreadOptions): void {
  const list = series ? [...new Set(series)] : (db.prepare('SELECT DISTINCT series FROM meetings').pluck().all() as string[])
  const items = db.prepare(
    `SELECT a.id, a.meeting_id AS meetingId, m.date, a.text, a.done,
            COALESCE((SELECT json_group_array(p.key) FROM action_assignees x JOIN people p ON p.id = x.person_id WHERE x.action_id = a.id), '[]') AS assignees
       FROM action_items a JOIN meetings m ON m.id = a.meeting_id
      WHERE m.series = ?`,
  )
  const clear = db.prepare('DELETE FROM action_threads WHERE series = ?')
  const insert = db.prepare(
    `INSERT INTO action_threads (series, text, assignees, first_seen, last_seen, meetings, status, first_item_id, last_item_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const link = db.prepare('UPDATE action_items SET thread_id = ? WHERE id = ?')
  for (const s of list) {
    clear.run(s)
    const rows = (items.all(s) as Array<{id: number; meetingId: number; date: string | null; text: string; done: number; assignees: string}>).map(
      (r): Mention => ({id: r.id, meetingId: r.meetingId, date: r.date, text: r.text, done: r.done === 1, assignees: JSON.parse(r.assignees) as string[]}),
    )
    for (const thread of groupThreads(rows, options)) {
      const first = thread[0]!
      const last = thread[thread.length - 1]!
      // Done once any mention marks it done: a later "still open" copy of a closed item is rare, a
      // done mark followed by silence is the rule.
      const status = thread.some((m) => m.done) ? 'done' : 'open'
      const meetings = new Set(thread.map((m) => m.meetingId)).size
      const id = Number(
        insert.run(s, last.text, JSON.stringify([...last.assignees].sort()), first.date, last.date, meetings, status, first.id, last.id).lastInsertRowid,
      )
      for (const m of thread) link.run(id, m.id)
    }
  }
}
