import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type ResourceParam = { type: "memory_store"; memory_store_id: string; access?: "read_write" | "read_only" | null; instructions?: string | null };

const createSession = (resources: ResourceParam[], client = h.client) =>
  client.beta.sessions.create({ agent: "agent_memgit", environment_id: "env_memgit", resources });

/** A session over the given stores and a bearer token for it. */
async function sessionWithToken(resources: ResourceParam[]) {
  const session = await createSession(resources);
  const minted = await h.raw("POST", `/v1/sessions/${session.id}/tokens`);
  expect(minted.status).toBe(200);
  return { session, token: minted.json.token as string, client: h.clientFor(minted.json.token) };
}

describe("session attachment", () => {
  it("C129 a memory_store resource echoes access and instructions and carries snapshots, no id or timestamps", async () => {
    const s = await h.client.beta.memoryStores.create({ name: "Team Notes", description: "shared notes" });
    const session = await createSession([{ type: "memory_store", memory_store_id: s.id, access: "read_only", instructions: "i" }]);
    expect(session.id).toMatch(/^sesn_/);
    expect(session.resources).toEqual([
      { type: "memory_store", memory_store_id: s.id, access: "read_only", instructions: "i", name: "Team Notes", description: "shared notes", mount_path: "/mnt/memory/team-notes" },
    ]);
  });

  it("C130 access omitted → read_write", async () => {
    const s = await h.store();
    const session = await createSession([{ type: "memory_store", memory_store_id: s.id }]);
    expect(session.resources[0]).toMatchObject({ access: "read_write", instructions: null });
  });

  it("C131, C132 mount paths follow the slug rule", async () => {
    const a = await h.client.beta.memoryStores.create({ name: "User Preferences" });
    const b = await h.client.beta.memoryStores.create({ name: "Demo  Memory!!v2" });
    const c = await h.client.beta.memoryStores.create({ name: "(Notes)" });
    const d = await h.client.beta.memoryStores.create({ name: "日本" });
    const session = await createSession([a, b, c, d].map((s) => ({ type: "memory_store" as const, memory_store_id: s.id })));
    expect(session.resources.map((r) => (r as { mount_path: string }).mount_path)).toEqual([
      "/mnt/memory/user-preferences",
      "/mnt/memory/demo-memory-v2",
      "/mnt/memory/notes",
      `/mnt/memory/${d.id}`,
    ]);
  });

  it("C133 renaming a store later changes only new sessions", async () => {
    const s = await h.client.beta.memoryStores.create({ name: "Old Name" });
    const before = await createSession([{ type: "memory_store", memory_store_id: s.id }]);
    await h.client.beta.memoryStores.update(s.id, { name: "New Name" });
    const again = await h.client.beta.sessions.retrieve(before.id);
    expect(again.resources[0]).toMatchObject({ name: "Old Name", mount_path: "/mnt/memory/old-name" });
    const after = await createSession([{ type: "memory_store", memory_store_id: s.id }]);
    expect(after.resources[0]).toMatchObject({ name: "New Name", mount_path: "/mnt/memory/new-name" });
  });

  it("C134 nine stores, or 4,097-character instructions → 400", async () => {
    const stores = await Promise.all(Array.from({ length: 9 }, (_, i) => h.client.beta.memoryStores.create({ name: `nine ${i}` })));
    const nine = stores.map((s) => ({ type: "memory_store" as const, memory_store_id: s.id }));
    expect((await sdkError(createSession(nine))).status).toBe(400);
    expect((await createSession(nine.slice(0, 8))).resources).toHaveLength(8);
    const long = [{ ...nine[0]!, instructions: "x".repeat(4097) }];
    expect((await sdkError(createSession(long))).status).toBe(400);
  });

  it("C135 an archived store, the same store twice, colliding slugs, or an unknown store → 400", async () => {
    const archived = await h.store();
    await h.client.beta.memoryStores.archive(archived.id);
    const a = await h.client.beta.memoryStores.create({ name: "Clash Name" });
    const b = await h.client.beta.memoryStores.create({ name: "clash-name" });
    const cases: ResourceParam[][] = [
      [{ type: "memory_store", memory_store_id: archived.id }],
      [{ type: "memory_store", memory_store_id: a.id }, { type: "memory_store", memory_store_id: a.id }],
      [{ type: "memory_store", memory_store_id: a.id }, { type: "memory_store", memory_store_id: b.id }],
      [{ type: "memory_store", memory_store_id: "memstore_011CZkZaBF1tNoB5wlCeusgy" }],
    ];
    for (const resources of cases) {
      const err = await sdkError(createSession(resources));
      expect(err.status).toBe(400);
      expect(err.type).toBe("invalid_request_error");
    }
    const file = await h.raw("POST", "/v1/sessions", { body: { agent: "a", environment_id: "e", resources: [{ type: "file", file_id: "file_1" }] } });
    expectError(file, 400, "invalid_request_error");
  });

  it("C136 adding a memory_store resource to a running session → 400", async () => {
    const s = await h.store();
    const session = await createSession([]);
    const res = await h.raw("POST", `/v1/sessions/${session.id}/resources`, { body: { type: "memory_store", memory_store_id: s.id } });
    expectError(res, 400, "invalid_request_error");
  });

  it("C137 GET /v1/sessions?memory_store_id= lists only sessions attaching that store, through the auto-pager", async () => {
    const s = await h.store();
    const other = await h.store();
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push((await createSession([{ type: "memory_store", memory_store_id: s.id }])).id);
    await createSession([{ type: "memory_store", memory_store_id: other.id }]);
    const seen: string[] = [];
    for await (const x of h.client.beta.sessions.list({ memory_store_id: s.id, limit: 2 })) seen.push(x.id);
    expect(seen).toEqual([...mine].reverse());
  });

  it("sessions of another workspace are not found; read_only keys cannot create them", async () => {
    const session = await createSession([]);
    const outsider = h.newKey("admin");
    expectError(await h.raw("GET", `/v1/sessions/${session.id}`, { key: outsider.key }), 404, "not_found_error");
    const ro = h.newKey("read_only", "root");
    expect(await sdkError(createSession([], h.clientFor(ro.key)))).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });
});

