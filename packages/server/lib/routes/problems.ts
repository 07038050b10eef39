import type {FastifyInstance} from 'fastify'
import {pageProblems} from '@minutes-kb/store'
import {sendList} from '../lists.ts'
import {errorResponses, listQuery, listReply, ProblemRow, Type} from '../schemas.ts'
import {answer} from '../store-plugin.ts'
import {listRoute} from './twin.ts'

export async function problemRoutes(app: FastifyInstance): Promise<void> {
  listRoute(
    app,
    '/api/problems',
    {
      schema: {
        tags: ['problems'],
        summary: 'The collection lint: file, line, rule and message of every problem found',
        querystring: listQuery(
          {
            rule: Type.Optional(Type.String({maxLength: 100})),
            severity: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')])),
            path: Type.Optional(Type.String({maxLength: 500})),
          },
          ['path', '-path', 'rule', '-rule'],
        ),
        response: {200: listReply(ProblemRow), ...errorResponses},
      },
    },
    async (request, reply) =>
      answer(request, reply, ({db}) => {
        const q = request.query as {rule?: string; severity?: string; path?: string}
        return sendList(request, reply, (page) => pageProblems(db, q, page), ['path', 'line', 'column', 'rule', 'severity', 'message'])
      }),
  )
}
