// Reopen latency (issue 10 item 4): the engine keeps at most `maxOpenStores` idle stores open and
// closes the least recently used beyond that (docs/decisions/0009-store-lifecycle.md), so a call to a
// store that was closed pays its reopen. Measured with a small bound and a round-robin over more
// stores than it, so every round-robin call reopens; each is paired with the same call on a store
// that stays open (touched every other call, it is never the least recently used), in the same minute.
import { benchLimits, type Engine, type EngineModule } from "../lib/engine.ts";
import { prng, generateWorkload } from "../lib/workload.ts";
import { Recorder, type LatencySummary } from "../lib/stats.ts";
import { inParallel, seedStore, type Log } from "./engine.ts";

export interface ReopenOptions {
  /** Stores in the round-robin; must exceed `maxOpenStores` for every call to reopen. */
  stores: number;
  memoriesPerStore: number;
  maxOpenStores: number;
  /** Round-robin passes over all stores (timed); one more untimed pass warms up first. */
  passes: number;
}

export interface ReopenResult {
  /** getMemory on a round-robin store: the pool had closed it, the call reopens it. */
  reopened: LatencySummary;
  /** The same call on the store that stays open, interleaved with the above. */
  open: LatencySummary;
  /** `mg.openStores` after the last call, and the most seen after any call. */
  openStoresAtEnd: number;
  openStoresMax: number;
}

interface Seeded {
  storeId: string;
  memoryIds: string[];
}

/** Creates the stores and their memories with the default bound, then closes the engine (a clean checkpoint of each). */
async function prepare(mod: EngineModule, dataDir: string, o: ReopenOptions, log: Log): Promise<{ hot: Seeded; cold: Seeded[] }> {
  log(`engine: preparing ${o.stores} + 1 stores × ${o.memoriesPerStore} memories for the reopen run…`);
  const mg = await mod.Memgit.open({ dataDir, limits: benchLimits(mod) });
  try {
    const seeded: Seeded[] = [];
    await inParallel(
      Array.from({ length: o.stores + 1 }, (_, i) => i),
      4,
      async (i) => {
        const store = await mg.createStore({ name: `reopen ${i}` });
        const ids = new Map<number, string>();
        await seedStore(mg, store.id, generateWorkload({ memories: o.memoriesPerStore, writes: 0, seed: 500 + i }).initial, ids);
        seeded[i] = { storeId: store.id, memoryIds: [...ids.values()] };
      },
    );
    const [hot, ...cold] = seeded as [Seeded, ...Seeded[]];
    return { hot, cold };
  } finally {
    await mg.close();
  }
}

export async function runReopen(mod: EngineModule, dataDir: string, o: ReopenOptions, log: Log): Promise<ReopenResult> {
  if (o.stores <= o.maxOpenStores) throw new Error(`reopen: ${o.stores} stores do not exceed maxOpenStores ${o.maxOpenStores}`);
  const { hot, cold } = await prepare(mod, dataDir, o, log);
  const mg: Engine = await mod.Memgit.open({ dataDir, limits: benchLimits(mod), maxOpenStores: o.maxOpenStores });
  try {
    if (mg.openStores === undefined) throw new Error("this engine build has no bounded store pool (no openStores)");
    const rand = prng(0x0be7);
    const pick = (s: Seeded) => s.memoryIds[Math.floor(rand() * s.memoryIds.length)] as string;
    const reopened = new Recorder();
    const open = new Recorder();
    let openStoresMax = 0;
    const call = async (rec: Recorder | null, s: Seeded) => {
      const id = pick(s);
      const m = rec ? await rec.time(() => mg.getMemory(s.storeId, id)) : await mg.getMemory(s.storeId, id);
      if (m.id !== id) throw new Error("getMemory returned another memory");
      openStoresMax = Math.max(openStoresMax, mg.openStores ?? 0);
    };
    log(`engine: round-robin getMemory over ${o.stores} stores with maxOpenStores ${o.maxOpenStores}, ${o.passes} passes…`);
    for (let pass = 0; pass <= o.passes; pass++) {
      const timed = pass > 0;
      for (const s of cold) {
        await call(timed ? open : null, hot);
        await call(timed ? reopened : null, s);
      }
    }
    return { reopened: reopened.summary(), open: open.summary(), openStoresAtEnd: mg.openStores ?? 0, openStoresMax };
  } finally {
    await mg.close();
  }
}
