/**
 * One measured run for bench:ingest, in a process of its own so its memory is its own:
 *   bare DIR            parse every .md once with remark-parse + remark-gfm on this thread
 *   ingest DIR DB       `ingestDirectory` into DB (with its worker threads)
 * Prints one JSON line: seconds (the work only, not Node's start-up), files, bytes, maxRssMb.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {ingestDirectory, openDatabase, scanDirectory} from '@minutes-kb/store'

const [mode, dir, dbPath, ...rest] = process.argv.slice(2)
const options = JSON.parse(rest[0] ?? '{}') as {youngGenerationMb?: number; threads?: number}
const t0 = performance.now()
let result: Record<string, unknown>
if (mode === 'bare') {
  const parser = unified().use(remarkParse).use(remarkGfm)
  let files = 0
  let bytes = 0
  let nodes = 0
  for (const f of scanDirectory(dir!)) {
    const value = readFileSync(join(dir!, f.path), 'utf8')
    nodes += parser.parse(value).children.length
    files++
    bytes += f.size
  }
  result = {files, bytes, nodes}
} else {
  const db = openDatabase(dbPath!)
  result = {...(await ingestDirectory(db, dir!, options))}
  db.close()
}
const seconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage()
console.log(JSON.stringify({...result, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024}))
