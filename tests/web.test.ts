/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The web app in a real Chromium against the real server on 127.0.0.1: a newcomer's journey over
 * the shared corpus with reloads and Back/Forward, search as you type, hostile minutes, axe-core on
 * every view in light and dark, a 360 px screen, the keyboard alone, print, and no JavaScript.
 */
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {chromium, type Browser, type BrowserContext, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {startServer} from '@minutes-kb/server'
import {chromiumArgs, chromiumPath} from '../scripts/chromium.ts'
import {webCollection} from './web-collection.ts'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let browser: Browser
let url: string
let closeServer: () => Promise<void>
let meetingId: number

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: run ./scripts/setup.sh as root (apt-get install chromium)`)
  const server = await startServer({db: inject('corpusDb'), port: 0, rateLimit: false})
  url = server.url
  closeServer = () => server.app.close()
  browser = await chromium.launch({executablePath: chromiumPath, args: chromiumArgs})
  meetingId = ((await (await fetch(`${url}/api/meetings?series=iaas&from=2023-10-11&to=2023-10-11`)).json()) as {rows: Array<{id: number}>}).rows[0]!.id
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await closeServer?.()
})

/** Every view of the app, over the shared corpus. */
const views = () => [
  '/',
  '/search',
  '/search?q=host-id',
  '/search?q=title:',
  `/meetings/${meetingId}`,
  '/people/@fkr',
  '/series/iaas',
  '/actions?person=@fzakfeld&status=open',
  '/upstream',
  '/meetings/999999',
]

async function withPage<T>(run: (page: Page, context: BrowserContext) => Promise<T>, options: Parameters<Browser['newContext']>[0] = {}): Promise<T> {
  const context = await browser.newContext(options)
  try {
    return await run(await context.newPage(), context)
  } finally {
    await context.close()
  }
}

const text = (page: Page, selector: string) => page.locator(selector).first().textContent()

describe('the web app in Chromium', () => {
  it('takes a newcomer from the home page to a meeting, a person, their tasks, the series and the upstream checklist', async () => {
    await withPage(async (page) => {
      // Each step: where we are and what shows we are there; Back/Forward and reload must give both again.
      const steps: Array<{at: RegExp; shows: () => Promise<void>}> = []
      const step = async (at: RegExp, shows: () => Promise<void>) => {
        await page.waitForURL(at)
        await shows()
        await page.reload()
        expect(page.url()).toMatch(at)
        await shows()
        steps.push({at, shows})
      }

      await page.goto(`${url}/`)
      await step(/\/$/, async () => {
        expect(await text(page, 'h1')).toBe('Meeting minutes')
        expect(await page.locator('#series ~ .scroll tbody tr').count()).toBe(6)
      })

      await page.keyboard.press('/')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-q')
      await page.keyboard.type('host-id')
      await page.keyboard.press('Enter')
      await step(/\/search\?q=host-id$/, async () => {
        expect(await page.inputValue('#q')).toBe('host-id')
        expect(await text(page, '.hit .where')).toContain('sig-standardization/20240822.md:57')
        expect((await page.locator('.hit').first().locator('mark').allTextContents()).map((m) => m.toLowerCase())).toContain('host')
        expect(await text(page, '#search-info')).toMatch(/^\d+\+? sections match$/)
      })

      await page.locator('.hit a.topic').first().click()
      await page.waitForURL(/#L57$/)
      // Arrived scrolled to the line (Back and reload then keep wherever the reader scrolled).
      const box = (await page.locator('#L57').boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y).toBeLessThan(page.viewportSize()!.height)
      await step(/\/meetings\/\d+#L57$/, async () => {
        expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('L57')
        expect(await text(page, 'h1')).toBe('2024-08-22')
      })

      // The participant with the most open tasks.
      const participants = await page.locator('#participants ~ ul a[href^="/people/"]').allTextContents()
      const open = await Promise.all(participants.map(async (p) => ((await (await fetch(`${url}/api/people/${encodeURIComponent(p)}`)).json()) as {open: number}).open))
      const who = participants[open.indexOf(Math.max(...open))]!
      const tasks = Math.max(...open)
      expect(tasks).toBeGreaterThan(0)
      await page.locator(`#participants ~ ul a[href^="/people/"]`, {hasText: who}).first().click()
      await step(new RegExp(`/people/${who.replace(/^@/, '@')}$`), async () => {
        expect(await text(page, 'h1')).toContain(who)
        expect(await text(page, '.figures a[href*="status=open"]')).toBe(`${tasks} open tasks`)
      })

      await page.locator('.figures a[href*="status=open"]').click()
      await step(/\/actions\?person=%40[^&]+&status=open$/, async () => {
        expect(await text(page, '#actions-info')).toBe(`${tasks} tasks`)
        const statuses = await page.locator('table.tasks tbody tr td:first-child').allTextContents()
        expect(statuses).toHaveLength(Math.min(tasks, 50))
        expect(new Set(statuses)).toEqual(new Set(['open']))
        expect(await page.inputValue('input[name=person]')).toBe(who)
      })

      const series = (await page.locator('table.tasks tbody tr td:nth-child(4) a').first().textContent())!
      await page.locator('table.tasks tbody tr td:nth-child(4) a').first().click()
      await step(new RegExp(`/series/${series}$`), async () => {
        expect(await text(page, 'h1')).toBe(`Series ${series}`)
        expect(await page.locator('#meetings ~ .scroll tbody tr').count()).toBeGreaterThan(10)
      })

      await page.locator('header.site nav a', {hasText: 'Upstream'}).click()
      await step(/\/upstream$/, async () => {
        expect(await text(page, 'h1')).toBe('Upstream references')
        expect(await page.locator('section.repository tbody tr').count()).toBe(50)
        expect(await page.locator('nav.pager a[rel=next]').count()).toBe(1)
      })

      await page.fill('input[name=repo]', 'kubernetes/cloud-provider-openstack')
      await page.locator('form.filters button').click()
      await step(/\/upstream\?.*repo=kubernetes%2Fcloud-provider-openstack/, async () => {
        expect(await page.locator('section.repository').count()).toBe(1)
        expect(await page.locator('section.repository td:first-child a', {hasText: /^#2579$/}).count()).toBe(1)
      })

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[download="upstream.md"]').click()])
      expect(download.suggestedFilename()).toBe('upstream.md')
      const checklist = readFileSync((await download.path())!, 'utf8')
      expect(checklist.match(/^### .*$/gm)).toEqual(['### github.com/kubernetes/cloud-provider-openstack'])
      expect(checklist).toMatch(/^- \[[ x]\] kubernetes\/cloud-provider-openstack#2579\b/m)

      // Back through every step, then Forward again: each page as it was.
      for (const s of steps.slice(0, -1).reverse()) {
        await page.goBack()
        expect(page.url()).toMatch(s.at)
        await s.shows()
      }
      for (const s of steps.slice(1)) {
        await page.goForward()
        expect(page.url()).toMatch(s.at)
        await s.shows()
      }
    })
  })

  it('searches as you type, drops an answer that comes too late, and keeps the query in the address', async () => {
    await withPage(async (page) => {
      let release = () => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      let slowStarted = () => {}
      const started = new Promise<void>((resolve) => (slowStarted = resolve))
      // The answer for `kolla` is held back until `zuul` has been answered and shown.
      await page.route(
        (u) => u.pathname === '/search' && u.searchParams.get('q') === 'kolla',
        async (route) => {
          slowStarted()
          await held
          await route.continue().catch(() => undefined)
        },
      )
      await page.goto(`${url}/search`)
      await page.locator('#q').pressSequentially('kolla')
      await started
      await page.locator('#q').fill('zuul')
      await page.waitForURL(/\/search\?q=zuul$/)
      await expect.poll(() => page.locator('.hit mark').first().textContent()).toMatch(/^zuul$/i)
      expect(await text(page, '#search-status')).toBe(await text(page, '#search-info'))
      const shown = await page.locator('#results').innerHTML()
      release()
      // Whatever became of the late answer, the page shows the latest query's.
      await page.waitForLoadState('networkidle')
      expect(await page.locator('#results').innerHTML()).toBe(shown)
      expect(await page.title()).toBe('zuul – search · minutes-kb')

      await page.reload()
      expect(await page.inputValue('#q')).toBe('zuul')
      expect((await page.locator('.hit mark').first().textContent())!.toLowerCase()).toBe('zuul')

      // Filters are part of the address too.
      await page.selectOption('select[name=series]', 'iaas')
      await page.waitForURL(/\/search\?q=zuul&series=iaas$/)
      await expect.poll(async () => [...new Set(await page.locator('section.group .where a').allTextContents())]).toEqual(['iaas'])

      // A query the language cannot read is a message, not a broken page.
      await page.locator('#q').fill('title:')
      await expect.poll(() => text(page, '#search-info')).toBe('expecting term, found nothing')
      expect(await page.locator('#search-info').getAttribute('class')).toBe('error')
    })
  })

  it('renders hostile minutes inert on the meeting page, in snippets and on the person page', async () => {
    const own = await startServer({db: (await webCollection()).db, port: 0, rateLimit: false})
    try {
      const evil = ((await (await fetch(`${own.url}/api/meetings?series=evil`)).json()) as {rows: Array<{id: number}>}).rows[0]!.id
      for (const path of [`/meetings/${evil}`, '/search?q=xsswordmark', '/people/@evil', '/search']) {
        await withPage(async (page) => {
          const dialogs: string[] = []
          const requests: string[] = []
          page.on('dialog', (dialog) => {
            dialogs.push(dialog.message())
            void dialog.dismiss()
          })
          page.on('request', (request) => {
            const u = new URL(request.url())
            if (u.origin !== own.url || !(u.pathname === new URL(path, own.url).pathname || u.pathname.startsWith('/assets/'))) requests.push(request.url())
          })
          await page.goto(`${own.url}${path}`)
          if (path === '/search') {
            // Snippets the script puts into the page.
            await page.locator('#q').pressSequentially('xsswordmark')
            await expect.poll(() => page.locator('.hit mark').count()).toBeGreaterThan(0)
          }
          // Move over and click everything there is, as a reader would.
          await page.evaluate(() => {
            for (const element of document.querySelectorAll('main *')) {
              for (const type of ['mouseover', 'mouseenter', 'focus', 'load', 'error']) element.dispatchEvent(new Event(type))
            }
          })
          for (const link of await page.locator('main a:not([href])').all()) await link.click()
          expect(await page.locator('main').textContent()).toContain('xsswordmark')
          const found = await page.evaluate(() => {
            const problems: string[] = []
            for (const element of document.querySelectorAll('*')) {
              const tag = element.tagName.toLowerCase()
              if (['iframe', 'object', 'embed', 'img', 'svg', 'frame', 'style'].includes(tag)) problems.push(`<${tag}>`)
              if (tag === 'script' && !/^\/assets\/app\.[0-9a-f]+\.js$/.test(element.getAttribute('src') ?? '')) problems.push(`script ${element.outerHTML}`)
              for (const attribute of element.attributes) {
                if (/^on/i.test(attribute.name) || attribute.name === 'style') problems.push(`${tag} ${attribute.name}`)
                if (['href', 'src', 'action', 'data', 'formaction'].includes(attribute.name) && /^\s*(javascript|data|vbscript):/i.test(attribute.value)) problems.push(`${tag} ${attribute.name}=${attribute.value}`)
              }
              if (tag === 'a' && /^https?:/.test(element.getAttribute('href') ?? '') && element.getAttribute('rel') !== 'noopener noreferrer') problems.push(`a without rel: ${element.getAttribute('href')}`)
            }
            return problems
          })
          expect(found, path).toEqual([])
          expect(dialogs, path).toEqual([])
          expect(requests, path).toEqual([])
        })
      }
    } finally {
      await own.app.close()
    }
  })

  it('passes axe-core on every view, light and dark: no serious or critical violation', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // axe is injected as a script of the test's own: the page's CSP would refuse it, so this context bypasses it.
      await withPage(
        async (page) => {
          for (const path of views()) {
            await page.goto(`${url}${path}`)
            await page.addScriptTag({content: axeSource})
            const violations = await page.evaluate(async () => {
              type Result = {violations: Array<{id: string; impact: string; nodes: Array<{target: string[]}>}>; passes: unknown[]}
              const axe = (window as unknown as {axe: {run: (context: Document, options: object) => Promise<Result>}}).axe
              const result = await axe.run(document, {resultTypes: ['violations']})
              return {
                passed: result.passes.length,
                serious: result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`),
              }
            })
            expect(violations.serious, `${colorScheme} ${path}`).toEqual([])
            // axe ran its rules (colour contrast among them) on this page.
            expect(violations.passed, path).toBeGreaterThan(15)
          }
        },
        {bypassCSP: true, colorScheme},
      )
    }
  }, 300_000)

  it('fits a 360 px wide screen on every view, with no scrolling sideways', async () => {
    await withPage(
      async (page) => {
        for (const path of views()) {
          await page.goto(`${url}${path}`)
          const {scroll, width} = await page.evaluate(() => ({scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth}))
          expect(scroll, path).toBeLessThanOrEqual(width)
        }
      },
      {viewport: {width: 360, height: 740}},
    )
  })

  it('works with the keyboard alone, with the focus always visible', async () => {
    await withPage(async (page) => {
      await page.goto(`${url}/`)
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid')
      await page.keyboard.press('Enter')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
      // `/` reaches the search from anywhere but a text field.
      await page.keyboard.press('/')
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-q')
      await page.keyboard.type('octavia')
      await page.keyboard.press('Enter')
      await page.waitForURL(/\/search\?q=octavia$/)
      await page.locator('.hit').first().waitFor()
      // Tab from the search box to the first hit, and follow it.
      await page.locator('#q').focus()
      const first = await page.locator('.hit a.topic').first().getAttribute('href')
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab')
        if ((await page.evaluate(() => document.activeElement?.getAttribute('class'))) === 'topic') break
      }
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(first)
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid')
      await page.keyboard.press('Enter')
      await page.waitForURL(new RegExp(`${first!.replace(/[/#]/g, '\\$&')}$`))
      expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(first!.split('#')[1])
    })
  })

  it('prints a meeting without the site around it', async () => {
    await withPage(async (page) => {
      await page.goto(`${url}/meetings/${meetingId}`)
      await page.emulateMedia({media: 'print'})
      expect(await page.locator('header.site').isVisible()).toBe(false)
      expect(await page.locator('nav.neighbours').isVisible()).toBe(false)
      expect(await page.locator('article.minutes').isVisible()).toBe(true)
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('aside.extracted')!).breakBefore)).toBe('page')
    })
  })

  it('works without JavaScript: every page from its address, forms as links', async () => {
    await withPage(
      async (page) => {
        await page.goto(`${url}/search?q=host-id`)
        expect(await page.locator('.hit').count()).toBeGreaterThan(3)
        await page.fill('#q', 'kolla')
        await page.keyboard.press('Enter')
        await page.waitForURL(/\/search\?q=kolla&series=&from=&to=&person=$/)
        expect(await page.locator('.hit').count()).toBeGreaterThan(3)
        await page.goto(`${url}/actions`)
        await page.fill('input[name=person]', '@fzakfeld')
        await page.locator('form.filters button').click()
        await page.waitForURL(/\/actions\?person=%40fzakfeld&status=open&series=$/)
        expect(await page.locator('table.tasks tbody tr td:nth-child(2)').allTextContents()).toContain('create issue and draft a standard on IPv6 networking for IaaS')
      },
      {javaScriptEnabled: false},
    )
  })
})
