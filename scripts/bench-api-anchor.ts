/**
 * The anchors of bench:api, a server of their own: a bare Fastify hello-world route, and a naive
 * route that runs one prepared better-sqlite3 query for 20 rows and returns them as plain JSON.
 *   node --import tsx scripts/bench-api-anchor.ts DB PORT
 */
import Fastify from 'fastify'
import {openDatabase} from '@minutes-kb/store'

const [dbPath, port] = process.argv.slice(2) as [string, string]
const db = openDatabase(dbPath, {readonly: true})
const rows = db.prepare('SELECT id, path, series, date, title FROM meetings WHERE series = ? ORDER BY date DESC LIMIT 20')
const app = Fastify()
app.get('/hello', async () => ({hello: 'world'}))
app.get('/naive', async (request) => rows.all((request.query as {series?: string}).series ?? 'iaas'))
await app.listen({host: '127.0.0.1', port: Number(port)})
console.log('ready')
