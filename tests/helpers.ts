import {spawn, spawnSync, type ChildProcess, type SpawnSyncReturns} from 'node:child_process'
import {chmodSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {serveNodeFlags} from '../packages/cli/bin/node-flags.mjs'

export const repoRoot = resolve(import.meta.dirname, '..')
/** The `minutes` command as installed (`bin` of @minutes-kb/cli): plain JavaScript that loads tsx. */
export const bin = join(repoRoot, 'packages/cli/bin/minutes.mjs')
/** The TypeScript entry it runs, for a test that must kill the very process doing the work. */
export const entry = join(repoRoot, 'packages/cli/bin/minutes.ts')

/** Run the real `minutes` command in a child process. */
export function minutes(args: string[], options: {cwd?: string; input?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number} = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    uid: options.uid,
    gid: options.gid,
    encoding: 'utf8',
    input: options.input,
    env: {...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env},
    maxBuffer: 256 * 1024 * 1024,
  })
}

export function tempDir(prefix = 'minutes-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/**
 * Root reads every file whatever its mode, so a "permission denied" case needs another user: as
 * root, the child runs as `nobody` (65534) — if that user can run the command from this checkout at
 * all. `undefined` when no unprivileged run is possible (the reason is in `unprivilegedReason`).
 */
function unprivilegedUser(): {uid?: number; gid?: number} | string {
  if (process.getuid?.() !== 0) return {}
  const user = {uid: 65534, gid: 65534}
  const probe = minutes(['--help'], user)
  return probe.status === 0 ? user : `user nobody cannot run minutes from ${repoRoot}: ${probe.stderr.trim().split('\n')[0] ?? probe.error}`
}
const unprivileged = unprivilegedUser()
export const asUnprivileged = typeof unprivileged === 'string' ? undefined : unprivileged
export const unprivilegedReason = typeof unprivileged === 'string' ? unprivileged : ''

/** A temporary folder the unprivileged user may write to as well. */
export function sharedTempDir(): string {
  const dir = tempDir()
  chmodSync(dir, 0o777)
  return dir
}

/**
 * `minutes serve` in a process of its own on a free port of 127.0.0.1; resolves once it listens.
 * Started with serve's V8 flags, so the command serves in this process (`process.pid` is the server's)
 * rather than starting a Node with them.
 */
export function serve(args: string[], env?: NodeJS.ProcessEnv): Promise<{url: string; process: ChildProcess}> {
  const server = spawn(process.execPath, [...serveNodeFlags, bin, 'serve', '--port', '0', ...args], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: env && {...process.env, ...env}})
  return new Promise((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (url) resolve({url: url[1]!, process: server})
    })
    server.on('exit', (code) => reject(new Error(`minutes serve exited with ${code}`)))
  })
}
