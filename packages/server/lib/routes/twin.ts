import type {FastifyInstance, RouteShorthandOptions, RouteHandlerMethod} from 'fastify'

/** Register a list route and its CSV twin (`/api/x` and `/api/x.csv`). */
export function listRoute(app: FastifyInstance, url: string, options: RouteShorthandOptions, handler: RouteHandlerMethod): void {
  app.get(url, options, handler)
  app.get(`${url}.csv`, {...options, schema: {...options.schema, hide: true}}, handler)
}
