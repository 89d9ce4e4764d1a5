// Retention and the version cap (issue 11 part 2), with an injected clock: old versions go,
// each live memory keeps its most recent ones (a memory whose only version is old stays), a
// deleted memory's versions go, kept commits keep their hashes, git stays whole, a clone
// rebuilds every version the API shows, and at the version cap writes go on.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isMemgitError, Memgit, type Memory, type OpenOptions } from "../../packages/engine/src/index.ts";
import { allVersions } from "../helpers/engineHistory.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const DAY = 86_400_000;
const git = (gitDir: string, ...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", stdio: "pipe" });

class Clock {
  t = Date.parse("2026-01-01T00:00:00Z");
  now = () => this.t++;
  advance(days: number) {
    this.t += days * DAY;
  }
}

const opened: Memgit[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});
async function open(opts: Partial<OpenOptions> & { dataDir?: string } = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "memgit-retention-"));
  const mg = await Memgit.open({ ...opts, dataDir, retention: { intervalMs: 0, ...opts.retention } });
  opened.push(mg);
  return { mg, dataDir };
}

const code = async (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (isMemgitError(e) ? e.code : String(e)));

describe("retention", () => {
  it("prunes what the window lets go and keeps the rest, with git whole and ids unchanged", async () => {
    const clock = new Clock();
    const { mg } = await open({ clock: clock.now });
    const { id } = await mg.createStore({ name: "r" });
    const lonely = await mg.createMemory(id, { actor, path: "/old/lonely.md", content: "only version, 60 days old" });
    const busy = await mg.createMemory(id, { actor, path: "/busy.md", content: "v0" });
    for (let i = 1; i <= 5; i++) await mg.updateMemory(id, busy.memory.id, { actor, content: `v${i}` });
    const gone = await mg.createMemory(id, { actor, path: "/gone.md", content: "deleted later" });
    await mg.deleteMemory(id, gone.memory.id, { actor });
    clock.advance(60);
    const recent = await mg.createMemory(id, { actor, path: "/recent.md", content: "new" });
    await mg.updateMemory(id, busy.memory.id, { actor, content: "v6, recent" });
    const before = await allVersions(mg, id);
    expect(before).toHaveLength(11);

    const result = await mg.prune(id);
    const after = await allVersions(mg, id);
    // Kept: the two versions inside the window (recent's and busy's head), the lonely memory's
    // only version, and busy's state at the boundary (v5: the snapshot there needs it).
    const byContent = (c: string) => before.find((v) => v.content === c)!.id;
    expect(after.map((v) => v.id).sort()).toEqual([lonely.version!.id, recent.version!.id, byContent("v6, recent"), byContent("v5")].sort());
    expect(result.prunedVersions).toBe(before.length - after.length);
    for (const v of after) expect(v).toEqual(before.find((b) => b.id === v.id));
    // Pruned versions are gone: 404.
    expect(await code(mg.getVersion(id, busy.version!.id))).toBe("NotFound");
    expect(await code(mg.getVersion(id, gone.version!.id))).toBe("NotFound");
    // Memories are untouched.
    const memories = (await mg.listMemories(id, { limit: 100 })).items as Memory[];
    expect(memories.map((m) => m.path).sort()).toEqual(["/busy.md", "/old/lonely.md", "/recent.md"]);
    expect((await mg.getMemory(id, lonely.memory.id, { view: "full" })).content).toBe("only version, 60 days old");

    // git: shallow at the boundary, fsck clean, kept commits keep their hashes, clones work.
    await mg.flush(id);
    const gitDir = (await mg.gitDir(id))!;
    expect(existsSync(join(gitDir, "shallow"))).toBe(true);
    git(gitDir, "fsck", "--full", "--strict");
    expect(git(gitDir, "cat-file", "-t", recent.version!.id.slice(7)).trim()).toBe("commit");
    expect(git(gitDir, "rev-list", "--count", "refs/heads/main").trim()).toBe("2");
    const work = mkdtempSync(join(tmpdir(), "memgit-clone-"));
    execFileSync("git", ["clone", "-q", `file://${gitDir}`, work]);
    execFileSync("git", ["-C", work, "fsck", "--full", "--strict"], { stdio: "pipe" });
  });

  it("a bare clone of a pruned store rebuilds every version the API shows", async () => {
    const clock = new Clock();
    const { mg } = await open({ clock: clock.now, retention: { keep: 2 } });
    const { id } = await mg.createStore({ name: "r" });
    const a = await mg.createMemory(id, { actor, path: "/a.md", content: "a0" });
    for (let i = 1; i <= 4; i++) await mg.updateMemory(id, a.memory.id, { actor, content: `a${i}` });
    const b = await mg.createMemory(id, { actor, path: "/b/b.md", content: "b0" });
    await mg.updateMemory(id, b.memory.id, { actor, path: "/b/renamed.md" });
    clock.advance(45);
    await mg.createMemory(id, { actor, path: "/c.md", content: "c0" });
    await mg.prune(id);
    const expected = await allVersions(mg, id);
    const memories = (await mg.listMemories(id, { limit: 100 })).items;
    const gitDir = (await mg.gitDir(id))!;

    const { mg: scratch, dataDir: otherDir } = await open();
    await scratch.close();
    execFileSync("git", ["clone", "-q", "--bare", `file://${gitDir}`, join(otherDir, "stores", `${id}.git`)]);
    const { mg: adopted } = await open({ dataDir: otherDir });
    expect(await allVersions(adopted, id)).toEqual(expected);
    expect((await adopted.listMemories(id, { limit: 100 })).items).toEqual(memories);
  });

  it("redacting a version kept below the boundary rewrites from the boundary and scrubs it", async () => {
    const clock = new Clock();
    const { mg } = await open({ clock: clock.now, retention: { keep: 2 } });
    const { id } = await mg.createStore({ name: "r" });
    const a = await mg.createMemory(id, { actor, path: "/a.md", content: "a0" });
    await mg.updateMemory(id, a.memory.id, { actor, content: "SECRET-5e7a1" });
    await mg.updateMemory(id, a.memory.id, { actor, content: "a2" });
    await mg.createMemory(id, { actor, path: "/b.md", content: "b0" });
    clock.advance(40);
    await mg.createMemory(id, { actor, path: "/c.md", content: "c0" });
    await mg.prune(id);
    const kept = await allVersions(mg, id);
    const secret = kept.find((v) => v.content === "SECRET-5e7a1")!;
    expect(secret).toBeDefined();
    await mg.redactVersion(id, secret.id, { type: "api_actor", apiKeyId: "apikey_admin" });
    const after = await allVersions(mg, id);
    expect(after.map((v) => v.id)).toEqual(kept.map((v) => v.id));
    expect(after.find((v) => v.id === secret.id)).toMatchObject({ content: null, path: null });
    await mg.flush(id);
    const gitDir = (await mg.gitDir(id))!;
    git(gitDir, "fsck", "--full", "--strict");
    expect(execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"]).includes("SECRET-5e7a1")).toBe(false);
    await mg.close();
    const { mg: again } = await open({ dataDir: join(gitDir, "..", ".."), clock: clock.now });
    expect(await allVersions(again, id)).toEqual(after);
  });

  it("prunes on its own schedule, every store", async () => {
    const clock = new Clock();
    const { mg } = await open({ clock: clock.now, retention: { days: 1, intervalMs: 30 } });
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await mg.createStore({ name: `s${i}` });
      const m = await mg.createMemory(id, { actor, path: "/m.md", content: "old" });
      await mg.updateMemory(id, m.memory.id, { actor, content: "new" });
      ids.push(id);
    }
    clock.advance(2);
    // Each store: two versions, the older one outside the window; the schedule takes it.
    for (let i = 0; i < 200 && (await Promise.all(ids.map(async (id) => (await mg.listVersions(id)).items.length))).some((n) => n > 1); i++)
      await new Promise((r) => setTimeout(r, 20));
    for (const id of ids) expect((await mg.listVersions(id)).items.map((v) => v.operation)).toEqual(["modified"]);
  });

  it("at the version cap writes go on; only when nothing can be pruned is the cap an error", async () => {
    const { mg } = await open({ limits: { maxVersions: 40 } });
    const { id } = await mg.createStore({ name: "r" });
    const m = await mg.createMemory(id, { actor, path: "/counter.md", content: "0" });
    // 200 writes to one memory: far past the cap of 40 versions.
    for (let i = 1; i <= 200; i++) expect(await code(mg.updateMemory(id, m.memory.id, { actor, content: String(i) }))).toBe("ok");
    const kept = await allVersions(mg, id);
    expect(kept.length).toBeLessThanOrEqual(40);
    expect(kept[0]!.content).toBe("200");
    // 40 memories of one version each, with keep = 1: nothing can go.
    const { id: full } = await mg.createStore({ name: "full" });
    for (let i = 0; i < 40; i++) await mg.createMemory(full, { actor, path: `/m${i}.md`, content: "x" });
    const refused = await mg.createMemory(full, { actor, path: "/one-more.md", content: "x" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "LimitExceeded", data: { limit: "maxVersions", max: 40 } });
    const gitDir = (await mg.gitDir(id))!;
    await mg.flush(id);
    git(gitDir, "fsck", "--full", "--strict");
  });

  it("retention days 0 prunes every version not protected; a redaction after a prune still scrubs", async () => {
    const clock = new Clock();
    const { mg } = await open({ clock: clock.now, retention: { days: 0, keep: 1 } });
    const { id } = await mg.createStore({ name: "r" });
    const leak = await mg.createMemory(id, { actor, path: "/x.md", content: "SECRET-0b9e1" });
    const other = await mg.createMemory(id, { actor, path: "/y.md", content: "y" });
    await mg.updateMemory(id, leak.memory.id, { actor, content: "clean" });
    await mg.updateMemory(id, other.memory.id, { actor, content: "y2" });
    await mg.prune(id);
    const left = await allVersions(mg, id);
    expect(left.map((v) => v.content).sort()).toEqual(["clean", "y2"]);
    // Write more, then redact one of the kept versions that is not a head.
    await mg.updateMemory(id, leak.memory.id, { actor, content: "SECRET-1c4d2" });
    const latest = await mg.updateMemory(id, leak.memory.id, { actor, content: "final" });
    const secretVersion = (await allVersions(mg, id)).find((v) => v.content === "SECRET-1c4d2")!;
    await mg.redactVersion(id, secretVersion.id, { type: "api_actor", apiKeyId: "apikey_admin" });
    await mg.flush(id);
    const gitDir = (await mg.gitDir(id))!;
    git(gitDir, "fsck", "--full", "--strict");
    const all = execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"]);
    expect(all.includes("SECRET-1c4d2")).toBe(false);
    expect(all.includes("SECRET-0b9e1")).toBe(false);
    expect((await mg.getMemory(id, leak.memory.id, { view: "full" })).content).toBe("final");
    expect(latest.version).not.toBeNull();
  });
});
