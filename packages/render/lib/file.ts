import type {Root, RootContent} from 'mdast'
import type {LineProblem} from './line-anchors.ts'
import {minutesHtml, renderMinutes, renderTree} from './render.ts'

/** A meeting of a file, as the extraction found it: its first and last line, its problems. */
export interface MeetingLines {
  range: [number, number]
  problems: LineProblem[]
}

/**
 * Each meeting of a file as HTML, from the syntax tree of the whole file that the ingest's parse
 * made (positions are the file's lines): the same bytes as `renderMinutes` of the meeting's own
 * lines (`markdown(first, last)`, as a page reads them from the database), without a second parse.
 * A meeting's part of the tree is the top-level nodes that start in its lines. Where that part
 * could differ from a parse of the meeting's lines alone, those lines are parsed again:
 *
 * - a definition (`[x]: …`, `[^1]: …`) in a file of several meetings: the parse resolves a
 *   reference against every definition of the file, a page's parse against its meeting's only;
 * - a file that starts with `+++` (TOML front matter: the renderer hides it, the extraction's
 *   parse reads YAML only);
 * - a carriage return without a line feed (a meeting's lines are cut at line feeds);
 * - a node that runs past the meeting's last line (an unclosed code fence keeps the blank lines
 *   after the last line of text).
 *
 * `null` for a meeting whose rendering threw (it is rendered when its page is asked for).
 */
export function meetingsHtml(tree: Root, value: string, meetings: MeetingLines[], markdown: (first: number, last: number) => string): Array<string | null> {
  const definitions = meetings.length > 1 && value.includes(']:')
  const loneReturn = /\r(?!\n)/.test(value)
  const toml = /^\uFEFF?\+\+\+/.test(value)
  return meetings.map(({range: [first, last], problems}) => {
    try {
      const place = {firstLine: first, lastLine: last, problems}
      const nodes = tree.children.filter((node) => node.position && node.position.start.line >= first && node.position.start.line <= last)
      const reparse = definitions || loneReturn || (toml && first === 1) || nodes.some((node) => node.position!.end.line > last) || nodes.length === 0
      return minutesHtml(reparse ? renderMinutes(markdown(first, last), place) : renderTree({type: 'root', children: nodes as RootContent[]}, place, 0))
    } catch {
      return null
    }
  })
}
