/** Where the shared corpus of real minutes is: `MINUTES_CORPUS`, or `shared/corpus/scs-minutes` beside or above the repository. */
import {existsSync, readdirSync, statSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export function corpusRoot(): string {
  const fromEnv = process.env['MINUTES_CORPUS']
  if (fromEnv) return resolve(fromEnv)
  for (let dir = repoRoot; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'shared/corpus/scs-minutes'), join(dir, '../shared/corpus/scs-minutes')]) {
      if (existsSync(candidate)) return candidate
    }
    if (dirname(dir) === dir) break
  }
  if (existsSync('/work/shared/corpus/scs-minutes')) return '/work/shared/corpus/scs-minutes'
  throw new Error('The shared corpus (shared/corpus/scs-minutes) was not found; set MINUTES_CORPUS to its folder')
}

/** The minutes of a corpus laid out as `<series>/<name>.md`: their paths `series/name.md`, in directory order. */
export function corpusFiles(root: string = corpusRoot()): string[] {
  return readdirSync(root)
    .filter((series) => statSync(join(root, series)).isDirectory())
    .flatMap((series) => readdirSync(join(root, series)).filter((name) => name.endsWith('.md')).map((name) => `${series}/${name}`))
}

/** The folder holding every community's minutes (`shared/corpus`): `MINUTES_SHARED_CORPUS`, or the parent of the SCS corpus. */
export function sharedCorpus(): string {
  const fromEnv = process.env['MINUTES_SHARED_CORPUS']
  return fromEnv ? resolve(fromEnv) : dirname(corpusRoot())
}

/** Each community of the shared corpus: its name (`ossf-tac`) and its folder (a repository checkout). */
export function communities(root: string = sharedCorpus()): Array<{name: string; root: string}> {
  return readdirSync(root)
    .filter((name) => !name.startsWith('.') && statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => ({name, root: join(root, name)}))
}

/** Every `.md` under a folder, recursively, relative and `/`-separated, sorted: what `minutes ingest` reads. */
export function markdownFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue
      const stat = statSync(join(dir, name))
      const rel = prefix ? `${prefix}/${name}` : name
      if (stat.isDirectory()) walk(join(dir, name), rel)
      else if (name.endsWith('.md')) out.push(rel)
    }
  }
  walk(root, '')
  return out
}
