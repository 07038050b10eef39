import {gunzipSync, gzipSync} from 'node:zlib'
import lunr from 'lunr'

/**
 * Lunr's trimmer strips `\W` at both ends of a token, and `\W` is ASCII: `über` would be indexed as
 * `ber`. This one trims anything that is not a letter or digit in any script.
 */
export const unicodeTrimmer: lunr.PipelineFunction = (token) =>
  token.update((s: string) => s.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}]+$/u, ''))
lunr.Pipeline.registerFunction(unicodeTrimmer, 'minutesTrimmer')

/** Fields and boosts: a match in a topic's title says more than one in its text. */
export const fields = {title: 4, body: 1, people: 2, series: 1} as const
export type Field = keyof typeof fields

export interface IndexedSection {
  id: number
  title: string
  body: string
  people: string
  series: string
}

function configure(builder: lunr.Builder): void {
  builder.pipeline.reset()
  builder.pipeline.add(unicodeTrimmer, lunr.stopWordFilter, lunr.stemmer)
  builder.searchPipeline.reset()
  builder.searchPipeline.add(lunr.stemmer)
  builder.ref('id')
  for (const [name, boost] of Object.entries(fields)) builder.field(name, {boost})
  builder.metadataWhitelist = ['position']
}

/** Build a shard's index; returns it serialized and gzip-compressed, with its uncompressed size. */
export function buildShard(sections: readonly IndexedSection[]): {blob: Buffer; bytes: number} {
  const index = lunr(function () {
    configure(this)
    for (const s of sections) this.add(s)
  })
  const json = JSON.stringify(index)
  return {blob: gzipSync(json, {level: 3}), bytes: Buffer.byteLength(json)}
}

export function loadShard(blob: Uint8Array): lunr.Index {
  return lunr.Index.load(JSON.parse(gunzipSync(blob).toString('utf8')))
}

/** Tokens of a text as the index sees them (trimmed, lowercased, stemmed), with their offsets. */
export function tokensOf(text: string): Array<{term: string; start: number; length: number}> {
  const out: Array<{term: string; start: number; length: number}> = []
  for (const token of lunr.tokenizer(text)) {
    const [start, length] = (token as unknown as {metadata: {position: [number, number]}}).metadata.position
    const trimmed = unicodeTrimmer(token, 0, []) as lunr.Token
    const stemmed = lunr.stemmer(trimmed) as lunr.Token
    const term = stemmed.toString()
    if (term) out.push({term, start, length})
  }
  return out
}

/** The parts of Lunr its type definitions leave out. */
export interface Clause {
  fields: string[]
  term: string
  boost?: number
  editDistance?: number
  usePipeline?: boolean
  wildcard?: number
  presence?: number
}
export const presence = {OPTIONAL: 1, REQUIRED: 2, PROHIBITED: 3} as const
export const lunrInternals = lunr as unknown as {
  QueryParser: new (text: string, query: lunr.Query) => {parse(): void}
  idf(posting: object, documentCount: number): number
}

export {lunr}
