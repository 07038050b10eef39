/**
 * A thread of bench:ingest's `--floor` run: parses the files it is sent and nothing else, then asks
 * for more. `workerData.parser`: `bare` (remark-parse + remark-gfm, the baseline's parse) or
 * `minutes` (the ingest's own parse: `minutesProcessor()`, lean GFM and front matter, no extraction).
 */
import {readFileSync} from 'node:fs'
import {parentPort, workerData} from 'node:worker_threads'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {minutesProcessor} from '@minutes-kb/remark-minutes'

const parser = (workerData as {parser: 'bare' | 'minutes'}).parser === 'minutes' ? minutesProcessor() : unified().use(remarkParse).use(remarkGfm)
parentPort!.on('message', (paths: string[]) => {
  for (const path of paths) parser.parse(readFileSync(path, 'utf8'))
  parentPort!.postMessage('more')
})
parentPort!.postMessage('more')
