import {lstatSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

export interface ScannedFile {
  /** Relative to the root, `/`-separated. */
  path: string
  size: number
}

/**
 * Why `dir` cannot be a collection's root — it is not there, or not a folder — or `undefined`.
 * Read as an empty collection, a mistyped root would remove every meeting.
 */
export function folderError(dir: string): string | undefined {
  let stat
  try {
    stat = statSync(dir, {throwIfNoEntry: false})
  } catch {
    return undefined // not for us to say: the scan reports what keeps it from reading
  }
  if (!stat) return `no folder at ${dir}`
  return stat.isDirectory() ? undefined : `${dir} is not a folder`
}

/**
 * The minutes files under `root`: every `.md`, recursively, sorted; hidden folders and
 * `node_modules` skipped, symbolic links not followed. Only names and sizes: nothing is read yet.
 * A root that cannot be listed throws; a folder below it that cannot be listed goes to
 * `onUnreadable` (its path relative to the root) and the scan goes on.
 */
export function scanDirectory(root: string, onUnreadable?: (path: string, error: unknown) => void): ScannedFile[] {
  const out: ScannedFile[] = []
  const walk = (dir: string, prefix: string): void => {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch (error) {
      if (!prefix) throw error
      onUnreadable?.(prefix, error)
      return
    }
    for (const name of names.sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue
      const full = join(dir, name)
      const stat = lstatSync(full, {throwIfNoEntry: false})
      if (!stat) continue
      const rel = prefix ? `${prefix}/${name}` : name
      if (stat.isDirectory()) walk(full, rel)
      else if (stat.isFile() && name.endsWith('.md')) out.push({path: rel, size: stat.size})
    }
  }
  walk(root, '')
  return out
}
