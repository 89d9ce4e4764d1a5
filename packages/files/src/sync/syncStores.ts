// `memgit sync`: stores materialised in a directory and reconciled both ways by the SDK's own
// sync engine, SessionMemoryStores (the one Anthropic's self-hosted worker runs), so memgit
// does not carry a second copy of the §12.3 rules. docs/decisions/0022-sync-reuses-sdk.md.
// That engine is not safe for concurrent use: every pass, and the final sync, runs here one at
// a time, and the cadence schedules the next pass only once the last one is done.
import { join, resolve } from "node:path";
import type Anthropic from "@anthropic-ai/sdk";
import type { BetaManagedAgentsSession } from "@anthropic-ai/sdk/resources/beta/sessions/sessions";
import { SessionMemoryStores, type MemoryDeleteMode } from "@anthropic-ai/sdk/tools/agent-toolset/node";
import type { AttachedStore } from "../client/sessionStores.ts";

export const DEFAULT_SYNC_INTERVAL_MS = 15_000;
export const FLUSH_BOUND_MS = 30_000;

export interface SyncOptions {
  /** SDK client with an API key or the session's token. */
  sdk: Anthropic;
  stores: AttachedStore[];
  /** Each store lands in DIR/<slug>, which must not exist yet. */
  dir: string;
  /** A pass runs this long after the previous one ended, until finish(). Default 15 s. */
  intervalMs?: number;
  /** Remote deletes for locally removed files (after the 30 s corroboration). Default `enabled`. */
  deletes?: MemoryDeleteMode;
}

export interface SyncSession {
  /** DIR/<slug> per store, in order. */
  readonly roots: string[];
  /**
   * One reconcile pass of every store (pull, push, corroborated deletes), after the pass in
   * progress if any (calls made meanwhile share one pass). After finish(): its promise.
   */
  syncNow(): Promise<void>;
  /**
   * Stops the cadence, waits for the pass in progress, then the final sync, a push-only flush
   * bounded by 30 s, and removes the folders unless `keep`.
   */
  finish(opts?: { keep?: boolean }): Promise<void>;
}

export async function startSync(opts: SyncOptions): Promise<SyncSession> {
  const dir = resolve(opts.dir);
  const session = {
    id: "sesn_memgit_sync",
    type: "session",
    resources: opts.stores.map((s) => ({
      type: "memory_store" as const,
      memory_store_id: s.id,
      access: s.readOnly ? ("read_only" as const) : ("read_write" as const),
      name: s.name,
      description: "",
      instructions: null,
      mount_path: join(dir, s.slug),
    })),
  } as unknown as BetaManagedAgentsSession;
  const intervalMs = opts.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  const engine = new SessionMemoryStores(opts.sdk, {
    workdir: dir,
    syncIntervalMs: intervalMs,
    syncDeletions: opts.deletes ?? "enabled",
  });
  await engine.download(session);

  // syncAll is the SDK's deterministic driver (marked @internal, present in 1.13.0); the
  // public syncIfDue is the fallback should a later SDK drop it.
  const internal = engine as unknown as { syncAll?: (final: boolean) => Promise<void> };
  const syncAll = () => (typeof internal.syncAll === "function" ? internal.syncAll(false) : engine.syncIfDue());

  let tail: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
  let queued: Promise<void> | null = null;
  let finishing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const pass = (): Promise<void> => {
    if (finishing) return finishing;
    queued ??= oneAtATime(() => {
      queued = null;
      return syncAll();
    });
    return queued;
  };
  const schedule = () => {
    timer = setTimeout(() => {
      pass()
        .catch((err: unknown) => process.stderr.write(`memgit sync: a pass failed: ${String(err)}\n`))
        .finally(() => {
          if (!finishing) schedule();
        });
    }, intervalMs);
  };
  schedule();

  return {
    roots: opts.stores.map((s) => join(dir, s.slug)),
    syncNow: pass,
    finish({ keep = false } = {}) {
      finishing ??= (async () => {
        clearTimeout(timer);
        await oneAtATime(async () => {
          await engine.finish();
          await engine.flushWrites(AbortSignal.timeout(FLUSH_BOUND_MS));
          if (!keep) await engine.dispose();
        });
      })();
      return finishing;
    },
  };
}
