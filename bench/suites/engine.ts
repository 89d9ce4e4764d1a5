// Engine figures (issue 3 "Benchmark"): durable writes on the shared workload, 16 concurrent writers
// (16 stores / one store), reads and lists at head, a 250k-version store (filtered page, open time),
// RSS of 100 idle stores in a child process, and disk after flush vs `git gc` of a clone of the same history.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { countFiles, du } from "../lib/disk.ts";
import { actor, benchLimits, type Engine, type EngineModule } from "../lib/engine.ts";
import { nowMs, Recorder, summarize, timeOnce } from "../lib/stats.ts";
import { contender, type Contender } from "./writes.ts";
import { contentStream, generateWorkload, prng, type Op, type Seed, type Workload } from "../lib/workload.ts";

export interface Log {
  (msg: string): void;
}

/** Runs fn over items with at most n in flight. */
export async function inParallel<T>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

export async function seedStore(mg: Engine, storeId: string, initial: readonly Seed[], ids: Map<number, string>): Promise<void> {
  await inParallel(initial, 16, async (s) => {
    const r = await mg.createMemory(storeId, { path: s.path, content: s.content, actor });
    ids.set(s.slot, r.memory.id);
  });
}

export async function applyOp(mg: Engine, storeId: string, op: Op, ids: Map<number, string>): Promise<void> {
  if (op.kind === "create") {
    const r = await mg.createMemory(storeId, { path: op.path, content: op.content, actor });
    ids.set(op.slot, r.memory.id);
  } else if (op.kind === "modify") {
    const r = await mg.updateMemory(storeId, ids.get(op.slot) as string, { content: op.content, actor });
    if (r.version === null) throw new Error("modify wrote no version (no-op?)");
  } else {
    await mg.deleteMemory(storeId, ids.get(op.slot) as string, { actor });
    ids.delete(op.slot);
  }
}

export interface WritesResult {
  engine: Contender;
  listSeeded: ReturnType<typeof summarize>;
  listAfter: ReturnType<typeof summarize>;
  liveAfter: number;
  read: ReturnType<typeof summarize>;
  disk?: DiskResult;
}

export interface DiskResult {
  versions: number;
  gitDirBytes: number;
  dataDirBytes: number;
  gitGcBytes: number;
  /** `objects/` only (packs + loose), in the store and in the gc'd mirror. */
  objectsBytes: number;
  gitGcObjectsBytes: number;
  gitDirFiles: number;
  looseObjects: number;
  packs: number;
  gcMs: number;
  /** git dir after the engine's own compact(), when it has one. */
  gitDirCompactedBytes: number | null;
}

/**
 * Single durable writer on the shared workload, then list/read figures and disk vs git gc on that store.
 * `drive` times the writes (suites/writes.ts interleaves them with the baselines); settle = flush.
 */
