import type {UpstreamOutcome, UpstreamRead, UpstreamRef} from '@minutes-kb/store'
import {HttpError, validatorOf, type HttpAnswer} from './http.ts'
import {failedOutcome, TrackerUnavailable, type TrackerContext} from './tracker.ts'

/** One page of a list answer: the items on it by number, and the next page's URL. */
export interface Page {
  reads: Map<number, UpstreamRead>
  next: string | null
}

/**
 * Read a batch of items with one list request (and its following pages): conditionally when a
 * validator is stored, so an unchanged batch is one 304. Items the answer leaves out are gone (or not
 * visible without a token: the APIs do not say which).
 */
export async function readListBatch(
  context: TrackerContext,
  url: string,
  refs: readonly UpstreamRef[],
  parse: (answer: HttpAnswer, pageIndex: number) => Page,
  headers: Record<string, string> = {},
): Promise<void> {
  const first = await ask(context, url, {headers, conditional: true})
  if (first.status === 304) return context.report(refs.map((ref) => ({ref, status: 'unchanged'})))
  if (first.status !== 200) {
    return context.report(refs.map((ref) => failedOutcome(ref, first.status, `GET ${url}: ${first.status}`)))
  }
  const reads = new Map<number, UpstreamRead>()
  let answer = first
  for (let index = 0; ; index++) {
    const page = parse(answer, index)
    for (const [n, read] of page.reads) reads.set(n, read)
    if (!page.next) break
    answer = await ask(context, page.next, {headers})
    if (answer.status !== 200) throw new TrackerUnavailable(`GET ${page.next}: ${answer.status}`)
  }
  const outcomes = refs.map((ref): UpstreamOutcome => {
    const read = reads.get(ref.number)
    return read ? {ref, status: 'ok', read} : {ref, status: 'gone', error: `not in the answer to GET ${url}: deleted, or not visible without a token`}
  })
  // A validator stands for the whole answer only when it was one page.
  context.report(outcomes, answer === first ? [validatorOf(url, first.headers)] : [])
}

/** A GET that never answered makes the tracker unavailable for this run. */
export async function ask(context: TrackerContext, url: string, options: {headers?: Record<string, string>; conditional?: boolean} = {}): Promise<HttpAnswer> {
  try {
    return await context.http.get(url, {headers: options.headers, validator: options.conditional ? context.validator(url) : undefined})
  } catch (error) {
    if (error instanceof HttpError) throw new TrackerUnavailable(error.message)
    throw error
  }
}

/** A JSON body, or `TrackerUnavailable` when it is not JSON of the expected shape. */
export function json<T>(answer: HttpAnswer, check: (value: unknown) => value is T, strip = ''): T {
  let value: unknown
  try {
    value = JSON.parse(strip && answer.body.startsWith(strip) ? answer.body.slice(strip.length) : answer.body)
  } catch {
    throw new TrackerUnavailable(`GET ${answer.url}: the answer is not JSON`)
  }
  if (!check(value)) throw new TrackerUnavailable(`GET ${answer.url}: unexpected answer`)
  return value
}
