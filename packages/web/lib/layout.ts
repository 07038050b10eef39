import type {Element, Root} from 'hast'
import {h} from 'hastscript'

/** What a page renderer returns: the page's title and main content; the layout does the rest. */
export interface Page {
  title: string
  /** The section of the site it belongs to, for the navigation (`aria-current`). */
  section?: 'home' | 'search' | 'actions' | 'upstream'
  /** The same data as JSON, linked from the footer. */
  json?: string
  /** The search form is the page's own: the header has none. */
  ownSearch?: boolean
  main: Array<Element | null>
  status?: number
}

export interface AssetUrls {
  script: string
  style: string
  icon: string
}

const nav: Array<[NonNullable<Page['section']>, string, string]> = [
  ['search', '/search', 'Search'],
  ['actions', '/actions', 'Action items'],
  ['upstream', '/upstream', 'Upstream'],
]

/** The whole document: head, skip link, header with navigation and search, main, footer. */
export function layout(page: Page, assets: AssetUrls): Root {
  return {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang: 'en'}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('meta', {name: 'color-scheme', content: 'light dark'}),
          h('title', page.section === 'home' ? 'minutes-kb' : `${page.title} · minutes-kb`),
          h('link', {rel: ['icon'], href: assets.icon, type: 'image/svg+xml'}),
          h('link', {rel: ['stylesheet'], href: assets.style}),
          h('script', {type: 'module', src: assets.script}),
        ]),
        h('body', [
          h('a.skip', {href: '#main'}, 'Skip to content'),
          h('header.site', [
            h('a.brand', {href: '/', ariaCurrent: page.section === 'home' ? 'page' : undefined}, 'minutes-kb'),
            h('nav', {ariaLabel: 'Site'}, h('ul', nav.map(([key, href, text]) => h('li', h('a', {href, ariaCurrent: page.section === key ? 'page' : undefined}, text))))),
            page.ownSearch
              ? null
              : h('form.quick', {role: 'search', action: '/search', method: 'get'}, [
                  h('label.sr-only', {htmlFor: 'site-q'}, 'Search the minutes'),
                  h('input', {id: 'site-q', type: 'search', name: 'q', placeholder: 'Search the minutes (press /)', autoComplete: 'off', dataSlash: true}),
                ]),
          ]),
          h('main', {id: 'main', tabIndex: -1}, page.main),
          h('footer.site', [
            h('a', {href: '/docs'}, 'API'),
            page.json ? [' · ', h('a', {href: page.json}, 'this page as JSON')] : null,
            ' · minutes-kb',
          ]),
        ]),
      ]),
    ],
  }
}
