import type {FastifyInstance} from 'fastify'
import {pagePeople, personDetail} from '@minutes-kb/store'
import {errors} from '../errors.ts'
import {sendList} from '../lists.ts'
import {errorResponses, listQuery, listReply, PersonDetail, PersonRow, Type} from '../schemas.ts'
import {answer} from '../store-plugin.ts'
import {listRoute} from './twin.ts'

export async function peopleRoutes(app: FastifyInstance): Promise<void> {
  listRoute(
    app,
    '/api/people',
    {
      schema: {
        tags: ['people'],
        summary: 'Everyone in the minutes: meetings attended, open and done tasks, topics owned',
        querystring: listQuery({}, ['person', '-person', 'meetings', '-meetings', 'open', '-open', 'lastSeen', '-lastSeen']),
        response: {200: listReply(PersonRow), ...errorResponses},
      },
    },
    async (request, reply) =>
      answer(request, reply, ({db}) => sendList(request, reply, (page) => pagePeople(db, {}, page), ['person', 'handle', 'name', 'meetings', 'firstSeen', 'lastSeen', 'open', 'done', 'topicsOwned'])),
  )

  app.get(
    '/api/people/:handle',
    {
      schema: {
        tags: ['people'],
        summary: 'One person (`@handle` or a name): meetings attended, open and done threads, topics owned',
        params: Type.Object({handle: Type.String({minLength: 1, maxLength: 200})}, {additionalProperties: false}),
        response: {200: PersonDetail, ...errorResponses},
      },
    },
    async (request, reply) =>
      answer(request, reply, ({db}) => {
        const {handle} = request.params as {handle: string}
        const person = personDetail(db, handle)
        if (!person) throw new errors.notFound(`No person \`${handle}\` in the minutes`)
        return person
      }),
  )
}
