import {createHash} from 'node:crypto'
import {existsSync, mkdirSync, readdirSync, renameSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const entry = join(here, 'worker.ts')

/**
 * The parse worker as one ES module, bundled with esbuild and cached by the sources' sizes and
 * times. A worker thread that loads it answers in ~0.1 s; one that loads the TypeScript sources
 * through tsx's loader takes ~0.7 s, paid by every worker of every run.
 * Falls back to the loader entry when esbuild is unavailable.
 */
export async function workerScript(): Promise<URL> {
  try {
    const sources = [entry, ...listSources(join(here, '../../remark-minutes'))]
    const key = createHash('sha256')
    for (const file of sources) {
      const s = statSync(file)
      key.update(`${file}:${s.size}:${s.mtimeMs}\n`)
    }
    const dir = join(tmpdir(), 'minutes-kb-worker')
    const out = join(dir, `worker-${key.digest('hex').slice(0, 16)}.mjs`)
    if (!existsSync(out)) {
      mkdirSync(dir, {recursive: true})
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
    return new URL('./worker-entry.mjs', import.meta.url)
  }
}

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
