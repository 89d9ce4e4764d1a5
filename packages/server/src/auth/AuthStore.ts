// Workspaces and API keys in the server's own SQLite file (<dataDir>/server.sqlite).
// The engine holds an exclusive lock on the data directory, so the CLI manages keys by
// opening this file directly while the server runs; WAL mode makes that safe, and every
// request resolves its key here afresh, so a revoke takes effect on the next request.
import Database from "better-sqlite3";
import { hashSecret, newApiKeyId, newApiKeySecret, newWorkspaceId } from "../ids.ts";
import type { Principal, Role } from "./principal.ts";

export interface Workspace {
  id: string;
  name: string;
  root: boolean;
  createdAt: Date;
}

export interface ApiKey {
  id: string;
  workspaceId: string;
  role: Role;
  /** Last four characters of the secret, to tell keys apart in listings. */
  hint: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface CreatedApiKey {
  key: ApiKey;
  /** Shown once; only its SHA-256 is stored. */
  secret: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  root INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  role TEXT NOT NULL CHECK (role IN ('read_only', 'read_write', 'admin')),
  secret_sha256 TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
`;

interface WorkspaceRow {
  id: string;
  name: string;
  root: number;
  created_at: number;
}

interface ApiKeyRow {
  id: string;
  workspace_id: string;
  role: Role;
  hint: string;
  created_at: number;
  revoked_at: number | null;
}

const toWorkspace = (r: WorkspaceRow): Workspace => ({
  id: r.id,
  name: r.name,
  root: r.root === 1,
  createdAt: new Date(r.created_at),
});

const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  workspaceId: r.workspace_id,
  role: r.role,
  hint: r.hint,
  createdAt: new Date(r.created_at),
  revokedAt: r.revoked_at === null ? null : new Date(r.revoked_at),
});

export class AuthStore {
  readonly db: Database.Database;
  private readonly clock: () => Date;
  private keyLookup: Database.Statement | null = null;

  private constructor(db: Database.Database, clock: () => Date) {
    this.db = db;
    this.clock = clock;
  }

  /** `file` is a path, or ":memory:" for tests. */
  static open(file: string, options: { clock?: () => Date } = {}): AuthStore {
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    db.exec(SCHEMA);
    return new AuthStore(db, options.clock ?? (() => new Date()));
  }

  close(): void {
    this.db.close();
  }

  now(): number {
    return this.clock().getTime();
  }

  isEmpty(): boolean {
    return this.db.prepare("SELECT 1 FROM workspaces LIMIT 1").get() === undefined;
  }

  createWorkspace(name: string, options: { root?: boolean } = {}): Workspace {
    const trimmed = name.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(trimmed))
      throw new AuthInputError("workspace names are 1-64 letters, digits, '.', '_' or '-'");
    if (this.findWorkspace(trimmed)) throw new AuthInputError(`workspace already exists: ${trimmed}`);
    const row: WorkspaceRow = { id: newWorkspaceId(), name: trimmed, root: options.root ? 1 : 0, created_at: this.now() };
    this.db.prepare("INSERT INTO workspaces (id, name, root, created_at) VALUES (@id, @name, @root, @created_at)").run(row);
    return toWorkspace(row);
  }

  listWorkspaces(): Workspace[] {
    return (this.db.prepare("SELECT * FROM workspaces ORDER BY created_at, id").all() as WorkspaceRow[]).map(toWorkspace);
  }

  /** By id or by name. */
  findWorkspace(idOrName: string): Workspace | null {
    const row = this.db.prepare("SELECT * FROM workspaces WHERE id = ? OR name = ?").get(idOrName, idOrName) as
      | WorkspaceRow
      | undefined;
    return row ? toWorkspace(row) : null;
  }

  /** `secret` lets scripts choose the key (MEMGIT_BOOTSTRAP_KEY); otherwise one is minted. */
  createApiKey(workspaceId: string, role: Role, secret: string = newApiKeySecret()): CreatedApiKey {
    if (!this.findWorkspace(workspaceId)) throw new AuthInputError(`unknown workspace: ${workspaceId}`);
    if (secret.length < 16 || /\s/.test(secret)) throw new AuthInputError("a key must be at least 16 characters without spaces");
    const row = {
      id: newApiKeyId(),
      workspace_id: workspaceId,
      role,
      secret_sha256: hashSecret(secret),
      hint: secret.slice(-4),
      created_at: this.now(),
      revoked_at: null,
    };
    try {
      this.db
        .prepare(
          `INSERT INTO api_keys (id, workspace_id, role, secret_sha256, hint, created_at, revoked_at)
           VALUES (@id, @workspace_id, @role, @secret_sha256, @hint, @created_at, @revoked_at)`,
        )
        .run(row);
    } catch (err) {
      if (err instanceof Error && /UNIQUE/.test(err.message)) throw new AuthInputError("that key is already in use");
      throw err;
    }
    return { key: toApiKey(row), secret };
  }

  listApiKeys(workspaceId?: string): ApiKey[] {
    const rows = workspaceId
      ? this.db.prepare("SELECT * FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id").all(workspaceId)
      : this.db.prepare("SELECT * FROM api_keys ORDER BY created_at, id").all();
    return (rows as ApiKeyRow[]).map(toApiKey);
  }

  getApiKey(id: string): ApiKey | null {
    const row = this.db.prepare("SELECT * FROM api_keys WHERE id = ?").get(id) as ApiKeyRow | undefined;
    return row ? toApiKey(row) : null;
  }

  /** Idempotent; returns the key as it now stands, or null if there is no such key. */
  revokeApiKey(id: string): ApiKey | null {
    this.db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(this.now(), id);
    return this.getApiKey(id);
  }

  /** The principal behind any presented credential, or null. */
  resolve(secret: string): Principal | null {
    return this.resolveApiKey(secret);
  }

  /** The principal behind a presented API key, or null for unknown and revoked keys. */
  resolveApiKey(secret: string): Principal | null {
    // Runs on every request, so the statement is prepared once.
    this.keyLookup ??= this.db.prepare(
      `SELECT k.id, k.workspace_id, k.role, w.root FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
       WHERE k.secret_sha256 = ? AND k.revoked_at IS NULL`,
    );
    const row = this.keyLookup.get(hashSecret(secret)) as
      | { id: string; workspace_id: string; role: Role; root: number }
      | undefined;
    if (!row) return null;
    return {
      kind: "api_key",
      workspaceId: row.workspace_id,
      rootWorkspace: row.root === 1,
      role: row.role,
      actor: { type: "api_actor", apiKeyId: row.id },
      stores: null,
    };
  }

  /**
   * First start: an empty database gets the root workspace and an admin key.
   * Returns null when the database already had workspaces.
   */
  bootstrap(secret?: string): { workspace: Workspace; created: CreatedApiKey } | null {
    return this.db.transaction(() => {
      if (!this.isEmpty()) return null;
      const workspace = this.createWorkspace("default", { root: true });
      return { workspace, created: this.createApiKey(workspace.id, "admin", secret) };
    })();
  }
}

/** A bad workspace name, unknown workspace, or unusable key; shown to CLI and admin-route users. */
export class AuthInputError extends Error {}
