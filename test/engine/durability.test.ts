// Crash safety and repair (issue 3 "Durable, concurrent, crash-safe"): a real child process is
// killed with SIGKILL during a write storm; every acknowledged version must survive.
import { describe, expect, it } from "vitest";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Memgit } from "../../packages/engine/src/index.ts";
import { JOURNAL_HEADER_BYTES } from "../../packages/engine/src/journal/journal.ts";
import { checkFrame } from "../../packages/engine/src/journal/record.ts";

const writer = new URL("./fixtures/crashWriter.ts", import.meta.url).pathname;

/** Runs the storm until `acks` versions are acknowledged, then SIGKILLs it; returns the acked ids. */
function stormAndKill(dataDir: string, storeId: string, acks: number, seed: number, mode = "normal"): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writer, dataDir, storeId, String(seed), mode], { stdio: ["ignore", "pipe", "pipe"] });
    const acked: string[] = [];
    let buf = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!;
      acked.push(...lines);
      if (acked.length >= acks && child.exitCode === null && !child.killed) child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve(acked) : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
}

/** Offset just past the last intact record of the journal (format: docs/format.md §Journal). */
function endOfLog(buf: Buffer): number {
  const epoch = buf.readUInt32LE(4);
  let at = JOURNAL_HEADER_BYTES;
  for (let f = checkFrame(buf, at, epoch); f.ok; f = checkFrame(buf, at, epoch)) at += f.length;
  return at;
}

/** The journal file appends go to: of the two, the one with the newer epoch. */
function activeJournal(dataDir: string, storeId: string): string {
  const files = [0, 1].map((i) => join(dataDir, "stores", `${storeId}.git`, "memgit", `journal.${i}.wal`));
  return files.sort((a, b) => readFileSync(b).readUInt32LE(4) - readFileSync(a).readUInt32LE(4))[0]!;
}

const fsck = (gitDir: string) => execFileSync("git", ["--git-dir", gitDir, "fsck", "--full", "--strict"], { stdio: "pipe" }).toString();

async function newStore(): Promise<{ dataDir: string; storeId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-crash-"));
  const mg = await Memgit.open({ dataDir });
  const storeId = (await mg.createStore({ name: "crash" })).id;
  await mg.close();
  return { dataDir, storeId };
}

