// Redaction removes the bytes (issue 11 part 1): after a redaction no object of the store's
// repository, no clone made afterwards and no file under the data directory holds the
// redacted content or path; every version id handed out still answers the same; native git
// is happy with the rewritten history; writes racing the redaction are kept.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Memgit, type Memory } from "../../packages/engine/src/index.ts";
import { allVersions } from "../helpers/engineHistory.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const admin = { type: "api_actor", apiKeyId: "apikey_admin" } as const;
const git = (gitDir: string, ...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { stdio: "pipe", maxBuffer: 256 << 20 });

const opened: Memgit[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});
async function open(dataDir = mkdtempSync(join(tmpdir(), "memgit-redact-"))) {
  const mg = await Memgit.open({ dataDir, checkpointQuietMs: 5 });
  opened.push(mg);
  return { mg, dataDir };
}

/** Every file under `dir`, raw bytes, and every pack's objects decompressed: where a secret could hide. */
function filesHolding(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        for (const n of needles) if (bytes.includes(n)) hits.push(`${p} holds ${n}`);
      }
    }
  };
  walk(dir);
  return hits;
}

/** `git cat-file --batch-all-objects --batch`: every object, loose or packed, decompressed. */
function objectsHolding(gitDir: string, needles: string[]): string[] {
  const all = git(gitDir, "cat-file", "--batch-all-objects", "--batch");
  return needles.filter((n) => all.includes(n)).map((n) => `an object of ${gitDir} holds ${n}`);
}

const SECRET = "sk-live-" + "9f2c71e0a44b4b6a8d1e5c3b2a19f7d4";
const SECRET_PATH = "leaked-7c1d9e3f";

