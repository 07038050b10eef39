import type {FastifyInstance} from 'fastify'
import {actionRoutes} from './actions.ts'
import {healthRoutes} from './health.ts'
import {linkRoutes} from './links.ts'
import {meetingRoutes} from './meetings.ts'
import {peopleRoutes} from './people.ts'
import {problemRoutes} from './problems.ts'
import {searchRoutes} from './search.ts'
import {upstreamRoutes} from './upstream.ts'

/** Every route; each plugin is encapsulated, each route declares its schema. */
export async function routes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes)
  await app.register(meetingRoutes)
  await app.register(searchRoutes)
  await app.register(peopleRoutes)
  await app.register(actionRoutes)
  await app.register(linkRoutes)
  await app.register(upstreamRoutes)
  await app.register(problemRoutes)
}
