// Latency statistics. Samples are milliseconds; percentiles use the nearest-rank method.

export interface LatencySummary {
  n: number;
  /** The fastest call: the least disturbed by a busy machine's preemption. */
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] as number;
}

export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    min: sorted.length ? (sorted[0] as number) : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Collects per-operation latencies (ms) and the wall time of a run. */
export class Recorder {
  private readonly samples: number[] = [];
  private startedAt = 0n;
  /** Wall time summed over every start()…stop() span (a run may be timed in blocks). */
  private wallNs = 0n;

  start(): void {
    this.startedAt = process.hrtime.bigint();
  }

  stop(): void {
    this.wallNs += process.hrtime.bigint() - this.startedAt;
  }

  /** Times one awaited operation. */
  async time<T>(fn: () => Promise<T> | T): Promise<T> {
    const t0 = process.hrtime.bigint();
    const out = await fn();
    this.samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return out;
  }

  /** Times one synchronous operation (no microtask hop, for the sync baselines). */
  timeSync<T>(fn: () => T): T {
    const t0 = process.hrtime.bigint();
    const out = fn();
    this.samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return out;
  }

  /** Pools several runs of the same loop: all samples, summed wall time. */
  static merge(...runs: Recorder[]): Recorder {
    const out = new Recorder();
    for (const r of runs) out.samples.push(...r.samples);
    out.wallNs = runs.reduce((sum, r) => sum + r.wallNs, 0n);
    return out;
  }

  get wallMs(): number {
    return Number(this.wallNs) / 1e6;
  }

  get count(): number {
    return this.samples.length;
  }

  /** Operations per second over the wall time of the run. */
  get perSecond(): number {
    return this.samples.length / (this.wallMs / 1000);
  }

  summary(): LatencySummary {
    return summarize(this.samples);
  }
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timeOnce<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = nowMs();
  const value = await fn();
  return { ms: nowMs() - t0, value };
}
