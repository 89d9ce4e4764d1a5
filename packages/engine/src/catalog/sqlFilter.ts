/** Collects `WHERE` conditions and their bound values; conditions whose value is undefined are skipped by the caller. */
export class SqlFilter {
  private readonly conditions: string[] = [];
  readonly args: unknown[] = [];

  add(sql: string, ...values: unknown[]): this {
    this.conditions.push(sql);
    this.args.push(...values);
    return this;
  }

  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(" AND ")}` : "";
  }
}
