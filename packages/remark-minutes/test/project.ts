import type {MinutesRecord} from '@minutes-kb/remark-minutes'

/**
 * The contract fields of a record, in the contract's key order, without the extras (`kind` of an
 * action item) and without messages: what the hand-written expectations state.
 */
export function contract(record: MinutesRecord) {
  return {
    file: record.file,
    series: record.series,
    date: record.date,
    title: record.title,
    participants: record.participants.map(({handle, name, line}) => ({handle, name, line})),
    topics: record.topics.map(({title, depth, line, owners}) => ({title, depth, line, owners})),
    actionItems: record.actionItems.map(({assignees, text, line, done, topic}) => ({assignees, text, line, done, topic})),
    decisions: record.decisions.map(({text, line, topic}) => ({text, line, topic})),
    links: record.links.map(({url, text, line, topic, ref}) => ({url, text, line, topic, ref})),
  }
}
