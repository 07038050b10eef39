import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative, resolve, sep} from 'node:path'
import {VFile} from 'vfile'
import {minutesText, tooLarge} from '@minutes-kb/store'

/**
 * A minutes file read from disk, or why it could not be: `rule` names a file refused as the ingest
 * refuses it (`file-too-large`, `too-deeply-nested`), not one that could not be read.
 */
export type MinutesSource = {ok: true; file: VFile} | {ok: false; path: string; reason: string; rule?: 'file-too-large' | 'too-deeply-nested'}

/**
 * Read one minutes file as a vfile whose path is relative to `root` (so messages print as
 * `iaas/20231011.md:61:3`). Binary content, invalid UTF-8, a file past the ingest's size limit and
 * runaway nesting are reasons, not exceptions.
 */
export function readMinutesFile(path: string, root: string): MinutesSource {
  const rel = relative(root, resolve(path)).split(sep).join('/')
  let bytes: Buffer
  try {
    // The ingest's size limit, before reading: a 1 GB file is refused, not loaded.
    const large = tooLarge(statSync(path).size)
    if (large) return {ok: false, path: rel, reason: large, rule: 'file-too-large'}
    bytes = readFileSync(path)
  } catch (error) {
    return {ok: false, path: rel, reason: describe(error)}
  }
  // The ingest's own checks: binary, invalid UTF-8, nested too deep for the parser.
  const text = minutesText(bytes)
  if ('reason' in text) return {ok: false, path: rel, reason: text.reason, rule: text.rule === 'too-deeply-nested' ? text.rule : undefined}
  return {ok: true, file: new VFile({path: rel, cwd: resolve(root), value: text.value})}
}

/** Expand files and folders (recursively, `.md` only, sorted) into file paths. */
export function listMinutesFiles(paths: readonly string[]): Array<{path: string; error?: string}> {
  const out: Array<{path: string; error?: string}> = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue
      const full = join(dir, name)
      const stat = statSync(full, {throwIfNoEntry: false})
      if (stat?.isDirectory()) walk(full)
      else if (stat?.isFile() && name.endsWith('.md')) out.push({path: full})
    }
  }
  for (const path of paths) {
    const stat = statSync(path, {throwIfNoEntry: false})
    if (stat?.isDirectory()) walk(path)
    else out.push(stat ? {path} : {path, error: 'no such file or folder'})
  }
  return out
}

export function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException
  if (e.code === 'ENOENT') return 'no such file or folder'
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied'
  if (e.code === 'EISDIR') return 'is a folder, expected a file'
  return e.message ?? String(error)
}
