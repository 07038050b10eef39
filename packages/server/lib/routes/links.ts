import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import {pageLinks, pageLinksJson, ownOrganisations, toCsv, upstreamColumns, upstreamMarkdown, upstreamReport, upstreamRows, type ShownState} from '@minutes-kb/store'
import {page, sendList, type ListQuery} from '../lists.ts'
import {errorResponses, LinkRow, listQuery, listReply, ShownState as State, Type, UpstreamRepository} from '../schemas.ts'
import {answer, sendText} from '../store-plugin.ts'
import {listRoute} from './twin.ts'

const kind = Type.Optional(
  Type.Union(['issue', 'pull', 'commit', 'blob', 'tree', 'discussion', 'release', 'repo', 'merge_request', 'change', 'bug'].map((k) => Type.Literal(k))),
)
export const own = Type.Optional(Type.Array(Type.String({maxLength: 100}), {maxItems: 20, description: "the community's own organisations (default: minutes.config.json)"}))
export const repo = Type.Optional(Type.String({pattern: '^[^/\\s]+(/[^/\\s]+)+$', maxLength: 200, description: 'owner/repo'}))

export async function linkRoutes(app: FastifyInstance): Promise<void> {
  listRoute(
    app,
    '/api/links',
    {
      schema: {
        tags: ['links'],
        summary: 'Every link, each occurrence with its meeting, line and topic',
        querystring: listQuery(
          {
            host: Type.Optional(Type.String({maxLength: 200})),
            owner: Type.Optional(Type.String({maxLength: 200})),
            repo,
            kind,
            upstream: Type.Optional(Type.Boolean()),
            own,
          },
          ['date', '-date', 'url', '-url'],
        ),
        response: {200: listReply(LinkRow), ...errorResponses},
      },
    },
    async (request, reply) =>
      answer(request, reply, ({db}) => {
        const q = request.query as {host?: string; owner?: string; repo?: string; kind?: string; upstream?: boolean; own?: string[]}
        const filter = {host: q.host, owner: q.owner, repo: q.repo, kind: q.kind, upstream: q.upstream, own: q.own}
        return sendList(
          request,
          reply,
          (page) => pageLinks(db, filter, page),
          ['date', 'path', 'line', 'topic', 'url', 'text', 'host', 'owner', 'repo', 'kind', 'number'],
          (page) => pageLinksJson(db, filter, page),
        )
      }),
  )

  const upstream = async (request: FastifyRequest, reply: FastifyReply) => answer(request, reply, ({db}) => {
    const q = request.query as {repo?: string; kind?: string; own?: string[]; state?: ShownState[]; format?: string; size?: number; cursor?: string}
    const repos = upstreamReport(db, {repo: q.repo, kind: q.kind, own: q.own, state: q.state})
    const format = request.routeOptions.url?.endsWith('.csv') ? 'csv' : request.routeOptions.url?.endsWith('.md') ? 'md' : (q.format ?? 'json')
    if (format === 'md') return sendText(request, reply, upstreamMarkdown(repos), 'text/markdown; charset=utf-8')
    if (format === 'csv') {
      reply.header('content-disposition', 'attachment; filename="upstream.csv"')
      return sendText(request, reply, toCsv(upstreamRows(repos), upstreamColumns, {escapeFormulas: true}), 'text/csv; charset=utf-8')
    }
    // Repositories with the most tracked items first; a page of them (the exports carry everything).
    return {...page(repos, q as ListQuery), own: ownOrganisations(db, q.own), items: repos.reduce((n, r) => n + r.items.length, 0)}
  })
  const schema = {
    tags: ['links'],
    summary: 'Upstream issues, pulls, changes and bugs, grouped by repository, with first and last seen and their state upstream (JSON, CSV or a Markdown checklist)',
    querystring: Type.Object(
      {
        repo,
        kind,
        own,
        state: Type.Optional(Type.Array(State, {maxItems: 7, description: 'only items in these states (repeat the parameter for several)'})),
        size: Type.Optional(Type.Integer({minimum: 1, maximum: 500, default: 20, description: 'repositories per page'})),
        cursor: Type.Optional(Type.String({maxLength: 200})),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('md')])),
      },
      {additionalProperties: false},
    ),
    response: {
      200: Type.Object({
        rows: Type.Array(UpstreamRepository),
        next: Type.Union([Type.String(), Type.Null()]),
        total: Type.Integer({description: 'repositories'}),
        items: Type.Integer({description: 'tracked items in all repositories'}),
        own: Type.Array(Type.String()),
      }),
      ...errorResponses,
    },
  }
  app.get('/api/upstream', {schema}, upstream)
  app.get('/api/upstream.csv', {schema: {...schema, hide: true}}, upstream)
  app.get('/api/upstream.md', {schema: {...schema, hide: true}}, upstream)
}
