/** A WHERE clause built from optional filters: a condition counts only when its value is given. */
export class Where {
  readonly conditions: string[] = []
  readonly params: Record<string, unknown> = {}

  /** Add `sql` with `@name` bound to `value`, unless `value` is undefined, null or ''. */
  when(value: unknown, sql: string, name?: string): this {
    if (value === undefined || value === null || value === '') return this
    this.conditions.push(sql)
    if (name) this.params[name] = value
    return this
  }

  /** Add `sql` unconditionally, with its parameters. */
  add(sql: string, params: Record<string, unknown> = {}): this {
    this.conditions.push(sql)
    Object.assign(this.params, params)
    return this
  }

  get sql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : ''
  }
}
