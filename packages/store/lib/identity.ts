import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import type {DB} from './database.ts'
import {getSetting, setSetting} from './database.ts'

/** Lowercased alias (a plain name or an old handle) → the handle it stands for. */
export type Aliases = Map<string, string>

/**
 * Read an aliases file. Two shapes are accepted and may be mixed:
 * `{"@garloff": ["Kurt", "Kurt Garloff", "@kgarloff"]}` (a handle and what else it is written as) and
 * `{"Kurt": "@garloff"}` (one alias to a handle). Throws with the file name on anything else.
 */
export function readAliases(path: string): Aliases {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`Cannot read aliases file ${path}: ${(error as Error).message}`)
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`Unexpected aliases file ${path}, expected a JSON object`)
  const aliases: Aliases = new Map()
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value === 'string') {
      aliases.set(key.trim().toLowerCase(), handleOf(value, path))
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      const handle = handleOf(key, path)
      for (const alias of value as string[]) aliases.set(alias.trim().toLowerCase(), handle)
    } else {
      throw new Error(`Unexpected value for \`${key}\` in aliases file ${path}, expected a handle or a list of names`)
    }
  }
  return aliases
}

function handleOf(value: string, path: string): string {
  const handle = value.trim().toLowerCase()
  if (!/^@[a-z0-9][\w.-]*$/.test(handle)) throw new Error(`Unexpected handle \`${value}\` in aliases file ${path}, expected \`@handle\``)
  return handle
}

/** The aliases file to use: the one given, else `minutes.aliases.json` beside the minutes, else none. */
export function findAliasesFile(root: string, given?: string): string | null {
  if (given) return given
  const beside = `${root.replace(/\/$/, '')}/minutes.aliases.json`
  return existsSync(beside) ? beside : null
}

/** The person key a written name or handle resolves to: `@handle`, or `name:<lowercased name>`. */
export function personKey(written: string, aliases: Aliases): {key: string; handle: string | null} {
  const lower = written.trim().toLowerCase()
  const mapped = aliases.get(lower)
  if (mapped) return {key: mapped, handle: mapped}
  if (lower.startsWith('@')) return {key: lower, handle: lower}
  return {key: `name:${lower}`, handle: null}
}

/** Finds or creates people rows; one per run, with a cache. */
export class People {
  private readonly cache = new Map<string, number>()
  private readonly find
  private readonly insert

  constructor(
    db: DB,
    private aliases: Aliases,
  ) {
    this.find = db.prepare<[string], {id: number}>('SELECT id FROM people WHERE key = ?')
    this.insert = db.prepare<[string, string | null, string | null]>('INSERT INTO people (key, handle, name) VALUES (?, ?, ?)')
  }

  /** The person id for what was written (`@Garloff`, `Kurt`). */
  id(written: string): number {
    const {key, handle} = personKey(written, this.aliases)
    let id = this.cache.get(key)
    if (id === undefined) {
      id = this.find.get(key)?.id ?? Number(this.insert.run(key, handle, handle ? null : written.trim()).lastInsertRowid)
      this.cache.set(key, id)
    }
    return id
  }
}

export function aliasesHash(aliases: Aliases): string {
  return createHash('sha256').update(JSON.stringify([...aliases].sort())).digest('hex')
}

/** The aliases learned from the minutes, as stored: name → handle. */
export function storedLearned(db: DB): Aliases {
  return new Map((db.prepare("SELECT alias, handle FROM aliases WHERE source = 'learned'").all() as Array<{alias: string; handle: string}>).map((r) => [r.alias, r.handle]))
}

/** The aliases file's, with the learned ones it does not override. */
export function combinedAliases(db: DB, aliases: Aliases): Aliases {
  const combined = new Map(storedLearned(db))
  for (const [alias, handle] of aliases) combined.set(alias, handle)
  return combined
}

/**
 * Store the aliases file's aliases and, when they differ from the stored ones, point every mention at
 * the person it now resolves to — from what was written, without re-parsing a file. Learned aliases
 * stay. Returns whether anything changed. Must run inside the caller's transaction.
 */
