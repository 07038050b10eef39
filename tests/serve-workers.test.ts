/**
 * `minutes serve --workers 2`: the real command, two worker processes behind one port on 127.0.0.1,
 * the primary watching a folder. Both workers answer; after an edit every worker answers from the
 * new snapshot as soon as the primary reports the re-ingest, requests in flight meanwhile all
 * succeed; SIGTERM stops the primary and both workers with exit code 0.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {get} from 'node:http'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {bin, minutes, repoRoot, tempDir} from './helpers.ts'
import {serveNodeFlags} from '../packages/cli/bin/node-flags.mjs'

let child: ChildProcess
let url: string
let dir: string
let stderr = ''

/** GET over a connection of its own: the primary hands each new connection to the next worker. */
function fresh(path: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    get(`${url}${path}`, {agent: false}, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({status: response.statusCode ?? 0, body}))
    }).on('error', reject)
  })
}

async function health(times: number): Promise<Array<{worker: number; snapshot: number}>> {
  const out = []
  for (let i = 0; i < times; i++) out.push(JSON.parse((await fresh('/healthz')).body) as {worker: number; snapshot: number})
  return out
}

async function until(probe: () => boolean, ms = 15_000): Promise<void> {
  const t0 = Date.now()
  while (!probe()) {
    if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms; stderr: ${stderr}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const ps = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], {encoding: 'utf8'})
  return ps.stdout.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0)
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('minutes serve --workers 2', () => {
  beforeAll(async () => {
    dir = join(tempDir(), 'minutes')
    cpSync(join(repoRoot, 'minutes'), dir, {recursive: true})
    const db = join(dir, '..', 'workers.db')
    expect(minutes(['ingest', dir, '--db', db, '--quiet']).status).toBe(0)
    // With serve's V8 flags the command serves in this process: its children are the workers.
    child = spawn(process.execPath, [...serveNodeFlags, bin, 'serve', '--db', db, '--port', '0', '--workers', '2', '--watch', dir, '--rate-limit', 'off'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const found = /serving .* at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
        if (found) resolve(found[1]!)
      })
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
    })
  }, 60_000)
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })

  it('answers from both workers', async () => {
    const seen = await health(8)
    expect(new Set(seen.map((h) => h.worker))).toEqual(new Set([1, 2]))
    expect(seen.every((h) => h.snapshot === 1)).toBe(true)
    expect((await fresh('/api/meetings?series=infra')).status).toBe(200)
  })

  it('switches every worker to the new snapshot after an edit, answering every request meanwhile', async () => {
    let stop = false
    const statuses: number[] = []
    const load = async () => {
      while (!stop) statuses.push((await fresh('/api/meetings?series=infra&size=1').catch(() => ({status: 0}))).status)
    }
    const clients = Array.from({length: 4}, load)
    const file = join(dir, 'infra/20240826.md')
    writeFileSync(file, readFileSync(file, 'utf8') + '\n### Spares\n\n- AI @erikh: count the zanzibar spares\n')
    // The primary reports a re-ingest once every worker has switched.
    await until(() => /watch: added 0, changed 1/.test(stderr))
    const after = await health(8)
    expect(new Set(after.map((h) => h.worker))).toEqual(new Set([1, 2]))
    // 2, or 3 once a worker has also seen the impact lists' own commit after the ingest's.
    expect(after.every((h) => h.snapshot >= 2)).toBe(true)
    for (let i = 0; i < 6; i++) {
      const actions = JSON.parse((await fresh('/api/actions?assignee=@erikh&status=open')).body) as {rows: Array<{text: string}>}
      expect(actions.rows.map((a) => a.text)).toContain('count the zanzibar spares')
    }
    stop = true
    await Promise.all(clients)
    expect(statuses.length).toBeGreaterThan(10)
    expect(statuses.every((s) => s === 200)).toBe(true)
  }, 30_000)

  it('stops the primary and every worker on SIGTERM, exit code 0', async () => {
    const workers = childrenOf(child.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('serve-worker.mjs'))
    expect(workers.length).toBeGreaterThanOrEqual(2)
    // Each worker runs with serve's V8 flags (node-flags.mjs), as the primary does.
    for (const pid of workers) expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(serveNodeFlags))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    await until(() => workers.every((pid) => !alive(pid)), 5000)
    await expect(fresh('/healthz')).rejects.toThrow()
  }, 20_000)
})
