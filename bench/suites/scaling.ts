// How cost grows (issue 15): one store grown through 1k, 10k, 100k and 250k versions, and at each
// size a single durable writer's updates (writes/s, p50, p99), then a fresh child process opening
// the data directory (open + first read, RSS); reads and lists on stores of 100 and 2,000 memories;
// RSS of a child holding 1, 100 and 1,000 open stores. `growth` names the trend of each row.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { actor, benchLimits, type Engine, type EngineModule } from "../lib/engine.ts";
import { Recorder, type LatencySummary } from "../lib/stats.ts";
import { contentStream, generateWorkload, prng } from "../lib/workload.ts";
import { inParallel, runRssChild, seedStore, type Log } from "./engine.ts";

export interface VersionPoint {
  versions: number;
  writes: Recorder;
  /** The same single-writer updates on a small reference store, alternating call by call with `writes`. */
  reference: Recorder;
  /** Fresh child process: Memgit.open + list + first getMemory of the store. */
  openMs: number;
  rssBytes: number;
}

export interface MemoriesPoint {
  memories: number;
  read: LatencySummary;
  listPage: LatencySummary;
  listAll: LatencySummary;
}

export interface StoresPoint {
  stores: number;
  rssBytes: number;
  openAllMs: number;
}

export interface ScalingResult {
  versions: VersionPoint[];
  memories: MemoriesPoint[];
  stores: StoresPoint[];
  baselineRssBytes: number;
}

export interface ScalingOptions {
  versionPoints: number[];
  /** Durable single-writer updates measured at each point. */
  writesPerPoint: number;
  memoryPoints: number[];
  reads: number;
  storePoints: number[];
}

/**
 * The trend of `ys` over `xs` as a log-log slope from the first point to the last: 0 is flat, 1 is
 * linear. Named "flat" when the whole range moved the figure by less than 25 % (either way: on a
 * shared machine smaller moves are noise), "log-like" below a slope of 0.3.
 */
export function growth(xs: number[], ys: number[]): { slope: number; factor: number; text: string } {
  const [x0, x1, y0, y1] = [xs[0], xs.at(-1), ys[0], ys.at(-1)] as [number, number, number, number];
  const factor = y1 / y0;
  const slope = Math.log(factor) / Math.log(x1 / x0);
  const name = factor < 1.25 ? "flat" : slope < 0.3 ? "log-like" : slope < 0.8 ? "sub-linear" : slope < 1.2 ? "linear" : "super-linear";
  return { slope, factor, text: `${name}: ×${factor.toFixed(2)} over ×${Math.round(x1 / x0)}, log-log slope ${slope.toFixed(2)}` };
}

interface Target {
  mg: Engine;
  storeId: string;
  ids: string[];
}

/**
 * `writes` durable single-writer updates on each target, one call on each in turn, so that a slow
 * second on a shared machine hits the big store and the reference store alike.
 */
async function alternating(targets: Target[], writes: number, seed: number): Promise<Recorder[]> {
  const rand = prng(seed);
  const content = contentStream(seed + 1);
  const recs = targets.map(() => new Recorder());
  for (const r of recs) r.start();
  for (let i = 0; i < writes; i++)
    for (const [k, t] of targets.entries()) {
      const slot = Math.floor(rand() * t.ids.length);
      await (recs[k] as Recorder).time(() => t.mg.updateMemory(t.storeId, t.ids[slot] as string, { content: content(slot), actor }));
    }
  for (const r of recs) r.stop();
  return recs;
}

/** 16 writers on the store until it holds `target` memory versions (group commit: the fast way to grow it). */
async function growTo(mg: Engine, storeId: string, ids: string[], from: number, target: number, seed: number): Promise<void> {
  const writers = 16;
  const remaining = target - from;
  await Promise.all(
    Array.from({ length: writers }, async (_, k) => {
      const rand = prng(seed + k);
      const content = contentStream(seed + 100 + k);
      const share = Math.floor(remaining / writers) + (k < remaining % writers ? 1 : 0);
      for (let i = 0; i < share; i++) {
        const slot = Math.floor(rand() * ids.length);
        await mg.updateMemory(storeId, ids[slot] as string, { content: content(slot), actor });
      }
    }),
  );
}

const quiet = () => new Promise((r) => setTimeout(r, 1_000));

