// The verified-credential cache (docs/decisions/0081): a repeated credential is answered without
// a lookup, and any change to server.sqlite, from this connection or another process's, ends it,
// so revocations still bite on the next request.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuthStore } from "../../packages/server/src/auth/AuthStore.ts";
import { cachedCredentials } from "../../packages/server/src/auth/credentialCache.ts";
import { SessionStore } from "../../packages/server/src/auth/SessionStore.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open() {
  const dir = mkdtempSync(path.join(tmpdir(), "memgit-credcache-"));
  dirs.push(dir);
  const file = path.join(dir, "server.sqlite");
  const auth = AuthStore.open(file);
  const { workspace, created } = auth.bootstrap()!;
  const sessions = new SessionStore(auth.db);
  let lookups = 0;
  const resolve = cachedCredentials(auth.db, (secret) => {
    lookups++;
    return auth.resolve(secret) ?? sessions.resolveToken(secret);
  });
  return { file, auth, sessions, workspace, created, resolve, lookups: () => lookups };
}

describe("cachedCredentials", () => {
  it("answers a credential again without a lookup while server.sqlite is unchanged", () => {
    const t = open();
    const first = t.resolve(t.created.secret);
    expect(first).toMatchObject({ kind: "api_key", role: "admin" });
    expect(t.resolve(t.created.secret)).toEqual(first);
    expect(t.resolve(t.created.secret)).toEqual(first);
    expect(t.lookups()).toBe(1);
    t.auth.close();
  });

  it("never remembers an unknown secret", () => {
    const t = open();
    expect(t.resolve("sk-memgit-not-a-key-at-all-0000")).toBeNull();
    expect(t.resolve("sk-memgit-not-a-key-at-all-0000")).toBeNull();
    expect(t.lookups()).toBe(2);
    t.auth.close();
  });

  it("a key revoked by another process fails on its next request", () => {
    const t = open();
    const key = t.auth.createApiKey(t.workspace.id, "read_write");
    expect(t.resolve(key.secret)?.role).toBe("read_write");
    expect(t.resolve(key.secret)?.role).toBe("read_write");
    // The CLI opens the file directly while the server runs.
    const cli = AuthStore.open(t.file);
    cli.revokeApiKey(key.key.id);
    cli.close();
    expect(t.resolve(key.secret)).toBeNull();
    t.auth.close();
  });

  it("a key revoked through the server's own connection fails on its next request", () => {
    const t = open();
    const key = t.auth.createApiKey(t.workspace.id, "read_only");
    expect(t.resolve(key.secret)?.role).toBe("read_only");
    t.auth.revokeApiKey(key.key.id);
    expect(t.resolve(key.secret)).toBeNull();
    t.auth.close();
  });

  it("a session token fails on its next request once its session is deleted", () => {
    const t = open();
    const session = t.sessions.create(t.workspace.id, {
      title: null,
      agentId: null,
      environmentId: null,
      metadata: {},
      resources: [{ memoryStoreId: "memstore_01", access: "read_only" }],
    } as unknown as Parameters<SessionStore["create"]>[1]);
    const token = t.sessions.mintToken(session.id, t.created.key.id);
    expect(t.resolve(token)?.kind).toBe("session");
    expect(t.resolve(token)?.kind).toBe("session");
    expect(t.sessions.delete(t.workspace.id, session.id)).toBe(true);
    expect(t.resolve(token)).toBeNull();
    t.auth.close();
  });
});
