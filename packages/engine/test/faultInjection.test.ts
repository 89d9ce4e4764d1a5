// No I/O error can crash the process or lose an acknowledged write (issue 10 item 6, issue 9
// item 8). Each case fails one I/O site of the write or maintenance path (journal, checkpoint
// pack, refs, compaction) with EIO, ENOSPC or EDQUOT during a workload, then lifts the fault:
// every call settled with a typed error or success, writes work again without a restart, and
// a fresh open (another process would do the same) reads back every acknowledged write.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMemgitError, Memgit, type Memory } from "../src/index.ts";
import { runGit } from "../src/storage/nativeGit.ts";
import { faultyBackend, type Fault } from "./helpers/faultyBackend.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;

const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

/** Sites of the write path (journal) and of maintenance (checkpoint pack, refs, compaction). */
const sites: Array<Omit<Fault, "code"> & { codes: string[] }> = [
  { call: "writeSync", where: "journal", codes: ["ENOSPC", "EIO", "EDQUOT"] },
  { call: "fdatasyncSync", where: "journal", codes: ["EIO", "ENOSPC"] },
  { call: "fsyncSync", where: "journal", codes: ["EIO"] },
  { call: "ftruncateSync", where: "journal", codes: ["EIO"] },
  { call: "openSync", where: "tmp_pack", codes: ["ENOSPC", "EMFILE"] },
  { call: "writeSync", where: "tmp_pack", codes: ["ENOSPC", "EIO"] },
  { call: "fsync", where: "pack", codes: ["EIO"] },
  { call: "renameSync", where: "pack", codes: ["EIO"] },
  { call: "writeSync", where: ".idx", codes: ["ENOSPC"] },
  { call: "openSync", where: "refs/heads", codes: ["ENOSPC"] },
  { call: "renameSync", where: "refs/heads", codes: ["EIO"] },
  { call: "readdirSync", where: "pack", codes: ["EIO"] },
  { call: "readSync", where: "pack", codes: ["EIO"] },
  { call: "rmSync", where: "pack", codes: ["EIO"] },
];

const cases = sites.flatMap((s) => s.codes.map((code) => ({ ...s, code })));

async function settle(p: Promise<unknown>): Promise<{ ok: true } | { ok: false; typed: boolean; error: unknown }> {
  try {
    await p;
    return { ok: true };
  } catch (error) {
    return { ok: false, typed: isMemgitError(error), error };
  }
}

describe("injected I/O failures", () => {
  it.each(cases)("$call on $where fails with $code: typed errors, no crash, no acknowledged write lost", async ({ call, where, code }) => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-fault-"));
    const backend = faultyBackend(dataDir);
    // Small journal and short quiet time: checkpoints and compactions run during the workload.
    const mg = await Memgit.open({ dataDir, backend, checkpointQuietMs: 2, checkpointBytes: 8 << 10 });
    const store = await mg.createStore({ name: "faults" });
    const acked = new Map<string, string>();
    const write = async (path: string, content: string) => {
      const r = await settle(mg.createMemory(store.id, { actor, path, content }));
      if (r.ok) acked.set(path, content);
      return r;
    };
    for (let i = 0; i < 6; i++) await write(`/before/${i}.md`, `before ${i} `.repeat(300));

    backend.inject({ call, where, code, sticky: true });
    const during = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) => write(`/during/${i}.md`, `during ${i} `.repeat(400))),
      settle(mg.flush(store.id)),
      settle(mg.compact(store.id)),
    ]);
    // Reads keep answering while the fault lasts.
    const reads = await settle(mg.listMemories(store.id, { limit: 100 }));
    const writeResults = during.slice(0, 24);
    for (const r of writeResults) if (!r.ok) expect(r.typed, String((r as { error: Error }).error)).toBe(true);
    expect(reads.ok || (reads as { typed: boolean }).typed).toBe(true);
    expect(backend.fired.length).toBeGreaterThan(0);

    // The disk is back: writes succeed again, with no restart.
    backend.clear();
    for (let i = 0; i < 4; i++) {
      const r = await write(`/after/${i}.md`, `after ${i}`);
      expect(r.ok, String((r as { error?: Error }).error)).toBe(true);
    }
    await mg.flush(store.id);
    await mg.close();

    const again = await Memgit.open({ dataDir });
    const memories = [];
    for (let cursor: string | null | undefined; ; ) {
      const page = await again.listMemories(store.id, { limit: 100, ...(cursor ? { cursor } : {}) });
      memories.push(...(page.items as Memory[]));
      if (!(cursor = page.nextCursor)) break;
    }
    const byPath = new Map(memories.map((m) => [m.path, m]));
    for (const [path, content] of acked) {
      const m = byPath.get(path);
      expect(m, `acknowledged ${path} is missing`).toBeDefined();
      expect((await again.getMemory(store.id, m!.id, { view: "full" })).content).toBe(content);
    }
    const gitDir = (await again.gitDir(store.id))!;
    await again.flush(store.id);
    execFileSync("git", ["--git-dir", gitDir, "fsck", "--full", "--strict"], { stdio: "pipe" });
    await again.close();
    expect(unhandled).toEqual([]);
  });
});

describe("native git", () => {
  it("a git that exits without reading its input is an error, not an EPIPE that kills the process", async () => {
    const gitDir = mkdtempSync(join(tmpdir(), "memgit-epipe-"));
    execFileSync("git", ["init", "-q", "--bare", gitDir]);
    // 8 MB of input to a command that reads none of it and fails at once.
    const input = "x".repeat(8 << 20);
    await expect(runGit(gitDir, ["rev-parse", "--verify", "refs/heads/none"], input)).rejects.toThrow(/git rev-parse failed/);
    expect(unhandled).toEqual([]);
  });
});
