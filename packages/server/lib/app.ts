import Fastify, {type FastifyInstance, type FastifyServerOptions} from 'fastify'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type {TypeBoxTypeProvider} from '@fastify/type-provider-typebox'
import type {SearchOptions} from '@minutes-kb/search'
import {webPlugin} from '@minutes-kb/web'
import {ErrorReply} from './schemas.ts'
import {snapshotOf, storePlugin} from './store-plugin.ts'
import {routes} from './routes/index.ts'

export interface AppOptions {
  /** Path of the minutes database (opened read-only). */
  db: string
  search?: SearchOptions
  /** Requests per client per minute; `false` for none (default 600). */
  rateLimit?: number | false
  /** Origins allowed to call the API from a browser; none by default. */
  cors?: string[] | false
  logger?: FastifyServerOptions['logger']
  /** Answers kept per snapshot (default 2000); 0 computes every answer (benchmarks of the uncached path). */
  cache?: number
}

/** The HTTP API, the OpenAPI document and the web page; does not listen (see `startServer`). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Bounded requests: long URLs and bodies are refused before any handler runs.
    bodyLimit: 16 * 1024,
    routerOptions: {ignoreTrailingSlash: true, maxParamLength: 300},
    ajv: {customOptions: {removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false}},
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addSchema(ErrorReply)

  // 4xx pass through with their message; anything else is logged and answered without internals.
  app.setErrorHandler((error: {statusCode?: number; code?: string; message: string; validation?: unknown}, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status >= 500) request.log.error(error)
    const code = status >= 500 ? 'MINUTES_ERR_INTERNAL' : error.validation ? 'MINUTES_ERR_VALIDATION' : (error.code ?? 'MINUTES_ERR_BAD_REQUEST')
    void reply.status(status).send({
      statusCode: status,
      code,
      error: status >= 500 ? 'Internal Server Error' : httpError(status),
      message: status >= 500 ? 'Something went wrong on our side; it has been logged.' : error.message,
    })
  })
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({statusCode: 404, code: 'MINUTES_ERR_NOT_FOUND', error: 'Not Found', message: `No route ${request.method} ${request.url.split('?')[0]}`})
  })

  if (options.cors) await app.register(cors, {origin: options.cors})
  if (options.rateLimit !== false) {
    await app.register(rateLimit, {
      max: options.rateLimit ?? 600,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request, context) => ({
        statusCode: context.statusCode,
        code: 'MINUTES_ERR_RATE_LIMIT',
        error: 'Too Many Requests',
        message: `Rate limit exceeded: ${context.max} requests per ${context.after}`,
      }),
    })
  }

  await app.register(swagger, {
    openapi: {
      info: {title: 'minutes-kb', version: '0.1.0', description: 'A knowledge base over markdown meeting minutes: meetings, search, people, action items, upstream links.'},
      tags: [
        {name: 'meetings'},
        {name: 'search'},
        {name: 'people'},
        {name: 'actions'},
        {name: 'links'},
        {name: 'problems'},
        {name: 'health'},
      ],
    },
  })
  await app.register(swaggerUi, {routePrefix: '/docs'})
  app.get('/openapi.json', {schema: {hide: true}}, async () => app.swagger())

  // A server ranks each query on one thread: concurrent requests (and --workers) already keep the
  // cores busy, and a helper thread waiting for a core only delayed its caller — at 10× under 10
  // connections, one thread answered 347–425 searches/s (p95 45–61 ms), two 283–300 (p95 69–84 ms).
  await app.register(storePlugin, {db: options.db, search: {parallelMinSections: Infinity, ...options.search}, cache: options.cache})
  await app.register(routes)
  // The web app: server-rendered pages over the same snapshots (packages/web).
  await app.register(webPlugin, {source: snapshotOf})
  return app
}

function httpError(status: number): string {
  return (
    {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large'}[status] ?? 'Bad Request'
  )
}
