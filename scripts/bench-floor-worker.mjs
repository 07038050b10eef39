// A thread of bench:ingest's `--floor` run: parses the files it is sent with remark-parse +
// remark-gfm (the bare parse, nothing else), and asks for more. Plain JavaScript: no loader to start.
import {readFileSync} from 'node:fs'
import {parentPort} from 'node:worker_threads'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'

const parser = unified().use(remarkParse).use(remarkGfm)
parentPort.on('message', (/** @type {string[]} */ paths) => {
  for (const path of paths) parser.parse(readFileSync(path, 'utf8'))
  parentPort.postMessage('more')
})
parentPort.postMessage('more')
