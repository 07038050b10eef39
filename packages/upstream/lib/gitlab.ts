import type {UpstreamRead} from '@minutes-kb/store'
import {json, readListBatch} from './batch.ts'
import {nextLink} from './http.ts'
import {chunks, groupBy, isoDate, type TrackerReader} from './tracker.ts'

/** An issue or merge request as GitLab's REST API (v4) lists it; the fields read here. */
interface GitLabItem {
  iid: number
  title: string
  state: 'opened' | 'closed' | 'merged' | 'locked'
  draft?: boolean
  work_in_progress?: boolean
  author?: {username?: string} | null
  labels?: Array<string | {name: string}>
  web_url: string
  created_at?: string | null
  updated_at?: string | null
  closed_at?: string | null
  merged_at?: string | null
  moved_to_id?: number | null
}

const isItems = (value: unknown): value is GitLabItem[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && typeof (v as GitLabItem).iid === 'number')

/**
 * GitLab issues and merge requests, a project's at a time: `GET /projects/:path/issues?iids[]=…`
 * (and `/merge_requests`), up to `batchSize` items per request, conditional on the stored ETag.
 */
export const readGitLab: TrackerReader = async (context, refs) => {
  const headers: Record<string, string> = context.token ? {authorization: `Bearer ${context.token}`} : {}
  for (const group of groupBy(refs, (r) => `${r.owner}/${r.repo}|${r.kind}`.toLowerCase())) {
    const first = group[0]!
    const collection = first.kind === 'merge_request' ? 'merge_requests' : 'issues'
    const project = encodeURIComponent(`${first.owner}/${first.repo}`)
    for (const batch of chunks([...group].sort((a, b) => a.number - b.number), context.batchSize)) {
      const url = `${context.baseUrl}/projects/${project}/${collection}?${batch.map((r) => `iids[]=${r.number}`).join('&')}&per_page=100`
      await readListBatch(context, url, batch, (answer) => ({
        reads: new Map(json(answer, isItems).map((item) => [item.iid, gitlabRead(item, collection)])),
        next: nextLink(answer.headers),
      }), headers)
    }
  }
}

function gitlabRead(item: GitLabItem, collection: string): UpstreamRead {
  const draft = item.draft ?? item.work_in_progress ?? false
  return {
    state: item.state === 'merged' ? 'merged' : item.state === 'opened' ? (draft ? 'draft' : 'open') : 'closed',
    stateReason: item.moved_to_id ? 'moved' : item.state === 'locked' ? 'locked' : null,
    type: collection === 'merge_requests' ? 'merge_request' : 'issue',
    title: item.title,
    author: item.author?.username ?? null,
    labels: (item.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)),
    url: item.web_url,
    createdAt: isoDate(item.created_at),
    updatedAt: isoDate(item.updated_at),
    closedAt: isoDate(item.closed_at ?? item.merged_at),
    mergedAt: isoDate(item.merged_at),
  }
}
