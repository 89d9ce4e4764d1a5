// Property-based bad input against the live server: never a 5xx, never a version written by
// a rejected request, and the process keeps serving.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEMORY_BETA, startHarness, type Harness } from "./harness.ts";

let h: Harness;
let storeId: string;
let memoryId: string;
beforeAll(async () => {
  h = await startHarness();
  storeId = (await h.store()).id;
  memoryId = (await h.client.beta.memoryStores.memories.create(storeId, { path: "/seed.md", content: "seed" })).id;
});
afterAll(() => h.close());

const versionCount = async () => (await h.server.engine.listVersions(storeId, { limit: 100_000 })).items.length;

/** Sends one request and checks the invariants; returns the status. */
async function probe(method: string, path: string, init: Parameters<Harness["raw"]>[2] = {}): Promise<number> {
  const before = await versionCount();
  const res = await h.raw(method, path, init);
  expect(res.status, `${method} ${path} → ${JSON.stringify(res.json)}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.json).toMatchObject({ type: "error", error: { type: expect.any(String), message: expect.any(String) } });
    expect(await versionCount()).toBe(before);
  }
  return res.status;
}

const anyText = fc.string({ unit: "binary", maxLength: 40 });
const pathLike = fc.oneof(
  anyText,
  fc.array(fc.oneof(anyText, fc.constantFrom(".", "..", "", "a", "é", "e\u0301", "\u200e", "\0", "%", "_")), { maxLength: 24 }).map((s) => "/" + s.join("/")),
);
const json = fc.jsonValue({ maxDepth: 3 });
const settings = { numRuns: 150 };

describe("fuzzing the live server", () => {
  it("memory paths on create and rename", async () => {
    await fc.assert(
      fc.asyncProperty(pathLike, fc.string({ maxLength: 20 }), async (path, content) => {
        const status = await probe("POST", `/v1/memory_stores/${storeId}/memories`, { body: { path, content } });
        expect([200, 400, 409]).toContain(status);
        await probe("POST", `/v1/memory_stores/${storeId}/memories/${memoryId}`, { body: { path } });
      }),
      settings,
    );
  });

  it("arbitrary JSON bodies on every create and update", async () => {
    const targets = [
      "/v1/memory_stores",
      `/v1/memory_stores/${storeId}`,
      `/v1/memory_stores/${storeId}/memories`,
      `/v1/memory_stores/${storeId}/memories/${memoryId}`,
    ];
    const body = fc.oneof(
      json,
      fc.record(
        {
          name: json,
          description: json,
          metadata: json,
          path: fc.oneof(json, pathLike),
          content: json,
          precondition: fc.oneof(json, fc.record({ type: json, content_sha256: json }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async (target, b) => {
        await probe("POST", target, { body: b });
      }),
      settings,
    );
  });

  it("raw bytes as bodies (invalid UTF-8, truncated JSON, NULs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (bytes) => {
        await probe("POST", `/v1/memory_stores/${storeId}/memories`, { rawBody: bytes, headers: { "content-type": "application/json" } });
      }),
      settings,
    );
  });

  it("query strings on every list and read", async () => {
    const names = fc.constantFrom(
      "limit", "page", "view", "depth", "path_prefix", "include_archived", "created_at[gte]", "created_at[lte]",
      "memory_id", "operation", "api_key_id", "session_id", "service_account_id", "expected_content_sha256", "order",
    );
    const value = fc.oneof(anyText, fc.constantFrom("1", "0", "100", "101", "-1", "1e3", "99999999999999999999", "true", "full", "/", "page_AA"));
    const query = fc.array(fc.tuple(names, value), { maxLength: 4 });
    const targets = [
      "/v1/memory_stores",
      `/v1/memory_stores/${storeId}/memories`,
      `/v1/memory_stores/${storeId}/memory_versions`,
      `/v1/memory_stores/${storeId}/memories/${memoryId}`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), query, async (target, pairs) => {
        const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
        await probe("GET", `${target}?${qs}`);
      }),
      settings,
    );
    await fc.assert(
      fc.asyncProperty(anyText, async (v) => {
        await probe("DELETE", `/v1/memory_stores/${storeId}/memories/mem_fuzz?expected_content_sha256=${encodeURIComponent(v)}`);
      }),
      settings,
    );
  });

  it("ids in the URL: junk, wrong prefixes, NULs, percent-escapes", async () => {
    // "." and ".." (also percent-encoded) are resolved by the client's URL parser before
    // sending, turning /memories/.. into the store itself; they are not ids, so leave them out.
    const isDots = (s: string) => /^(\.|%2e){1,2}$/i.test(s);
    const segment = fc
      .oneof(anyText.map(encodeURIComponent), fc.constantFrom("%00", "%ZZ", "%", "%C3", "memstore_", "mem_", "%2F"))
      .filter((s) => !isDots(s));
    await fc.assert(
      fc.asyncProperty(segment, segment, fc.constantFrom("GET", "POST", "DELETE"), async (a, b, method) => {
        await probe(method, `/v1/memory_stores/${a}`);
        await probe(method, `/v1/memory_stores/${storeId}/memories/${b}`, method === "POST" ? { body: { content: "x" } } : {});
        await probe(method, `/v1/memory_stores/${storeId}/memory_versions/${b}`);
      }),
      settings,
    );
  });

  it("headers: credentials, betas, versions and workspace ids", async () => {
    const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          authorization: fc.oneof(headerText, headerText.map((t) => `Bearer ${t}`), fc.constant(`Bearer ${h.key}`)),
          "anthropic-beta": fc.oneof(headerText, fc.constant(`${MEMORY_BETA},${headerText}`)),
          "anthropic-version": headerText,
          "anthropic-workspace-id": headerText,
        }, { requiredKeys: [] }),
        async (headers) => {
          await probe("POST", `/v1/memory_stores/${storeId}/memories`, { key: null, beta: null, headers, body: { path: "/h.md", content: "h" } });
        },
      ),
      settings,
    );
  });

  it("the process is still serving afterwards", async () => {
    expect((await h.raw("GET", "/health")).status).toBe(200);
    expect((await h.client.beta.memoryStores.retrieve(storeId)).id).toBe(storeId);
  });
});
