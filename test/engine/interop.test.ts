// What native git sees (issue 3 "What a store is"): a consistent prefix at every moment, all of
// it after a checkpoint, and enough to rebuild the whole store from a plain clone.
import { describe, expect, it } from "vitest";
import { execFileSync, execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Memgit, type Actor } from "../../packages/engine/src/index.ts";

const git = (gitDir: string, ...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { stdio: "pipe" }).toString();
const gitAsync = promisify(execFile);
const actor: Actor = { type: "session_actor", sessionId: "sesn_interop" };

async function allPages<T>(fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function history(mg: Memgit, id: string) {
  return {
    store: await mg.getStore(id),
    memories: await allPages((cursor) => mg.listMemories(id, { view: "full", limit: 20, cursor })),
    versions: await allPages((cursor) => mg.listVersions(id, { view: "full", limit: 20, cursor })),
  };
}

describe("native git interop", () => {
  it("rebuilds the whole store from a plain `git clone --bare`", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-live-"));
    const mg = await Memgit.open({ dataDir });
    const s = await mg.createStore({ name: "Clone me", description: "d", metadata: { team: "x" }, owner: "wrkspc_1" });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await mg.createMemory(s.id, { path: `/dir${i % 4}/n${i}.md`, content: `note ${i}\n`, actor })).memory.id);
    for (let i = 0; i < 40; i += 3) await mg.updateMemory(s.id, ids[i]!, { content: `edited ${i}\n`, actor: { type: "api_actor", apiKeyId: "apikey_2" } });
    await mg.updateMemory(s.id, ids[1]!, { path: "/moved/n1.md", actor });
    const doomed = await mg.updateMemory(s.id, ids[2]!, { content: "secret", actor });
    await mg.deleteMemory(s.id, ids[2]!, { actor });
    await mg.redactVersion(s.id, doomed.version!.id, { type: "api_actor", apiKeyId: "apikey_admin" });
    await mg.archiveStore(s.id);
    const live = await history(mg, s.id);
    const gitDir = (await mg.gitDir(s.id))!;
    await mg.flush();

    const restoreDir = mkdtempSync(join(tmpdir(), "memgit-restored-"));
    mkdirSync(join(restoreDir, "stores"));
    execFileSync("git", ["clone", "-q", "--bare", gitDir, join(restoreDir, "stores", `${s.id}.git`)]);
    await mg.close();

    const restored = await Memgit.open({ dataDir: restoreDir });
    expect((await restored.repairs(s.id)).join()).toContain("adopted a plain git repository");
    expect(await history(restored, s.id)).toEqual(live);
    await restored.close();

    // A working-tree clone shows the memories as files with their exact bytes.
    const work = mkdtempSync(join(tmpdir(), "memgit-checkout-"));
    execFileSync("git", ["clone", "-q", gitDir, work]);
    expect(readFileSync(join(work, "moved", "n1.md"), "utf8")).toBe("note 1\n");
    expect(readFileSync(join(work, "dir0", "n0.md"), "utf8")).toBe("edited 0\n");
    const files = execFileSync("git", ["-C", work, "ls-files"]).toString().trim().split("\n");
    expect(files).toHaveLength(live.memories.length);
    const trailer = execFileSync("git", ["-C", work, "log", "-1", "--format=%B"]).toString();
    expect(trailer).toContain("Memgit-Operation: deleted");
  });

  it("native git always sees a consistent prefix during a write storm, and all of it after quiet", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-prefix-"));
    const mg = await Memgit.open({ dataDir, checkpointBytes: 32 << 10, checkpointQuietMs: 200 });
    const s = await mg.createStore({ name: "storm" });
    const gitDir = (await mg.gitDir(s.id))!;
    let writing = true;
    const storm = (async () => {
      let last = "";
      for (let i = 0; i < 600; i++) {
        const r = await mg.createMemory(s.id, { path: `/s/${i % 30}/${i}.md`, content: `x${i}`.repeat(20), actor });
        last = r.version!.id;
      }
      writing = false;
      return last;
    })();
    let checks = 0;
    while (writing) {
      // A ref ahead of its objects would fail the connectivity check. (Not --full here: that
      // walks pack files one by one and trips over compaction replacing them, as it would
      // during any `git gc`.)
      await gitAsync("git", ["--git-dir", gitDir, "fsck", "--connectivity-only", "--no-dangling"]);
      checks++;
    }
    const last = await storm;
    expect(checks).toBeGreaterThan(0);
    await expect.poll(() => git(gitDir, "rev-parse", "refs/heads/main").trim(), { timeout: 3000, interval: 100 }).toBe(last.slice("memver_".length));
    git(gitDir, "fsck", "--full", "--strict");
    await mg.close();
  });

  it("keeps objects packed: no loose objects, bounded pack count (native repack and memfs merge)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-compact-"));
    for (const opts of [{ dataDir }, { memory: true as const }]) {
      const mg = await Memgit.open({ ...opts, checkpointBytes: 8 << 10 });
      const s = await mg.createStore({ name: "packs" });
      for (let i = 0; i < 400; i++) await mg.createMemory(s.id, { path: `/p/${i}`, content: `content ${i} `.repeat(10), actor });
      await mg.flush();
      const gitDir = await mg.gitDir(s.id);
      if (gitDir) {
        const packs = readdirSync(join(gitDir, "objects", "pack")).filter((f) => f.endsWith(".pack"));
        expect(packs.length).toBeLessThanOrEqual(12);
        const loose = readdirSync(join(gitDir, "objects")).filter((d) => /^[0-9a-f]{2}$/.test(d));
        expect(loose).toEqual([]);
        git(gitDir, "fsck", "--full", "--strict");
        await mg.compact(s.id);
        expect(readdirSync(join(gitDir, "objects", "pack")).filter((f) => f.endsWith(".pack"))).toHaveLength(1);
      }
      const all = (await mg.listMemories(s.id, { limit: 1000 })).items;
      expect(all).toHaveLength(400);
      // Content now comes back out of the compacted packs.
      for (const m of all.slice(0, 20)) expect((await mg.getVersion(s.id, (m as { versionId: string }).versionId)).content).toMatch(/^content/);
      await mg.close();
    }
  });

  it("reopens from a backup copied with plain cp after flush", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-cp-"));
    const mg = await Memgit.open({ dataDir });
    const s = await mg.createStore({ name: "cp" });
    await mg.createMemory(s.id, { path: "/a", content: "a", actor });
    await mg.flush();
    const copy = mkdtempSync(join(tmpdir(), "memgit-cp2-"));
    cpSync(join(dataDir, "stores"), join(copy, "stores"), { recursive: true });
    await mg.close();
    const again = await Memgit.open({ dataDir: copy });
    expect((await again.listMemories(s.id, { view: "full" })).items).toMatchObject([{ path: "/a", content: "a" }]);
    await again.close();
  });
});
