/**
 * Crash safety with a real process: an ingest in a child process killed with SIGKILL at several
 * points leaves the database exactly as it was before that run, healthy, and the next run completes.
 */
import {spawn} from 'node:child_process'
import {cpSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {corpusRoot} from '../scripts/corpus.ts'
import {generateCorpus} from '../scripts/generate-corpus.ts'
import {ingestNodeFlags} from '../packages/cli/bin/node-flags.mjs'
import {digest, integrity} from './db-digest.ts'
import {bin, entry, minutes, repoRoot, tempDir} from './helpers.ts'

/** Processes whose parent is `pid` (Linux). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
    .map(Number)
}

describe('an ingest killed with SIGKILL', () => {
  let root: string
  let dbPath: string
  let before: string

  beforeAll(() => {
    const dir = tempDir()
    root = join(dir, 'minutes')
    dbPath = join(dir, 'crash.db')
    // A committed state to come back to: one series ingested.
    cpSync(join(corpusRoot(), 'iaas'), join(root, 'iaas'), {recursive: true})
    const first = minutes(['ingest', root, '--db', dbPath, '--quiet'])
    expect(first.status).toBe(0)
    before = digest(dbPath)
    // The run to kill: that series edited, and two more copies of the whole corpus added.
    writeFileSync(join(root, 'iaas/20231011.md'), readFileSync(join(root, 'iaas/20231011.md'), 'utf8') + '\n- AI @fkr: one more thing\n')
    generateCorpus(corpusRoot(), join(root, 'copies'), 2)
  }, 120_000)

  /** Start an ingest and SIGKILL it `delay` ms after it first reports progress (or after start, with `fromStart`). */
  async function killedRun(delay: number, fromStart = false): Promise<{killed: boolean; sawProgress: boolean}> {
    // The process that ingests, as `minutes ingest` starts it (below, the command itself is killed).
    const child = spawn(process.execPath, [...ingestNodeFlags, '--import', 'tsx', entry, 'ingest', root, '--db', dbPath], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe']})
    let sawProgress = false
    let timer: NodeJS.Timeout | undefined
    const arm = () => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), delay)
    }
    if (fromStart) arm()
    child.stderr.on('data', (chunk: Buffer) => {
      if (/ingest: \d+\/\d+ files/.test(chunk.toString())) {
        sawProgress = true
        arm()
      }
    })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])))
    clearTimeout(timer)
    expect(code, 'the run must not finish before it is killed').toBeNull()
    return {killed: signal === 'SIGKILL', sawProgress}
  }

  for (const [label, delay, fromStart] of [
    ['while starting up', 400, true],
    ['right after the first batch was written', 0, false],
    ['in the middle of the run', 2500, false],
  ] as const) {
    it(`${label}: leaves the database as before the run`, async () => {
      const run = await killedRun(delay, fromStart)
      expect(run.killed).toBe(true)
      if (!fromStart) expect(run.sawProgress).toBe(true)
      expect(integrity(dbPath)).toBe('ok')
      expect(digest(dbPath)).toBe(before)
    }, 120_000)
  }

  it.skipIf(!existsSync('/proc/self/stat'))('through the `minutes` command: killing it stops the ingest it started', async () => {
    const command = spawn(process.execPath, [bin, 'ingest', root, '--db', dbPath], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe']})
    const ingesting = await new Promise<number[]>((resolve) => {
      command.stderr.on('data', (chunk: Buffer) => {
        if (/ingest: \d+\/\d+ files/.test(chunk.toString())) resolve(childrenOf(command.pid!))
      })
    })
    expect(ingesting).toHaveLength(1)
    // `ingest` runs in a Node started with its V8 flags.
    const cmdline = readFileSync(`/proc/${ingesting[0]}/cmdline`, 'utf8').split('\0')
    for (const flag of ingestNodeFlags) expect(cmdline).toContain(flag)
    command.kill('SIGKILL')
    await new Promise((resolve) => command.on('exit', resolve))
    const deadline = Date.now() + 20_000
    while (existsSync(`/proc/${ingesting[0]}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    expect(existsSync(`/proc/${ingesting[0]}`), 'the ingest outlived the command').toBe(false)
    expect(integrity(dbPath)).toBe('ok')
    expect(digest(dbPath)).toBe(before)
  }, 120_000)

  it('then the next run completes', () => {
    const result = minutes(['ingest', root, '--db', dbPath, '--quiet', '--json'])
    expect(result.status).toBe(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).toMatchObject({added: 1080, changed: 1, unchanged: 108, removed: 0})
    expect(integrity(dbPath)).toBe('ok')
    expect(digest(dbPath)).not.toBe(before)
  }, 300_000)
})
