// Deterministic workload (issue 3 "Benchmark"): N memories over D directories, 200–2,000 bytes,
// then M single-memory writes, 80 % modify / 10 % create / 10 % delete. The same Workload value drives
// the engine and both baselines, so they write the same bytes in the same order.

/** mulberry32: small, fast, seeded PRNG (returns [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MIN_BYTES = 200;
export const MAX_BYTES = 2_000;

export interface Seed {
  slot: number;
  path: string;
  content: string;
}

export type Op =
  | { kind: "modify"; slot: number; content: string }
  | { kind: "create"; slot: number; path: string; content: string }
  | { kind: "delete"; slot: number };

export interface Workload {
  memories: number;
  dirs: number;
  seed: number;
  initial: Seed[];
  ops: Op[];
  counts: { modify: number; create: number; delete: number };
  /** Live memories after all ops. */
  finalLive: number;
}

export interface WorkloadOptions {
  memories: number;
  writes: number;
  dirs?: number;
  seed?: number;
  /** Prepended to every path, e.g. "/w03" for one writer's share of a store. */
  prefix?: string;
}

const WORDS =
  "memory agent store commit version durable journal packfile index tree blob ref user prefers " +
  "editor helix vim project notes meeting summary decision follow up customer ticket deploy release " +
  "branch merge review latency throughput budget schedule the a of to and in for on with is was";

/** A shared pool of lowercase text; contents are slices of it behind a unique header line. */
function textPool(rand: () => number, size: number): string {
  const words = WORDS.split(" ");
  const parts: string[] = [];
  let len = 0;
  let line = 0;
  while (len < size) {
    const w = words[Math.floor(rand() * words.length)] as string;
    line += w.length + 1;
    const sep = line > 72 ? "\n" : " ";
    if (sep === "\n") line = 0;
    parts.push(w, sep);
    len += w.length + 1;
  }
  return parts.join("");
}

export function generateWorkload(opts: WorkloadOptions): Workload {
  const dirs = opts.dirs ?? 50;
  const seed = opts.seed ?? 0x5eed;
  const prefix = opts.prefix ?? "";
  const rand = prng(seed);
  const content = contentFrom(rand);
  const pathFor = (slot: number): string => {
    const dir = Math.floor(rand() * dirs);
    return `${prefix}/projects/p${String(dir).padStart(2, "0")}/notes-${String(slot).padStart(5, "0")}.md`;
  };

  const initial: Seed[] = [];
  const live: number[] = [];
  for (let slot = 0; slot < opts.memories; slot++) {
    initial.push({ slot, path: pathFor(slot), content: content(slot) });
    live.push(slot);
  }
  let nextSlot = opts.memories;
  const ops: Op[] = [];
  const counts = { modify: 0, create: 0, delete: 0 };
  for (let i = 0; i < opts.writes; i++) {
    const r = rand();
    if (live.length === 0 || (r >= 0.8 && r < 0.9)) {
      const slot = nextSlot++;
      ops.push({ kind: "create", slot, path: pathFor(slot), content: content(slot) });
      live.push(slot);
      counts.create++;
    } else if (r < 0.8) {
      const slot = live[Math.floor(rand() * live.length)] as number;
      ops.push({ kind: "modify", slot, content: content(slot) });
      counts.modify++;
    } else {
      const at = Math.floor(rand() * live.length);
      const slot = live[at] as number;
      live[at] = live[live.length - 1] as number;
      live.pop();
      ops.push({ kind: "delete", slot });
      counts.delete++;
    }
  }
  return { memories: opts.memories, dirs, seed, initial, ops, counts, finalLive: live.length };
}

/** Total bytes of content the workload writes (seed + ops). */
export function workloadBytes(w: Workload): number {
  let n = 0;
  for (const s of w.initial) n += s.content.length;
  for (const op of w.ops) if (op.kind !== "delete") n += op.content.length;
  return n;
}

/** Fresh modify content for a slot outside a pre-generated workload (used to build the big store). */
export function contentStream(seed: number): (slot: number) => string {
  return contentFrom(prng(seed));
}

/** Content of 200–2,000 bytes drawn from `rand`: a header naming slot and revision, then pooled text. */
function contentFrom(rand: () => number): (slot: number) => string {
  const pool = textPool(rand, 64 * 1024 + MAX_BYTES);
  let serial = 0;
  return (slot: number) => {
    serial += 1;
    const size = MIN_BYTES + Math.floor(rand() * (MAX_BYTES - MIN_BYTES + 1));
    const header = `# memory ${slot} rev ${serial}\n`;
    const body = size - header.length;
    const off = Math.floor(rand() * (pool.length - body));
    return header + pool.slice(off, off + body);
  };
}
