// Stores an operator gave to a workspace with `memgit stores adopt` (a store copied into the
// data directory whose owner workspace does not exist here), waiting in server.sqlite for the
// server to apply them: the CLI cannot open the stores while the server holds the data
// directory, so it records the request, and the server writes the new owner into the store on
// its next request or start (like a revoked key, which fails on its next request).
import type Database from "better-sqlite3";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_adoptions (
  store_id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  requested_at INTEGER NOT NULL
);
`;

export interface Adoption {
  storeId: string;
  workspaceId: string;
}

export class StoreAdoptions {
  private readonly anyStatement: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.anyStatement = db.prepare("SELECT 1 FROM store_adoptions LIMIT 1");
  }

  request(storeId: string, workspaceId: string, atMs: number): void {
    this.db
      .prepare("INSERT INTO store_adoptions (store_id, workspace_id, requested_at) VALUES (?, ?, ?) ON CONFLICT(store_id) DO UPDATE SET workspace_id = excluded.workspace_id, requested_at = excluded.requested_at")
      .run(storeId, workspaceId, atMs);
  }

  /** Whether an adoption waits (asked when server.sqlite changed: app.ts). */
  any(): boolean {
    return this.anyStatement.get() !== undefined;
  }


  pending(): Adoption[] {
    return (this.db.prepare("SELECT store_id, workspace_id FROM store_adoptions ORDER BY requested_at").all() as Array<{ store_id: string; workspace_id: string }>).map((r) => ({
      storeId: r.store_id,
      workspaceId: r.workspace_id,
    }));
  }

  /** Drops the request, unless a newer one replaced it meanwhile. */
  done(a: Adoption): void {
    this.db.prepare("DELETE FROM store_adoptions WHERE store_id = ? AND workspace_id = ?").run(a.storeId, a.workspaceId);
  }
}
