import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import {h} from 'hastscript'
import {assetUrls, clientAssets} from './assets.ts'
import {layout, type AssetUrls, type Page} from './layout.ts'
import {actionsPage} from './pages/actions.ts'
import {homePage} from './pages/home.ts'
import {meetingPage} from './pages/meeting.ts'
import {personPage} from './pages/person.ts'
import {searchPage} from './pages/search.ts'
import {seriesPage} from './pages/series.ts'
import {upstreamPage} from './pages/upstream.ts'
import {serializePage} from './serialize.ts'
import type {PageSource} from './source.ts'

export interface WebOptions {
  /** The data a request reads: the server's current snapshot. */
  source: (request: FastifyRequest) => PageSource
}

/**
 * No script or style but this server's files, nothing loaded from elsewhere, no plugins, no
 * `<base>`, not framed; forms and fetches to this server only.
 */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

const html = 'text/html; charset=utf-8'

/** The web app's pages and files, server-rendered; an encapsulated plugin, its error pages HTML. */
export async function webPlugin(app: FastifyInstance, options: WebOptions): Promise<void> {
  const assets = await clientAssets()
  const urls = assetUrls(assets)
  for (const asset of assets) {
    app.get(asset.url, {schema: {hide: true}}, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').type(asset.type).send(asset.body),
    )
  }

  /** Answer with a page, from the snapshot's cache when this address was rendered from it before. */
  const page = (render: (source: PageSource, request: FastifyRequest) => Page | null) => async (request: FastifyRequest, reply: FastifyReply) => {
    const source = options.source(request)
    headers(reply)
    const hit = source.responses?.get(request.url)
    if (hit) return reply.type(hit.type).send(hit.body)
    const rendered = render(source, request)
    if (!rendered) return sendPage(reply, notFound(request.url), urls)
    const body = serialize(rendered, urls)
    if ((rendered.status ?? 200) === 200) source.responses?.set(request.url, {body, type: html})
    return reply.status(rendered.status ?? 200).type(html).send(body)
  }

  const query = (request: FastifyRequest) => request.query as Record<string, unknown>
  const hidden = {schema: {hide: true}}
  app.get('/', hidden, page((source) => homePage(source)))
  app.get('/index.html', hidden, page((source) => homePage(source)))
  app.get('/search', hidden, page((source, request) => searchPage(source, query(request))))
  app.get('/actions', hidden, page((source, request) => actionsPage(source, query(request))))
  app.get('/upstream', hidden, page((source, request) => upstreamPage(source, query(request))))
  app.get(
    '/meetings/:id',
    hidden,
    page((source, request) => {
      const id = (request.params as {id: string}).id
      return /^[1-9]\d{0,9}$/.test(id) ? meetingPage(source, Number(id)) : null
    }),
  )
  app.get('/people/:handle', hidden, page((source, request) => personPage(source, (request.params as {handle: string}).handle)))
  app.get('/series/:name', hidden, page((source, request) => seriesPage(source, (request.params as {name: string}).name)))

  app.setErrorHandler((error: {statusCode?: number; message: string}, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status >= 500) request.log.error(error)
    headers(reply)
    return sendPage(reply, problemPage(status, status >= 500 ? 'Something went wrong on our side; it has been logged.' : error.message), urls)
  })
}

function headers(reply: FastifyReply): void {
  reply.header('content-security-policy', contentSecurityPolicy).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin')
}

function serialize(page: Page, urls: AssetUrls): string {
  // A meeting page's minutes are a `raw` node holding the HTML the renderer made at ingest
  // (`storedHtml`), written as it is; no page puts anything else in one.
  return serializePage(layout(page, urls))
}

function sendPage(reply: FastifyReply, page: Page, urls: AssetUrls): FastifyReply {
  return reply.status(page.status ?? 200).type(html).send(serialize(page, urls))
}

function notFound(url: string): Page {
  return problemPage(404, `Nothing is at ${decodeSafely(url.split('?')[0] ?? url)}.`)
}

function problemPage(status: number, message: string): Page {
  const title = status === 404 ? 'Not found' : status >= 500 ? 'Server error' : 'Bad request'
  return {title, status, main: [h('h1', title), h('p', message), h('p', h('a', {href: '/'}, 'Back to the collection'))]}
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
