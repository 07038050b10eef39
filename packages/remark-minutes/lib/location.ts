import type {VFile} from 'vfile'

/** Folders that only sort meetings by time: `2019`, `2023-01`, `01`, `jan`. */
const timeFolder = /^(?:(?:19|20)\d{2}(?:[-_.]\d{1,2})?|\d{1,2}|q[1-4]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)$/i

/** `file.path` relative to `file.cwd`, `/`-separated. */
export function relativePath(file: VFile): string {
  let path = (file.path ?? '').replace(/\\/g, '/')
  const cwd = file.cwd.replace(/\\/g, '/').replace(/\/$/, '')
  if (path.startsWith(cwd + '/')) path = path.slice(cwd.length + 1)
  return path.replace(/^\.\//, '')
}

/**
 * The series of a file: the folder that holds the meeting files, with folders that only sort them by
 * time skipped (`meetings/2018/2018-10-13.md` → `meetings`, `iaas/20231011.md` → `iaas`), `""` at
 * the root. With `pattern`, its first capture group on the path decides (`""` when it does not match).
 */
export function seriesOf(path: string, pattern?: RegExp): string {
  if (pattern) {
    const m = pattern.exec(path)
    return m?.[1] ?? m?.[0] ?? ''
  }
  const folders = path.split('/').slice(0, -1)
  for (let i = folders.length - 1; i >= 0; i--) if (!timeFolder.test(folders[i]!)) return folders[i]!
  return ''
}
