import {spawnSync, type SpawnSyncReturns} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..')
export const bin = join(repoRoot, 'packages/cli/bin/minutes.ts')

/** Run the real `minutes` command in a child process. */
export function minutes(args: string[], options: {cwd?: string; input?: string; env?: NodeJS.ProcessEnv} = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    input: options.input,
    env: {...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env},
    maxBuffer: 256 * 1024 * 1024,
  })
}

export function tempDir(prefix = 'minutes-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}
