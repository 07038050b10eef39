// The thread behind `ReadHelper` (read-helper.ts): a read-only connection to the caller's database
// that runs one statement at a time, each in a read transaction together with the caller's
// `versionSql`, and answers on the port before raising the shared flag the caller waits on.
// Plain JavaScript: it starts in ~0.05 s without a TypeScript loader or a bundle.
import {workerData, parentPort} from 'node:worker_threads'
import Database from 'better-sqlite3'

/** @type {{path: string, versionSql: string, port: import('node:worker_threads').MessagePort, flag: Int32Array}} */
const {path, versionSql, port, flag} = workerData
// flag[1]: 1 once this thread takes work, 2 if it never will. The caller reads it without waiting for
// its event loop: a synchronous caller (a batch of queries in one turn) may never get to see a message.
let db
let version
try {
  db = new Database(path, {readonly: true, fileMustExist: true})
  version = db.prepare(versionSql).pluck()
} catch (error) {
  Atomics.store(flag, 1, 2)
  throw error
}
/** @type {Map<string, import('better-sqlite3').Statement>} */
const statements = new Map()
const read = db.transaction((sql, params) => {
  let statement = statements.get(sql)
  if (!statement) {
    if (statements.size >= 64) statements.clear()
    statement = db.prepare(sql)
    statements.set(sql, statement)
  }
  return {rows: statement.all(params), version: version.get()}
})

port.on('message', (/** @type {{id: number, sql: string, params: Record<string, unknown>}} */ request) => {
  let reply
  try {
    reply = {id: request.id, ...read(request.sql, request.params)}
  } catch (error) {
    reply = {id: request.id, error: String(error)}
  }
  port.postMessage(reply)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
})
Atomics.store(flag, 1, 1)
parentPort.postMessage('ready')
