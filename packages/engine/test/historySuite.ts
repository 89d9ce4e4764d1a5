// History you can trust (issue 11 part 3) on every backend: reading the past, restoring one
// memory or the whole store, diffs and checkpoints, through the engine's public API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Memgit, type Actor, type Memory, type MemoryPrefix, type OpenOptions } from "../src/index.ts";

const actor: Actor = { type: "api_actor", apiKeyId: "apikey_test" };
const admin: Actor = { type: "api_actor", apiKeyId: "apikey_admin" };

const state = (items: Array<Memory | MemoryPrefix>) =>
  items.map((m) => (m.kind === "memory" ? [m.id, m.path, m.content] : ["prefix", m.path]));

export function historySuite(name: string, options: () => OpenOptions) {
  describe(`history on ${name}`, () => {
    let mg: Memgit;
    let storeId: string;
    beforeEach(async () => {
      mg = await Memgit.open(options());
      storeId = (await mg.createStore({ name: "h", owner: "wrkspc_a" })).id;
    });
    afterEach(async () => {
      await mg.close();
    });

    const list = async (at?: string) =>
      state((at === undefined ? await mg.listMemories(storeId, { view: "full", limit: 100 }) : await mg.listMemoriesAt(storeId, { asOf: at }, { view: "full", limit: 100 })).items);
    const versionCount = async () => (await mg.listVersions(storeId, { limit: 1000 })).items.length;

    /** a, b created; a edited and renamed; b deleted; c created: returns the version after each step. */
    async function story() {
      const a = await mg.createMemory(storeId, { path: "/notes/a.md", content: "a1\n", actor });
      const b = await mg.createMemory(storeId, { path: "/notes/b.md", content: "b1\n", actor });
      const a2 = await mg.updateMemory(storeId, a.memory.id, { content: "a2\n", actor });
      const moved = await mg.updateMemory(storeId, a.memory.id, { path: "/archive/a.md", actor });
      const bGone = await mg.deleteMemory(storeId, b.memory.id, { actor });
      const c = await mg.createMemory(storeId, { path: "/notes/c.md", content: "c1\n", actor });
      return { a, b, a2, moved, bGone, c };
    }

    it("lists and reads memories as of a version, a time, and before the first write", async () => {
      const s = await story();
      const ids = { a: s.a.memory.id, b: s.b.memory.id, c: s.c.memory.id };
      expect(await list(s.b.version!.id)).toEqual([
        [ids.a, "/notes/a.md", "a1\n"],
        [ids.b, "/notes/b.md", "b1\n"],
      ]);
      expect(await list(s.bGone.id)).toEqual([[ids.a, "/archive/a.md", "a2\n"]]);
      // A time between two versions answers for the earlier one.
      const between = new Date(s.a2.version!.createdAt.getTime()).toISOString();
      expect(await list(between)).toEqual([
        [ids.a, "/notes/a.md", "a2\n"],
        [ids.b, "/notes/b.md", "b1\n"],
      ]);
      expect(await list(new Date(s.a.version!.createdAt.getTime() - 1).toISOString())).toEqual([]);
      expect(await list("2999-01-01T00:00:00Z")).toEqual(await list());

      const then = await mg.getMemoryAt(storeId, ids.a, { versionId: s.b.version!.id });
      expect(then).toMatchObject({ id: ids.a, path: "/notes/a.md", content: "a1\n", versionId: s.a.version!.id, createdAt: s.a.memory.createdAt });
      expect(then.updatedAt).toEqual(s.a.version!.createdAt);
      expect((await mg.getMemoryAt(storeId, ids.a, { asOf: s.a2.version!.id }, { view: "basic" })).content).toBeNull();
      await expect(mg.getMemoryAt(storeId, ids.b, { asOf: s.bGone.id })).rejects.toMatchObject({ code: "NotFound", data: { resource: "memory" } });
      await expect(mg.getMemoryAt(storeId, ids.c, { asOf: s.a.version!.id })).rejects.toMatchObject({ code: "NotFound" });
    });

    it("pages and rolls up a past listing like the live one", async () => {
      for (const p of ["/x/1", "/x/2", "/y", "/z/deep/3"]) await mg.createMemory(storeId, { path: p, content: p, actor });
      const last = (await mg.listVersions(storeId, { limit: 1 })).items[0]!.id;
      await mg.createMemory(storeId, { path: "/later", content: "", actor });
      const top = await mg.listMemoriesAt(storeId, { asOf: last }, { depth: 1 });
      expect(state(top.items)).toEqual([["prefix", "/x/"], expect.arrayContaining(["/y"]), ["prefix", "/z/"]]);
      const paths: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await mg.listMemoriesAt(storeId, { asOf: last }, { limit: 1, cursor });
        paths.push(...page.items.map((m) => m.path));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paths).toEqual(["/x/1", "/x/2", "/y", "/z/deep/3"]);
      expect(state((await mg.listMemoriesAt(storeId, { asOf: last }, { pathPrefix: "/x/" })).items).map((m) => m[1])).toEqual(["/x/1", "/x/2"]);
    });

    it("refuses points it cannot answer for: before the store, unknown ids and names, malformed refs", async () => {
      await mg.createMemory(storeId, { path: "/a", content: "a", actor });
      await expect(mg.listMemoriesAt(storeId, { asOf: "2000-01-01T00:00:00Z" })).rejects.toMatchObject({
        code: "InvalidInput",
        data: { field: "as_of", rule: expect.stringContaining("must not be before the memory store was created") },
      });
      await expect(mg.listMemoriesAt(storeId, { asOf: `memver_${"0".repeat(40)}` })).rejects.toMatchObject({ code: "NotFound", data: { resource: "version" } });
      await expect(mg.listMemoriesAt(storeId, { checkpoint: "nope" })).rejects.toMatchObject({ code: "NotFound", data: { resource: "checkpoint" } });
      for (const bad of ["memver_xyz", "2026-13-45T00:00:00Z", "a b", "", "../x"])
        await expect(mg.listMemoriesAt(storeId, { asOf: bad })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "as_of" } });
      await expect(mg.listMemoriesAt(storeId, { versionId: "2026-01-01T00:00:00Z" })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "version_id" } });
    });

    it("hides redacted versions from the past: left out of lists, refused by name", async () => {
      const { memory, version } = await mg.createMemory(storeId, { path: "/secret", content: "s3cret", actor });
      await mg.updateMemory(storeId, memory.id, { content: "public", actor });
      await mg.redactVersion(storeId, version!.id, admin);
      expect(await list(version!.id)).toEqual([]);
      await expect(mg.getMemoryAt(storeId, memory.id, { asOf: version!.id })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "as_of" } });
    });

    describe("restoring one memory", () => {
      it("brings back an old version's content and path as one modified version", async () => {
        const s = await story();
        const before = await versionCount();
        const r = await mg.restoreMemory(storeId, s.a.memory.id, { to: { versionId: s.a.version!.id }, actor });
        expect(r.version).toMatchObject({ operation: "modified", path: "/notes/a.md", content: "a1\n", memoryId: s.a.memory.id });
        expect(r.memory).toMatchObject({ id: s.a.memory.id, path: "/notes/a.md", content: "a1\n", createdAt: s.a.memory.createdAt, versionId: r.version!.id });
        expect(await versionCount()).toBe(before + 1);
        expect((await mg.getMemory(storeId, s.a.memory.id)).content).toBe("a1\n");
        // Already there: nothing written, whatever the precondition says.
        const again = await mg.restoreMemory(storeId, s.a.memory.id, { to: { versionId: s.a.version!.id }, precondition: { contentSha256: "0".repeat(64) }, actor });
        expect(again.version).toBeNull();
        expect(await versionCount()).toBe(before + 1);
      });

      it("recreates a deleted memory under its old id at its old path", async () => {
        const s = await story();
        const r = await mg.restoreMemory(storeId, s.b.memory.id, { to: { asOf: s.b.version!.id }, actor });
        expect(r.version).toMatchObject({ operation: "created", path: "/notes/b.md", memoryId: s.b.memory.id });
        expect(await mg.getMemory(storeId, s.b.memory.id)).toMatchObject({ path: "/notes/b.md", content: "b1\n", createdAt: r.version!.createdAt });
        const history = await mg.listVersions(storeId, { memoryId: s.b.memory.id });
        expect(history.items.map((v) => v.operation)).toEqual(["created", "deleted", "created"]);
      });

      it("refuses without writing: precondition, occupied path, deletions, redactions, another memory's version", async () => {
        const s = await story();
        const before = await versionCount();
        const A = s.a.memory.id;
        await expect(mg.restoreMemory(storeId, A, { to: { versionId: s.a.version!.id }, precondition: { contentSha256: "0".repeat(64) }, actor })).rejects.toMatchObject({ code: "PreconditionFailed" });
        await expect(mg.restoreMemory(storeId, s.b.memory.id, { to: { versionId: s.b.version!.id }, precondition: { contentSha256: "0".repeat(64) }, actor })).rejects.toMatchObject({ code: "PreconditionFailed" });
        await expect(mg.restoreMemory(storeId, A, { to: { versionId: s.b.version!.id }, actor })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "version_id" } });
        await expect(mg.restoreMemory(storeId, s.b.memory.id, { to: { versionId: s.bGone.id }, actor })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "version_id" } });
        await expect(mg.restoreMemory(storeId, s.c.memory.id, { to: { asOf: s.a.version!.id }, actor })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "as_of" } });
        await expect(mg.restoreMemory(storeId, "mem_111111111111111111111111", { to: { versionId: s.a.version!.id }, actor })).rejects.toMatchObject({ code: "NotFound" });
        const squatter = await mg.createMemory(storeId, { path: "/notes/a.md", content: "mine", actor });
        await expect(mg.restoreMemory(storeId, A, { to: { versionId: s.a.version!.id }, actor })).rejects.toMatchObject({
          code: "PathConflict",
          data: { conflictingMemoryId: squatter.memory.id },
        });
        await mg.redactVersion(storeId, s.a2.version!.id, admin);
        await expect(mg.restoreMemory(storeId, A, { to: { versionId: s.a2.version!.id }, actor })).rejects.toMatchObject({ code: "InvalidInput", data: { field: "version_id", rule: expect.stringContaining("redacted") } });
        expect(await versionCount()).toBe(before + 1);
      });
    });

    describe("restoring the whole store", () => {
      it("becomes the snapshot as one batch, one version per changed memory, history appended", async () => {
        const s = await story();
        const target = await list(s.b.version!.id);
        const before = await versionCount();
        const r = await mg.restoreStore(storeId, { to: { versionId: s.b.version!.id }, actor });
        expect(await list()).toEqual(target);
        expect(r.point).toMatchObject({ versionId: s.b.version!.id, at: s.b.version!.createdAt, checkpoint: null });
        // a: back to /notes/a.md (modified), b: recreated, c: deleted.
        expect(r.versions.map((v) => [v.memoryId, v.operation]).sort()).toEqual(
          [[s.a.memory.id, "modified"], [s.b.memory.id, "created"], [s.c.memory.id, "deleted"]].sort(),
        );
        expect(await versionCount()).toBe(before + 3);
        expect(await mg.getMemory(storeId, s.b.memory.id)).toMatchObject({ path: "/notes/b.md" });
        // Restoring to where it already is writes nothing.
        expect((await mg.restoreStore(storeId, { to: { versionId: s.b.version!.id }, actor })).versions).toEqual([]);
        // And the restore itself is history: going back to before it works the same way.
        await mg.restoreStore(storeId, { to: { asOf: s.c.version!.id }, actor });
        expect(await list()).toEqual(await list(s.c.version!.id));
      });

      it("untangles memories that traded paths (a cycle steps aside once)", async () => {
        const x = await mg.createMemory(storeId, { path: "/x", content: "x", actor });
        const y = await mg.createMemory(storeId, { path: "/y", content: "y", actor });
        const mark = y.version!.id;
        await mg.updateMemory(storeId, x.memory.id, { path: "/tmp", actor });
        await mg.updateMemory(storeId, y.memory.id, { path: "/x", actor });
        await mg.updateMemory(storeId, x.memory.id, { path: "/y", actor });
        // A file where a directory must go, and the other way round.
        const d = await mg.createMemory(storeId, { path: "/d/e", content: "d", actor });
        const mark2 = d.version!.id;
        await mg.updateMemory(storeId, d.memory.id, { path: "/f", actor });
        const g = await mg.createMemory(storeId, { path: "/d", content: "g", actor });
        await mg.restoreStore(storeId, { to: { versionId: mark2 }, actor });
        expect(await list()).toEqual(await list(mark2));
        expect((await mg.listVersions(storeId, { memoryId: g.memory.id })).items[0]!.operation).toBe("deleted");
        const r = await mg.restoreStore(storeId, { to: { versionId: mark }, actor });
        expect(await list()).toEqual([
          [x.memory.id, "/x", "x"],
          [y.memory.id, "/y", "y"],
        ]);
        const hops = r.versions.filter((v) => v.path?.startsWith("/.memgit-restore/"));
        expect(hops).toHaveLength(1);
        expect(r.versions.filter((v) => v.memoryId !== hops[0]!.memoryId).every((v, i, all) => all.findIndex((w) => w.memoryId === v.memoryId) === i)).toBe(true);
      });

      it("writes nothing when any part is refused: redacted content, archived store", async () => {
        const s = await story();
        await mg.redactVersion(storeId, s.b.version!.id, admin);
        const before = await versionCount();
        const live = await list();
        await expect(mg.restoreStore(storeId, { to: { versionId: s.b.version!.id }, actor })).rejects.toMatchObject({
          code: "InvalidInput",
          data: { field: "version_id", rule: expect.stringContaining("redacted") },
        });
        await mg.archiveStore(storeId);
        await expect(mg.restoreStore(storeId, { to: { versionId: s.a.version!.id }, actor })).rejects.toMatchObject({ code: "StoreArchived" });
        expect(await versionCount()).toBe(before);
        expect(await list()).toEqual(live);
      });

      it("refuses a restore over the version cap without writing any of it", async () => {
        const small = await Memgit.open({ ...options(), limits: { maxVersions: 5 } }).catch(() => null);
        if (!small) return;
        try {
          const t = (await small.createStore({ name: "t" })).id;
          const a = await small.createMemory(t, { path: "/a", content: "a", actor });
          await small.createMemory(t, { path: "/b", content: "b", actor });
          await small.createMemory(t, { path: "/c", content: "c", actor });
          await small.updateMemory(t, a.memory.id, { content: "A", actor });
          await expect(small.restoreStore(t, { to: { versionId: a.version!.id }, actor })).rejects.toMatchObject({ code: "LimitExceeded", data: { limit: "maxVersions" } });
          expect((await small.listVersions(t, {})).items).toHaveLength(4);
        } finally {
          await small.close();
        }
      });
    });

    describe("diffs", () => {
      it("lists created, modified, deleted and renamed memories with unified diffs", async () => {
        const s = await story();
        const d = await mg.diff(storeId, { from: { asOf: s.b.version!.id }, to: { asOf: s.c.version!.id } });
        expect(d.from.versionId).toBe(s.b.version!.id);
        expect(d.items.map((i) => [i.change, i.path, i.previousPath])).toEqual([
          ["renamed", "/archive/a.md", "/notes/a.md"],
          ["deleted", "/notes/b.md", null],
          ["created", "/notes/c.md", null],
        ]);
        expect(d.items[0]!.diff).toBe("--- a/notes/a.md\n+++ b/archive/a.md\n@@ -1 +1 @@\n-a1\n+a2\n");
        expect(d.items[1]!.diff).toBe("--- a/notes/b.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-b1\n");
        expect(d.items[2]).toMatchObject({ fromVersionId: null, toVersionId: s.c.version!.id, diff: "--- /dev/null\n+++ b/notes/c.md\n@@ -0,0 +1 @@\n+c1\n" });
        // Backwards is the mirror image; pages of one; basic view has no diffs.
        const back = await mg.diff(storeId, { from: { asOf: s.c.version!.id }, to: { asOf: s.b.version!.id }, view: "basic", limit: 1 });
        expect(back.items).toMatchObject([{ change: "renamed", path: "/notes/a.md", previousPath: "/archive/a.md", diff: null }]);
        const next = await mg.diff(storeId, { from: { asOf: s.c.version!.id }, to: { asOf: s.b.version!.id }, view: "basic", limit: 5, cursor: back.nextCursor });
        expect(next.items.map((i) => i.change)).toEqual(["created", "deleted"]);
        expect(next.nextCursor).toBeNull();
      });

      it("diffs a version against its memory's previous version", async () => {
        const s = await story();
        expect(await mg.diffVersion(storeId, s.a2.version!.id)).toMatchObject({
          change: "modified",
          fromVersionId: s.a.version!.id,
          toVersionId: s.a2.version!.id,
          diff: "--- a/notes/a.md\n+++ b/notes/a.md\n@@ -1 +1 @@\n-a1\n+a2\n",
        });
        expect(await mg.diffVersion(storeId, s.moved.version!.id)).toMatchObject({ change: "renamed", path: "/archive/a.md", previousPath: "/notes/a.md", diff: "--- a/notes/a.md\n+++ b/archive/a.md\n" });
        expect(await mg.diffVersion(storeId, s.a.version!.id)).toMatchObject({ change: "created", fromVersionId: null });
        expect(await mg.diffVersion(storeId, s.bGone.id)).toMatchObject({ change: "deleted", path: "/notes/b.md", toVersionId: s.bGone.id, diff: "--- a/notes/b.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-b1\n" });
        await mg.redactVersion(storeId, s.a.version!.id, admin);
        expect(await mg.diffVersion(storeId, s.a2.version!.id)).toMatchObject({ change: "modified", redacted: true, diff: null, previousPath: null });
        await expect(mg.diffVersion(storeId, `memver_${"1".repeat(40)}`)).rejects.toMatchObject({ code: "NotFound" });
      });
    });

    describe("checkpoints", () => {
      it("names the store as of its newest version; restore, read and diff by name", async () => {
        await expect(mg.createCheckpoint(storeId, { name: "empty", actor })).rejects.toMatchObject({ code: "InvalidInput" });
        const s = await story();
        const cp = await mg.createCheckpoint(storeId, { name: "before-cleanup", actor });
        expect(cp).toMatchObject({ name: "before-cleanup", versionId: s.c.version!.id, at: s.c.version!.createdAt, createdBy: actor });
        await mg.deleteMemory(storeId, s.c.memory.id, { actor });
        expect(await list("before-cleanup")).toEqual(await list(s.c.version!.id));
        expect((await mg.diff(storeId, { from: { checkpoint: "before-cleanup" }, to: { asOf: "2999-01-01T00:00:00Z" } })).items.map((i) => i.change)).toEqual(["deleted"]);
        const r = await mg.restoreStore(storeId, { to: { checkpoint: "before-cleanup" }, actor });
        expect(r.point.checkpoint).toBe("before-cleanup");
        expect(await list()).toEqual(await list(s.c.version!.id));
        expect((await mg.listCheckpoints(storeId)).items.map((c) => c.name)).toEqual(["before-cleanup"]);
        expect(await mg.deleteCheckpoint(storeId, "before-cleanup")).toMatchObject({ name: "before-cleanup" });
        await expect(mg.getCheckpoint(storeId, "before-cleanup")).rejects.toMatchObject({ code: "NotFound" });
        await expect(mg.deleteCheckpoint(storeId, "before-cleanup")).rejects.toMatchObject({ code: "NotFound" });
        await mg.createCheckpoint(storeId, { name: "before-cleanup", actor });
      });

      it("refuses bad names naming the rule, and taken ones (letter case included)", async () => {
        await mg.createMemory(storeId, { path: "/a", content: "a", actor });
        for (const name of ["", "-x", "a/b", "a..b", "x.lock", "x.", "memver_1", "a b", "a:b", "é", "x".repeat(101), "HEAD"])
          await expect(mg.createCheckpoint(storeId, { name, actor }), name).rejects.toMatchObject({ code: "InvalidInput", data: { field: "name" } });
        await mg.createCheckpoint(storeId, { name: "v1.0_rc-2", actor });
        await expect(mg.createCheckpoint(storeId, { name: "v1.0_rc-2", actor })).rejects.toMatchObject({ code: "AlreadyExists", data: { existing: "v1.0_rc-2" } });
        await expect(mg.createCheckpoint(storeId, { name: "V1.0_RC-2", actor })).rejects.toMatchObject({ code: "AlreadyExists", data: { existing: "v1.0_rc-2" } });
        // Two at once: one wins.
        const both = await Promise.allSettled([mg.createCheckpoint(storeId, { name: "race", actor }), mg.createCheckpoint(storeId, { name: "race", actor })]);
        expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
        const page = await mg.listCheckpoints(storeId, { limit: 1 });
        expect(page.items.map((c) => c.name)).toEqual(["race"]);
        expect((await mg.listCheckpoints(storeId, { cursor: page.nextCursor })).items.map((c) => c.name)).toEqual(["v1.0_rc-2"]);
      });
    });
  });
}
