import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import {QueryError} from '@minutes-kb/search'
import {errors} from '../errors.ts'
import {decodeCursor, encodeCursor} from '../lists.ts'
import {errorResponses, IsoDate, SearchHit, Type} from '../schemas.ts'
import {answer, sendText} from '../store-plugin.ts'
import {toCsv} from '@minutes-kb/store'

export async function searchRoutes(app: FastifyInstance): Promise<void> {
  const querystring = Type.Object(
    {
      q: Type.String({minLength: 1, maxLength: 500, description: "Lunr's query language: words, title:word, +must -mustnot, fuzzy~1, prefix*"}),
      series: Type.Optional(Type.String({maxLength: 200})),
      from: Type.Optional(IsoDate),
      to: Type.Optional(IsoDate),
      person: Type.Optional(Type.String({maxLength: 200})),
      size: Type.Optional(Type.Integer({minimum: 1, maximum: 100, default: 10})),
      cursor: Type.Optional(Type.String({maxLength: 200})),
      format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    },
    {additionalProperties: false},
  )
  const handler = async (request: FastifyRequest, reply: FastifyReply) => answer(request, reply, ({searcher}) => {
    const q = request.query as {q: string; series?: string; from?: string; to?: string; person?: string; size?: number; cursor?: string; format?: string}
    const size = q.size ?? 10
    const offset = q.cursor ? decodeCursor(q.cursor) : 0
    if (offset > 10_000) throw new errors.badCursor()
    try {
      const result = searcher.search(q.q, {series: q.series, from: q.from, to: q.to, person: q.person}, {limit: size, offset})
      if (q.format === 'csv' || request.routeOptions.url?.endsWith('.csv')) {
        const rows = result.hits.map((h) => ({date: h.meeting.date, series: h.meeting.series, path: h.meeting.path, line: h.line, topic: h.topic, score: h.score, snippet: h.snippet.text}))
        return sendText(request, reply, toCsv(rows, ['date', 'series', 'path', 'line', 'topic', 'score', 'snippet'], {escapeFormulas: true}), 'text/csv; charset=utf-8')
      }
      const next = offset + size < result.total ? encodeCursor(offset + size) : null
      return {rows: result.hits, next, total: result.total, totalIsExact: result.totalIsExact, engine: result.engine}
    } catch (error) {
      if (error instanceof QueryError) {
        if (error.code === 'MINUTES_ERR_EMPTY_QUERY') throw new errors.emptyQuery(error.message)
        if (error.code === 'MINUTES_ERR_QUERY_TOO_LONG') throw new errors.queryTooLong(error.message)
        throw new errors.badQuery(error.message)
      }
      throw error
    }
  })
  const schema = {
    tags: ['search'],
    summary: 'Ranked topic sections with the matched words; 400 on a query syntax error',
    querystring,
    response: {
      200: Type.Object({rows: Type.Array(SearchHit), next: Type.Union([Type.String(), Type.Null()]), total: Type.Integer(), totalIsExact: Type.Boolean(), engine: Type.String()}),
      ...errorResponses,
    },
  }
  app.get('/api/search', {schema}, handler)
  app.get('/api/search.csv', {schema: {...schema, hide: true}}, handler)
}