export async function runEngineWrites(
  mod: EngineModule,
  dataDir: string,
  w: Workload,
  o: { reads: number; listReps: number; disk: boolean; scratch: string },
  log: Log,
  drive: (engine: Contender) => Promise<void>,
): Promise<WritesResult> {
  const mg = await mod.Memgit.open({ dataDir, limits: benchLimits(mod) });
  try {
    const store = await mg.createStore({ name: "bench writes", description: "pnpm bench: single durable writer" });
    const ids = new Map<number, string>();
    await seedStore(mg, store.id, w.initial, ids);
    await mg.flush(store.id);

    const listOnce = async (expect: number) => {
      const page = await mg.listMemories(store.id, { limit: expect + 100 });
      if (page.items.length !== expect) throw new Error(`listMemories returned ${page.items.length}, expected ${expect}`);
    };
    const listRec = new Recorder();
    await listOnce(w.memories); // warm
    for (let i = 0; i < o.listReps; i++) await listRec.time(() => listOnce(w.memories));

    log(`engine: ${w.ops.length.toLocaleString()} durable writes, one writer…`);
    const engine = contender("engine", false, (op) => applyOp(mg, store.id, op, ids));
    await drive(engine);

    const listAfterRec = new Recorder();
    await listOnce(ids.size);
    for (let i = 0; i < o.listReps; i++) await listAfterRec.time(() => listOnce(ids.size));

    const live = [...ids.values()];
    const rand = prng(42);
    const readRec = new Recorder();
    for (let i = 0; i < Math.min(200, o.reads); i++) await mg.getMemory(store.id, live[i % live.length] as string); // warm
    for (let i = 0; i < o.reads; i++) {
      const id = live[Math.floor(rand() * live.length)] as string;
      const m = await readRec.time(() => mg.getMemory(store.id, id));
      if (m.id !== id) throw new Error("getMemory returned another memory");
    }

    let disk: DiskResult | undefined;
    if (o.disk) {
      log("engine: flush, du, git clone --mirror + repack -adF + gc of the same history…");
      await mg.flush(store.id);
      const gitDir = await mg.gitDir(store.id);
      if (!gitDir) throw new Error("gitDir() returned null for an on-disk store");
      const mirror = path.join(o.scratch, "gc-mirror.git");
      execFileSync("git", ["clone", "--quiet", "--mirror", "--no-local", gitDir, mirror], { stdio: "ignore" });
      // -F: recompute every delta and recompress (the store's packs may hold objects stored whole or at
      // another compression level, which a plain gc would reuse as they are); then the plain gc.
      const gc = await timeOnce(() => {
        execFileSync("git", ["-C", mirror, "repack", "-a", "-d", "-F", "-q"], { stdio: "ignore" });
        execFileSync("git", ["-C", mirror, "gc", "--quiet"], { stdio: "ignore" });
      });
      const counts = Object.fromEntries(
        execFileSync("git", ["-C", gitDir, "count-objects", "-v"], { encoding: "utf8" })
          .trim()
          .split("\n")
          .map((l) => l.split(": ") as [string, string]),
      );
      disk = {
        versions: w.initial.length + w.ops.length,
        gitDirBytes: du(gitDir).bytes,
        dataDirBytes: du(dataDir).bytes,
        gitGcBytes: du(mirror).bytes,
        objectsBytes: du(path.join(gitDir, "objects")).bytes,
        gitGcObjectsBytes: du(path.join(mirror, "objects")).bytes,
        gitDirFiles: countFiles(gitDir),
        looseObjects: Number(counts.count ?? Number.NaN),
        packs: Number(counts.packs ?? Number.NaN),
        gcMs: gc.ms,
        gitDirCompactedBytes: null,
      };
      if (mg.compact) {
        await mg.compact(store.id);
        disk.gitDirCompactedBytes = du(gitDir).bytes;
      }
    }
    return {
      engine,
      listSeeded: listRec.summary(),
      listAfter: listAfterRec.summary(),
      liveAfter: ids.size,
      read: readRec.summary(),
      ...(disk ? { disk } : {}),
    };
  } finally {
    await mg.close();
  }
}

/** A further round of the single-writer run on a fresh store (no read/list/disk figures). */
export async function runEngineWritesOnly(mod: EngineModule, dataDir: string, w: Workload, log: Log, drive: (engine: Contender) => Promise<void>): Promise<Contender> {
  const mg = await mod.Memgit.open({ dataDir, limits: benchLimits(mod) });
  try {
    const store = await mg.createStore({ name: "bench writes (round)" });
    const ids = new Map<number, string>();
    await seedStore(mg, store.id, w.initial, ids);
    await mg.flush(store.id);
    log(`engine: ${w.ops.length.toLocaleString()} durable writes, one writer…`);
    const engine = contender("engine", false, (op) => applyOp(mg, store.id, op, ids));
    await drive(engine);
    return engine;
  } finally {
    await mg.close();
  }
}

