import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, sdkError, sha256, startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const memories = () => h.client.beta.memoryStores.memories;
const versionCount = async (storeId: string, memoryId: string) =>
  (await h.raw("GET", `/v1/memory_stores/${storeId}/memory_versions?memory_id=${memoryId}&limit=100`)).json.data.length;

async function fixture(path = "/doc.md", content = "original") {
  const s = await h.store();
  const m = await memories().create(s.id, { path, content });
  return { s, m, url: `/v1/memory_stores/${s.id}/memories/${m.id}` };
}

describe("memories: update", () => {
  it("C88 content update: new hash, size, version and updated_at; same id and created_at; basic view", async () => {
    const { s, m } = await fixture();
    const u = await memories().update(m.id, { memory_store_id: s.id, content: "rewritten" });
    expect(u).toMatchObject({ id: m.id, created_at: m.created_at, content: null, content_sha256: sha256("rewritten"), content_size_bytes: 9 });
    expect(u.memory_version_id).not.toBe(m.memory_version_id);
    expect(u.updated_at > m.updated_at).toBe(true);
  });

  it("C89 rename keeps the id and writes one modified version with the unchanged content", async () => {
    const { s, m } = await fixture();
    const u = await memories().update(m.id, { memory_store_id: s.id, path: "/renamed.md" });
    expect(u).toMatchObject({ id: m.id, path: "/renamed.md" });
    const v = await h.client.beta.memoryStores.memoryVersions.retrieve(u.memory_version_id, { memory_store_id: s.id });
    expect(v).toMatchObject({ operation: "modified", path: "/renamed.md", content: "original" });
    expect(await versionCount(s.id, m.id)).toBe(2);
  });

  it("C90 {} and {content: null, path: null} → 400", async () => {
    const { url } = await fixture();
    for (const body of [{}, { content: null, path: null }]) expectError(await h.raw("POST", url, { body }), 400, "invalid_request_error");
    expectError(await h.raw("POST", url), 400, "invalid_request_error");
  });

  it("C91 a matching precondition applies the update", async () => {
    const { s, m } = await fixture();
    const u = await memories().update(m.id, {
      memory_store_id: s.id,
      content: "x",
      precondition: { type: "content_sha256", content_sha256: sha256("original") },
    });
    expect(u.content_sha256).toBe(sha256("x"));
  });

  it("C92 a stale precondition with different content → 409, no retry header, memory unchanged", async () => {
    const { s, m, url } = await fixture();
    const res = await h.raw("POST", url, { body: { content: "new", precondition: { type: "content_sha256", content_sha256: "0".repeat(64) } } });
    expectError(res, 409, "memory_precondition_failed_error");
    expect((await memories().retrieve(m.id, { memory_store_id: s.id })).content).toBe("original");
  });

  it("C93 a stale precondition whose request equals the current state → 200, no version", async () => {
    const { s, m } = await fixture();
    const u = await memories().update(m.id, {
      memory_store_id: s.id,
      content: "original",
      path: "/doc.md",
      precondition: { type: "content_sha256", content_sha256: "0".repeat(64) },
    });
    expect(u.memory_version_id).toBe(m.memory_version_id);
    expect(await versionCount(s.id, m.id)).toBe(1);
  });

  it("C94 re-sending the current content is a no-op: no version, updated_at unchanged", async () => {
    const { s, m } = await fixture();
    const u = await memories().update(m.id, { memory_store_id: s.id, content: "original" });
    expect(u.memory_version_id).toBe(m.memory_version_id);
    expect(u.updated_at).toBe(m.updated_at);
    expect(await versionCount(s.id, m.id)).toBe(1);
  });

  it("C95 renaming onto its own path is a no-op, not a conflict", async () => {
    const { s, m } = await fixture();
    const u = await memories().update(m.id, { memory_store_id: s.id, path: "/doc.md" });
    expect(u.memory_version_id).toBe(m.memory_version_id);
  });

  it("C96 malformed preconditions → 400", async () => {
    const { url } = await fixture();
    const bodies = [
      { content: "x", precondition: { type: "etag" } },
      { content: "x", precondition: { type: "content_sha256" } },
      { content: "x", precondition: { type: "content_sha256", content_sha256: sha256("original"), extra: 1 } },
      { content: "x", precondition: { type: "content_sha256", content_sha256: "NOTHEX" } },
      { content: "x", precondition: "content_sha256" },
    ];
    for (const body of bodies) expectError(await h.raw("POST", url, { body }), 400, "invalid_request_error");
  });

  it("C97 renaming onto another memory's path → 409 naming it", async () => {
    const { s, m } = await fixture();
    const other = await memories().create(s.id, { path: "/other.md", content: "" });
    const err = expectError(
      await h.raw("POST", `/v1/memory_stores/${s.id}/memories/${m.id}`, { body: { path: "/other.md" } }),
      409,
      "memory_path_conflict_error",
    );
    expect(err).toMatchObject({ conflicting_memory_id: other.id, conflicting_path: "/other.md" });
  });

  it("C98 renaming onto an ancestor or descendant of another memory → 409 naming it", async () => {
    const { s, m } = await fixture();
    const other = await memories().create(s.id, { path: "/dir/file.md", content: "" });
    for (const path of ["/dir", "/dir/file.md/under"]) {
      const res = await h.raw("POST", `/v1/memory_stores/${s.id}/memories/${m.id}`, { body: { path } });
      expect(expectError(res, 409, "memory_path_conflict_error")).toMatchObject({ conflicting_memory_id: other.id, conflicting_path: "/dir/file.md" });
    }
  });

  it("C99 rename + content with a stale precondition → 409 precondition (checked against current content)", async () => {
    const { url } = await fixture();
    const res = await h.raw("POST", url, {
      body: { path: "/elsewhere.md", content: "y", precondition: { type: "content_sha256", content_sha256: sha256("y") } },
    });
    expectError(res, 409, "memory_precondition_failed_error");
  });

  it("C100 archived store → 400 and unchanged; deleted or unknown memory → 404", async () => {
    const { s, m } = await fixture();
    await h.client.beta.memoryStores.archive(s.id);
    expect((await sdkError(memories().update(m.id, { memory_store_id: s.id, content: "z" }))).status).toBe(400);
    expect((await memories().retrieve(m.id, { memory_store_id: s.id })).content).toBe("original");
    const live = await fixture();
    await memories().delete(live.m.id, { memory_store_id: live.s.id });
    expect(await sdkError(memories().update(live.m.id, { memory_store_id: live.s.id, content: "z" }))).toBeInstanceOf(Anthropic.NotFoundError);
    expect(await sdkError(memories().update("mem_011CZkZaBF1tNoB5wlCeusgy", { memory_store_id: live.s.id, content: "z" }))).toBeInstanceOf(
      Anthropic.NotFoundError,
    );
  });

  it("C101 content over 102,400 bytes → 400", async () => {
    const { s, m } = await fixture();
    expect((await sdkError(memories().update(m.id, { memory_store_id: s.id, content: "x".repeat(102_401) }))).status).toBe(400);
  });

  it("20 parallel updates with the same precondition: exactly one wins, one new version", async () => {
    const { s, m } = await fixture();
    const precondition = { type: "content_sha256" as const, content_sha256: sha256("original") };
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => memories().update(m.id, { memory_store_id: s.id, content: `writer ${i}`, precondition })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const err of lost) expect(err).toMatchObject({ status: 409, type: "memory_precondition_failed_error" });
    expect(await versionCount(s.id, m.id)).toBe(2);
  });
});