export function applyAliases(db: DB, aliases: Aliases): boolean {
  const hash = aliasesHash(aliases)
  if (getSetting(db, 'aliases_hash') === hash) return false
  db.prepare("DELETE FROM aliases WHERE source = 'file'").run()
  const insert = db.prepare("INSERT INTO aliases (alias, handle, source) VALUES (?, ?, 'file') ON CONFLICT (alias) DO UPDATE SET handle = excluded.handle, source = 'file'")
  for (const [alias, handle] of aliases) insert.run(alias, handle)
  reResolve(db, combinedAliases(db, aliases), null)
  setSetting(db, 'aliases_hash', hash)
  return true
}

/**
 * Learn names from the minutes: a name written beside a handle in an attendance (`Joe Sepi (@joesepi)`)
 * stands for that handle wherever else it is written alone — when every such pairing in the collection
 * agrees, and the aliases file says nothing else. Mentions of a name whose meaning changed are pointed
 * at their person again. Returns whether anything changed. Must run inside the caller's transaction.
 */
export function learnAliases(db: DB, aliases: Aliases): boolean {
  const learned: Aliases = new Map(
    (
      db
        .prepare(
          `SELECT lower(x.name) AS alias, min(p.handle) AS handle FROM attendance x JOIN people p ON p.id = x.person_id
            WHERE x.name IS NOT NULL AND p.handle IS NOT NULL GROUP BY lower(x.name) HAVING count(DISTINCT p.handle) = 1`,
        )
        .all() as Array<{alias: string; handle: string}>
    )
      .filter((r) => !aliases.has(r.alias) && !r.alias.startsWith('@'))
      .map((r) => [r.alias, r.handle]),
  )
  const before = storedLearned(db)
  const changed = new Set<string>()
  for (const [alias, handle] of learned) if (before.get(alias) !== handle) changed.add(alias)
  for (const alias of before.keys()) if (!learned.has(alias)) changed.add(alias)
  if (changed.size === 0) return false
  const remove = db.prepare("DELETE FROM aliases WHERE alias = ? AND source = 'learned'")
  const insert = db.prepare("INSERT INTO aliases (alias, handle, source) VALUES (?, ?, 'learned') ON CONFLICT (alias) DO NOTHING")
  for (const alias of changed) {
    remove.run(alias)
    const handle = learned.get(alias)
    if (handle) insert.run(alias, handle)
  }
  reResolve(db, combinedAliases(db, aliases), changed)
  return true
}

/** Point mentions (all, or those written as one of `only`, lowercased) at the person they resolve to with `aliases`. */
function reResolve(db: DB, aliases: Aliases, only: ReadonlySet<string> | null): void {
  const people = new People(db, aliases)
  const filter = only ? ` WHERE lower(written) IN (SELECT value FROM json_each(@only))` : ''
  for (const table of ['attendance', 'topic_owners', 'action_assignees'] as const) {
    const keyColumns = table === 'attendance' ? ['meeting_id', 'person_id'] : table === 'topic_owners' ? ['topic_id', 'person_id'] : ['action_id', 'person_id']
    const rows = db.prepare(`SELECT ${keyColumns[0]} AS owner, person_id, written FROM ${table}${filter}`).all(only ? {only: JSON.stringify([...only])} : {}) as Array<{
      owner: number
      person_id: number
      written: string
    }>
    const update = db.prepare(`UPDATE OR IGNORE ${table} SET person_id = ? WHERE ${keyColumns[0]} = ? AND person_id = ?`)
    const drop = db.prepare(`DELETE FROM ${table} WHERE ${keyColumns[0]} = ? AND person_id = ?`)
    for (const row of rows) {
      const id = people.id(row.written)
      if (id === row.person_id) continue
      // Two mentions that now are the same person (`Kurt` and `@garloff` in one list) become one.
      if (update.run(id, row.owner, row.person_id).changes === 0) drop.run(row.owner, row.person_id)
    }
  }
  db.prepare(
    `DELETE FROM people WHERE id NOT IN (SELECT person_id FROM attendance UNION SELECT person_id FROM topic_owners UNION SELECT person_id FROM action_assignees)`,
  ).run()
}
