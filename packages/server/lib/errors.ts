import createError from '@fastify/error'

/** The error catalog: every error a client can get, with a stable code. */
export const errors = {
  badQuery: createError<[string]>('MINUTES_ERR_BAD_QUERY', '%s', 400),
  emptyQuery: createError<[string]>('MINUTES_ERR_EMPTY_QUERY', '%s', 400),
  queryTooLong: createError<[string]>('MINUTES_ERR_QUERY_TOO_LONG', '%s', 400),
  badCursor: createError('MINUTES_ERR_BAD_CURSOR', 'Unexpected cursor, expected a `next` value from a previous page', 400),
  badParameter: createError<[string]>('MINUTES_ERR_BAD_PARAMETER', '%s', 400),
  notFound: createError<[string]>('MINUTES_ERR_NOT_FOUND', '%s', 404),
  unavailable: createError<[string]>('MINUTES_ERR_UNAVAILABLE', '%s', 503),
}
