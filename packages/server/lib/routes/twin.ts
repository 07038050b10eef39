import type {FastifyInstance, RouteShorthandOptions, RouteHandlerMethod} from 'fastify'

/** Requests to a CSV twin (see `wantsCsv`), marked by its handler. */
export const csvTwinRequests = new WeakSet<object>()

/** Register a list route and its CSV twin (`/api/x` and `/api/x.csv`). */
export function listRoute(app: FastifyInstance, url: string, options: RouteShorthandOptions, handler: RouteHandlerMethod): void {
  app.get(url, options, handler)
  app.get(`${url}.csv`, {...options, schema: {...options.schema, hide: true}}, function (this: FastifyInstance, request, reply) {
    csvTwinRequests.add(request)
    return handler.call(this, request, reply)
  })
}