async function allVersionIds(mg: Memgit, storeId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await mg.listVersions(storeId, { limit: 1000, cursor });
    ids.push(...page.items.map((v) => v.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe("crash safety", () => {
  it("keeps every acknowledged version across SIGKILLs mid-storm (4 rounds)", async () => {
    const { dataDir, storeId } = await newStore();
    const everAcked: string[] = [];
    for (let round = 0; round < 4; round++) {
      const acked = await stormAndKill(dataDir, storeId, 150 + round * 170, round + 1);
      everAcked.push(...acked);
      const mg = await Memgit.open({ dataDir });
      try {
        const ids = await allVersionIds(mg, storeId);
        expect(new Set(ids).size).toBe(ids.length);
        const have = new Set(ids);
        expect(everAcked.filter((v) => !have.has(v))).toEqual([]);
        await mg.flush();
        const gitDir = (await mg.gitDir(storeId))!;
        fsck(gitDir);
        // Native git's history is the same list of versions.
        const log = execFileSync("git", ["--git-dir", gitDir, "rev-list", "main"]).toString().trim().split("\n");
        expect(log.map((c) => `memver_${c}`).sort()).toEqual([...ids].sort());
      } finally {
        await mg.close();
      }
    }
  });

  it("cuts a torn journal tail and says so; refuses a journal damaged in the middle", async () => {
    const { dataDir, storeId } = await newStore();
    const acked = await stormAndKill(dataDir, storeId, 300, 9, "hold");
    const journal = activeJournal(dataDir, storeId);
    // A torn final write: a frame header right after the last record promising bytes that never came.
    const buf = readFileSync(journal);
    writeFileSync(journal, Buffer.concat([buf.subarray(0, endOfLog(buf)), Buffer.from([0xff, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6])]));
    const mg = await Memgit.open({ dataDir });
    const repairs = await mg.repairs(storeId);
    expect({ repairs, problems: mg.problems() }).toMatchObject({ repairs: expect.arrayContaining([expect.stringContaining("torn journal tail")]) });
    const have = new Set(await allVersionIds(mg, storeId));
    expect(acked.filter((v) => !have.has(v))).toEqual([]);
    await mg.close();

    const second = await newStore();
    await stormAndKill(second.dataDir, second.storeId, 300, 10, "hold");
    const j2 = activeJournal(second.dataDir, second.storeId);
    const bytes = readFileSync(j2);
    const end = endOfLog(bytes);
    expect(end).toBeGreaterThan(2000);
    bytes[Math.floor(end / 3)]! ^= 0xff;
    writeFileSync(j2, bytes);
    const mg2 = await Memgit.open({ dataDir: second.dataDir });
    await expect(mg2.listMemories(second.storeId)).rejects.toMatchObject({ code: "Corrupt" });
    expect(mg2.problems().map((p) => p.storeId)).toEqual([second.storeId]);
    await mg2.close();
  });

  it("refuses a second process on the same data directory", async () => {
    const { dataDir } = await newStore();
    const mg = await Memgit.open({ dataDir });
    const child = spawn(process.execPath, ["--import", "tsx", "-e", `
      import { Memgit } from ${JSON.stringify(new URL("../../packages/engine/src/index.ts", import.meta.url).pathname)};
      Memgit.open({ dataDir: ${JSON.stringify(dataDir)} }).then(() => process.exit(0), (e) => { console.log(e.code); process.exit(3); });
    `], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(3);
    expect(out.trim()).toBe("StoreLocked");
    await mg.close();
  });
});

describe("repair from intact data", () => {
  async function populated() {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-repair-"));
    const mg = await Memgit.open({ dataDir });
    const storeId = (await mg.createStore({ name: "r" })).id;
    const actor = { type: "api_actor", apiKeyId: "apikey_r" } as const;
    for (let i = 0; i < 30; i++) {
      const { memory } = await mg.createMemory(storeId, { path: `/f/${i}.md`, content: `v0 ${i}`, actor });
      if (i % 3 === 0) await mg.updateMemory(storeId, memory.id, { content: `v1 ${i}`, actor });
      if (i % 5 === 0) await mg.deleteMemory(storeId, memory.id, { actor });
    }
    const snapshot = async (m: Memgit) => ({
      memories: (await m.listMemories(storeId, { view: "full", limit: 100 })).items,
      versions: (await m.listVersions(storeId, { limit: 100 })).items,
    });
    const before = await snapshot(mg);
    await mg.close();
    return { dataDir, storeId, gitDir: join(dataDir, "stores", `${storeId}.git`), before, snapshot };
  }

  it("rebuilds a deleted index with identical answers", async () => {
    const s = await populated();
    for (const f of readdirSync(join(s.gitDir, "memgit"))) if (f.startsWith("catalog")) rmSync(join(s.gitDir, "memgit", f));
    const mg = await Memgit.open({ dataDir: s.dataDir });
    expect(await s.snapshot(mg)).toEqual(s.before);
    expect((await mg.repairs(s.storeId)).join()).toContain("rebuilt");
    await mg.close();
  });

  it("rebuilds a corrupt index file", async () => {
    const s = await populated();
    writeFileSync(join(s.gitDir, "memgit", "catalog.sqlite"), "this is not sqlite");
    const mg = await Memgit.open({ dataDir: s.dataDir });
    expect(await s.snapshot(mg)).toEqual(s.before);
    await mg.close();
  });

  it("rebuilds a missing pack index from the pack", async () => {
    const s = await populated();
    const packDir = join(s.gitDir, "objects", "pack");
    for (const f of readdirSync(packDir)) if (f.endsWith(".idx")) rmSync(join(packDir, f));
    const mg = await Memgit.open({ dataDir: s.dataDir });
    expect((await mg.repairs(s.storeId)).some((r) => r.includes("missing index"))).toBe(true);
    expect(await s.snapshot(mg)).toEqual(s.before);
    await mg.close();
    fsck(s.gitDir);
  });

  it("never serves wrong content from a corrupted pack", async () => {
    const s = await populated();
    const packDir = join(s.gitDir, "objects", "pack");
    const pack = readdirSync(packDir).filter((f) => f.endsWith(".pack")).sort((a, b) => statSync(join(packDir, b)).size - statSync(join(packDir, a)).size)[0]!;
    const bytes = readFileSync(join(packDir, pack));
    for (let i = 40; i < bytes.length - 40; i += 97) bytes[i]! ^= 0x55;
    writeFileSync(join(packDir, pack), bytes);
    // The index's copy of the head must not be trusted blindly either: drop it.
    for (const f of readdirSync(join(s.gitDir, "memgit"))) if (f.startsWith("catalog")) rmSync(join(s.gitDir, "memgit", f));
    const mg = await Memgit.open({ dataDir: s.dataDir });
    await expect(mg.listMemories(s.storeId, { view: "full" })).rejects.toMatchObject({ code: "Corrupt" });
    await mg.close();
  });
});
