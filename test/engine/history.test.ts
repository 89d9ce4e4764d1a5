// History on disk (issue 11 part 3): checkpoints are git tags that native git reads and a clone
// carries; tags and restores go through the journal, so a crash keeps each whole or not at all.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Memgit, type Actor } from "../../packages/engine/src/index.ts";
import { JOURNAL_HEADER_BYTES } from "../../packages/engine/src/journal/journal.ts";
import { checkFrame } from "../../packages/engine/src/journal/record.ts";
import { faultyBackend } from "../../packages/engine/test/helpers/faultyBackend.ts";

const actor: Actor = { type: "api_actor", apiKeyId: "apikey_history" };
const git = (gitDir: string, ...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { stdio: "pipe" }).toString();
const tmp = (label: string) => mkdtempSync(join(tmpdir(), `memgit-${label}-`));

/** No checkpoint of the journal unless asked: the state a crash would leave lives in the journal only. */
const open = (dataDir: string) => Memgit.open({ dataDir, checkpointQuietMs: 3_600_000 });

/** The data directory as a crash would leave it now (the journal's writes are in the page cache). */
function crashImage(dataDir: string): string {
  const image = tmp("crash");
  cpSync(join(dataDir, "stores"), join(image, "stores"), { recursive: true });
  return image;
}

const memories = async (mg: Memgit, id: string) =>
  (await mg.listMemories(id, { view: "full", limit: 100 })).items.map((m) => (m.kind === "memory" ? [m.id, m.path, m.content] : m.path));

async function seeded(mg: Memgit) {
  const s = await mg.createStore({ name: "history" });
  const a = await mg.createMemory(s.id, { path: "/prefs/editor.md", content: "vim\n", actor });
  const b = await mg.createMemory(s.id, { path: "/prefs/shell.md", content: "zsh\n", actor });
  return { storeId: s.id, a, b };
}

describe("checkpoints are git tags", () => {
  it("native git reads them, fsck passes, and a clone carries them back into memgit", async () => {
    const dataDir = tmp("tags");
    const mg = await open(dataDir);
    const { storeId, a } = await seeded(mg);
    const cp = await mg.createCheckpoint(storeId, { name: "v1", actor });
    await mg.updateMemory(storeId, a.memory.id, { content: "helix\n", actor });
    await mg.flush(storeId);
    const gitDir = (await mg.gitDir(storeId))!;

    expect(git(gitDir, "for-each-ref", "--format=%(refname) %(objecttype) %(*objectname)", "refs/tags").trim()).toBe(
      `refs/tags/v1 tag ${git(gitDir, "rev-parse", "main~1").trim()}`,
    );
    const tag = git(gitDir, "cat-file", "-p", "v1");
    expect(tag).toContain("tagger apikey_history <api_actor@memgit>");
    expect(tag).toContain(`Memgit-Version: ${cp.versionId}`);
    expect(git(gitDir, "show", "v1:prefs/editor.md")).toBe("vim\n");
    git(gitDir, "fsck", "--full", "--strict");

    const work = join(tmp("clone"), "work");
    execFileSync("git", ["clone", "-q", gitDir, work]);
    expect(execFileSync("git", ["-C", work, "tag", "-l"]).toString()).toBe("v1\n");
    const restoreDir = tmp("adopted");
    mkdirSync(join(restoreDir, "stores"));
    execFileSync("git", ["clone", "-q", "--bare", gitDir, join(restoreDir, "stores", `${storeId}.git`)]);
    await mg.close();

    const adopted = await open(restoreDir);
    expect((await adopted.listCheckpoints(storeId)).items).toEqual([cp]);
    await adopted.restoreStore(storeId, { to: { checkpoint: "v1" }, actor });
    expect((await adopted.getMemory(storeId, a.memory.id)).content).toBe("vim\n");
    await adopted.close();
  });

  it("a deleted checkpoint leaves the refs (packed ones too), and the index follows the tags", async () => {
    const dataDir = tmp("tagdel");
    let mg = await open(dataDir);
    const { storeId } = await seeded(mg);
    await mg.createCheckpoint(storeId, { name: "keep", actor });
    await mg.createCheckpoint(storeId, { name: "drop", actor });
    await mg.flush(storeId);
    const gitDir = (await mg.gitDir(storeId))!;
    git(gitDir, "pack-refs", "--all");
    await mg.deleteCheckpoint(storeId, "drop");
    await mg.flush(storeId);
    expect(git(gitDir, "tag", "-l")).toBe("keep\n");
    git(gitDir, "fsck", "--full", "--strict");
    await mg.close();

    // The index is derived: thrown away, it is rebuilt from the tags; a tag deleted with git is gone.
    rmSync(join(gitDir, "memgit", "catalog.sqlite"));
    git(gitDir, "tag", "-d", "keep");
    git(gitDir, "tag", "by-hand", "main");
    mg = await open(dataDir);
    expect((await mg.listCheckpoints(storeId)).items.map((c) => [c.name, c.createdBy])).toEqual([["by-hand", null]]);
    await mg.close();
  });
});

