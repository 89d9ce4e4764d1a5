import { describe, expect, it } from "vitest";
import { expectError, pool, startHarness } from "./harness.ts";

describe("memory-count cap", () => {
  it("C62 at a lowered cap, creates → 400 while updates still work", async () => {
    const h = await startHarness({ limits: { maxMemories: 3 } });
    try {
      const s = await h.store();
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await h.client.beta.memoryStores.memories.create(s.id, { path: `/${i}`, content: "" }));
      expectError(await h.raw("POST", `/v1/memory_stores/${s.id}/memories`, { body: { path: "/3", content: "" } }), 400, "invalid_request_error");
      const u = await h.client.beta.memoryStores.memories.update(made[0]!.id, { memory_store_id: s.id, content: "still editable" });
      expect(u.content_size_bytes).toBe(14);
    } finally {
      await h.close();
    }
  });

  it("C62 the default cap is 2,000 memories", async () => {
    const h = await startHarness();
    try {
      const s = await h.store();
      const paths = Array.from({ length: 2000 }, (_, i) => `/bulk/${i}`);
      const statuses = await pool(paths, 16, async (path) => (await h.raw("POST", `/v1/memory_stores/${s.id}/memories`, { body: { path, content: "" } })).status);
      expect(statuses.every((s) => s === 200)).toBe(true);
      const over = await h.raw("POST", `/v1/memory_stores/${s.id}/memories`, { body: { path: "/bulk/2000", content: "" } });
      expect(expectError(over, 400, "invalid_request_error").message).toMatch(/2000/);
      const page = await h.raw("GET", `/v1/memory_stores/${s.id}/memories?limit=1&path_prefix=/bulk/`);
      const first = page.json.data[0];
      const upd = await h.raw("POST", `/v1/memory_stores/${s.id}/memories/${first.id}`, { body: { content: "edit" } });
      expect(upd.status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
