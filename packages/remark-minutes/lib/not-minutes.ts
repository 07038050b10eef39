import type {Root} from 'mdast'
import type {HeadingInfo} from './headings.ts'
import {phrasingText} from './text.ts'
import type {Minutes} from './types.ts'

/** Files every repository has beside its minutes. */
const documentName =
  /^(?:readme|contributing|changelog|changes|history|code[-_ ]of[-_ ]conduct|license|licence|copying|security|governance|charter|maintainers|codeowners|owners|authors|notice|summary|support|roadmap|glossary|index|_index|faq)$/i

/** A placeholder where a template's date goes: `YYYY-MM-DD`, `202X-XX-XX`, `{{date}}`, `DATE`. */
export const datePlaceholder = /\b(?:YYYY|\d{3}X|XXXX)[-./](?:MM|XX)[-./](?:DD|XX)\b|\b(?:DD|XX)\.(?:MM|XX)\.(?:YYYY|XXXX)\b|\{\{\s*date\s*\}\}|\bDATE\b/

/** Why a file is not minutes, judged by its name alone (a README, a template), or `null`. */
export function notMinutesByName(path: string): string | null {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '')
  if (documentName.test(base)) return `${base}.md is a repository document`
  if (/(?:^|[-_ .])template(?:$|[-_ .])/i.test(base)) return 'the file name says it is a template'
  return null
}

/**
 * Why a one-meeting file is not minutes after all, from what was found in it: a template (a date
 * placeholder where the date goes, no date in its text), a pointer to another file (a few words and a
 * link, no date in its text), or a document with no date at all (not even in its name) and nothing a
 * meeting leaves (participants, tasks, decisions). `null` otherwise.
 */
export function notMinutesByContent(tree: Root, headings: HeadingInfo[], meeting: Minutes, dated: boolean): string | null {
  // A date in the text settles it; one only in the file name does not make a template or a pointer minutes.
  if (dated) return null
  const title = headings.find((h) => h.role === 'title')
  if (title && datePlaceholder.test(phrasingText(title.node.children))) return 'a template: its title has a date placeholder'
  if (headings.length === 0 && isPointer(tree)) return 'a pointer to another file'
  if (meeting.date === null && meeting.participants.length === 0 && meeting.actionItems.length === 0 && meeting.decisions.length === 0) {
    return 'no date, participants, action items or decisions'
  }
  return null
}

/** A few words and a link elsewhere: `Renamed to [2019-04-18.md](2019-04-18.md)`. */
function isPointer(tree: Root): boolean {
  let words = 0
  let link = false
  const walk = (nodes: Root['children'] | readonly unknown[]): void => {
    for (const node of nodes as Array<{type: string; value?: string; url?: string; children?: unknown[]}>) {
      if (node.type === 'text' && node.value) words += node.value.split(/\s+/).filter(Boolean).length
      if (node.type === 'link') link = true
      if (node.children) walk(node.children)
    }
  }
  walk(tree.children)
  return link && words <= 25
}
