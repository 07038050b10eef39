import type {UpstreamRead} from '@minutes-kb/store'
import {json, readListBatch} from './batch.ts'
import {chunks, isoDate, type TrackerContext, type TrackerReader} from './tracker.ts'

/** A ChangeInfo of Gerrit's REST API (`o=DETAILED_ACCOUNTS`); the fields read here. */
interface ChangeInfo {
  _number: number
  project: string
  subject: string
  status: 'NEW' | 'MERGED' | 'ABANDONED'
  work_in_progress?: boolean
  owner?: {username?: string; name?: string}
  hashtags?: string[]
  created?: string
  updated?: string
  submitted?: string
  _more_changes?: boolean
}

const isChanges = (value: unknown): value is ChangeInfo[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && typeof (v as ChangeInfo)._number === 'number')

/** Gerrit prefixes JSON with this line against cross-site script inclusion. */
const xssiPrefix = ")]}'"

/**
 * Gerrit changes, `batchSize` per query: `GET /changes/?q=change:1 OR change:2 …`, following
 * `_more_changes` when the server pages the answer.
 */
export const readGerrit: TrackerReader = async (context, refs) => {
  for (const batch of chunks([...refs].sort((a, b) => a.number - b.number), context.batchSize)) {
    const query = `${context.baseUrl}/changes/?q=${encodeURIComponent(batch.map((r) => `change:${r.number}`).join(' OR '))}&o=DETAILED_ACCOUNTS&n=${batch.length}`
    let seen = 0
    await readListBatch(context, query, batch, (answer) => {
      const changes = json(answer, isChanges, xssiPrefix)
      seen += changes.length
      return {
        reads: new Map(changes.map((c) => [c._number, gerritRead(context, c)])),
        next: changes.at(-1)?._more_changes ? `${query}&S=${seen}` : null,
      }
    })
  }
}

function gerritRead(context: TrackerContext, change: ChangeInfo): UpstreamRead {
  const merged = change.status === 'MERGED'
  const closed = merged || change.status === 'ABANDONED'
  return {
    state: merged ? 'merged' : closed ? 'closed' : change.work_in_progress ? 'draft' : 'open',
    stateReason: change.status === 'ABANDONED' ? 'abandoned' : null,
    type: 'change',
    title: change.subject,
    author: change.owner?.username ?? change.owner?.name ?? null,
    labels: change.hashtags ?? [],
    url: `https://${context.host}/c/${change.project}/+/${change._number}`,
    createdAt: isoDate(change.created),
    updatedAt: isoDate(change.updated),
    closedAt: closed ? isoDate(merged ? (change.submitted ?? change.updated) : change.updated) : null,
    mergedAt: merged ? isoDate(change.submitted ?? change.updated) : null,
  }
}
