/**
 * Keyset cursors are encoded and decoded through one scratch buffer (keyset.ts), not a new Buffer each
 * way: the same strings as `Buffer.from(JSON.stringify(…)).toString('base64url')`, and keys longer
 * than the scratch buffer (a long text sort key) take a Buffer of their own instead of being cut.
 */
import {describe, expect, it} from 'vitest'
import {CursorError, openDatabase, pageLinksJson} from '@minutes-kb/store'
import {encodeCursor} from '../lib/keyset.ts'

const before = (sort: string, key: unknown[], total: number) => Buffer.from(JSON.stringify({s: sort, k: key, t: total})).toString('base64url')

const keys: unknown[][] = [
  ['2023-05-11', 'sig-standardization/2023-05-11.md', 42, 3232],
  ['', 'é/ü€.md', 1, 2],
  [null, 'x', 3],
  ['😀 is four bytes', 7],
  ['a'.repeat(3000)],
  ['€'.repeat(2700), 1],
  ['😀'.repeat(1400), 2],
  ['b'.repeat(9000), null],
]

describe('keyset cursors', () => {
  it('encodes as Buffer.from did, short and long keys alike', () => {
    for (const key of keys) for (const total of [0, 17, 1001]) expect(encodeCursor('-date', key, total)).toBe(before('-date', key, total))
  })

  it('decodes a cursor longer than the scratch buffer whole', () => {
    const db = openDatabase(':memory:')
    try {
      // A cursor of the links list (four keys) whose path key is 9 000 characters long: read, not refused.
      const cursor = encodeCursor('', ['2023-01-01', 'p'.repeat(9000), 1, 1], 5)
      expect(cursor.length).toBeGreaterThan(12000)
      expect(pageLinksJson(db, {}, {size: 5, cursor})).toEqual({rows: '[]', next: null, total: 5, totalIsExact: true})
      // Not base64 of a cursor of this list: refused, as before.
      for (const bad of ['!!!!', 'eyJzIjoiIiwiayI6WyIy', encodeCursor('-date', ['2023-01-01', 'p', 1, 1], 5), 'A'.repeat(11000)]) {
        expect(() => pageLinksJson(db, {}, {size: 5, cursor: bad})).toThrow(CursorError)
      }
    } finally {
      db.close()
    }
  })
})
