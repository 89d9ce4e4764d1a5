import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("workspaces and key roles", () => {
  it("another workspace's store and everything under it is 404, never 403", async () => {
    const s = await h.store();
    const m = await h.client.beta.memoryStores.memories.create(s.id, { path: "/a", content: "a" });
    const outsider = h.newKey("admin");
    const paths: [string, string][] = [
      ["GET", `/v1/memory_stores/${s.id}`],
      ["POST", `/v1/memory_stores/${s.id}/archive`],
      ["DELETE", `/v1/memory_stores/${s.id}`],
      ["GET", `/v1/memory_stores/${s.id}/memories`],
      ["GET", `/v1/memory_stores/${s.id}/memories/${m.id}`],
      ["DELETE", `/v1/memory_stores/${s.id}/memories/${m.id}`],
      ["GET", `/v1/memory_stores/${s.id}/memory_versions`],
      ["POST", `/v1/memory_stores/${s.id}/memory_versions/${m.memory_version_id}/redact`],
    ];
    for (const [method, path] of paths) {
      const err = expectError(await h.raw(method, path, { key: outsider.key }), 404, "not_found_error");
      expect(err.message).toBe(`memory store not found: ${s.id}`);
    }
    const update = await h.raw("POST", `/v1/memory_stores/${s.id}`, { key: outsider.key, body: { name: "x" } });
    expectError(update, 404, "not_found_error");
    const listed = await h.clientFor(outsider.key).beta.memoryStores.list({ limit: 100 });
    expect(listed.data.map((x) => x.id)).not.toContain(s.id);
    expect((await h.client.beta.memoryStores.memories.retrieve(m.id, { memory_store_id: s.id })).content).toBe("a");
  });

  it("a read_only key reads but every write is 403 permission_error", async () => {
    const ro = h.newKey("read_only", "root");
    const s = await h.store();
    const m = await h.client.beta.memoryStores.memories.create(s.id, { path: "/a", content: "a" });
    const client = h.clientFor(ro.key).beta.memoryStores;
    expect((await client.memories.retrieve(m.id, { memory_store_id: s.id })).content).toBe("a");
    expect((await client.list()).data.length).toBeGreaterThan(0);
    const writes = [
      () => client.create({ name: "x" }),
      () => client.update(s.id, { name: "x" }),
      () => client.archive(s.id),
      () => client.memories.create(s.id, { path: "/b", content: "" }),
      () => client.memories.update(m.id, { memory_store_id: s.id, content: "b" }),
      () => client.memories.delete(m.id, { memory_store_id: s.id }),
      () => client.delete(s.id),
    ];
    for (const w of writes) expect(await sdkError(w())).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((await h.client.beta.memoryStores.memories.retrieve(m.id, { memory_store_id: s.id })).content).toBe("a");
  });

  it("a revoked key stops working on the very next request", async () => {
    const k = h.newKey("read_write", "root");
    const client = h.clientFor(k.key);
    await client.beta.memoryStores.list();
    h.server.auth.revokeApiKey(k.apiKeyId);
    expect(await sdkError(client.beta.memoryStores.list())).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("anthropic-workspace-id must name the key's workspace when sent", async () => {
    const ws = h.server.bootstrap!.workspace.id;
    expect((await h.raw("GET", "/v1/memory_stores", { headers: { "anthropic-workspace-id": ws } })).status).toBe(200);
    expectError(await h.raw("GET", "/v1/memory_stores", { headers: { "anthropic-workspace-id": "wrkspc_other" } }), 403, "permission_error");
  });
});

describe("admin routes", () => {
  it("an admin of the root workspace creates a workspace and a key that works at once", async () => {
    const ws = await h.raw("POST", "/v1/admin/workspaces", { body: { name: "team-admin-route" } });
    expect(ws.json).toMatchObject({ type: "workspace", name: "team-admin-route", root: false });
    const key = await h.raw("POST", "/v1/admin/api_keys", { body: { workspace: "team-admin-route", role: "read_write" } });
    expect(key.status).toBe(200);
    expect(key.json.key).toMatch(/^sk-memgit-/);
    const client = h.clientFor(key.json.key);
    const s = await client.beta.memoryStores.create({ name: "theirs" });
    expect((await sdkError(h.client.beta.memoryStores.retrieve(s.id))).status).toBe(404);

    const listed = await h.raw("GET", "/v1/admin/api_keys?workspace=team-admin-route");
    expect(listed.json.data).toEqual([expect.objectContaining({ id: key.json.id, role: "read_write", revoked_at: null })]);
    expect(JSON.stringify(listed.json)).not.toContain(key.json.key);

    const revoked = await h.raw("POST", `/v1/admin/api_keys/${key.json.id}/revoke`);
    expect(revoked.json.revoked_at).not.toBeNull();
    expect(await sdkError(client.beta.memoryStores.list())).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("non-admin keys get 403; admins of other workspaces stay inside their own", async () => {
    const rw = h.newKey("read_write", "root");
    expectError(await h.raw("GET", "/v1/admin/api_keys", { key: rw.key }), 403, "permission_error");
    const tenantAdmin = h.newKey("admin");
    expectError(await h.raw("POST", "/v1/admin/workspaces", { key: tenantAdmin.key, body: { name: "nope" } }), 403, "permission_error");
    const keys = await h.raw("GET", "/v1/admin/api_keys", { key: tenantAdmin.key });
    expect(keys.json.data.map((k: { workspace_id: string }) => k.workspace_id)).toEqual([tenantAdmin.workspaceId]);
    const foreign = await h.raw("POST", "/v1/admin/api_keys", { key: tenantAdmin.key, body: { workspace: "default", role: "admin" } });
    expectError(foreign, 404, "not_found_error");
    expectError(await h.raw("POST", `/v1/admin/api_keys/${h.server.bootstrap!.apiKeyId}/revoke`, { key: tenantAdmin.key }), 404, "not_found_error");
    expectError(await h.raw("POST", "/v1/admin/api_keys", { body: { role: "owner" } }), 400, "invalid_request_error");
  });
});
