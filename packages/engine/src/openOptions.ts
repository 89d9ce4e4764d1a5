// What `Memgit.open` takes, with the defaults and the checks of the options that are not
// plain numbers handed down (retention).
import { InvalidInputError } from "./errors/index.ts";
import type { Backend } from "./storage/backend.ts";
import type { Limits } from "./types.ts";

export interface OpenOptions {
  /** Local directory holding the stores (created if missing). */
  dataDir?: string;
  /** Ephemeral stores in memory (memfs); nothing touches the disk. */
  memory?: boolean;
  limits?: Partial<Limits>;
  /** Milliseconds since the epoch; tests pin it. */
  clock?: () => number;
  checkpointQuietMs?: number;
  checkpointBytes?: number;
  /**
   * Stores kept open while idle (each holds about six file descriptors, plus one per pack);
   * the least recently used is closed beyond it and reopened on demand.
   */
  maxOpenStores?: number;
  /**
   * Version retention: versions older than `days` (default 30; 0: every version not protected)
   * are pruned, but for the `keep` most recent of each live memory (default 1) and what a
   * checkpoint needs; every `intervalMs` (default one hour; 0: only on demand) for every store.
   */
  retention?: Partial<RetentionOptions>;
  /** @internal Tests inject I/O failures through a wrapped backend. */
  backend?: Backend;
}

export const DEFAULT_MAX_OPEN_STORES = 64;

export interface RetentionOptions {
  days: number;
  keep: number;
  intervalMs: number;
}

export const defaultRetention: RetentionOptions = { days: 30, keep: 1, intervalMs: 3_600_000 };

export function retentionOf(r: Partial<RetentionOptions> = {}): RetentionOptions {
  const out = { ...defaultRetention, ...r };
  if (!Number.isFinite(out.days) || out.days < 0) throw new InvalidInputError("retention.days", "must be a number of days, 0 or more");
  if (!Number.isInteger(out.keep) || out.keep < 1) throw new InvalidInputError("retention.keep", "must be a whole number, 1 or more");
  if (!Number.isFinite(out.intervalMs) || out.intervalMs < 0) throw new InvalidInputError("retention.intervalMs", "must be 0 or more");
  return out;
}