describe("session tokens", () => {
  it("C140 the token reads its session and the attached store's memories in the worker's views", async () => {
    const s = await h.store();
    const m = await h.client.beta.memoryStores.memories.create(s.id, { path: "/w.md", content: "w" });
    const { session, client } = await sessionWithToken([{ type: "memory_store", memory_store_id: s.id }]);
    expect((await client.beta.sessions.retrieve(session.id)).resources).toHaveLength(1);
    expect((await client.beta.memoryStores.memories.list(s.id, { view: "full", limit: 20 })).data[0]).toMatchObject({ content: "w" });
    expect((await client.beta.memoryStores.memories.list(s.id, { view: "basic", limit: 100 })).data).toHaveLength(1);
    expect((await client.beta.memoryStores.memories.retrieve(m.id, { memory_store_id: s.id, view: "full" })).content).toBe("w");
  });

  it("C141, C115 writes through the token are session_actor versions, filterable by session_id", async () => {
    const s = await h.store();
    const { session, client } = await sessionWithToken([{ type: "memory_store", memory_store_id: s.id }]);
    const mem = client.beta.memoryStores.memories;
    const m = await mem.create(s.id, { path: "/agent.md", content: "a" });
    await mem.update(m.id, { memory_store_id: s.id, content: "b" });
    await mem.delete(m.id, { memory_store_id: s.id });
    await h.client.beta.memoryStores.memories.create(s.id, { path: "/human.md", content: "h" });
    const bySession = await h.client.beta.memoryStores.memoryVersions.list(s.id, { session_id: session.id });
    expect(bySession.data.map((v) => v.operation)).toEqual(["deleted", "modified", "created"]);
    for (const v of bySession.data) expect(v.created_by).toEqual({ type: "session_actor", session_id: session.id });
  });

  it("C142 a store not attached to the session is not found", async () => {
    const attached = await h.store();
    const other = await h.store();
    const { client } = await sessionWithToken([{ type: "memory_store", memory_store_id: attached.id }]);
    expect(await sdkError(client.beta.memoryStores.memories.list(other.id))).toBeInstanceOf(Anthropic.NotFoundError);
    expect(await sdkError(client.beta.memoryStores.retrieve(other.id))).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("read_only attachments refuse writes with permission_error; store management is refused", async () => {
    const s = await h.store();
    const m = await h.client.beta.memoryStores.memories.create(s.id, { path: "/ro.md", content: "r" });
    const { client } = await sessionWithToken([{ type: "memory_store", memory_store_id: s.id, access: "read_only" }]);
    const mem = client.beta.memoryStores.memories;
    expect((await mem.retrieve(m.id, { memory_store_id: s.id })).content).toBe("r");
    for (const w of [
      () => mem.create(s.id, { path: "/new.md", content: "" }),
      () => mem.update(m.id, { memory_store_id: s.id, content: "x" }),
      () => mem.delete(m.id, { memory_store_id: s.id }),
      () => client.beta.memoryStores.create({ name: "x" }),
      () => client.beta.memoryStores.list(),
    ])
      expect(await sdkError(w())).toBeInstanceOf(Anthropic.PermissionDeniedError);
  });

  it("C128 redacting with a session token → 403 permission_error", async () => {
    const s = await h.store();
    const m = await h.client.beta.memoryStores.memories.create(s.id, { path: "/x", content: "1" });
    await h.client.beta.memoryStores.memories.update(m.id, { memory_store_id: s.id, content: "2" });
    const { client } = await sessionWithToken([{ type: "memory_store", memory_store_id: s.id }]);
    const err = await sdkError(client.beta.memoryStores.memoryVersions.redact(m.memory_version_id, { memory_store_id: s.id }));
    expect(err).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(err.type).toBe("permission_error");
  });

  it("C144 worker races: stale precondition → 409, deleted memory → 404, stale delete hash → 409", async () => {
    const s = await h.store();
    const m = await h.client.beta.memoryStores.memories.create(s.id, { path: "/race.md", content: "base" });
    const { client } = await sessionWithToken([{ type: "memory_store", memory_store_id: s.id }]);
    const listedSha = m.content_sha256;
    await h.client.beta.memoryStores.memories.update(m.id, { memory_store_id: s.id, content: "theirs" });
    const mem = client.beta.memoryStores.memories;
    const stale = await sdkError(mem.update(m.id, { memory_store_id: s.id, content: "mine", precondition: { type: "content_sha256", content_sha256: listedSha } }));
    expect(stale.status).toBe(409);
    const del = await sdkError(mem.delete(m.id, { memory_store_id: s.id, expected_content_sha256: listedSha }));
    expect(del.status).toBe(409);
    await h.client.beta.memoryStores.memories.delete(m.id, { memory_store_id: s.id });
    expect((await sdkError(mem.update(m.id, { memory_store_id: s.id, content: "mine" }))).status).toBe(404);
  });

  it("a session's tokens stop working when the session is deleted; tokens cannot manage sessions", async () => {
    const s = await h.store();
    const { session, token, client } = await sessionWithToken([{ type: "memory_store", memory_store_id: s.id }]);
    expectError(await h.raw("POST", "/v1/sessions", { key: token, body: { resources: [] } }), 403, "permission_error");
    expectError(await h.raw("GET", "/v1/sessions", { key: token }), 403, "permission_error");
    expect(await h.client.beta.sessions.delete(session.id)).toEqual({ id: session.id, type: "session_deleted" });
    expect(await sdkError(client.beta.memoryStores.memories.list(s.id))).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("a token only reads its own session", async () => {
    const { client } = await sessionWithToken([]);
    const other = await createSession([]);
    expect(await sdkError(client.beta.sessions.retrieve(other.id))).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe("memory prompt note", () => {
  it("C145 the note names each store's name, mount path, access, description and instructions", async () => {
    const a = await h.client.beta.memoryStores.create({ name: "User Preferences", description: "what the user likes" });
    const b = await h.client.beta.memoryStores.create({ name: "Runbooks" });
    const { session, token } = await sessionWithToken([
      { type: "memory_store", memory_store_id: a.id, instructions: "check before answering" },
      { type: "memory_store", memory_store_id: b.id, access: "read_only" },
    ]);
    const res = await h.raw("GET", `/v1/sessions/${session.id}/memory_prompt`, { key: token });
    expect(res.json).toMatchObject({ type: "memory_prompt", session_id: session.id });
    const text: string = res.json.text;
    expect(text).toContain('"User Preferences" at /mnt/memory/user-preferences (read_write): what the user likes');
    expect(text).toContain("Instructions: check before answering");
    expect(text).toContain('"Runbooks" at /mnt/memory/runbooks (read_only)');
  });
});