/** 16 concurrent writers, each with its own share of the workload, on 16 stores or on one store. */
export async function runEngineConcurrent(mod: EngineModule, dataDir: string, subs: readonly Workload[], mode: "stores" | "one-store", log: Log): Promise<Recorder> {
  const mg = await mod.Memgit.open({ dataDir, limits: benchLimits(mod) });
  try {
    const storeIds: string[] = [];
    if (mode === "one-store") {
      const s = await mg.createStore({ name: "bench concurrent one store" });
      for (let i = 0; i < subs.length; i++) storeIds.push(s.id);
    } else {
      for (let i = 0; i < subs.length; i++) storeIds.push((await mg.createStore({ name: `bench concurrent ${i}` })).id);
    }
    const idMaps = subs.map(() => new Map<number, string>());
    await Promise.all(subs.map((w, i) => seedStore(mg, storeIds[i] as string, w.initial, idMaps[i] as Map<number, string>)));
    log(`engine: ${subs.length} concurrent writers on ${mode === "one-store" ? "one store" : `${subs.length} stores`}…`);
    const rec = new Recorder();
    rec.start();
    await Promise.all(
      subs.map(async (w, i) => {
        for (const op of w.ops) await rec.time(() => applyOp(mg, storeIds[i] as string, op, idMaps[i] as Map<number, string>));
      }),
    );
    rec.stop();
    return rec;
  } finally {
    await mg.close();
  }
}

export interface BigStoreResult {
  versions: number;
  build: Recorder;
  page: ReturnType<typeof summarize>;
  pageNewest: ReturnType<typeof summarize>;
  closeMs: number;
  openMs: number;
  firstPageMs: number;
  newestMatches: boolean;
}

/**
 * Fills `storeId` to `versions` memory versions: `memories` seeded memories, then modifies by 16 writers
 * on the store (each on its own share of the memories). Returns the seeded memories' ids by slot.
 */
/** `onWrite`, if given, hears the store's memory version count after each acknowledged update. */
export async function buildBigStore(
  mg: Engine,
  storeId: string,
  o: { memories: number; versions: number; onWrite?: (versions: number) => void },
  log: Log,
): Promise<{ ids: Map<number, string>; build: Recorder }> {
  const ids = new Map<number, string>();
  await seedStore(mg, storeId, generateWorkload({ memories: o.memories, writes: 0, seed: 250 }).initial, ids);
  const writers = 16;
  const remaining = o.versions - o.memories;
  log(`engine: building a ${o.versions.toLocaleString()}-version store (${writers} writers on one store)…`);
  const build = new Recorder();
  let done = 0;
  let nextReport = 0.1;
  const t0 = nowMs();
  build.start();
  await Promise.all(
    Array.from({ length: writers }, async (_, k) => {
      const rand = prng(7000 + k);
      const content = contentStream(9000 + k);
      const mine = [...ids.entries()].filter(([slot]) => slot % writers === k);
      const share = Math.floor(remaining / writers) + (k < remaining % writers ? 1 : 0);
      for (let i = 0; i < share; i++) {
        const [slot, id] = mine[Math.floor(rand() * mine.length)] as [number, string];
        await build.time(() => mg.updateMemory(storeId, id, { content: content(slot), actor }));
        done++;
        o.onWrite?.(o.memories + done);
        if (done / remaining >= nextReport) {
          log(`  ${Math.round(nextReport * 100)}% (${done.toLocaleString()} writes, ${Math.round(done / ((nowMs() - t0) / 1000))}/s)`);
          nextReport += 0.1;
        }
      }
    }),
  );
  build.stop();
  return { ids, build };
}

