/**
 * Screenshots of every view of the web app, over the real minutes of the shared corpus (SCS), in
 * Chromium: saved under docs/screenshots/ and shown in the README. Run again after changing a page.
 *
 *   pnpm screenshots [--out docs/screenshots]
 */
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {chromium} from 'playwright-core'
import {startServer} from '@minutes-kb/server'
import {chromiumArgs, chromiumPath} from './chromium.ts'
import {corpusRoot, repoRoot} from './corpus.ts'
import {ingested} from './ingested.ts'

const args = process.argv.slice(2)
const out = args.includes('--out') ? args[args.indexOf('--out') + 1]! : join(repoRoot, 'docs/screenshots')
mkdirSync(out, {recursive: true})
const work = join(repoRoot, '.bench')
mkdirSync(work, {recursive: true})
const dbPath = await ingested(join(work, 'screenshots.db'), corpusRoot())

const {app, url} = await startServer({db: dbPath, port: 0, rateLimit: false})
const browser = await chromium.launch({executablePath: chromiumPath, args: chromiumArgs})
const meeting = (await (await fetch(`${url}/api/meetings?series=iaas&from=2023-10-11&to=2023-10-11`)).json()) as {rows: Array<{id: number}>}
const id = meeting.rows[0]!.id

const views: Array<{name: string; path: string; width?: number; height?: number; dark?: boolean}> = [
  {name: 'home', path: '/'},
  {name: 'search', path: '/search?q=host-id'},
  {name: 'meeting', path: `/meetings/${id}#L61`},
  {name: 'meeting-dark', path: `/meetings/${id}#L37`, dark: true},
  {name: 'person', path: '/people/@fkr'},
  {name: 'series', path: '/series/iaas'},
  {name: 'actions', path: '/actions?person=@fzakfeld&status=open'},
  {name: 'upstream', path: '/upstream'},
  {name: 'meeting-360px', path: `/meetings/${id}`, width: 360, height: 740},
]
for (const view of views) {
  const page = await browser.newPage({viewport: {width: view.width ?? 1200, height: view.height ?? 760}, colorScheme: view.dark ? 'dark' : 'light'})
  await page.goto(`${url}${view.path}`)
  const file = join(out, `${view.name}.png`)
  await page.screenshot({path: file})
  console.log(`${file}  ${view.path}`)
  await page.close()
}
await browser.close()
await app.close()
