/**
 * One database of the whole shared corpus (meetings, threads, search index with Lunr shards),
 * built once for the test files that only read it (API, property tests, web page).
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {TestProject} from 'vitest/node'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {refreshImpacts, updateSearchIndex} from '@minutes-kb/search'
import {corpusRoot} from '../scripts/corpus.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    corpusDb: string
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'minutes-corpus-db-'))
  const path = join(dir, 'corpus.db')
  const db = openDatabase(path)
  await ingestDirectory(db, corpusRoot(), {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes, {lunr: 'always'}))})
  refreshImpacts(db)
  db.close()
  project.provide('corpusDb', path)
  return () => rmSync(dir, {recursive: true, force: true})
}