/** Builds a store with `versions` memory versions (16 writers on one store), then measures pages and reopen. */
export async function runBigStore(mod: EngineModule, dataDir: string, o: { memories: number; versions: number; pageReps: number; pageLimit: number }, log: Log): Promise<BigStoreResult> {
  const limits = benchLimits(mod);
  let mg = await mod.Memgit.open({ dataDir, limits });
  let storeId = "";
  let ids = new Map<number, string>();
  let build = new Recorder();
  let newest = "";
  try {
    storeId = (await mg.createStore({ name: "bench 250k" })).id;
    ({ ids, build } = await buildBigStore(mg, storeId, o, log));
    newest = (await mg.listVersions(storeId, { limit: 1 })).items[0]?.id ?? "";
  } catch (e) {
    await mg.close();
    throw e;
  }

  const memIds = [...ids.values()];
  const pages = async (m: Engine, reps: number) => {
    const rand = prng(4242);
    const rec = new Recorder();
    for (let i = 0; i < 50; i++) await m.listVersions(storeId, { memoryId: memIds[i % memIds.length] as string, limit: o.pageLimit });
    for (let i = 0; i < reps; i++) {
      const memoryId = memIds[Math.floor(rand() * memIds.length)] as string;
      const page = await rec.time(() => m.listVersions(storeId, { memoryId, limit: o.pageLimit }));
      if (page.items.length === 0) throw new Error("filtered version page is empty");
    }
    return rec.summary();
  };
  const page = await pages(mg, o.pageReps);
  const newestRec = new Recorder();
  for (let i = 0; i < Math.min(200, o.pageReps); i++) await newestRec.time(() => mg.listVersions(storeId, { limit: o.pageLimit }));

  log("engine: close and reopen the big store…");
  const closed = await timeOnce(() => mg.close());
  const opened = await timeOnce(() => mod.Memgit.open({ dataDir, limits }));
  mg = opened.value;
  try {
    const first = await timeOnce(() => mg.listVersions(storeId, { memoryId: memIds[0] as string, limit: o.pageLimit }));
    const newestAfter = (await mg.listVersions(storeId, { limit: 1 })).items[0]?.id ?? "";
    return {
      versions: o.versions,
      build,
      page,
      pageNewest: newestRec.summary(),
      closeMs: closed.ms,
      openMs: opened.ms,
      firstPageMs: first.ms,
      newestMatches: newest !== "" && newest === newestAfter,
    };
  } finally {
    await mg.close();
  }
}

export interface RssResult {
  stores: number;
  rssBytes: number;
  heapUsedBytes: number;
  baselineRssBytes: number;
  openAllMs: number;
}

export function runRssChild(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", path.join(import.meta.dirname, "..", "rss-child.ts"), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`rss child exited ${code}: ${err.trim().split("\n").slice(-3).join(" | ")}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop() as string));
      } catch {
        reject(new Error(`rss child printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}

/** Prepares `stores` stores with a few memories each, then has a fresh child process open them all and idle. */
export async function runIdleRss(mod: EngineModule, dataDir: string, emptyDir: string, o: { stores: number; memoriesPerStore: number }, log: Log): Promise<RssResult> {
  log(`engine: preparing ${o.stores} stores for the idle-RSS child…`);
  const mg = await mod.Memgit.open({ dataDir, limits: benchLimits(mod) });
  try {
    await inParallel(
      Array.from({ length: o.stores }, (_, i) => i),
      8,
      async (i) => {
        const s = await mg.createStore({ name: `idle ${i}` });
        const w = generateWorkload({ memories: o.memoriesPerStore, writes: 0, seed: 100 + i });
        for (const m of w.initial) await mg.createMemory(s.id, { path: m.path, content: m.content, actor });
      },
    );
  } finally {
    await mg.close();
  }
  const baseline = await runRssChild([emptyDir, "0"]);
  const held = await runRssChild([dataDir, String(o.stores)]);
  if (held.stores !== o.stores) throw new Error(`child opened ${held.stores} stores, expected ${o.stores}`);
  return {
    stores: o.stores,
    rssBytes: held.rss as number,
    heapUsedBytes: held.heapUsed as number,
    baselineRssBytes: baseline.rss as number,
    openAllMs: held.openAllMs as number,
  };
}
