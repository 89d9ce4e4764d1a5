// Sessions that attach memory stores, and their tokens (spec §10, §12.1), in server.sqlite
// beside workspaces and keys. A token acts only on its session's attached stores, as
// `session_actor`, and stops working when the session is deleted or the API key that
// minted it is revoked (docs/decisions/0013).
import type Database from "better-sqlite3";
import { hashSecret, newSessionId, newSessionToken } from "../ids.ts";
import type { Access, Principal } from "./principal.ts";

export interface AttachedStore {
  memoryStoreId: string;
  access: Access;
  instructions: string | null;
  /** Snapshots taken at attach time; later store edits do not change them. */
  name: string;
  description: string;
  mountPath: string;
}

export interface Session {
  id: string;
  workspaceId: string;
  title: string | null;
  agentId: string | null;
  environmentId: string | null;
  metadata: Record<string, string>;
  resources: AttachedStore[];
  createdAt: Date;
  updatedAt: Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_workspace ON sessions (workspace_id, created_at, id);
CREATE TABLE IF NOT EXISTS session_stores (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  store_id TEXT NOT NULL,
  access TEXT NOT NULL,
  PRIMARY KEY (session_id, store_id)
);
CREATE INDEX IF NOT EXISTS session_stores_by_store ON session_stores (store_id);
CREATE TABLE IF NOT EXISTS session_tokens (
  secret_sha256 TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
`;

/**
 * The key that minted each token. Added to databases made before tokens died with their
 * key; their old tokens have no minter and no longer resolve (docs/decisions/0013).
 */
function addTokenMinter(db: Database.Database): void {
  const columns = db.prepare("PRAGMA table_info(session_tokens)").all() as { name: string }[];
  if (!columns.some((c) => c.name === "api_key_id"))
    db.exec("ALTER TABLE session_tokens ADD COLUMN api_key_id TEXT REFERENCES api_keys(id)");
}

type SessionBody = Omit<Session, "id" | "workspaceId" | "createdAt" | "updatedAt">;

function toSession(row: { id: string; workspace_id: string; body: string; created_at: number }): Session {
  const body = JSON.parse(row.body) as SessionBody;
  const at = new Date(row.created_at);
  return { id: row.id, workspaceId: row.workspace_id, ...body, createdAt: at, updatedAt: at };
}

export interface SessionPage {
  items: Session[];
  /** `<created_at>:<id>` of the last item when more may follow. */
  nextCursor: string | null;
}

export class SessionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    db.exec(SCHEMA);
    addTokenMinter(db);
  }

  create(workspaceId: string, body: SessionBody): Session {
    const row = { id: newSessionId(), workspace_id: workspaceId, body: JSON.stringify(body), created_at: this.now() };
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO sessions (id, workspace_id, body, created_at) VALUES (@id, @workspace_id, @body, @created_at)").run(row);
      const attach = this.db.prepare("INSERT INTO session_stores (session_id, store_id, access) VALUES (?, ?, ?)");
      for (const r of body.resources) attach.run(row.id, r.memoryStoreId, r.access);
    })();
    return toSession(row);
  }

  /** The session if it belongs to the workspace. */
  get(workspaceId: string, id: string): Session | null {
    const row = this.db.prepare("SELECT * FROM sessions WHERE id = ? AND workspace_id = ?").get(id, workspaceId) as
      | Parameters<typeof toSession>[0]
      | undefined;
    return row ? toSession(row) : null;
  }

  /** Newest first; `cursor` is a previous page's nextCursor. */
  list(workspaceId: string, query: { memoryStoreId?: string; limit: number; cursor: string | null }): SessionPage {
    const [atText, afterId] = query.cursor === null ? [null, null] : query.cursor.split(":");
    const at = atText === null ? null : Number(atText);
    const rows = this.db
      .prepare(
        `SELECT s.* FROM sessions s
         WHERE s.workspace_id = @ws
           AND (@store IS NULL OR EXISTS (SELECT 1 FROM session_stores x WHERE x.session_id = s.id AND x.store_id = @store))
           AND (@at IS NULL OR s.created_at < @at OR (s.created_at = @at AND s.id < @id))
         ORDER BY s.created_at DESC, s.id DESC LIMIT @limit`,
      )
      .all({ ws: workspaceId, store: query.memoryStoreId ?? null, at, id: afterId ?? null, limit: query.limit + 1 }) as Parameters<
      typeof toSession
    >[0][];
    const more = rows.length > query.limit;
    const items = rows.slice(0, query.limit).map(toSession);
    const last = items.at(-1);
    return { items, nextCursor: more && last ? `${last.createdAt.getTime()}:${last.id}` : null };
  }

  /** Deletes the session; its tokens go with it. */
  delete(workspaceId: string, id: string): boolean {
    return this.db.prepare("DELETE FROM sessions WHERE id = ? AND workspace_id = ?").run(id, workspaceId).changes > 0;
  }

  /** A new bearer token for the session; only its hash is kept. It dies with `apiKeyId`. */
  mintToken(sessionId: string, apiKeyId: string): string {
    const token = newSessionToken();
    this.db
      .prepare("INSERT INTO session_tokens (secret_sha256, session_id, api_key_id, created_at) VALUES (?, ?, ?, ?)")
      .run(hashSecret(token), sessionId, apiKeyId, this.now());
    return token;
  }

  resolveToken(secret: string): Principal | null {
    const row = this.db
      .prepare(
        `SELECT s.id, s.workspace_id FROM session_tokens t
         JOIN sessions s ON s.id = t.session_id
         JOIN api_keys k ON k.id = t.api_key_id AND k.revoked_at IS NULL
         WHERE t.secret_sha256 = ?`,
      )
      .get(hashSecret(secret)) as { id: string; workspace_id: string } | undefined;
    if (!row) return null;
    const stores = this.db.prepare("SELECT store_id, access FROM session_stores WHERE session_id = ?").all(row.id) as {
      store_id: string;
      access: Access;
    }[];
    return {
      kind: "session",
      workspaceId: row.workspace_id,
      rootWorkspace: false,
      role: "read_write",
      actor: { type: "session_actor", sessionId: row.id },
      stores: new Map(stores.map((s) => [s.store_id, s.access])),
    };
  }
}
