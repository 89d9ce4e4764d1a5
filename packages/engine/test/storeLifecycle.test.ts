// The lifecycle of an open store (issue 10 items 1–5, issue 9 item 3): no write after close,
// deletes that race nothing, one open per store at a time, a bounded number of open stores,
// maintenance in one chain, and a store cap that holds under concurrency.
import { execFileSync } from "node:child_process";
import { mkdtempSync, openSync, closeSync, readdirSync, readlinkSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isMemgitError, Memgit, type Memory, type OpenOptions } from "../src/index.ts";
import { faultyBackend } from "./helpers/faultyBackend.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const opened: Memgit[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

async function open(opts: Partial<OpenOptions> = {}): Promise<{ mg: Memgit; dataDir: string }> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "memgit-life-"));
  const mg = await Memgit.open({ dataDir, ...opts });
  opened.push(mg);
  return { mg, dataDir };
}

/** What a call settled to: "ok", or the engine error code, or "untyped: <message>". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    return isMemgitError(err) ? err.code : `untyped: ${(err as Error).message}`;
  }
}

const ownFds = () => readdirSync("/proc/self/fd").map((fd) => ({ fd: Number(fd), target: safeReadlink(`/proc/self/fd/${fd}`) }));
const safeReadlink = (p: string) => {
  try {
    return readlinkSync(p);
  } catch {
    return "";
  }
};

describe("writes and close", () => {
  it("never writes a queued memory through a closed descriptor (a deleted store's write lands nowhere else)", async () => {
    const { mg, dataDir } = await open();
    const store = await mg.createStore({ name: "s" });
    await mg.createMemory(store.id, { actor, path: "/warm.md", content: "x" });
    // An empty journal makes the close quick: it is done before the queued batch runs.
    await mg.flush(store.id);
    const secret = "SECRET-" + "z".repeat(90_000);
    const writes = Array.from({ length: 4 }, (_, i) => outcome(mg.createMemory(store.id, { actor, path: `/m${i}.md`, content: secret })));
    const deleting = mg.deleteStore(store.id);
    // Descriptors freed by the close are handed out again at once: these files would get them.
    const bystanders = Array.from({ length: 6 }, (_, i) => join(dataDir, `bystander-${i}`));
    const fds = bystanders.map((p) => (writeFileSync(p, ""), openSync(p, "r+")));
    await deleting;
    const results = await Promise.all(writes);
    for (const fd of fds) closeSync(fd);
    for (const p of bystanders) expect(statSync(p).size).toBe(0);
    // Queued before the delete: they are written, then the store goes with them.
    expect(results).toEqual(["ok", "ok", "ok", "ok"]);
    expect(readdirSync(join(dataDir, "stores"))).toEqual([]);
  });

  it("refuses writes once Memgit is closing, and the queued ones before it are kept", async () => {
    const { mg, dataDir } = await open();
    const store = await mg.createStore({ name: "s" });
    await mg.createMemory(store.id, { actor, path: "/warm.md", content: "open" });
    const queued = mg.createMemory(store.id, { actor, path: "/a.md", content: "a" });
    const closing = mg.close();
    const late = outcome(mg.createMemory(store.id, { actor, path: "/b.md", content: "b" }));
    await closing;
    expect(await outcome(queued)).toBe("ok");
    expect(await late).toBe("Closed");
    const { mg: again } = await open({ dataDir });
    expect((await again.listMemories(store.id)).items.map((m) => m.path)).toEqual(["/a.md", "/warm.md"]);
  });
});

describe("delete races", () => {
  it("writers racing a delete get success or NotFound, never anything else; nothing is left on disk", async () => {
    const { mg, dataDir } = await open({ checkpointQuietMs: 1, checkpointBytes: 4096 });
    for (let round = 0; round < 5; round++) {
      const store = await mg.createStore({ name: `s${round}` });
      const writers = Array.from({ length: 6 }, async (_, w) => {
        const seen: string[] = [];
        for (let i = 0; i < 25; i++) {
          seen.push(await outcome(mg.createMemory(store.id, { actor, path: `/w${w}/m${i}.md`, content: "y".repeat(3000) })));
          if (i % 5 === 0) seen.push(await outcome(mg.listMemories(store.id)));
        }
        return seen;
      });
      await new Promise((r) => setTimeout(r, 5 + round * 3));
      const deleted = outcome(mg.deleteStore(store.id));
      const seen = (await Promise.all(writers)).flat();
      expect(await deleted).toBe("ok");
      expect(new Set(seen.filter((s) => s !== "ok" && s !== "NotFound"))).toEqual(new Set());
      expect(await outcome(mg.getStore(store.id))).toBe("NotFound");
    }
    expect(readdirSync(join(dataDir, "stores"))).toEqual([]);
  });

  it("a compaction racing a delete is stopped with the store, not run on a vanished directory", async () => {
    const { mg, dataDir } = await open({ checkpointQuietMs: 100_000 });
    const store = await mg.createStore({ name: "s" });
    for (let i = 0; i < 40; i++) {
      await mg.createMemory(store.id, { actor, path: `/m${i}.md`, content: `v${i}`.repeat(500) });
      if (i % 8 === 0) await mg.flush(store.id);
    }
    const compacting = outcome(mg.compact(store.id));
    const deleting = outcome(mg.deleteStore(store.id));
    expect(await deleting).toBe("ok");
    expect(["ok", "NotFound"]).toContain(await compacting);
    expect(readdirSync(join(dataDir, "stores"))).toEqual([]);
  });
});

describe("maintenance", () => {
  it("a full compaction during a write storm with checkpoints loses no object", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-life-"));
    const backend = faultyBackend(dataDir);
    const { mg } = await open({ dataDir, backend, checkpointQuietMs: 1, checkpointBytes: 1 });
    // A slow disk widens the window in which a checkpoint's pack is listed but its refs have
    // not moved yet: its objects are unreachable then, and `repack -a -d` drops unreachable objects.
    backend.inject({ call: "fsync", where: "refs/heads", delayMs: 150, sticky: true });
    const store = await mg.createStore({ name: "s" });
    const acked: string[] = [];
    const storm = (async () => {
      for (let i = 0; i < 60; i++) {
        await mg.createMemory(store.id, { actor, path: `/m${i}.md`, content: `memory ${i} `.repeat(40) });
        acked.push(`/m${i}.md`);
      }
    })();
    const compactions = (async () => {
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 120));
        await mg.compact(store.id);
      }
    })();
    await Promise.all([storm, compactions]);
    backend.clear();
    await mg.close();
    const { mg: again } = await open({ dataDir });
    const listed = (await again.listMemories(store.id, { limit: 1000 })).items.map((m) => m.path);
    expect(listed.sort()).toEqual([...acked].sort());
    execFileSync("git", ["--git-dir", (await again.gitDir(store.id))!, "fsck", "--full", "--strict"], { stdio: "pipe" });
  });
});

describe("reopening", () => {
  it("concurrent calls on a broken store share one reopen; the store serves again", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-life-"));
    const backend = faultyBackend(dataDir);
    const { mg } = await open({ dataDir, backend, checkpointQuietMs: 100_000 });
    const store = await mg.createStore({ name: "s" });
    for (let i = 0; i < 5; i++) await mg.createMemory(store.id, { actor, path: `/m${i}.md`, content: "x" });
    backend.inject({ call: "fdatasyncSync", code: "EIO", where: "journal" });
    expect(await outcome(mg.createMemory(store.id, { actor, path: "/z.md", content: "z" }))).toBe("Corrupt");
    backend.clear();
    const journalOpens = () => backend.log.filter((c) => c.call === "openSync" && c.path.endsWith("journal.0.wal")).length;
    const before = journalOpens();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => outcome(i % 2 ? mg.listMemories(store.id) : mg.createMemory(store.id, { actor, path: `/n${i}.md`, content: "n" }))),
    );
    expect(results).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
    expect(journalOpens() - before).toBe(1);
    expect(mg.openStores).toBe(1);
    const paths = (await mg.listMemories(store.id, { limit: 100 })).items.map((m) => m.path).sort();
    // /z.md was never acknowledged: it may or may not have reached the disk before fdatasync failed.
    expect(paths.filter((p) => p !== "/z.md")).toEqual(["/m0.md", "/m1.md", "/m2.md", "/m3.md", "/m4.md", "/n0.md", "/n2.md", "/n4.md"]);
  });
});

describe("a bounded set of open stores", () => {
  it("keeps at most maxOpenStores idle stores open, whatever the number of stores touched", async () => {
    const { mg, dataDir } = await open({ maxOpenStores: 4 });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const s = await mg.createStore({ name: `s${i}` });
      ids.push(s.id);
      await mg.createMemory(s.id, { actor, path: "/a.md", content: `store ${i}` });
    }
    // Every store again, in a different order: each is reopened on demand, with its content.
    for (const [i, id] of ids.entries()) {
      if (i % 3 !== 0) continue;
      const [first] = (await mg.listMemories(id)).items as Memory[];
      expect((await mg.getMemory(id, first!.id, { view: "full" })).content).toBe(`store ${i}`);
    }
    expect(mg.openStores).toBeLessThanOrEqual(4);
    // Evicted stores close in the background (a checkpoint first); wait for the files to go.
    const storesWithFiles = () => new Set(ownFds().filter((f) => f.target.startsWith(join(dataDir, "stores"))).map((f) => f.target.split("/stores/")[1]!.split("/")[0]));
    for (let i = 0; i < 100 && storesWithFiles().size > 4; i++) await new Promise((r) => setTimeout(r, 50));
    expect(storesWithFiles().size).toBeLessThanOrEqual(4);
  });

  it("serves many more stores than the descriptor limit allows open at once (no EMFILE)", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "memgit-life-"));
    const script = new URL("./fixtures/touchStores.ts", import.meta.url).pathname;
    // 200 stores at six descriptors each would need 1,200; the child may have 160.
    const out = execFileSync("prlimit", ["--nofile=160:160", process.execPath, "--import", "tsx", script, dataDir, "200", "16"], { encoding: "utf8", timeout: 120_000 });
    expect(JSON.parse(out)).toMatchObject({ touched: 200, failures: 0 });
  }, 180_000);
});

describe("the store cap", () => {
  it("holds under concurrent creates: check and reservation are one step", async () => {
    const { mg } = await open({ limits: { maxStoresPerOwner: 10 } });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => outcome(mg.createStore({ name: `s${i}`, owner: "w" }))));
    expect(results.filter((r) => r === "ok")).toHaveLength(10);
    expect(results.filter((r) => r === "LimitExceeded")).toHaveLength(30);
    expect((await mg.listStores({ owner: "w", limit: 100 })).items).toHaveLength(10);
  });
});
