import { describe, expect, it } from "vitest";
import { AuthStore } from "../../packages/server/src/auth/AuthStore.ts";
import { hashSecret } from "../../packages/server/src/ids.ts";

describe("AuthStore", () => {
  it("bootstraps once: a root workspace and an admin key that resolves to an api_actor", () => {
    const auth = AuthStore.open(":memory:");
    const first = auth.bootstrap();
    expect(first).not.toBeNull();
    expect(auth.bootstrap()).toBeNull();
    const { workspace, created } = first!;
    expect(workspace.root).toBe(true);
    expect(created.secret).toMatch(/^sk-memgit-[1-9A-HJ-NP-Za-km-z]{40}$/);
    expect(created.key.id).toMatch(/^apikey_/);
    const p = auth.resolve(created.secret);
    expect(p).toMatchObject({ kind: "api_key", workspaceId: workspace.id, role: "admin", rootWorkspace: true });
    expect(p?.actor).toEqual({ type: "api_actor", apiKeyId: created.key.id });
    auth.close();
  });

  it("stores only the SHA-256 of a key", () => {
    const auth = AuthStore.open(":memory:");
    const { created } = auth.bootstrap("sk-memgit-chosen-by-the-operator")!;
    const rows = auth.db.prepare("SELECT * FROM api_keys").all() as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(created.secret);
    expect(rows[0]?.secret_sha256).toBe(hashSecret("sk-memgit-chosen-by-the-operator"));
    auth.close();
  });

  it("revoking a key stops it resolving at once, also through a second connection", () => {
    const auth = AuthStore.open(":memory:");
    const ws = auth.createWorkspace("team-a");
    const { key, secret } = auth.createApiKey(ws.id, "read_only");
    expect(auth.resolve(secret)?.role).toBe("read_only");
    expect(auth.revokeApiKey(key.id)?.revokedAt).toBeInstanceOf(Date);
    expect(auth.resolve(secret)).toBeNull();
    expect(auth.revokeApiKey("apikey_missing")).toBeNull();
    auth.close();
  });

  it("refuses bad workspace names, duplicate names and short chosen keys", () => {
    const auth = AuthStore.open(":memory:");
    auth.createWorkspace("a");
    expect(() => auth.createWorkspace("a")).toThrow(/exists/);
    expect(() => auth.createWorkspace("has space")).toThrow(/names/);
    expect(() => auth.createApiKey(auth.findWorkspace("a")!.id, "admin", "short")).toThrow(/16/);
    expect(() => auth.createApiKey("wrkspc_nope", "admin")).toThrow(/unknown workspace/);
    expect(auth.findWorkspace("a")?.name).toBe("a");
    auth.close();
  });
});