describe("crashes", () => {
  it("a checkpoint and a restore acknowledged only in the journal survive a crash whole", async () => {
    const dataDir = tmp("crash-src");
    const mg = await open(dataDir);
    const { storeId, a, b } = await seeded(mg);
    await mg.flush(storeId);
    await mg.createCheckpoint(storeId, { name: "before", actor });
    await mg.updateMemory(storeId, a.memory.id, { path: "/prefs/old-editor.md", content: "emacs\n", actor });
    await mg.deleteMemory(storeId, b.memory.id, { actor });
    await mg.createMemory(storeId, { path: "/prefs/editor.md/x", content: "a directory now\n", actor });
    const restored = await mg.restoreStore(storeId, { to: { checkpoint: "before" }, actor });
    expect(restored.versions).toHaveLength(3);
    const expected = await memories(mg, storeId);
    const image = crashImage(dataDir);
    await mg.close();

    const after = await open(image);
    expect(await memories(after, storeId)).toEqual(expected);
    expect((await after.listCheckpoints(storeId)).items.map((c) => c.name)).toEqual(["before"]);
    const gitDir = (await after.gitDir(storeId))!;
    expect(git(gitDir, "tag", "-l")).toBe("before\n");
    expect(git(gitDir, "rev-list", "--count", "main").trim()).toBe("8");
    git(gitDir, "fsck", "--full", "--strict");
    await after.close();
  });

  it("a restore torn by a crash mid-write leaves none of its versions", async () => {
    const dataDir = tmp("torn-src");
    const mg = await open(dataDir);
    const { storeId, a, b } = await seeded(mg);
    const mark = b.version!.id;
    await mg.updateMemory(storeId, a.memory.id, { content: "emacs\n", actor });
    await mg.deleteMemory(storeId, b.memory.id, { actor });
    const before = await memories(mg, storeId);
    await mg.restoreStore(storeId, { to: { versionId: mark }, actor });
    const image = crashImage(dataDir);
    await mg.close();

    // Cut the journal's last record (the restore, both versions of it) in half.
    const journals = [0, 1].map((i) => join(image, "stores", `${storeId}.git`, "memgit", `journal.${i}.wal`));
    const journal = journals.sort((x, y) => readFileSync(y).readUInt32LE(4) - readFileSync(x).readUInt32LE(4))[0]!;
    const buf = readFileSync(journal);
    const epoch = buf.readUInt32LE(4);
    let at = JOURNAL_HEADER_BYTES;
    let last = at;
    for (let f = checkFrame(buf, at, epoch); f.ok; f = checkFrame(buf, at, epoch)) [last, at] = [at, at + f.length];
    buf.fill(0, last + Math.floor((at - last) / 2), at);
    writeFileSync(journal, buf);

    const after = await open(image);
    expect(await after.repairs(storeId)).toEqual(expect.arrayContaining([expect.stringContaining("torn journal tail")]));
    expect(await memories(after, storeId)).toEqual(before);
    expect((await after.listVersions(storeId, {})).items).toHaveLength(4);
    await after.close();
  });

  it("a restore whose journal write fails changes nothing, and the store keeps serving", async () => {
    const backend = faultyBackend(tmp("enospc"));
    const mg = await Memgit.open({ dataDir: backend.root, backend });
    const { storeId, a, b } = await seeded(mg);
    await mg.updateMemory(storeId, a.memory.id, { content: "emacs\n", actor });
    await mg.deleteMemory(storeId, b.memory.id, { actor });
    const before = await memories(mg, storeId);
    backend.inject({ call: "writeSync", where: "journal", code: "ENOSPC" });
    await expect(mg.restoreStore(storeId, { to: { versionId: b.version!.id }, actor })).rejects.toMatchObject({ code: "InsufficientStorage" });
    expect(await memories(mg, storeId)).toEqual(before);
    expect((await mg.listVersions(storeId, {})).items).toHaveLength(4);
    backend.clear();
    const r = await mg.restoreStore(storeId, { to: { versionId: b.version!.id }, actor });
    expect(r.versions).toHaveLength(2);
    expect(await memories(mg, storeId)).toEqual([
      [a.memory.id, "/prefs/editor.md", "vim\n"],
      [b.memory.id, "/prefs/shell.md", "zsh\n"],
    ]);
    await mg.close();
  });
});
