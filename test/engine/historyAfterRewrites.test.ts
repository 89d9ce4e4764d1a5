// Checkpoints and the history rewriters (issue 11): a redaction moves checkpoint tags onto the
// rewritten commits (the secret is gone, the checkpoint still answers); retention keeps what
// the oldest checkpoint needs and refuses points before what it kept.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Memgit, type Actor } from "../../packages/engine/src/index.ts";

const actor: Actor = { type: "api_actor", apiKeyId: "apikey_rw" };
const admin: Actor = { type: "api_actor", apiKeyId: "apikey_admin" };
const SECRET = "sk-live-0123456789abcdef0123456789abcdef";
const git = (gitDir: string, ...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { stdio: "pipe" }).toString();

describe("checkpoints across history rewrites", () => {
  for (const backend of ["disk", "memfs"] as const) {
    it(`a redaction re-makes the tags on the rewritten commits (${backend})`, async () => {
      const mg = await Memgit.open(backend === "disk" ? { dataDir: mkdtempSync(join(tmpdir(), "memgit-rt-")) } : { memory: true });
      const { id } = await mg.createStore({ name: "r" });
      const leak = await mg.createMemory(id, { path: "/leak.md", content: SECRET, actor });
      await mg.createMemory(id, { path: "/keep.md", content: "keep", actor });
      await mg.createCheckpoint(id, { name: "after-leak", actor });
      await mg.updateMemory(id, leak.memory.id, { content: "clean", actor });
      const before = await mg.listMemoriesAt(id, { checkpoint: "after-leak" }, { view: "full" });
      await mg.redactVersion(id, leak.version!.id, admin);
      expect((await mg.listCheckpoints(id)).items.map((c) => c.name)).toEqual(["after-leak"]);
      // The leaked version was the memory's state then: it is left out, the rest answers.
      const after = await mg.listMemoriesAt(id, { checkpoint: "after-leak" }, { view: "full" });
      expect(after.items).toEqual(before.items.filter((m) => m.path !== "/leak.md"));
      const gitDir = await mg.gitDir(id);
      if (gitDir) {
        await mg.flush(id);
        expect(git(gitDir, "cat-file", "--batch-all-objects", "--batch")).not.toContain(SECRET);
        expect(git(gitDir, "rev-parse", "after-leak^{commit}").trim()).toBe(git(gitDir, "rev-parse", "main~1").trim());
        git(gitDir, "fsck", "--full", "--strict");
      }
      await mg.close();
      if (!gitDir) return;
      const again = await Memgit.open({ dataDir: join(gitDir, "..", "..") });
      expect((await again.listCheckpoints(id)).items.map((c) => c.name)).toEqual(["after-leak"]);
      await again.close();
    });
  }

  it("retention keeps what the oldest checkpoint needs; points before what it kept are refused", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const mg = await Memgit.open({ dataDir: mkdtempSync(join(tmpdir(), "memgit-rp-")), clock: () => (now += 1000), retention: { days: 0, keep: 1, intervalMs: 0 } });
    const { id } = await mg.createStore({ name: "r" });
    const a = await mg.createMemory(id, { path: "/a", content: "a1", actor });
    const first = a.version!;
    await mg.updateMemory(id, a.memory.id, { content: "a2", actor });
    await mg.createMemory(id, { path: "/b", content: "b1", actor });
    await mg.createCheckpoint(id, { name: "cp", actor });
    await mg.updateMemory(id, a.memory.id, { content: "a3", actor });
    const expected = (await mg.listMemoriesAt(id, { checkpoint: "cp" }, { view: "full" })).items;
    await mg.prune(id);
    expect((await mg.listMemoriesAt(id, { checkpoint: "cp" }, { view: "full" })).items).toEqual(expected);
    await expect(mg.listMemoriesAt(id, { asOf: first.createdAt.toISOString() })).rejects.toMatchObject({
      code: "InvalidInput",
      data: { field: "as_of", rule: expect.stringContaining("retention") },
    });
    await mg.restoreStore(id, { to: { checkpoint: "cp" }, actor });
    expect((await mg.getMemory(id, a.memory.id)).content).toBe("a2");
    await mg.close();
  });
});