describe("redaction", () => {
  it("leaves no copy of the content or path anywhere, keeps every id, and keeps git whole", async () => {
    const { mg, dataDir } = await open();
    const store = await mg.createStore({ name: "r" });
    const id = store.id;
    await mg.createMemory(id, { actor, path: "/a/first.md", content: "first" });
    const leak = await mg.createMemory(id, { actor, path: `/${SECRET_PATH}/note.md`, content: `token: ${SECRET}\n` });
    // The raw scan sees it too (the journal holds the write's bytes as they are).
    expect(filesHolding(dataDir, [SECRET]).length).toBeGreaterThan(0);
    // More history after the leak: other memories, a rename of the leaked one, a delete.
    const b = await mg.createMemory(id, { actor, path: "/a/b.md", content: "bee" });
    await mg.updateMemory(id, b.memory.id, { actor, content: "bee two" });
    const fixed = await mg.updateMemory(id, leak.memory.id, { actor, path: "/notes/clean.md", content: "token: (rotated)\n" });
    const c = await mg.createMemory(id, { actor, path: "/a/c.md", content: "sea" });
    await mg.deleteMemory(id, c.memory.id, { actor });
    await mg.flush(id);
    const gitDir = (await mg.gitDir(id))!;
    // The leak is there before: the object scan sees it.
    expect(objectsHolding(gitDir, [SECRET, SECRET_PATH])).toHaveLength(2);

    const before = await allVersions(mg, id);
    const redacted = await mg.redactVersion(id, leak.version!.id, admin);
    expect(redacted).toMatchObject({ id: leak.version!.id, path: null, content: null, redactedBy: admin });

    // Ids never change; every other version answers exactly as before.
    const after = await allVersions(mg, id);
    expect(after.map((v) => v.id)).toEqual(before.map((v) => v.id));
    for (const [i, v] of after.entries()) {
      if (v.id === leak.version!.id) expect(v).toMatchObject({ memoryId: leak.memory.id, operation: "created", path: null, content: null, createdAt: before[i]!.createdAt });
      else expect(v).toEqual(before[i]);
    }
    expect((await mg.getMemory(id, leak.memory.id, { view: "full" })).content).toBe("token: (rotated)\n");

    // No copy: objects, a fresh mirror clone, every file under the data directory.
    expect(objectsHolding(gitDir, [SECRET, SECRET_PATH])).toEqual([]);
    const mirror = join(mkdtempSync(join(tmpdir(), "memgit-mirror-")), "m.git");
    execFileSync("git", ["clone", "-q", "--mirror", gitDir, mirror]);
    expect(objectsHolding(mirror, [SECRET, SECRET_PATH])).toEqual([]);
    expect(filesHolding(dataDir, [SECRET, SECRET_PATH])).toEqual([]);
    git(gitDir, "fsck", "--full", "--strict");

    // A clone shows the redacted commit without the file, with the audit trailers.
    const work = mkdtempSync(join(tmpdir(), "memgit-clone-"));
    execFileSync("git", ["clone", "-q", gitDir, work]);
    const log = execFileSync("git", ["-C", work, "log", "--format=%B%x00"], { encoding: "utf8" });
    expect(log).toContain(`Memgit-Version-Id: ${leak.version!.id}`);
    expect(log).toMatch(/Memgit-Redacted-At: /);

    // New writes still get memver_<their commit>.
    const next = await mg.createMemory(id, { actor, path: "/after.md", content: "after" });
    await mg.flush(id);
    expect(next.version!.id).toBe(`memver_${git(gitDir, "rev-parse", "refs/heads/main").toString().trim()}`);
    expect(fixed.version).not.toBeNull();
  });

  it("a bare clone made after the redaction rebuilds the same ids and answers", async () => {
    const { mg } = await open();
    const { id } = await mg.createStore({ name: "r" });
    const leak = await mg.createMemory(id, { actor, path: `/${SECRET_PATH}.md`, content: SECRET });
    await mg.updateMemory(id, leak.memory.id, { actor, content: "clean" });
    for (let i = 0; i < 5; i++) await mg.createMemory(id, { actor, path: `/m${i}.md`, content: `m${i}` });
    await mg.redactVersion(id, leak.version!.id, admin);
    const expected = await allVersions(mg, id);
    const gitDir = (await mg.gitDir(id))!;

    const { mg: other, dataDir: otherDir } = await open();
    execFileSync("git", ["clone", "-q", "--bare", gitDir, join(otherDir, "stores", `${id}.git`)]);
    await other.close();
    const { mg: adopted } = await open(otherDir);
    expect(await allVersions(adopted, id)).toEqual(expected);
    const memories = (await adopted.listMemories(id, { limit: 100 })).items as Memory[];
    expect(memories.map((m) => m.path).sort()).toEqual(["/m0.md", "/m1.md", "/m2.md", "/m3.md", "/m4.md", `/${SECRET_PATH}.md`].sort());
  });

  it("writes racing a redaction wait and are all kept; other stores keep serving", async () => {
    const { mg, dataDir } = await open();
    const { id } = await mg.createStore({ name: "r" });
    const other = await mg.createStore({ name: "other" });
    const leak = await mg.createMemory(id, { actor, path: "/leak.md", content: SECRET });
    await mg.updateMemory(id, leak.memory.id, { actor, content: "clean" });
    for (let i = 0; i < 30; i++) await mg.createMemory(id, { actor, path: `/pre/${i}.md`, content: `pre ${i}` });
    const racing = Array.from({ length: 20 }, (_, i) => mg.createMemory(id, { actor, path: `/race/${i}.md`, content: `race ${i}` }));
    const redaction = mg.redactVersion(id, leak.version!.id, admin);
    const elsewhere = mg.createMemory(other.id, { actor, path: "/x.md", content: "x" });
    const more = Array.from({ length: 20 }, (_, i) => mg.createMemory(id, { actor, path: `/late/${i}.md`, content: `late ${i}` }));
    const results = await Promise.all([...racing, ...more]);
    await redaction;
    await elsewhere;
    const listed = new Set(((await mg.listMemories(id, { limit: 100, pathPrefix: "/race/" })).items as Memory[]).map((m) => m.path));
    expect(listed.size).toBe(20);
    expect(results).toHaveLength(40);
    await mg.close();
    // Reopened from disk: every acknowledged write is there, git is whole, the secret is gone.
    const { mg: again } = await open(dataDir);
    expect((await again.listMemories(id, { limit: 100, pathPrefix: "/late/" })).items).toHaveLength(20);
    const gitDir = (await again.gitDir(id))!;
    await again.flush(id);
    git(gitDir, "fsck", "--full", "--strict");
    expect(objectsHolding(gitDir, [SECRET])).toEqual([]);
    expect(filesHolding(dataDir, [SECRET])).toEqual([]);
  });

  it("a clone in progress keeps the history it started with; the redaction waits for it", async () => {
    const { mg } = await open();
    const { id } = await mg.createStore({ name: "r" });
    const leak = await mg.createMemory(id, { actor, path: "/leak.md", content: SECRET });
    await mg.updateMemory(id, leak.memory.id, { actor, content: "clean" });
    const events: string[] = [];
    let release!: () => void;
    let started!: () => void;
    const cloneStarted = new Promise<void>((resolve) => (started = resolve));
    const cloning = mg.withRepository(id, async (gitDir) => {
      events.push("clone started");
      const released = new Promise<void>((resolve) => (release = resolve));
      started();
      await released;
      // Still the old history: the leaked blob is reachable and readable.
      expect(objectsHolding(gitDir, [SECRET])).toHaveLength(1);
      execFileSync("git", ["clone", "-q", "--bare", gitDir, join(mkdtempSync(join(tmpdir(), "memgit-c-")), "c.git")]);
      events.push("clone done");
    });
    await cloneStarted;
    const redaction = mg.redactVersion(id, leak.version!.id, admin).then(() => events.push("redacted"));
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all([cloning, redaction]);
    expect(events).toEqual(["clone started", "clone done", "redacted"]);
    expect(objectsHolding((await mg.gitDir(id))!, [SECRET])).toEqual([]);
  });

  it("redacting a memory's only-file snapshot leaves an empty tree git can read", async () => {
    const { mg } = await open();
    const { id } = await mg.createStore({ name: "r" });
    const only = await mg.createMemory(id, { actor, path: "/only.md", content: SECRET });
    await mg.updateMemory(id, only.memory.id, { actor, content: "clean" });
    await mg.redactVersion(id, only.version!.id, admin);
    const gitDir = (await mg.gitDir(id))!;
    git(gitDir, "fsck", "--full", "--strict");
    const first = git(gitDir, "rev-list", "--max-parents=0", "refs/heads/main").toString().trim();
    expect(git(gitDir, "ls-tree", first).toString()).toBe("");
  });
});
