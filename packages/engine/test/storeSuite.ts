// The behaviour every backend must have (memfs and local disk run the same suite).
import { describe, expect, it, beforeEach, afterEach } from "vitest";
import { createHash } from "node:crypto";
import { Memgit, type Actor, type OpenOptions } from "../src/index.ts";

const actor: Actor = { type: "api_actor", apiKeyId: "apikey_test" };
const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

export function storeSuite(name: string, options: () => OpenOptions & { limits?: OpenOptions["limits"] }) {
  describe(`store semantics on ${name}`, () => {
    let mg: Memgit;
    let storeId: string;
    beforeEach(async () => {
      mg = await Memgit.open(options());
      storeId = (await mg.createStore({ name: "s", owner: "wrkspc_a" })).id;
    });
    afterEach(async () => {
      await mg.close();
    });

    it("creates, reads, updates, renames and deletes, one version each", async () => {
      const { memory, version } = await mg.createMemory(storeId, { path: "/notes/a.md", content: "one", actor });
      expect(memory).toMatchObject({ path: "/notes/a.md", sizeBytes: 3, sha256: sha("one"), versionId: version!.id });
      expect(version!.id).toMatch(/^memver_[0-9a-f]{40}$/);
      expect((await mg.getMemory(storeId, memory.id)).content).toBe("one");
      const renamed = await mg.updateMemory(storeId, memory.id, { path: "/notes/b.md", actor });
      expect(renamed.memory).toMatchObject({ id: memory.id, path: "/notes/b.md", content: "one" });
      const modified = await mg.updateMemory(storeId, memory.id, { content: "two", actor });
      expect(modified.version!.operation).toBe("modified");
      const deleted = await mg.deleteMemory(storeId, memory.id, { actor });
      expect(deleted).toMatchObject({ operation: "deleted", path: "/notes/b.md", content: null, sha256: null });
      await expect(mg.getMemory(storeId, memory.id)).rejects.toMatchObject({ code: "NotFound" });
      const versions = await mg.listVersions(storeId, { memoryId: memory.id, view: "full" });
      expect(versions.items.map((v) => [v.operation, v.path, v.content])).toEqual([
        ["deleted", "/notes/b.md", null],
        ["modified", "/notes/b.md", "two"],
        ["modified", "/notes/b.md", "one"],
        ["created", "/notes/a.md", "one"],
      ]);
      expect(versions.items.every((v) => v.createdBy?.type === "api_actor")).toBe(true);
    });

    it("refuses occupied paths, naming the blocker, and allows look-alikes", async () => {
      const { memory } = await mg.createMemory(storeId, { path: "/a/b", content: "x", actor });
      for (const p of ["/a", "/a/b", "/a/b/c"]) {
        await expect(mg.createMemory(storeId, { path: p, content: "y", actor })).rejects.toMatchObject({
          code: "PathConflict",
          data: { conflictingMemoryId: memory.id, conflictingPath: "/a/b" },
        });
      }
      await mg.createMemory(storeId, { path: "/ab", content: "y", actor });
      await mg.createMemory(storeId, { path: "/a_b", content: "y", actor });
      const other = await mg.createMemory(storeId, { path: "/c", content: "z", actor });
      await expect(mg.updateMemory(storeId, other.memory.id, { path: "/a/b/d", actor })).rejects.toMatchObject({ code: "PathConflict" });
      // A memory may move below its own old path: it does not block itself.
      await mg.updateMemory(storeId, other.memory.id, { path: "/c/d", actor });
    });

    it("applies preconditions: mismatch refuses, unless the state already matches; no-ops write nothing", async () => {
      const { memory } = await mg.createMemory(storeId, { path: "/p", content: "v1", actor });
      const stale = sha("nope");
      await expect(mg.updateMemory(storeId, memory.id, { content: "v2", precondition: { contentSha256: stale }, actor })).rejects.toMatchObject({ code: "PreconditionFailed" });
      const same = await mg.updateMemory(storeId, memory.id, { content: "v1", precondition: { contentSha256: stale }, actor });
      expect(same.version).toBeNull();
      expect(same.memory.versionId).toBe(memory.versionId);
      const noop = await mg.updateMemory(storeId, memory.id, { path: "/p", actor });
      expect(noop.version).toBeNull();
      await expect(mg.deleteMemory(storeId, memory.id, { expectedContentSha256: stale, actor })).rejects.toMatchObject({ code: "PreconditionFailed" });
      await expect(mg.deleteMemory(storeId, memory.id, { expectedContentSha256: "nothex", actor })).rejects.toMatchObject({ code: "InvalidInput" });
      expect((await mg.listVersions(storeId, {})).items).toHaveLength(1);
      await mg.deleteMemory(storeId, memory.id, { expectedContentSha256: sha("v1"), actor });
    });

    it("bounds content by bytes and rejects invalid input without writing", async () => {
      await mg.createMemory(storeId, { path: "/max", content: "é".repeat(51_200), actor });
      await expect(mg.createMemory(storeId, { path: "/big", content: "x".repeat(102_401), actor })).rejects.toMatchObject({ code: "TooLarge" });
      await expect(mg.createMemory(storeId, { path: "/bad\u0000", content: "", actor })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "path" } });
      await expect(mg.createMemory(storeId, { path: "/lone", content: "\ud800", actor })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "content" } });
      expect((await mg.listVersions(storeId, {})).items).toHaveLength(1);
    });

    it("enforces the memory cap on creates only", async () => {
      const small = await Memgit.open({ ...options(), limits: { maxMemories: 2 } });
      try {
        const id = (await small.createStore({ name: "capped" })).id;
        const a = await small.createMemory(id, { path: "/1", content: "", actor });
        await small.createMemory(id, { path: "/2", content: "", actor });
        await expect(small.createMemory(id, { path: "/3", content: "", actor })).rejects.toMatchObject({ code: "LimitExceeded", data: { limit: "maxMemories" } });
        await small.updateMemory(id, a.memory.id, { content: "still editable", actor });
      } finally {
        await small.close();
      }
    });

    it("archived stores refuse creates and updates, allow deletes and redaction", async () => {
      const { memory } = await mg.createMemory(storeId, { path: "/k", content: "1", actor });
      const v2 = await mg.updateMemory(storeId, memory.id, { content: "2", actor });
      const archived = await mg.archiveStore(storeId);
      expect(archived.archivedAt).not.toBeNull();
      expect((await mg.archiveStore(storeId)).archivedAt).toEqual(archived.archivedAt);
      await expect(mg.createMemory(storeId, { path: "/n", content: "", actor })).rejects.toMatchObject({ code: "StoreArchived" });
      await expect(mg.updateMemory(storeId, memory.id, { content: "3", actor })).rejects.toMatchObject({ code: "StoreArchived" });
      await expect(mg.updateStore(storeId, { name: "new" })).rejects.toMatchObject({ code: "StoreArchived" });
      await expect(mg.redactVersion(storeId, v2.version!.id, actor)).rejects.toMatchObject({ code: "NotRedactable" });
      await mg.deleteMemory(storeId, memory.id, { actor });
      const red = await mg.redactVersion(storeId, v2.version!.id, actor);
      expect(red).toMatchObject({ path: null, content: null, sha256: null, sizeBytes: null, redactedBy: actor });
      expect((await mg.getVersion(storeId, v2.version!.id)).content).toBeNull();
    });

    it("lists memories in byte order with depth-1 roll-ups that never split across pages", async () => {
      for (const p of ["/B.md", "/a.md", "/notes/x", "/notes/y", "/notes-archive/z", "/n/deep/er", "/é"]) await mg.createMemory(storeId, { path: p, content: p, actor });
      const keys: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await mg.listMemories(storeId, { depth: 1, limit: 2, cursor });
        keys.push(...page.items.map((i) => i.path));
        cursor = page.nextCursor;
      } while (cursor);
      expect(keys).toEqual(["/B.md", "/a.md", "/n/", "/notes-archive/", "/notes/", "/é"]);
      const under = await mg.listMemories(storeId, { pathPrefix: "/notes/" });
      expect(under.items.map((i) => i.path)).toEqual(["/notes/x", "/notes/y"]);
      await expect(mg.listMemories(storeId, { pathPrefix: "/notes" })).rejects.toMatchObject({ code: "InvalidInput" });
    });

    it("filters and pages versions newest first", async () => {
      const { memory } = await mg.createMemory(storeId, { path: "/v", content: "0", actor });
      const session: Actor = { type: "session_actor", sessionId: "sesn_1" };
      for (let i = 1; i <= 5; i++) await mg.updateMemory(storeId, memory.id, { content: String(i), actor: i % 2 ? session : actor });
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await mg.listVersions(storeId, { memoryId: memory.id, limit: 2, cursor });
        all.push(...page.items.map((v) => v.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(all).toHaveLength(6);
      expect(new Set(all).size).toBe(6);
      expect((await mg.listVersions(storeId, { sessionId: "sesn_1" })).items).toHaveLength(3);
      expect((await mg.listVersions(storeId, { operation: "created" })).items).toHaveLength(1);
      expect((await mg.listVersions(storeId, { memoryId: "mem_unknown" })).items).toHaveLength(0);
    });

    it("serializes concurrent writers: one precondition winner, no lost versions", async () => {
      const { memory } = await mg.createMemory(storeId, { path: "/race", content: "base", actor });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => mg.updateMemory(storeId, memory.id, { content: `w${i}`, precondition: { contentSha256: memory.sha256 }, actor })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const many = await Promise.all(Array.from({ length: 50 }, (_, i) => mg.createMemory(storeId, { path: `/m/${i}`, content: `${i}`, actor })));
      expect(new Set(many.map((m) => m.version!.id)).size).toBe(50);
      expect((await mg.listVersions(storeId, { limit: 100 })).items).toHaveLength(52);
    });

    it("updates store metadata as a patch and lists stores newest first", async () => {
      const s = await mg.updateStore(storeId, { metadata: { a: "1", b: "2" }, description: "d" });
      expect(s).toMatchObject({ description: "d", metadata: { a: "1", b: "2" } });
      const t = await mg.updateStore(storeId, { metadata: { a: null } });
      expect(t.metadata).toEqual({ b: "2" });
      const same = await mg.updateStore(storeId, { description: "d" });
      expect(same.updatedAt).toEqual(t.updatedAt);
      await expect(mg.updateStore(storeId, {})).rejects.toMatchObject({ code: "InvalidInput" });
      await mg.createStore({ name: "second", owner: "wrkspc_a" });
      await mg.createStore({ name: "other", owner: "wrkspc_b" });
      const list = await mg.listStores({ owner: "wrkspc_a" });
      expect(list.items.map((x) => x.name)).toEqual(["second", "s"]);
      await mg.deleteStore(storeId);
      await expect(mg.getStore(storeId)).rejects.toMatchObject({ code: "NotFound" });
      await expect(mg.listMemories(storeId)).rejects.toMatchObject({ code: "NotFound" });
    });
  });
}
