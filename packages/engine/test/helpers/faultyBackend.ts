// A real on-disk backend whose file-system calls fail on command: the fault-injection seam for
// the engine's I/O paths. Only the calls named in a fault fail; everything else is node:fs.
import * as nodeFs from "node:fs";
import { fsBackend } from "../../src/storage/fsBackend.ts";
import type { Backend, StorageFs } from "../../src/storage/backend.ts";

export type FsCall = keyof StorageFs;

export interface Fault {
  call: FsCall;
  /** errno code to fail with: EIO, ENOSPC, EDQUOT, EMFILE… */
  code?: string;
  /** Instead of failing, an async `fsync` reports success this much later (a slow disk). */
  delayMs?: number;
  /** Fail the n-th matching call from now (1 = the next one); then every later one while `sticky`. */
  nth?: number;
  sticky?: boolean;
  /** Only calls whose path (or the fd's path) contains this. */
  where?: string;
}

export interface FaultyBackend extends Backend {
  inject(fault: Fault): void;
  clear(): void;
  /** Calls made so far, by name (for choosing injection points). */
  readonly calls: Map<FsCall, number>;
  /** Every call with its path (or the path of its fd), in order. */
  readonly log: Array<{ call: FsCall; path: string }>;
  /** Faults that fired. */
  readonly fired: Array<{ call: FsCall; code: string; path: string }>;
}

export function faultyBackend(dataDir: string): FaultyBackend {
  const base = fsBackend(dataDir);
  const fdPaths = new Map<number, string>();
  let faults: Array<Fault & { seen: number }> = [];
  const calls = new Map<FsCall, number>();
  const fired: FaultyBackend["fired"] = [];
  const log: FaultyBackend["log"] = [];

  const pathOf = (arg: unknown): string => (typeof arg === "number" ? (fdPaths.get(arg) ?? "") : String(arg));
  /** Returns a delay for the call, or throws its injected error. */
  const check = (call: FsCall, arg: unknown): number => {
    calls.set(call, (calls.get(call) ?? 0) + 1);
    const path = pathOf(arg);
    log.push({ call, path });
    for (const f of faults) {
      if (f.call !== call || (f.where && !path.includes(f.where))) continue;
      f.seen++;
      if (f.seen === (f.nth ?? 1) || (f.sticky && f.seen > (f.nth ?? 1))) {
        fired.push({ call, code: f.code ?? "delay", path });
        if (f.delayMs !== undefined) return f.delayMs;
        throw Object.assign(new Error(`${f.code}: injected fault, ${call} '${path}'`), { code: f.code, errno: -1, syscall: call, path });
      }
    }
    return 0;
  };

  const wrapped: Record<string, unknown> = {};
  for (const name of Object.keys(nodeFs) as Array<keyof typeof nodeFs>) {
    const fn = nodeFs[name];
    if (typeof fn !== "function") continue;
    wrapped[name] = (...args: unknown[]) => {
      if (name === "fsync") {
        // The async form reports through its callback, as the kernel would.
        const cb = args[1] as (err: Error | null) => void;
        try {
          const delay = check("fsync", args[0]);
          if (delay > 0) {
            nodeFs.fsync(args[0] as number, (err) => setTimeout(() => cb(err), delay));
            return;
          }
        } catch (err) {
          queueMicrotask(() => cb(err as Error));
          return;
        }
      } else check(name as FsCall, args[0]);
      const out = (fn as (...a: unknown[]) => unknown).apply(nodeFs, args);
      if (name === "openSync") fdPaths.set(out as number, String(args[0]));
      if (name === "closeSync") fdPaths.delete(args[0] as number);
      return out;
    };
  }
  return {
    ...base,
    name: "faulty-fs",
    fs: wrapped as unknown as StorageFs,
    inject: (fault) => faults.push({ ...fault, seen: 0 }),
    clear: () => {
      faults = [];
    },
    calls,
    log,
    fired,
  };
}
