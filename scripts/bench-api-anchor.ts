/**
 * The anchors of bench:api, a server of their own: a bare Fastify hello-world route, a naive route
 * that runs one prepared better-sqlite3 query for 20 rows and returns them as plain JSON, and a naive
 * search route: the query's words OR-ed in one prepared FTS5 statement (bm25, FTS5's snippet, 10
 * rows), plain JSON, no filters, no meetings, no cache; and a naive detail route: a meeting's head and its
 * file's markdown by id, one statement, plain JSON.
 *   node --import tsx scripts/bench-api-anchor.ts DB PORT
 */
import Fastify from 'fastify'
import {openDatabase} from '@minutes-kb/store'

const [dbPath, port] = process.argv.slice(2) as [string, string]
const db = openDatabase(dbPath, {readonly: true})
const rows = db.prepare('SELECT id, path, series, date, title FROM meetings WHERE series = ? ORDER BY date DESC LIMIT 20')
const search = db.prepare(
  `SELECT rowid AS id, bm25(search_fts, 10.0, 1.0, 2.0, 1.0) AS score, snippet(search_fts, 1, '<b>', '</b>', '…', 16) AS snippet
     FROM search_fts WHERE search_fts MATCH ? ORDER BY score LIMIT 10`,
)
// A meeting's head and its file's markdown by id: one statement, a body of a few kB like a meeting's detail.
const detail = db.prepare('SELECT m.id, m.path, m.series, m.date, m.title, m.first_line AS firstLine, m.last_line AS lastLine, f.raw FROM meetings m JOIN files f ON f.id = m.file_id WHERE m.id = ?')
const app = Fastify()
app.get('/hello', async () => ({hello: 'world'}))
app.get('/naive', async (request) => rows.all((request.query as {series?: string}).series ?? 'iaas'))
app.get('/naive-detail/:id', async (request, reply) => {
  const row = detail.get(Number((request.params as {id: string}).id))
  if (!row) return reply.status(404).send({error: 'not found'})
  return reply.type('application/json').send(JSON.stringify(row))
})
app.get('/naive-search', async (request, reply) => {
  // Field names and fuzzy marks dropped, a trailing * kept as FTS5's prefix query.
  const words = ((request.query as {q?: string}).q ?? '').replace(/\w+:/g, '').match(/[\p{L}\p{N}]+\*?/gu) ?? []
  const match = words.map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}" *` : `"${w}"`)).join(' OR ')
  if (!match) return reply.status(400).send({error: 'empty query'})
  return reply.type('application/json').send(JSON.stringify(search.all(match)))
})
await app.listen({host: '127.0.0.1', port: Number(port)})
console.log('ready')