describe("memories: delete", () => {
  it("C102 delete → {id, type: memory_deleted}; GET afterwards → 404", async () => {
    const { s, m } = await fixture();
    expect(await memories().delete(m.id, { memory_store_id: s.id })).toEqual({ id: m.id, type: "memory_deleted" });
    expect(await sdkError(memories().retrieve(m.id, { memory_store_id: s.id }))).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("C103 delete writes a deleted version with the path and null content fields", async () => {
    const { s, m } = await fixture("/gone.md");
    await memories().delete(m.id, { memory_store_id: s.id });
    const [latest] = (await h.client.beta.memoryStores.memoryVersions.list(s.id, { memory_id: m.id, view: "full" })).data;
    expect(latest).toMatchObject({ operation: "deleted", path: "/gone.md", content: null, content_sha256: null, content_size_bytes: null });
  });

  it("C104 a matching expected_content_sha256 deletes", async () => {
    const { s, m } = await fixture();
    await memories().delete(m.id, { memory_store_id: s.id, expected_content_sha256: sha256("original") });
  });

  it("C105 a different valid hash → 409 and the memory stays", async () => {
    const { s, m, url } = await fixture();
    expectError(await h.raw("DELETE", `${url}?expected_content_sha256=${"a".repeat(64)}`), 409, "memory_precondition_failed_error");
    expect((await memories().retrieve(m.id, { memory_store_id: s.id })).content).toBe("original");
  });

  it("C106 malformed expected_content_sha256 → 400", async () => {
    const { url } = await fixture();
    for (const v of ["nothex", "a".repeat(63), "a".repeat(65), "A".repeat(64), ""])
      expectError(await h.raw("DELETE", `${url}?expected_content_sha256=${v}`), 400, "invalid_request_error");
  });

  it("C107 delete works in an archived store; a second delete → 404", async () => {
    const { s, m, url } = await fixture();
    await h.client.beta.memoryStores.archive(s.id);
    await memories().delete(m.id, { memory_store_id: s.id });
    expectError(await h.raw("DELETE", url), 404, "not_found_error");
  });

  it("C108 the freed path takes a new memory with a new id", async () => {
    const { s, m } = await fixture();
    await memories().delete(m.id, { memory_store_id: s.id });
    const again = await memories().create(s.id, { path: "/doc.md", content: "again" });
    expect(again.id).not.toBe(m.id);
  });
});
