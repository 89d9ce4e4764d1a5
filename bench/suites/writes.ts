// Timing of the single-writer workload for the engine and the baselines. `interleave` can take turns
// on blocks of ops (order rotating per block); run.ts uses one block per contender (continuous runs),
// because forcing the engine to settle (flush + compaction) at every block end serialized work that
// overlaps its writes in service (measured: 57 % of its time at 2,000-write blocks), and not settling
// let its background I/O land in the next baseline's fsyncs. A contender's optional `settle` runs
// inside its own timed block.
import { nowMs, Recorder } from "../lib/stats.ts";
import type { Op } from "../lib/workload.ts";

export interface Contender {
  name: string;
  rec: Recorder;
  /** Synchronous contenders are timed without a microtask hop per op. */
  sync: boolean;
  apply(op: Op): Promise<void> | void;
  settle?: () => Promise<void>;
  /** Filled in: time spent in settle, and ops/s of each block. */
  settleMs: number;
  blockRates: number[];
}

export function contender(name: string, sync: boolean, apply: (op: Op) => Promise<void> | void, settle?: () => Promise<void>): Contender {
  return { name, rec: new Recorder(), sync, apply, ...(settle ? { settle } : {}), settleMs: 0, blockRates: [] };
}

export async function interleave(contenders: readonly Contender[], ops: readonly Op[], blockSize: number, log: (m: string) => void): Promise<void> {
  const blocks = Math.ceil(ops.length / blockSize);
  for (let b = 0; b < blocks; b++) {
    const block = ops.slice(b * blockSize, (b + 1) * blockSize);
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(b + i) % contenders.length] as Contender;
      const t0 = nowMs();
      c.rec.start();
      if (c.sync) for (const op of block) c.rec.timeSync(() => c.apply(op));
      else for (const op of block) await c.rec.time(() => c.apply(op));
      if (c.settle) {
        const s0 = nowMs();
        await c.settle();
        c.settleMs += nowMs() - s0;
      }
      c.rec.stop();
      c.blockRates.push(block.length / ((nowMs() - t0) / 1000));
    }
    if (blocks > 1) log(`  block ${b + 1}/${blocks}: ${contenders.map((c) => `${c.name} ${Math.round(c.blockRates[b] as number)}/s`).join(", ")}`);
  }
}
