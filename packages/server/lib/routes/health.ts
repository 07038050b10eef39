import cluster from 'node:cluster'
import type {FastifyInstance} from 'fastify'
import {pinned, prepared} from '@minutes-kb/store'
import {Type} from '../schemas.ts'
import {snapshotOf} from '../store-plugin.ts'

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    {
      config: {rateLimit: false},
      schema: {
        tags: ['health'],
        summary: 'Liveness and what is loaded',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            meetings: Type.Integer(),
            engine: Type.String(),
            snapshot: Type.Integer(),
            worker: Type.Integer({description: 'which of `serve --workers` answered (1…N); 0 for a single process'}),
          }),
        },
      },
    },
    async (request) => {
      const s = snapshotOf(request)
      // Counted once per snapshot: counting is a walk of an index, 4 µs of 18 at 100×.
      const meetings = pinned(s.db, 'healthz', 'meetings', () => prepared(s.db, 'SELECT count(*) FROM meetings').pluck().get() as number)
      return {status: 'ok' as const, meetings, engine: s.searcher.engine, snapshot: s.version, worker: cluster.worker?.id ?? 0}
    },
  )
}
