import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("transport, auth, headers, errors", () => {
  it("C1 Bearer (what the SDK sends) and x-api-key are both accepted", async () => {
    await expect(h.client.beta.memoryStores.list()).resolves.toBeDefined();
    const viaHeader = await h.raw("GET", "/v1/memory_stores");
    expect(viaHeader.status).toBe(200);
    const viaBearer = await h.raw("GET", "/v1/memory_stores", { key: null, headers: { authorization: `Bearer ${h.key}` } });
    expect(viaBearer.status).toBe(200);
  });

  it("C2 no credential → 401 authentication_error envelope with x-should-retry: false", async () => {
    const res = await h.raw("GET", "/v1/memory_stores", { key: null });
    expectError(res, 401, "authentication_error");
  });

  it("C3 an unknown key → 401 authentication_error", async () => {
    expectError(await h.raw("GET", "/v1/memory_stores", { key: "sk-memgit-not-a-real-key-at-all" }), 401, "authentication_error");
    const err = await sdkError(h.clientFor("sk-memgit-unknown-key-1234567890").beta.memoryStores.list());
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
  });

  it("C4 anthropic-version 2026-10-21 and 2023-06-01 are both accepted", async () => {
    for (const v of ["2026-10-21", "2023-06-01", "1999-01-01"])
      expect((await h.raw("GET", "/v1/memory_stores", { headers: { "anthropic-version": v } })).status).toBe(200);
  });

  it("C5 managed-agents beta alone is accepted on memory store routes", async () => {
    expect((await h.raw("GET", "/v1/memory_stores", { beta: "managed-agents-2026-04-01" })).status).toBe(200);
  });

  it("C6 both memory betas → 400 invalid_request_error (also what SDK users hit with betas: [managed-agents])", async () => {
    const res = await h.raw("GET", "/v1/memory_stores", { beta: "managed-agents-2026-04-01,agent-memory-2026-07-22" });
    expectError(res, 400, "invalid_request_error");
    const err = await sdkError(h.client.beta.memoryStores.list({ betas: ["managed-agents-2026-04-01"] }));
    expect(err.status).toBe(400);
  });

  it("C7 a duplicated beta value or ?beta=true behaves like the plain request", async () => {
    const store = await h.store();
    const dup = await h.raw("GET", `/v1/memory_stores/${store.id}`, { beta: "agent-memory-2026-07-22, agent-memory-2026-07-22" });
    const q = await h.raw("GET", `/v1/memory_stores/${store.id}?beta=true`);
    expect(dup.status).toBe(200);
    expect(q.json).toEqual(dup.json);
  });

  it("C8 no beta header → 200 in lenient mode (default) and 400 in strict mode", async () => {
    expect((await h.raw("GET", "/v1/memory_stores", { beta: null })).status).toBe(200);
    const strict = await startHarness({ betaRules: { requireOne: true } });
    try {
      expectError(await strict.raw("GET", "/v1/memory_stores", { beta: null }), 400, "invalid_request_error");
      expect((await strict.raw("GET", "/v1/memory_stores")).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it("C9 every response carries request-id; error bodies repeat it", async () => {
    const ok = await h.raw("GET", "/v1/memory_stores");
    expect(ok.headers.get("request-id")).toMatch(/^req_[1-9A-HJ-NP-Za-km-z]{24}$/);
    const bad = await h.raw("GET", "/v1/memory_stores/memstore_nope");
    expect(bad.json.request_id).toBe(bad.headers.get("request-id"));
    const unauth = await h.raw("GET", "/nowhere", { key: null });
    expect(unauth.headers.get("request-id")).toMatch(/^req_/);
  });

  it("C10 successes are 200 application/json, create and delete included", async () => {
    const created = await h.raw("POST", "/v1/memory_stores", { body: { name: "c10" } });
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    const deleted = await h.raw("DELETE", `/v1/memory_stores/${created.json.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("C11 an unknown sub-path → 404 not_found_error with x-should-retry: false", async () => {
    const store = await h.store();
    const m = await h.client.beta.memoryStores.memories.create(store.id, { path: "/x.md", content: "x" });
    expectError(await h.raw("GET", `/v1/memory_stores/${store.id}/memories/${m.id}/memory_versions`), 404, "not_found_error");
    expectError(await h.raw("GET", "/v1/nothing_here"), 404, "not_found_error");
  });

  it("C12 unknown top-level keys and non-JSON bodies → 400 invalid_request_error naming the problem", async () => {
    const store = await h.store();
    const unknown = expectError(await h.raw("POST", "/v1/memory_stores", { body: { name: "x", colour: "red" } }), 400, "invalid_request_error");
    expect(unknown.message).toContain("colour");
    const badJson = await h.raw("POST", "/v1/memory_stores", { rawBody: "{\"name\": ", headers: { "content-type": "application/json" } });
    expectError(badJson, 400, "invalid_request_error");
    const notObject = await h.raw("POST", `/v1/memory_stores/${store.id}/memories`, { body: ["/a", "b"] });
    expectError(notObject, 400, "invalid_request_error");
    const extra = await h.raw("POST", `/v1/memory_stores/${store.id}/memories`, { body: { path: "/a", content: "", mode: 1 } });
    expect(expectError(extra, 400, "invalid_request_error").message).toContain("mode");
    const badUtf8 = await h.raw("POST", "/v1/memory_stores", {
      rawBody: new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
      headers: { "content-type": "application/json" },
    });
    expect(expectError(badUtf8, 400, "invalid_request_error").message).toMatch(/UTF-8/);
  });

  it("C13 SDK retrieve of a missing store rejects with NotFoundError carrying type and requestID", async () => {
    const err = await sdkError(h.client.beta.memoryStores.retrieve("memstore_missing000000000000000000"));
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(err.status).toBe(404);
    expect(err.type).toBe("not_found_error");
    expect(err.requestID).toMatch(/^req_/);
  });

  it("C14 a memory 409 rejects with ConflictError and the SDK does not retry it", async () => {
    const store = await h.store();
    await h.client.beta.memoryStores.memories.create(store.id, { path: "/dup.md", content: "a" });
    const retries: string[] = [];
    const counting = new Anthropic({
      apiKey: h.key,
      baseURL: h.url,
      fetch: (url, init) => {
        const headers = new Headers(init?.headers);
        retries.push(headers.get("x-stainless-retry-count") ?? "absent");
        return fetch(url, init);
      },
    });
    const err = await sdkError(counting.beta.memoryStores.memories.create(store.id, { path: "/dup.md", content: "b" }));
    expect(err).toBeInstanceOf(Anthropic.ConflictError);
    expect(err.type).toBe("memory_path_conflict_error");
    expect(retries).toEqual(["0"]);
  });
});

describe("body limit and health", () => {
  it("a body over the limit → 413 request_too_large envelope", async () => {
    const res = await h.raw("POST", "/v1/memory_stores", { body: { name: "x", description: "y".repeat(2 * 1024 * 1024) } });
    expectError(res, 413, "request_too_large");
  });

  it("GET /health needs no key", async () => {
    const res = await h.raw("GET", "/health", { key: null, beta: null });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: "ok" });
  });
});
