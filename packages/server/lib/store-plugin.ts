import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import fp from 'fastify-plugin'
import type {SearchOptions} from '@minutes-kb/search'
import {Snapshots, type Snapshot} from './snapshot.ts'

declare module 'fastify' {
  interface FastifyInstance {
    minutes: Snapshots
  }
}

/** The database and its search index, shared by all routes, closed with the app. */
export const storePlugin = fp(
  async (app: FastifyInstance, options: {db: string; search: SearchOptions; cache?: number}) => {
    const snapshots = new Snapshots(options.db, options.search, options.cache)
    app.decorate('minutes', snapshots)
    app.addHook('onClose', async () => snapshots.close())
  },
  {name: 'minutes-store'},
)

export function snapshotOf(request: FastifyRequest): Snapshot {
  return request.server.minutes.latest
}

/** An answer that is JSON already (built by SQLite, as its UTF-8 bytes or as text): sent as it is, not serialized again. */
export class RawJson {
  constructor(readonly text: string | Buffer) {}
}

/**
 * Answer from the snapshot's cache, or compute, serialize with the route's response schema
 * (fast-json-stringify) and remember. Strings (CSV, Markdown) are cached as they are.
 */
export function answer(request: FastifyRequest, reply: FastifyReply, compute: (snapshot: Snapshot) => unknown): FastifyReply {
  const snapshot = snapshotOf(request)
  const hit = snapshot.responses.get(request.url)
  if (hit) {
    if (hit.disposition) reply.header('content-disposition', hit.disposition)
    return reply.type(hit.type).send(hit.body)
  }
  const result = compute(snapshot)
  if (result === reply) {
    // The route sent a string itself (CSV, Markdown).
    return reply
  }
  const body = result instanceof RawJson ? result.text : String(reply.serialize(result))
  const type = 'application/json; charset=utf-8'
  remember(snapshot, request.url, reply, body, type)
  return reply.type(type).send(body)
}

/** Send a text answer (CSV, Markdown) and remember it, with the file name it is offered under. */
export function sendText(request: FastifyRequest, reply: FastifyReply, body: string, type: string): FastifyReply {
  remember(snapshotOf(request), request.url, reply, body, type)
  return reply.type(type).send(body)
}

function remember(snapshot: Snapshot, key: string, reply: FastifyReply, body: string | Buffer, type: string): void {
  const disposition = reply.getHeader('content-disposition')
  snapshot.responses.set(key, {body, type, disposition: typeof disposition === 'string' ? disposition : undefined})
}
