/**
 * For the crash test: the work of `minutes ingest DIR --db DB` (`ingestDirectory`, the search index
 * updated inside its transaction) in a process of its own, telling its parent how far it is — a
 * line `files N` after each batch written, `indexing` when the search index starts, `committed` at
 * the end — so the parent can kill it at a number of files done as well as at a time.
 */
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {updateSearchIndex} from '@minutes-kb/search'

const [dir, dbPath] = process.argv.slice(2)
const db = openDatabase(dbPath!)
await ingestDirectory(db, dir!, {
  onProgress: (p) => process.stdout.write(`files ${p.files}\n`),
  beforeCommit: async (tx, changes) => {
    process.stdout.write('indexing\n')
    await updateSearchIndex(tx, changes)
  },
})
db.close()
process.stdout.write('committed\n')
