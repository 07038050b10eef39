/** Running `minutes` beside the fake upstream, which lives in the test process: the child must not block it. */
import {spawn, type ChildProcess} from 'node:child_process'
import {join} from 'node:path'
import {bin, repoRoot} from '../helpers.ts'
import type {FakeUpstream} from './fake-upstream.ts'

export const upstreamMinutes = join(repoRoot, 'tests/upstream/minutes')

export interface Run {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Start the real `minutes` command; `done` resolves when it exits. */
export function start(args: string[], env: NodeJS.ProcessEnv = {}): {child: ChildProcess; done: Promise<Run>} {
  const child = spawn(process.execPath, [bin, ...args], {cwd: repoRoot, env: {...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env}})
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const done = new Promise<Run>((resolve) => child.on('close', (status, signal) => resolve({status, signal, stdout, stderr})))
  return {child, done}
}

export const minutesAsync = (args: string[], env: NodeJS.ProcessEnv = {}) => start(args, env).done

/** `minutes upstream sync` against the fake: every host's API at its address. */
export function syncArgs(db: string, fake: FakeUpstream, ...more: string[]): string[] {
  return ['upstream', 'sync', '--db', db, '--base-url', ...Object.entries(fake.baseUrls).map(([host, url]) => `${host}=${url}`), ...more]
}

/** Tokens as the environment gives them; no test output, error or database may contain them. */
export const tokens = {GITHUB_TOKEN: 'ghp_TESTtokenGitHub0123456789abcdef', GITLAB_TOKEN: 'glpat-TESTtokenGitLab0123456789'}
