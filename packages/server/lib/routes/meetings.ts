import type {FastifyInstance} from 'fastify'
import {meetingJson, pageMeetings, pageMeetingsJson, pageSeries} from '@minutes-kb/store'
import {errors} from '../errors.ts'
import {sendList} from '../lists.ts'
import {errorResponses, IsoDate, listQuery, listReply, MeetingDetail, MeetingRow, SeriesRow, Type} from '../schemas.ts'
import {answer, RawJson} from '../store-plugin.ts'
import {listRoute} from './twin.ts'

const meetingColumns = ['id', 'date', 'series', 'path', 'title', 'participants', 'topics', 'actions', 'decisions', 'links', 'problems']

export async function meetingRoutes(app: FastifyInstance): Promise<void> {
  const query = listQuery(
    {
      series: Type.Optional(Type.String({maxLength: 200})),
      from: Type.Optional(IsoDate),
      to: Type.Optional(IsoDate),
      person: Type.Optional(Type.String({maxLength: 200, description: '@handle or name: meetings the person attended'})),
    },
    ['date', '-date', 'path', '-path', 'series', '-series'],
  )
  listRoute(
    app,
    '/api/meetings',
    {schema: {tags: ['meetings'], summary: 'Meetings, newest first', querystring: query, response: {200: listReply(MeetingRow), ...errorResponses}}},
    async (request, reply) =>
      answer(request, reply, ({db}) => {
        const q = request.query as {series?: string; from?: string; to?: string; person?: string}
        const filter = {series: q.series, since: q.from, until: q.to, person: q.person}
        return sendList(request, reply, (page) => pageMeetings(db, filter, page), meetingColumns, (page) => pageMeetingsJson(db, filter, page))
      }),
  )

  app.get(
    '/api/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: 'One meeting: everything extracted, its markdown and its problems',
        params: Type.Object({id: Type.Integer({minimum: 1, maximum: 2 ** 31})}, {additionalProperties: false}),
        response: {200: MeetingDetail, ...errorResponses},
      },
    },
    async (request, reply) =>
      answer(request, reply, ({db}) => {
        const {id} = request.params as {id: number}
        const meeting = meetingJson(db, id)
        if (meeting === null) throw new errors.notFound(`No meeting ${id}`)
        return new RawJson(meeting)
      }),
  )

  listRoute(
    app,
    '/api/series',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Series (the first folder of each file) with their meetings',
        querystring: listQuery({}, ['series', '-series', 'meetings', '-meetings', 'lastDate', '-lastDate']),
        response: {200: listReply(SeriesRow), ...errorResponses},
      },
    },
    async (request, reply) => answer(request, reply, ({db}) => sendList(request, reply, (page) => pageSeries(db, page), ['series', 'meetings', 'firstDate', 'lastDate'])),
  )
}
