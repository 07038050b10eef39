import type {Ref} from './types.ts'

/**
 * Classify a URL that points at an item in a well-known tracker: GitHub, GitLab, Gerrit (OpenDev),
 * Launchpad. `null` for anything else.
 */
export function classifyUrl(url: string): Ref | null {
  // The same URLs come back in meeting after meeting (a series' board, its tracker issues): read each once.
  let ref = classified.get(url)
  if (ref === undefined) {
    if (classified.size >= 20_000) classified.clear()
    classified.set(url, (ref = classify(url)))
  }
  return ref
}
/** URLs classified (never changed by their readers). */
const classified = new Map<string, Ref | null>()

function classify(url: string): Ref | null {
  const m = /^(?:https?:)?\/\/(?:www\.)?([^/?#:\s]+)(?::\d+)?(\/[^?#\s]*)?/i.exec(url)
  if (!m) return null
  const host = m[1]!.toLowerCase()
  const parts = (m[2] ?? '').split('/').filter(Boolean).map(safeDecode)
  if (host === 'github.com') return github(host, parts)
  if (host === 'bugs.launchpad.net' || host === 'launchpad.net') return launchpad(host, parts)
  if (host.startsWith('review.') || host.includes('gerrit')) return gerrit(host, parts, url)
  if (parts.includes('-')) return gitlab(host, parts)
  return null
}

const number = (s: string | undefined): number | null => (s && /^\d+$/.test(s) ? Number(s) : null)

function github(host: string, parts: string[]): Ref | null {
  const [owner, repo, section, a, b, c] = parts
  if (!owner || !repo || reservedGithub.has(owner.toLowerCase())) return null
  const base = {host, owner, repo: repo.replace(/\.git$/, '')}
  switch (section) {
    case 'issues': {
      const n = number(a)
      return n === null ? {...base, kind: 'repo'} : {...base, kind: 'issue', number: n}
    }
    case 'pull': {
      const n = number(a)
      if (n === null) return {...base, kind: 'repo'}
      if (b === 'commits' && c && /^[0-9a-f]{7,40}$/i.test(c)) return {...base, kind: 'commit', sha: c}
      return {...base, kind: 'pull', number: n}
    }
    case 'commit':
      return a && /^[0-9a-f]{7,40}$/i.test(a) ? {...base, kind: 'commit', sha: a} : {...base, kind: 'repo'}
    case 'blob':
    case 'tree':
      if (!a) return {...base, kind: 'repo'}
      return {...base, kind: section, ref: a, path: parts.slice(4).join('/')}
    case 'discussions': {
      const n = number(a)
      return n === null ? {...base, kind: 'repo'} : {...base, kind: 'discussion', number: n}
    }
    case 'releases':
      return {...base, kind: 'release', tag: a === 'tag' && b ? parts.slice(4).join('/') : null}
    default:
      return {...base, kind: 'repo'}
  }
}

/** First path segments of github.com that are not user or organisation names. */
const reservedGithub = new Set([
  'orgs', 'users', 'settings', 'marketplace', 'sponsors', 'topics', 'features', 'notifications',
  'search', 'apps', 'login', 'about', 'pricing', 'explore', 'collections', 'trending', 'enterprise',
  'site', 'security', 'customer-stories', 'readme', 'events', 'team',
])

function gitlab(host: string, parts: string[]): Ref | null {
  const dash = parts.indexOf('-')
  if (dash < 2) return null
  const owner = parts.slice(0, dash - 1).join('/')
  const repo = parts[dash - 1]!
  const section = parts[dash + 1]
  const n = number(parts[dash + 2])
  if (n === null) return null
  if (section === 'merge_requests') return {host, owner, repo, kind: 'merge_request', number: n}
  if (section === 'issues' || section === 'work_items') return {host, owner, repo, kind: 'issue', number: n}
  return null
}

function gerrit(host: string, parts: string[], url: string): Ref | null {
  // review.opendev.org/c/openstack/nova/+/123456, /#/c/123456/, /123456
  const plus = parts.indexOf('+')
  if (parts[0] === 'c' && plus > 1) {
    const n = number(parts[plus + 1])
    if (n === null) return null
    const project = parts.slice(1, plus)
    return {
      host,
      owner: project.length > 1 ? project.slice(0, -1).join('/') : null,
      repo: project[project.length - 1]!,
      kind: 'change',
      number: n,
    }
  }
  const hash = /#\/c\/(?:[^+]*\/\+\/)?(\d+)/.exec(url)
  const n = hash ? Number(hash[1]) : parts.length === 1 ? number(parts[0]) : null
  return n === null ? null : {host, owner: null, repo: null, kind: 'change', number: n}
}

function launchpad(host: string, parts: string[]): Ref | null {
  // bugs.launchpad.net/nova/+bug/123, launchpad.net/bugs/123, launchpad.net/nova/+bug/123
  const bug = parts.indexOf('+bug')
  if (bug >= 1) {
    const n = number(parts[bug + 1])
    return n === null ? null : {host, owner: parts[bug - 1]!, repo: null, kind: 'bug', number: n}
  }
  if (parts[0] === 'bugs') {
    const n = number(parts[1])
    return n === null ? null : {host, owner: null, repo: null, kind: 'bug', number: n}
  }
  return null
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