export async function runScaling(mod: EngineModule, dir: string, o: ScalingOptions, log: Log): Promise<ScalingResult> {
  const limits = benchLimits(mod);
  // A child with an empty data directory: the RSS every other child's figure sits on.
  mkdirSync(path.join(dir, "stores-empty"), { recursive: true });
  const baseline = await runRssChild([path.join(dir, "stores-empty"), "0"]);
  const versions: VersionPoint[] = [];
  const growDir = path.join(dir, "grow");
  const seedMemories = Math.min(500, o.versionPoints[0] as number);
  let mg = await mod.Memgit.open({ dataDir: growDir, limits });
  // The reference: a store of the same memories kept small, in its own data directory (the child
  // processes open only the grown one), written to alternately with it at every point.
  const refMg = await mod.Memgit.open({ dataDir: path.join(dir, "reference"), limits });
  let storeId = "";
  let ids: string[] = [];
  try {
    storeId = (await mg.createStore({ name: "bench scaling" })).id;
    const slots = new Map<number, string>();
    const seed = generateWorkload({ memories: seedMemories, writes: 0, seed: 31 }).initial;
    await seedStore(mg, storeId, seed, slots);
    ids = [...slots.values()];
    const refSlots = new Map<number, string>();
    const ref: Target = { mg: refMg, storeId: (await refMg.createStore({ name: "bench scaling reference" })).id, ids: [] };
    await seedStore(refMg, ref.storeId, seed, refSlots);
    ref.ids = [...refSlots.values()];
    let have = seedMemories;
    for (const [i, point] of o.versionPoints.entries()) {
      // The measured writes are centred on the point: grown to point − w/2, then w single-writer updates.
      const w = Math.min(o.writesPerPoint, Math.floor(point / 2));
      log(`scaling: growing the store to ${(point - w / 2).toLocaleString()} versions…`);
      await growTo(mg, storeId, ids, have, point - w / 2, 4000 + i * 100);
      await mg.flush(storeId);
      await refMg.flush(ref.storeId);
      await quiet();
      log(`scaling: ${w.toLocaleString()} single-writer updates at ~${point.toLocaleString()} versions, alternating with a small store…`);
      const [writes, reference] = (await alternating([{ mg, storeId, ids }, ref], w, 6000 + i)) as [Recorder, Recorder];
      have = point + w / 2;
      await mg.close();
      const child = await runRssChild([growDir, "1"]);
      versions.push({ versions: point, writes, reference, openMs: child.openAllMs as number, rssBytes: child.rss as number });
      mg = await mod.Memgit.open({ dataDir: growDir, limits });
    }
  } finally {
    await mg.close();
    await refMg.close();
  }

  // One store per size in one engine, the calls alternating between them, so that a slow second on
  // a shared machine lands on every size alike.
  const memories: MemoriesPoint[] = [];
  log(`scaling: reads and lists on stores of ${o.memoryPoints.map((n) => n.toLocaleString()).join(", ")} memories…`);
  const m = await mod.Memgit.open({ dataDir: path.join(dir, "memories"), limits });
  try {
    const sized = [];
    for (const n of o.memoryPoints) {
      const s = (await m.createStore({ name: `bench ${n} memories` })).id;
      const slots = new Map<number, string>();
      await seedStore(m, s, generateWorkload({ memories: n, writes: 0, seed: 77 + n }).initial, slots);
      await m.flush(s);
      sized.push({ n, s, live: [...slots.values()], rand: prng(n), read: new Recorder(), page: new Recorder(), all: new Recorder() });
    }
    await quiet();
    for (let i = 0; i < o.reads; i++)
      for (const x of sized) await x.read.time(() => m.getMemory(x.s, x.live[Math.floor(x.rand() * x.live.length)] as string));
    const reps = Math.max(10, Math.round(o.reads / 20));
    for (let i = 0; i < reps; i++) for (const x of sized) await x.page.time(() => m.listMemories(x.s, { limit: 100 }));
    for (let i = 0; i < reps; i++)
      for (const x of sized) {
        const got = await x.all.time(() => m.listMemories(x.s, { limit: x.n + 100 }));
        if (got.items.length !== x.n) throw new Error(`listed ${got.items.length} of ${x.n} memories`);
      }
    for (const x of sized) memories.push({ memories: x.n, read: x.read.summary(), listPage: x.page.summary(), listAll: x.all.summary() });
  } finally {
    await m.close();
  }

  const stores: StoresPoint[] = [];
  let made = 0;
  const storesDir = path.join(dir, "stores");
  for (const n of o.storePoints) {
    log(`scaling: ${n.toLocaleString()} open stores in a fresh child process…`);
    const m = await mod.Memgit.open({ dataDir: storesDir, limits });
    try {
      await inParallel(
        Array.from({ length: n - made }, (_, i) => made + i),
        8,
        async (i) => {
          const s = await m.createStore({ name: `idle ${i}` });
          for (const x of generateWorkload({ memories: 2, writes: 0, seed: 100 + i }).initial)
            await m.createMemory(s.id, { path: x.path, content: x.content, actor });
        },
      );
    } finally {
      await m.close();
    }
    made = n;
    const child = await runRssChild([storesDir, String(n)]);
    if (child.stores !== n) throw new Error(`child opened ${child.stores} stores, expected ${n}`);
    stores.push({ stores: n, rssBytes: child.rss as number, openAllMs: child.openAllMs as number });
  }
  return { versions, memories, stores, baselineRssBytes: baseline.rss as number };
}
