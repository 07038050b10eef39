/**
 * Only `minutes upstream sync` talks to the network. Every other command runs with a preload that
 * records each outgoing connection and DNS look-up (tests/upstream/no-network.mjs); the sync, run
 * the same way, shows that the recording works.
 */
import {cpSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {minutes, repoRoot, tempDir} from './helpers.ts'
import {startFakeUpstream, type FakeUpstream} from './upstream/fake-upstream.ts'
import {minutesAsync, start, syncArgs, tokens, upstreamMinutes} from './upstream/run.ts'

describe('network use', () => {
  let fake: FakeUpstream
  let dir: string
  let db: string
  let log: string
  let env: NodeJS.ProcessEnv
  const connections = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as {what: string; argv: string[]}) : [])
  beforeAll(async () => {
    fake = await startFakeUpstream()
    dir = tempDir()
    cpSync(upstreamMinutes, join(dir, 'minutes'), {recursive: true})
    db = join(dir, 'net.db')
    log = join(dir, 'network.jsonl')
    env = {NODE_OPTIONS: `--import=${pathToFileURL(join(repoRoot, 'tests/upstream/no-network.mjs')).href}`, MINUTES_NETWORK_LOG: log}
    expect(minutes(['ingest', join(dir, 'minutes'), '--db', db, '--quiet'], {env}).status).toBe(0)
  }, 60_000)
  afterAll(() => fake.close())

  it('is what `minutes upstream sync` does, and the recording sees it', async () => {
    expect(connections()).toEqual([])
    const run = await minutesAsync(syncArgs(db, fake), {...tokens, ...env})
    expect(run.status).toBe(0)
    expect(connections().length).toBeGreaterThan(0)
    expect(connections().every((c) => c.what === 'connect' && c.argv.includes('sync'))).toBe(true)
    writeFileSync(log, '')
  })

  it('is nothing any other command does: ingest, extract, the queries, the exports, changes, serve', async () => {
    const commands = [
      ['--help'],
      ['upstream', 'sync', '--help'],
      ['extract', join(dir, 'minutes'), '--root', join(dir, 'minutes'), '--json'],
      ['ingest', join(dir, 'minutes'), '--db', db],
      ['search', 'frobnicator', '--db', db],
      ['actions', '--db', db],
      ['meetings', '--db', db],
      ['show', 'demo/20240805.md', '--db', db],
      ['people', '--db', db],
      ['problems', '--db', db],
      ['links', '--db', db],
      ['links', '--db', db, '--upstream'],
      ['links', '--db', db, '--upstream', '--format', 'md'],
      ['links', '--db', db, '--upstream', '--format', 'csv', '--state', 'merged', 'closed'],
      ['links', '--db', db, '--upstream', '--json'],
      ['upstream', 'changes', '--db', db],
      ['upstream', 'changes', '--db', db, '--csv', '--series', 'demo'],
    ]
    for (const args of commands) expect(minutes(args, {env}).status, args.join(' ')).toBe(0)
    // The server listens, and answers the upstream routes from the database alone.
    const serve = start(['serve', '--db', db, '--port', '0'], env)
    let url = ''
    await new Promise<void>((resolve) => serve.child.stdout!.on('data', (s: Buffer) => {
      url = /at (http:\/\/\S+)/.exec(String(s))?.[1] ?? url
      if (url) resolve()
    }))
    for (const path of ['/api/upstream', '/api/upstream.md', '/api/upstream/changes', '/api/upstream/changes.csv']) expect((await fetch(url + path)).status, path).toBe(200)
    serve.child.kill('SIGTERM')
    await serve.done
    expect(connections()).toEqual([])
  }, 120_000)
})
