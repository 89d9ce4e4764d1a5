// Child process for the idle-RSS figure: opens a data directory, touches every store in it (so each is
// open), idles, and prints {rss, heapUsed, stores, openAllMs} as one JSON line. Run by suites/engine.ts.
import { loadEngine } from "./lib/engine.ts";

const [dataDir, expected] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: rss-child.ts <dataDir> <stores>");
const mod = await loadEngine();
if (typeof mod === "string") throw new Error(mod);

const t0 = performance.now();
// Every store stays open (the pool's default bound would close some): the figure is per open store.
const mg = await mod.Memgit.open({ dataDir, maxOpenStores: Math.max(Number(expected) || 0, 100) });
let stores = 0;
let cursor: string | null = null;
do {
  const page = await mg.listStores({ limit: 100, cursor });
  for (const s of page.items) {
    const list = await mg.listMemories(s.id, { limit: 100 });
    const first = list.items[0] as { id?: string } | undefined;
    if (first?.id) await mg.getMemory(s.id, first.id);
    stores++;
  }
  cursor = page.nextCursor;
} while (cursor);
const openAllMs = performance.now() - t0;
if (Number(expected) !== stores && Number(expected) !== 0) process.stderr.write(`expected ${expected} stores, saw ${stores}\n`);

// Idle: let background checkpoints finish, then collect garbage and measure.
await new Promise((r) => setTimeout(r, 2_000));
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
await new Promise((r) => setTimeout(r, 200));
const m = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, stores, openAllMs })}\n`);
await mg.close();
