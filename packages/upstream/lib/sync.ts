import {
  canonicalHost,
  referencedItems,
  UpstreamStateWriter,
  type DB,
  type UpstreamInfo,
  type UpstreamOutcome,
  type UpstreamRef,
  type UpstreamTracker,
  type Validator,
} from '@minutes-kb/store'
import {readGerrit} from './gerrit.ts'
import {readGitHub} from './github.ts'
import {readGitLab} from './gitlab.ts'
import {HttpClient} from './http.ts'
import {readLaunchpad} from './launchpad.ts'
import {baseUrlFor, resolveOptions, tokenFor, type ResolvedOptions, type SyncOptions} from './options.ts'
import {groupBy, type TrackerContext, type TrackerReader} from './tracker.ts'

const readers: Record<UpstreamTracker, TrackerReader> = {github: readGitHub, gitlab: readGitLab, gerrit: readGerrit, launchpad: readLaunchpad}

export interface SyncSummary {
  /** Items the minutes reference (in scope). */
  references: number
  /** Items asked about in this run. */
  checked: number
  /** Items not asked: read by the interrupted run this one resumed, or gone/private and asked recently. */
  skipped: number
  resumed: boolean
  /** Items whose title, state, labels or address changed (or were read for the first time). */
  changed: number
  /** Items upstream confirmed as stored (a 304, or the same answer again). */
  unchanged: number
  gone: number
  private: number
  errors: number
  requests: number
  notModified: number
  seconds: number
  /** The first few error messages (tokens redacted). */
  messages: string[]
}

/**
 * Read the state of every upstream item the minutes reference — title, state, labels, author,
 * dates, canonical address — and store it (`upstream_state`). The only function of minutes-kb that
 * uses the network. Outcomes are written as they come, so an interrupted run keeps what it read, and
 * the next run of the same scope resumes where it stopped.
 */
export async function syncUpstream(db: DB, options: SyncOptions = {}): Promise<SyncSummary> {
  const resolved = resolveOptions(options)
  const t0 = performance.now()
  const writer = new UpstreamStateWriter(db)
  const refs = referencedItems(db, {hosts: resolved.hosts, only: resolved.only})
  const scope = JSON.stringify({hosts: [...(resolved.hosts ?? [])].sort(), only: resolved.only?.toLowerCase() ?? null})
  const run = writer.startRun(scope, new Date().toISOString(), resolved.resumeWithinHours * 3_600_000)
  const due = refs.filter((ref) => isDue(writer.stored(ref.key), resolved, run.resumeSince))
  const secrets = [resolved.tokens.github, resolved.tokens.gitlab].filter((t): t is string => Boolean(t))
  const http = new HttpClient({
    timeoutMs: resolved.timeoutMs,
    retries: resolved.retries,
    retryBaseMs: resolved.retryBaseMs,
    maxWaitMs: resolved.maxWaitMs,
    userAgent: 'minutes-kb (upstream sync)',
    secrets,
    onRequest: resolved.onRequest,
    log: resolved.log,
  })
  const summary: SyncSummary = {
    references: refs.length,
    checked: due.length,
    skipped: refs.length - due.length,
    resumed: run.resumeSince !== null,
    changed: 0,
    unchanged: 0,
    gone: 0,
    private: 0,
    errors: 0,
    requests: 0,
    notModified: 0,
    seconds: 0,
    messages: [],
  }
  const answered = new Set<string>()
  const progress = () => resolved.onProgress?.({done: answered.size, total: due.length, requests: http.requests})
  const report = (outcomes: readonly UpstreamOutcome[], validators: ReadonlyArray<Validator | null> = []) => {
    const fresh = outcomes.filter((o) => !answered.has(o.ref.key))
    for (const o of fresh) {
      answered.add(o.ref.key)
      if (o.status === 'unchanged') summary.unchanged++
      else if (o.status === 'gone') summary.gone++
      else if (o.status === 'private') summary.private++
      else if (o.status === 'error') {
        summary.errors++
        if (summary.messages.length < 5 && !summary.messages.includes(o.error)) summary.messages.push(o.error)
      }
    }
    const changed = writer.save(fresh, validators.filter((v): v is Validator => v !== null), new Date().toISOString())
    summary.changed += changed
    summary.unchanged += fresh.filter((o) => o.status === 'ok').length - changed
    progress()
  }
  progress()
  const hosts = groupBy(due, (ref) => `${ref.tracker} ${canonicalHost(ref.host)}`)
  await Promise.all(
    hosts.map(async (group) => {
      const context = trackerContext(resolved, group[0]!, http, writer, report)
      try {
        await readers[group[0]!.tracker](context, group)
      } catch (error) {
        // The tracker cannot be asked any more in this run: what it did not answer is an error, asked again next time.
        const message = http.redact(`${context.host}: ${(error as Error).message}`)
        report(group.filter((ref) => !answered.has(ref.key)).map((ref): UpstreamOutcome => ({ref, status: 'error', error: message})))
      }
    }),
  )
  summary.requests = http.requests
  summary.notModified = http.notModified
  summary.seconds = (performance.now() - t0) / 1000
  writer.finishRun(run.id, {items: answered.size, requests: http.requests, notModified: http.notModified, errors: summary.errors}, new Date().toISOString())
  return summary
}

/** Whether to ask about an item in this run. */
function isDue(stored: UpstreamInfo | undefined, options: ResolvedOptions, resumeSince: string | null): boolean {
  if (!stored) return true
  // Answered in the interrupted run this one resumes (errors are asked again).
  if (resumeSince && stored.attemptedAt >= resumeSince && stored.status !== 'error') return false
  if (options.refresh) return true
  // Gone or private: not asked again on every run, but after a while (things get restored or opened).
  const recent = Date.now() - Date.parse(stored.attemptedAt) < options.recheckAfterDays * 86_400_000
  return !((stored.status === 'gone' || stored.status === 'private') && recent)
}

function trackerContext(options: ResolvedOptions, ref: UpstreamRef, http: HttpClient, writer: UpstreamStateWriter, report: TrackerContext['report']): TrackerContext {
  return {
    host: canonicalHost(ref.host),
    baseUrl: baseUrlFor(options, ref.tracker, ref.host),
    token: tokenFor(options, ref.tracker, ref.host),
    http,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    retries: options.retries,
    retryBaseMs: options.retryBaseMs,
    maxWaitMs: options.maxWaitMs,
    userAgent: 'minutes-kb (upstream sync)',
    stored: (key) => writer.stored(key),
    validator: (url) => (options.refresh ? undefined : writer.validator(url)),
    report,
    log: (message) => options.log?.(http.redact(message)),
  }
}
