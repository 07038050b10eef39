/**
 * Search at 1×, 10× (and 100×) the shared corpus, in the same run: minutes-kb's sharded Lunr and
 * FTS5 engines beside two anchors, a plain SQLite FTS5 table (bm25) and MiniSearch. For each:
 * build time, index size, start-up, first query, p50/p95 of a fixed query set (plain terms apart
 * from fuzzy and wildcard ones), and the RSS of the searching process (each engine in its own).
 *
 *   pnpm bench:search [--scales 1,10] [--cache-mb 64] [--engines lunr,fts5,fts5-anchor,minisearch]
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {rebuildShards, updateSearchIndex} from '@minutes-kb/search'
import {corpusRoot, repoRoot} from './corpus.ts'
import {generateCorpus} from './generate-corpus.ts'

const args = process.argv.slice(2)
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
const scales = (at('--scales') ?? '1,10').split(',').map(Number)
const cacheMb = at('--cache-mb') ?? '64'
const engines = at('--engines')?.split(',')
const work = join(repoRoot, '.bench')
mkdirSync(work, {recursive: true})

const plain = ['kolla', 'octavia', 'keycloak', 'harbor', 'gardener', 'zuul', 'sonobuoy', 'monitoring', 'certificate', 'cluster stacks', 'host id', 'flavor naming', 'standard', 'registry', 'upgrade', 'metering', 'ceph', 'ipv6', 'ironic', 'sovereign']
const fuzzy = [['kubernets~1', 'kubernets', 1], ['harbr~1', 'harbr', 1], ['keyclaok~2', 'keyclaok', 2], ['monitring~1', 'monitring', 1]] as const
const wildcard = ['cert*', 'monitor*', 'upgrad*', 'open*']
const queries = [
  ...plain.map((q) => ({q, kind: 'plain', mini: {text: q}})),
  ...fuzzy.map(([q, text, d]) => ({q, kind: 'fuzzy', mini: {text, fuzzy: d}})),
  ...wildcard.map((q) => ({q, kind: 'wildcard', mini: {text: q.slice(0, -1), prefix: true}})),
]
const queriesFile = join(work, 'search-queries.json')
writeFileSync(queriesFile, JSON.stringify(queries))

const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : x.toFixed(digits))

for (const scale of scales) {
  const corpus = join(work, `corpus-${scale}`)
  const files = generateCorpus(corpusRoot(), corpus, scale)
  const dbPath = join(work, `search-${scale}.db`)
  // The collection: ingested once (FTS5 kept at ingest, Lunr shards built below) and reused.
  if (!existsSync(dbPath) || readFileSync(`${dbPath}.files`, 'utf8') !== String(files)) {
    const db = openDatabase(dbPath)
    await ingestDirectory(db, corpus, {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes, {lunr: 'never'}))})
    db.close()
    writeFileSync(`${dbPath}.files`, String(files))
  }
  // A one-meeting edit, re-indexed the way `minutes ingest` and `serve --watch` do it (engine chosen automatically).
  const edited = join(corpus, 'iaas/20231011.md')
  const original = readFileSync(edited, 'utf8')
  writeFileSync(edited, `${original}\n### Benchmark edit\n\n- the zyxwvut test line\n`)
  let editSeconds = 0
  let editIndexSeconds = 0
  {
    const db = openDatabase(dbPath)
    const e0 = performance.now()
    await ingestDirectory(db, corpus, {beforeCommit: async (tx, changes) => void (editIndexSeconds = (await updateSearchIndex(tx, changes, {lunr: 'never'})).seconds)})
    editSeconds = (performance.now() - e0) / 1000
    writeFileSync(edited, original)
    await ingestDirectory(db, corpus, {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes, {lunr: 'never'}))})
    db.close()
  }
  const db = openDatabase(dbPath)
  const sections = db.prepare('SELECT count(*) FROM search_sections').pluck().get() as number
  // minutes-kb's Lunr shards: all of them, on worker threads.
  db.exec('BEGIN')
  db.prepare('DELETE FROM search_shards').run()
  const b0 = performance.now()
  const built = await rebuildShards(db)
  const lunrBuild = (performance.now() - b0) / 1000
  db.exec('COMMIT')
  const shardStats = db.prepare('SELECT count(*) AS n, sum(bytes) AS json, sum(length(lunr)) AS gz, max(bytes) AS biggest FROM search_shards').get() as {n: number; json: number; gz: number; biggest: number}
  // The FTS5 anchor: one plain table, built here.
  db.exec('DROP TABLE IF EXISTS anchor_fts')
  const f0 = performance.now()
  db.exec("CREATE VIRTUAL TABLE anchor_fts USING fts5 (title, body, tokenize = 'porter unicode61')")
  db.exec('INSERT INTO anchor_fts (rowid, title, body) SELECT id, title, body FROM search_sections')
  const ftsBuild = (performance.now() - f0) / 1000
  db.close()

  const child = (engine: string) => {
    try {
      const out = execFileSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', join(repoRoot, 'scripts/bench-search-child.ts'), engine, dbPath, queriesFile], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {...process.env, CACHE_MB: cacheMb},
        maxBuffer: 1 << 24,
        timeout: 30 * 60_000,
      })
      return JSON.parse(out.trim().split('\n').pop()!)
    } catch (error) {
      return {engine, error: (error as Error).message.split('\n')[0]}
    }
  }
  // Above 10× the Lunr engine is not queried: at 10× its shards no longer fit a bounded cache (see README).
  const results = [...(scale <= 10 ? ['lunr'] : []), 'fts5', 'fts5-anchor', ...(scale <= 10 ? ['minisearch'] : [])].filter((e) => !engines || engines.includes(e)).map(child)
  console.log(`\n### ${scale}× — ${files} meetings, ${sections} sections; Lunr shards: ${shardStats.n} (${(shardStats.json / 1e6).toFixed(0)} MB JSON, ${(shardStats.gz / 1e6).toFixed(1)} MB stored, largest ${(shardStats.biggest / 1e6).toFixed(1)} MB), built in ${lunrBuild.toFixed(1)} s on worker threads (${built.shardsBuilt} shards); FTS5 anchor built in ${ftsBuild.toFixed(1)} s; a one-meeting edit: ingest ${editSeconds.toFixed(2)} s, of which search index ${editIndexSeconds.toFixed(2)} s\n`)
  console.log('| engine | start (s) | first query (ms) | first pass (ms) | plain p50 / p95 (ms) | fuzzy p50 / p95 | wildcard p50 / p95 | RSS (MB) |')
  console.log('|---|---|---|---|---|---|---|---|')
  for (const r of results) {
    if (r.error) {
      console.log(`| ${r.engine} | failed: ${r.error} |||||||`)
      continue
    }
    const name = r.engine === 'lunr' ? `minutes-kb Lunr (sharded, ${cacheMb} MB cache)` : r.engine === 'fts5' ? `minutes-kb FTS5${r.parallel?.queries ? ` (${r.parallel.queries} queries on two threads)` : ''}` : r.engine === 'fts5-anchor' ? 'anchor: SQLite FTS5 bm25' : `anchor: MiniSearch (build ${fmt(r.buildSeconds)} s, ${fmt(r.indexMb, 0)} MB, load ${fmt(r.loadSeconds, 2)} s)`
    console.log(
      `| ${name} | ${fmt(r.startSeconds, 2)} | ${fmt(r.firstQueryMs)} | ${fmt(r.firstPassMs, 0)} | ${fmt(r.plain.p50)} / ${fmt(r.plain.p95)} | ${fmt(r.fuzzy.p50)} / ${fmt(r.fuzzy.p95)} | ${fmt(r.wildcard.p50)} / ${fmt(r.wildcard.p95)} | ${fmt(r.maxRssMb, 0)} |`,
    )
  }
}
