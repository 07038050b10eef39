/** The web page in a real Chromium: search with highlighted snippets, tasks per person, the upstream list. */
import {existsSync} from 'node:fs'
import {chromium, type Browser} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import {startServer} from '@minutes-kb/server'

const executablePath = process.env['CHROMIUM'] ?? '/usr/bin/chromium'

describe('the web page', () => {
  let browser: Browser
  let url: string
  let close: () => Promise<void>

  beforeAll(async () => {
    if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run ./scripts/setup.sh as root (apt-get install chromium)`)
    const server = await startServer({db: inject('corpusDb'), port: 0, rateLimit: false})
    url = server.url
    close = () => server.app.close()
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await close?.()
  })

  it('searches and marks the matched words in the snippets', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await expect.poll(() => page.locator('#series option').count()).toBeGreaterThan(6)
    await page.fill('#q', 'host-id')
    await page.click('#search-form button')
    await page.locator('.hit').first().waitFor()
    const first = page.locator('.hit').first()
    expect(await first.locator('.where').textContent()).toContain('sig-standardization/20240822.md:57')
    const marks = await first.locator('mark').allTextContents()
    expect(marks.map((m) => m.toLowerCase())).toContain('host')
    expect(await page.locator('#search-info').textContent()).toMatch(/\d+ sections match/)
    await page.close()
  })

  it('shows a query syntax error as a message, not a broken page', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await page.fill('#q', 'title:')
    await page.click('#search-form button')
    await expect.poll(() => page.locator('#search-info').textContent()).toBe('expecting term, found nothing')
    expect(await page.locator('#search-info').getAttribute('class')).toBe('error')
    await page.close()
  })

  it('lists the open tasks of a person, carried across meetings', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/#actions`)
    await page.fill('#assignee', '@fzakfeld')
    await page.click('#actions-form button')
    const row = page.locator('#actions tbody tr').first()
    await row.waitFor()
    expect(await row.locator('td').allTextContents()).toEqual(['open', 'create issue and draft a standard on IPv6 networking for IaaS', '@fzakfeld', '2025-11-25', '2026-06-04', '10'])
    await page.close()
  })

  it('lists upstream references with export links', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/#upstream`)
    await page.locator('#upstream tbody tr').nth(3).waitFor()
    expect(await page.locator('#upstream-view a[href="/api/upstream.md"]').count()).toBe(1)
    const refs = await page.locator('#upstream tbody td a').allTextContents()
    expect(refs).toContain('kubernetes/cloud-provider-openstack#2579')
    await page.close()
  })
})
