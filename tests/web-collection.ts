/**
 * A small collection of our own for the web tests: a year file of two meetings (line anchors are
 * the file's lines, not the meeting's) and minutes written to attack the pages (script, event
 * handlers, javascript: and data: addresses, an iframe, style attributes) — beside nothing else, so
 * the shared corpus stays read-only and the hostile file is ours.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {ingestDirectory, openDatabase} from '@minutes-kb/store'
import {updateSearchIndex} from '@minutes-kb/search'
import {tempDir} from './helpers.ts'

export const yearFile = `# Team meetings 2024

## 2024-03-05

### Attendees

- Jane Doe (@jdoe)
- @bob

### Notes

- yearfileword discussed
- AI @jdoe: write the yearfile report

## 2024-03-12

### Attendees

- @jdoe
- Bob Builder (@bob)

### Topic yearfileword again

- AI @bob: check the yearfileword numbers
`

/** Every way of making a page run something or load something that we know of, in minutes. */
export const hostileMinutes = `# 2024-05-01 Weekly <script>alert('title')</script>

## Participants

- Eve Hacker (@evil)
- @alice
- <img src=x onerror=alert('participant')> Mallory

## Plans xsswordmark <img src=x onerror=alert('topic')> (@evil)

Some text xsswordmark <script>alert('inline')</script> and <iframe src="https://evil.example/frame"></iframe>.
Styled <span style="position:fixed;top:0;left:0;width:100%;height:100%" onmouseover="alert('span')">xsswordmark</span>.

<div style="color:red" onclick="alert('div')">block html xsswordmark</div>

- AI @evil: fix <script>alert('task')</script> the <img src=x onerror=alert('task-img')> thing xsswordmark
- [click](javascript:alert('link')) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and <javascript:alert('autolink')>
- ![pixel](https://evil.example/pixel.png) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
- <a href="javascript:alert('raw')" onmouseover="alert('raw')">raw link</a> <object data="https://evil.example/x.swf"></object>
- Decision: <svg onload=alert('decision')> we keep xsswordmark
- [upstream](https://github.com/evil/repo/issues/1 "<script>alert('title-attr')</script>")
`

export interface WebCollection {
  db: string
  root: string
}

export async function webCollection(): Promise<WebCollection> {
  const dir = tempDir('minutes-web-')
  const root = join(dir, 'minutes')
  mkdirSync(join(root, 'team'), {recursive: true})
  mkdirSync(join(root, 'evil'), {recursive: true})
  writeFileSync(join(root, 'team/2024.md'), yearFile)
  writeFileSync(join(root, 'evil/20240501.md'), hostileMinutes)
  const path = join(dir, 'web.db')
  const db = openDatabase(path)
  await ingestDirectory(db, root, {beforeCommit: async (tx, changes) => void (await updateSearchIndex(tx, changes))})
  db.close()
  return {db: path, root}
}
