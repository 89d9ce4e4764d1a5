// Backup remotes and what became of their pushes, in server.sqlite beside keys and sessions:
// outside every store's repository, so a clone or a backup never carries a remote's
// credential, and in a file only the server's user can read (docs/decisions/0016, 0052).
import type Database from "better-sqlite3";
import type { RemoteTarget } from "./remoteTarget.ts";

export interface Remote {
  storeId: string;
  name: string;
  target: RemoteTarget;
  createdAt: Date;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  /** What git said on the last failed push (credentials masked); null once a push succeeds. */
  lastError: string | null;
  /** `main` as last pushed, and its version id: how far behind the remote is is counted from them. */
  pushedMain: string | null;
  pushedVersion: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS backup_remotes (
  store_id TEXT NOT NULL,
  name TEXT NOT NULL,
  target TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_success_at INTEGER,
  last_error_at INTEGER,
  last_error TEXT,
  pushed_main TEXT,
  pushed_version TEXT,
  PRIMARY KEY (store_id, name)
);
`;

interface Row {
  store_id: string;
  name: string;
  target: string;
  created_at: number;
  last_success_at: number | null;
  last_error_at: number | null;
  last_error: string | null;
  pushed_main: string | null;
  pushed_version: string | null;
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

const toRemote = (r: Row): Remote => ({
  storeId: r.store_id,
  name: r.name,
  target: JSON.parse(r.target) as RemoteTarget,
  createdAt: new Date(r.created_at),
  lastSuccessAt: date(r.last_success_at),
  lastErrorAt: date(r.last_error_at),
  lastError: r.last_error,
  pushedMain: r.pushed_main,
  pushedVersion: r.pushed_version,
});

export class RemoteStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** False when the store already has a remote of that name. */
  add(storeId: string, name: string, target: RemoteTarget, now: Date): boolean {
    const run = this.db
      .prepare("INSERT INTO backup_remotes (store_id, name, target, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
      .run(storeId, name, JSON.stringify(target), now.getTime());
    return run.changes === 1;
  }

  get(storeId: string, name: string): Remote | null {
    const row = this.db.prepare("SELECT * FROM backup_remotes WHERE store_id = ? AND name = ?").get(storeId, name) as Row | undefined;
    return row ? toRemote(row) : null;
  }

  list(storeId: string): Remote[] {
    return (this.db.prepare("SELECT * FROM backup_remotes WHERE store_id = ? ORDER BY name").all(storeId) as Row[]).map(toRemote);
  }

  /** Every store that has at least one remote. */
  storeIds(): string[] {
    return (this.db.prepare("SELECT DISTINCT store_id FROM backup_remotes").all() as Array<{ store_id: string }>).map((r) => r.store_id);
  }

  remove(storeId: string, name: string): boolean {
    return this.db.prepare("DELETE FROM backup_remotes WHERE store_id = ? AND name = ?").run(storeId, name).changes === 1;
  }

  removeStore(storeId: string): void {
    this.db.prepare("DELETE FROM backup_remotes WHERE store_id = ?").run(storeId);
  }

  recordSuccess(storeId: string, name: string, at: Date, pushed: { main: string | null; version: string | null }): void {
    this.db
      .prepare("UPDATE backup_remotes SET last_success_at = ?, last_error = NULL, pushed_main = ?, pushed_version = ? WHERE store_id = ? AND name = ?")
      .run(at.getTime(), pushed.main, pushed.version, storeId, name);
  }

  recordFailure(storeId: string, name: string, at: Date, message: string): void {
    this.db.prepare("UPDATE backup_remotes SET last_error_at = ?, last_error = ? WHERE store_id = ? AND name = ?").run(at.getTime(), message, storeId, name);
  }
}
