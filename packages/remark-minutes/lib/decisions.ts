import {squash} from './text.ts'
import type {Decision} from './types.ts'
import {eachUnit, type Unit} from './units.ts'

/** `Decision:`, `**decision:**`, `=> Decided:`, `Agreed:`, `Resolution:`, `Decision record:` at the start of a line. */
const marker =
  /^(?:[\s*_>•·|(\[-]|-+>|=+>|→|⇒|\p{Extended_Pictographic})*(?:decisions?(?: record)?|decided|agreed|resolution|resolved|beschlossen|beschluss|entscheidung)\s*(?:\([^)]*\))?\s*:\s*/iu
/** `-> Decision: …` after other text on the line. */
const arrowMarker = /(?:-+>|=+>|→|⇒)\s*(?:decision|decided|agreed|resolution)\s*:\s*/i
/** `Decided that …`, `Decided to …` opening a line. */
const decidedThat = /^(?:[\s*_>•·-]|-+>|=+>)*decided (?:that|to|on)\b\s*/i

/** Decisions among the units of a document. */
export function collectDecisions(units: readonly Unit[], topicAt: (line: number) => string | null): Decision[] {
  const decisions: Decision[] = []
  const add = (text: string, line: number) => {
    const clean = squash(text).replace(/^[*_~\s]+|[*_~\s]+$/g, '')
    if (clean) decisions.push({text: clean, line, topic: topicAt(line)})
  }
  for (const unit of eachUnit(units)) {
    if (unit.kind === 'heading') continue
    const m = marker.exec(unit.text) ?? arrowMarker.exec(unit.text)
    if (m) {
      const rest = unit.text.slice(m.index + m[0].length)
      if (/[\p{L}\p{N}]/u.test(rest)) add(rest, unit.source.lineAt(unit.start + m.index))
      else for (const child of unit.children) add(child.text, child.line)
      continue
    }
    const d = decidedThat.exec(unit.text)
    if (d) add(unit.text.slice(d[0].length), unit.line)
  }
  return decisions
}
