import type {FastifyInstance} from 'fastify'
import {upstreamChangeColumns, upstreamChanges} from '@minutes-kb/store'
import {inMemory, sendList} from '../lists.ts'
import {errorResponses, IsoDate, listQuery, listReply, Type, UpstreamChange} from '../schemas.ts'
import {answer} from '../store-plugin.ts'
import {own, repo} from './links.ts'
import {listRoute} from './twin.ts'

export async function upstreamRoutes(app: FastifyInstance): Promise<void> {
  const query = listQuery(
    {
      series: Type.Optional(Type.String({maxLength: 200, description: 'only meetings of this series count as mentions'})),
      since: Type.Optional(IsoDate),
      stale: Type.Optional(Type.Integer({minimum: 0, maximum: 120, default: 3, description: 'list open items not mentioned for this many months (0: none)'})),
      own,
      repo,
    },
    ['changedAt', '-changedAt', 'lastSeen', '-lastSeen', 'days', '-days', 'ref', '-ref'],
  )
  listRoute(
    app,
    '/api/upstream/changes',
    {
      schema: {
        tags: ['links'],
        summary: 'What changed upstream since the meetings last looked: state changes after the last mention, then open items not mentioned for months',
        querystring: query,
        response: {200: listReply(UpstreamChange), ...errorResponses},
      },
    },
    async (request, reply) =>
      answer(request, reply, ({db}) => {
        const q = request.query as {series?: string; since?: string; stale?: number; own?: string[]; repo?: string}
        const rows = upstreamChanges(db, {series: q.series, since: q.since, staleMonths: q.stale ?? 3, own: q.own, repo: q.repo})
        return sendList(request, reply, inMemory(rows), upstreamChangeColumns)
      }),
  )
}
