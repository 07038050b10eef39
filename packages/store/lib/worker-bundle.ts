import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, renameSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/**
 * A worker (`entry`, TypeScript) as one ES module, bundled with esbuild and cached by the sizes and
 * times of its sources (`entry`, the workspace packages and files in `packages`, and the lockfile for
 * the dependencies). A worker thread that
 * loads it answers in ~0.1 s; one that loads the TypeScript sources through tsx's loader takes
 * ~0.7 s, paid by every worker of every run. Falls back to `fallback` (which registers tsx) when
 * esbuild is unavailable.
 */
export async function bundledWorker(entry: string, fallback: URL, packages: string[]): Promise<URL> {
  try {
    // The lockfile stands for the bundled dependencies (and their patches): a new version or patch makes a new bundle.
    const lockfile = join(here, '../../../pnpm-lock.yaml')
    const sources = [
      entry,
      ...packages.flatMap((path) => (statSync(path).isDirectory() ? listSources(path) : [path])),
      ...(existsSync(lockfile) ? [lockfile] : []),
    ]
    const key = createHash('sha256')
    for (const file of sources) {
      const s = statSync(file)
      key.update(`${file}:${s.size}:${s.mtimeMs}\n`)
    }
    // The cache holds code this process will run: a folder of this user's own, which nobody else
    // may write to (in a shared /tmp, another user could otherwise plant a bundle first).
    const uid = process.getuid?.() ?? 0
    const dir = join(tmpdir(), `minutes-kb-worker-${uid}`)
    mkdirSync(dir, {recursive: true, mode: 0o700})
    const owner = statSync(dir)
    if (owner.uid !== uid || (owner.mode & 0o022) !== 0) return fallback
    const out = join(dir, `${basename(entry, '.ts')}-${key.digest('hex').slice(0, 16)}.mjs`)
    if (!existsSync(out)) {
      const {build} = await import('esbuild')
      const partial = `${out}.${process.pid}.tmp`
      await build({
        entryPoints: [entry],
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        outfile: partial,
        logLevel: 'silent',
        // Bundled CommonJS dependencies (yaml) call `require`; an ES module has none of its own.
        banner: {js: "import {createRequire as __minutesRequire} from 'node:module'; const require = __minutesRequire(import.meta.url);"},
      })
      renameSync(partial, out)
    }
    return new URL(`file://${out}`)
  } catch {
    return fallback
  }
}

/** The parse worker. */
export function workerScript(): Promise<URL> {
  return bundledWorker(join(here, 'worker.ts'), new URL('./worker-entry.mjs', import.meta.url), [join(here, '../../remark-minutes'), join(here, '../../render'), join(here, 'lines.ts')])
}

/**
 * `execArgv` for the project's worker threads: none. A worker inherits its process's Node options by
 * default, and under `node --import tsx` (tests, benchmarks, scripts) every worker loaded tsx and
 * registered its loader again, ~0.2 s of CPU each on cores the parse needs. The workers need none of
 * them: they load a bundle or plain JavaScript, or register tsx themselves (`worker-entry.mjs`).
 * V8 flags (`--single-threaded-gc`, …) are the process's and stay in effect; they cannot be listed
 * here (Node rejects per-process options in a worker's `execArgv`).
 */
export const workerExecArgv: readonly string[] = []

function listSources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'test') continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...listSources(full))
    else if (name.endsWith('.ts')) out.push(full)
  }
  return out
}
