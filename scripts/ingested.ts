/** A database of a minutes folder for a script: ingested with its search index, incrementally (only the first run parses). */
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {refreshImpacts, updateSearchIndex} from '@minutes-kb/search'

export async function ingested(dbPath: string, root: string): Promise<string> {
  const db = openDatabase(dbPath)
  try {
    await ingestDirectory(db, root, {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes))})
    refreshImpacts(db)
  } finally {
    db.close()
  }
  return dbPath
}
