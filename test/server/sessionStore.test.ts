import { describe, expect, it } from "vitest";
import { AuthStore } from "../../packages/server/src/auth/AuthStore.ts";
import { SessionStore } from "../../packages/server/src/auth/SessionStore.ts";
import { hashSecret } from "../../packages/server/src/ids.ts";

describe("SessionStore", () => {
  it("a database from before tokens recorded their minter opens; its old tokens no longer resolve", () => {
    const auth = AuthStore.open(":memory:");
    const { workspace, created } = auth.bootstrap()!;
    auth.db.exec(`
      CREATE TABLE sessions (id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE session_tokens (
        secret_sha256 TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL
      );`);
    const body = JSON.stringify({ title: null, agentId: null, environmentId: null, metadata: {}, resources: [] });
    auth.db.prepare("INSERT INTO sessions VALUES ('sesn_old', ?, ?, 1)").run(workspace.id, body);
    auth.db.prepare("INSERT INTO session_tokens VALUES (?, 'sesn_old', 1)").run(hashSecret("sk-memgit-sess-old-token"));

    const sessions = new SessionStore(auth.db);
    expect(sessions.resolveToken("sk-memgit-sess-old-token")).toBeNull();
    const fresh = sessions.mintToken("sesn_old", created.key.id);
    expect(sessions.resolveToken(fresh)).toMatchObject({ kind: "session", actor: { type: "session_actor", sessionId: "sesn_old" } });
    auth.revokeApiKey(created.key.id);
    expect(sessions.resolveToken(fresh)).toBeNull();
    auth.close();
  });
});
