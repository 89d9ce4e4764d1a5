// The data directory's list of stores, for listing and tenancy checks without opening every
// repository. Derived from each store's metadata branch and refreshed from it at startup.
import Database from "better-sqlite3";
import { SqlFilter } from "../catalog/sqlFilter.ts";
import type { StoreInfo } from "../types.ts";
import { decodeStoreJson, encodeStoreJson } from "../store/storeMeta.ts";

export interface StoreListFilter {
  owner?: string | null;
  includeArchived: boolean;
  createdAtGte?: number;
  createdAtLte?: number;
}

export class Registry {
  private readonly db: Database.Database;
  /** Every store's info, kept in memory: every request checks its store's tenancy here. */
  private readonly cache = new Map<string, StoreInfo>();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.exec(`CREATE TABLE IF NOT EXISTS stores(
      id TEXT PRIMARY KEY, owner TEXT, created_at INTEGER NOT NULL, archived INTEGER NOT NULL, json BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS stores_order ON stores(owner, created_at, id);`);
    for (const row of this.db.prepare("SELECT json FROM stores").all() as Array<{ json: Buffer }>) {
      const info = decodeStoreJson(row.json);
      this.cache.set(info.id, info);
    }
  }

  upsert(info: StoreInfo): void {
    this.db
      .prepare(
        `INSERT INTO stores(id, owner, created_at, archived, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, archived = excluded.archived, json = excluded.json`,
      )
      .run(info.id, info.owner, info.createdAt.getTime(), info.archivedAt ? 1 : 0, encodeStoreJson(info));
    this.cache.set(info.id, info);
  }

  remove(id: string): void {
    this.db.prepare("DELETE FROM stores WHERE id = ?").run(id);
    this.cache.delete(id);
  }

  get(id: string): StoreInfo | undefined {
    return this.cache.get(id);
  }

  ids(): string[] {
    return [...this.cache.keys()];
  }

  countByOwner(owner: string | null): number {
    return (this.db.prepare("SELECT count(*) AS n FROM stores WHERE owner IS ?").get(owner) as { n: number }).n;
  }

  /** Newest first, id descending on ties; `before` is the previous page's last (createdAt, id). */
  list(f: StoreListFilter, before: { createdAt: number; id: string } | null, limit: number): StoreInfo[] {
    const where = new SqlFilter();
    const add = where.add.bind(where);
    if (f.owner !== undefined) add("owner IS ?", f.owner);
    if (!f.includeArchived) add("archived = 0");
    if (f.createdAtGte !== undefined) add("created_at >= ?", f.createdAtGte);
    if (f.createdAtLte !== undefined) add("created_at <= ?", f.createdAtLte);
    if (before) add("(created_at, id) < (?, ?)", before.createdAt, before.id);
    const sql = `SELECT json FROM stores ${where} ORDER BY created_at DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...where.args, limit) as Array<{ json: Buffer }>).map((r) => decodeStoreJson(r.json));
  }

  close(): void {
    this.db.close();
  }
}
