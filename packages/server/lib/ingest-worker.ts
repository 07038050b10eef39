/**
 * The thread `serve --watch` ingests on (ingester.ts): an ingest's writing, its search index and its
 * impact lists are synchronous SQLite work — seconds at 10×, most of a minute at 100× — that on the
 * serving thread kept every request waiting (or, in a cluster, every new connection the primary hands
 * over). Here they run beside it. One job at a time; the parse workers stay warm between jobs and
 * give their memory back after five idle minutes.
 */
import {parentPort} from 'node:worker_threads'
import {ingestDirectory, openDatabase, ParsePool, type DB} from '@minutes-kb/store'
import {refreshImpacts, updateSearchIndex} from '@minutes-kb/search'
import type {FromIngester, IngestJob} from './ingester.ts'

const port = parentPort!
const warmMs = 5 * 60_000
let pool: ParsePool | undefined
let idle: NodeJS.Timeout | undefined

const closePool = async () => {
  clearTimeout(idle)
  const p = pool
  pool = undefined
  await p?.close()
}
const rest = () => {
  clearTimeout(idle)
  idle = setTimeout(() => void closePool(), warmMs).unref()
}
const send = (message: FromIngester) => port.postMessage(message)

// Started and warmed up now, so the first edit is quick too.
const warming = ParsePool.start().then(async (p) => {
  pool = p
  await p.warmUp()
  rest()
})
// Said once the thread and its parse workers have loaded: a server that waits for it answers its
// first edit at the speed of the ones after (loading them took half a second of the first).
void warming.catch(() => undefined).then(() => send({type: 'ready'}))

async function run(job: IngestJob): Promise<void> {
  await warming.catch(() => undefined)
  clearTimeout(idle)
  let db: DB | undefined
  try {
    db = openDatabase(job.db)
    pool ??= await ParsePool.start()
    const summary = await ingestDirectory(db, job.dir, {
      aliases: job.aliases,
      pool,
      beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes)),
    })
    send({type: 'committed', summary})
    // The impact lists follow in a transaction of their own; readers answer from FTS5 alone meanwhile.
    send({type: 'done', terms: refreshImpacts(db)?.terms ?? 0})
  } catch (error) {
    send({type: 'failed', message: (error as Error).message, stack: (error as Error).stack})
    // A parse worker that failed may be gone: the next job starts fresh ones.
    await closePool()
  } finally {
    db?.close()
    rest()
  }
}

port.on('message', (message: IngestJob | {type: 'close'}) => {
  if (message.type === 'close') {
    void warming
      .catch(() => undefined)
      .then(closePool)
      .then(() => port.close())
    return
  }
  void run(message)
})
