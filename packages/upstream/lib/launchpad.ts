import type {UpstreamRead, UpstreamRef, Validator} from '@minutes-kb/store'
import {ask, json} from './batch.ts'
import {inPool, validatorOf} from './http.ts'
import {failedOutcome, isoDate, type TrackerReader} from './tracker.ts'

/** A bug entry of Launchpad's web service (1.0); the fields read here. */
interface Bug {
  title: string
  tags?: string[]
  owner_link?: string
  web_link: string
  date_created?: string
  date_last_updated?: string
  duplicate_of_link?: string | null
}

/** A bug task: the bug as filed against one project, with its own status. */
interface BugTask {
  status: string
  bug_target_name?: string
  date_closed?: string | null
  date_fix_released?: string | null
  date_fix_committed?: string | null
}

interface Collection {
  entries: BugTask[]
  next_collection_link?: string
}

const isBug = (value: unknown): value is Bug => typeof value === 'object' && value !== null && typeof (value as Bug).title === 'string'
const isCollection = (value: unknown): value is Collection => typeof value === 'object' && value !== null && Array.isArray((value as Collection).entries)

/** Launchpad's statuses that end a bug task. */
const closedStatuses = new Set(['Fix Released', 'Fix Committed', 'Invalid', "Won't Fix", 'Opinion', 'Expired', 'Does Not Exist'])

/**
 * Launchpad bugs, one at a time (the web service has no batch read): the bug and its tasks, both
 * conditional on their stored ETags, so an unchanged bug costs two 304s.
 */
export const readLaunchpad: TrackerReader = async (context, refs) => {
  await inPool(refs, context.concurrency, async (ref) => {
    const bugUrl = `${context.baseUrl}/bugs/${ref.number}`
    const tasksUrl = `${bugUrl}/bug_tasks`
    let bug = await ask(context, bugUrl, {conditional: true})
    let tasks = await ask(context, tasksUrl, {conditional: true})
    if (bug.status === 304 && tasks.status === 304) return context.report([{ref, status: 'unchanged'}])
    if (bug.status === 304) bug = await ask(context, bugUrl)
    if (tasks.status === 304) tasks = await ask(context, tasksUrl)
    const failed = [bug, tasks].find((a) => a.status !== 200)
    if (failed) return context.report([failedOutcome(ref, failed.status, `GET ${failed.url}: ${failed.status}`)])
    const entries: BugTask[] = []
    let page = json(tasks, isCollection)
    const validators: Array<Validator | null> = [validatorOf(bugUrl, bug.headers)]
    if (!page.next_collection_link) validators.push(validatorOf(tasksUrl, tasks.headers))
    for (;;) {
      entries.push(...page.entries)
      if (!page.next_collection_link) break
      page = json(await ask(context, page.next_collection_link), isCollection)
    }
    context.report([{ref, status: 'ok', read: launchpadRead(ref, json(bug, isBug), entries)}], validators)
  })
}

function launchpadRead(ref: UpstreamRef, bug: Bug, allTasks: BugTask[]): UpstreamRead {
  // The task of the project the minutes named, when there is one; else the bug is open while any task is.
  const project = ref.owner?.toLowerCase()
  const own = allTasks.filter((t) => project && t.bug_target_name?.toLowerCase() === project)
  const tasks = own.length ? own : allTasks
  const open = tasks.find((t) => !closedStatuses.has(t.status))
  const closedDates = tasks.map((t) => isoDate(t.date_closed ?? t.date_fix_released ?? t.date_fix_committed)).filter((d): d is string => d !== null)
  return {
    state: open || tasks.length === 0 ? 'open' : 'closed',
    stateReason: (open ?? tasks[0])?.status ?? null,
    type: 'bug',
    title: bug.title,
    author: bug.owner_link?.split('/~').pop() ?? null,
    labels: bug.tags ?? [],
    url: bug.web_link,
    createdAt: isoDate(bug.date_created),
    updatedAt: isoDate(bug.date_last_updated),
    closedAt: open ? null : (closedDates.sort().at(-1) ?? null),
    mergedAt: null,
  }
}
