import type {FastifyInstance, FastifyRequest} from 'fastify'
import fp from 'fastify-plugin'
import type {SearchOptions} from '@minutes-kb/search'
import {Snapshots, type Snapshot} from './snapshot.ts'

declare module 'fastify' {
  interface FastifyInstance {
    minutes: Snapshots
  }
  interface FastifyRequest {
    snapshot: Snapshot | null
    cacheKey: string | null
  }
}

const maxCached = 2000

/**
 * The database and its search index, shared by all routes: one read-only connection per
 * snapshot. Each request pins the snapshot it started with; answers of an unchanged database are
 * cached per snapshot (a new snapshot starts with an empty cache).
 */
export const storePlugin = fp(
  async (app: FastifyInstance, options: {db: string; search: SearchOptions}) => {
    const snapshots = new Snapshots(options.db, options.search)
    app.decorate('minutes', snapshots)
    app.decorateRequest('snapshot', null)
    app.decorateRequest('cacheKey', null)
    app.addHook('onResponse', async (request) => {
      if (request.snapshot) snapshots.release(request.snapshot)
      request.snapshot = null
    })
    app.addHook('onSend', async (request, reply, payload) => {
      const s = request.snapshot
      if (s && request.cacheKey && reply.statusCode === 200 && typeof payload === 'string') {
        if (s.responses.size >= maxCached) s.responses.delete(s.responses.keys().next().value!)
        s.responses.set(request.cacheKey, {body: payload, type: String(reply.getHeader('content-type') ?? 'application/json')})
      }
      return payload
    })
    app.addHook('onClose', async () => snapshots.close())
  },
  {name: 'minutes-store'},
)

/** The request's snapshot (pinned on first use). */
export function snapshotOf(request: FastifyRequest): Snapshot {
  request.snapshot ??= request.server.minutes.acquire()
  return request.snapshot
}

/** A cached answer for this URL in this snapshot, or `null` (then the answer will be cached). */
export function cached(request: FastifyRequest): {body: string; type: string} | null {
  const s = snapshotOf(request)
  const hit = s.responses.get(request.url)
  if (hit) return hit
  request.cacheKey = request.url
  return null
}
