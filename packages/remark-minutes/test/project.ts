import type {MinutesRecord} from '@minutes-kb/remark-minutes'

/**
 * The contract fields of a record, in the contract's key order, without the extras (`kind` of an
 * action item) and without messages: what the hand-written expectations state.
 */
export function contract(record: MinutesRecord) {
  return {
    file: record.file,
    range: record.range,
    series: record.series,
    date: record.date,
    title: record.title,
    participants: record.participants.map(({handle, name, affiliation, abbreviation, line}) =>
      abbreviation === undefined ? {handle, name, affiliation, line} : {handle, name, affiliation, abbreviation, line},
    ),
    topics: record.topics.map(({title, depth, line, owners}) => ({title, depth, line, owners})),
    actionItems: record.actionItems.map(({assignees, text, line, done, topic}) => ({assignees, text, line, done, topic})),
    decisions: record.decisions.map(({text, line, topic}) => ({text, line, topic})),
    links: record.links.map(({url, text, line, topic, ref}) => ({url, text, line, topic, ref})),
  }
}

export type ContractRecord = ReturnType<typeof contract>

/**
 * A hand-checked expectation may leave fields out (a year file's meetings checked for their
 * structure only): compare only the fields it states.
 */
export function checkedFields(actual: ContractRecord, expected: Partial<ContractRecord>): Partial<ContractRecord> {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key as keyof ContractRecord]])) as Partial<ContractRecord>
}
