import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {AssetUrls} from './layout.ts'

export interface Asset {
  url: string
  type: string
  body: string
}

const client = (name: string) => fileURLToPath(new URL(`../client/${name}`, import.meta.url))

const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#24527a"/><path d="M4 4h8M4 8h8M4 12h5" stroke="#fff" stroke-width="1.6"/></svg>`

let built: Promise<Asset[]> | undefined

/**
 * The client script (TypeScript, bundled and minified by esbuild), the style sheet (minified by
 * esbuild) and the icon, each at an address that names its content, so a browser may keep it for
 * good. Built once per process, when the first app is.
 */
export function clientAssets(): Promise<Asset[]> {
  built ??= build()
  return built
}

async function build(): Promise<Asset[]> {
  const {build, transform} = await import('esbuild')
  const script = await build({entryPoints: [client('app.ts')], bundle: true, minify: true, format: 'esm', target: 'es2020', write: false, legalComments: 'none', logLevel: 'silent'})
  const style = await transform(readFileSync(client('style.css'), 'utf8'), {loader: 'css', minify: true, target: ['chrome100', 'firefox100', 'safari15']})
  return [
    asset('app', 'js', 'text/javascript; charset=utf-8', script.outputFiles[0]!.text),
    asset('style', 'css', 'text/css; charset=utf-8', style.code),
    asset('icon', 'svg', 'image/svg+xml', icon),
  ]
}

function asset(name: string, extension: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10)
  return {url: `/assets/${name}.${hash}.${extension}`, type, body}
}

export function assetUrls(assets: Asset[]): AssetUrls {
  const find = (ext: string) => assets.find((a) => a.url.endsWith(ext))!.url
  return {script: find('.js'), style: find('.css'), icon: find('.svg')}
}
