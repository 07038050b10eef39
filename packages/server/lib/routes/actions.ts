import type {FastifyInstance} from 'fastify'
import {pageActions, pageActionsJson, pageThreads, type Status} from '@minutes-kb/store'
import {sendList} from '../lists.ts'
import {ActionRow, errorResponses, IsoDate, listQuery, listReply, ThreadRow, Type} from '../schemas.ts'
import {answer} from '../store-plugin.ts'
import {listRoute} from './twin.ts'

export async function actionRoutes(app: FastifyInstance): Promise<void> {
  const query = listQuery(
    {
      assignee: Type.Optional(Type.String({maxLength: 200, description: '@handle or name (aliases apply)'})),
      status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('all')], {default: 'all'})),
      series: Type.Optional(Type.String({maxLength: 200})),
      since: Type.Optional(IsoDate),
      threads: Type.Optional(Type.Boolean({description: 'one row per task across meetings'})),
    },
    ['date', '-date', 'lastSeen', '-lastSeen', 'firstSeen', '-firstSeen', 'meetings', '-meetings', 'text', '-text'],
  )
  listRoute(
    app,
    '/api/actions',
    {
      schema: {
        tags: ['actions'],
        summary: 'Action items (or, with threads=true, tasks carried across meetings)',
        querystring: query,
        response: {200: Type.Union([listReply(ActionRow), listReply(ThreadRow)]), ...errorResponses},
      },
    },
    async (request, reply) =>
      answer(request, reply, ({db}) => {
        const q = request.query as {assignee?: string; status?: Status; series?: string; since?: string; threads?: boolean}
        const filter = {person: q.assignee, status: q.status ?? 'all', series: q.series, since: q.since}
        if (q.threads) {
          return sendList(request, reply, (page) => pageThreads(db, filter, page), ['id', 'status', 'assignees', 'text', 'series', 'firstSeen', 'lastSeen', 'meetings', 'mentions'])
        }
        return sendList(
          request,
          reply,
          (page) => pageActions(db, filter, page),
          ['id', 'status', 'done', 'assignees', 'text', 'date', 'series', 'path', 'line', 'topic', 'threadId'],
          (page) => pageActionsJson(db, filter, page),
        )
      }),
  )
}
