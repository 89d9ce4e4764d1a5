import type { Memgit } from "@memgit/engine";

// The slice of the @memgit/engine API the bench uses (packages/engine/README.md), loaded at run time so the
// baselines run, and the bench typechecks, before/while the engine lands. Shape drift shows up as a failed suite.

export interface BenchActor {
  type: "api_actor";
  apiKeyId: string;
}

export interface EngineMemory {
  id: string;
  sha256: string;
  content: string | null;
}

export interface EngineVersion {
  id: string;
  memoryId: string;
  content: string | null;
  createdAt: Date;
}

export interface EnginePage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Engine {
  createStore(input: { name: string; description?: string; owner?: string }): Promise<{ id: string }>;
  createMemory(storeId: string, input: { path: string; content: string; actor: BenchActor }): Promise<{ memory: EngineMemory; version: { id: string } | null }>;
  updateMemory(
    storeId: string,
    memoryId: string,
    input: { content?: string; path?: string; precondition?: { contentSha256: string }; actor: BenchActor },
  ): Promise<{ memory: EngineMemory; version: { id: string } | null }>;
  deleteMemory(storeId: string, memoryId: string, input: { actor: BenchActor; expectedContentSha256?: string }): Promise<{ id: string }>;
  getMemory(storeId: string, memoryId: string, opts?: { view?: "basic" | "full" }): Promise<EngineMemory>;
  listMemories(storeId: string, query: { pathPrefix?: string; depth?: 0 | 1; view?: "basic" | "full"; limit?: number; cursor?: string | null }): Promise<EnginePage<unknown>>;
  listVersions(
    storeId: string,
    query: { memoryId?: string; createdAtLte?: Date; view?: "basic" | "full"; limit?: number; cursor?: string | null },
  ): Promise<EnginePage<{ id: string }>>;
  listStores(query: { limit?: number; cursor?: string | null }): Promise<EnginePage<{ id: string }>>;
  flush(storeId?: string): Promise<void>;
  gitDir(storeId: string): Promise<string | null>;
  /** Flush, then roll every pack into one (optional: not in every engine build). */
  compact?(storeId: string): Promise<void>;
  close(): Promise<void>;
  /** Redacts a version and scrubs it from git (optional: not in older engine builds). */
  redactVersion?(storeId: string, versionId: string, actor: BenchActor): Promise<{ id: string; redactedAt: Date | null }>;
  getVersion?(storeId: string, versionId: string, opts?: { view?: "basic" | "full" }): Promise<EngineVersion>;
  /** Prunes the versions the retention rules let go (optional: not in older engine builds). */
  prune?(storeId: string): Promise<{ prunedVersions: number; boundaryVersionId: string | null }>;
  /** Stores open now (engines with a bounded store pool; absent in older builds). */
  readonly openStores?: number;
}

export interface EngineLimits {
  maxMemoryBytes: number;
  maxMemories: number;
  maxStoreBytes: number;
  maxVersions: number;
  maxStoresPerOwner: number;
}

export interface EngineOpenOptions {
  dataDir: string;
  limits?: Partial<EngineLimits>;
  maxOpenStores?: number;
  /** Milliseconds since the epoch (suites/prune.ts ages the versions it writes). */
  clock?: () => number;
  retention?: { days?: number; keep?: number; intervalMs?: number };
}

export interface EngineModule {
  Memgit: { open(options: EngineOpenOptions): Promise<Engine> };
  defaultLimits: EngineLimits;
}

// Compile-time check that the real engine still fits the slice above.
const fits = (m: Memgit): Engine => m;
const fitsOpen = (open: typeof Memgit.open): EngineModule["Memgit"]["open"] => open;
void fits;
void fitsOpen;

export const actor: BenchActor = { type: "api_actor", apiKeyId: "apikey_bench" };

/**
 * Loads @memgit/engine (or the module named by MEMGIT_BENCH_ENGINE, to compare another build);
 * returns the reason instead when Memgit is not there yet.
 */
export async function loadEngine(): Promise<EngineModule | string> {
  const spec = process.env.MEMGIT_BENCH_ENGINE || "@memgit/engine";
  try {
    const mod = (await import(spec)) as Partial<EngineModule>;
    if (typeof mod.Memgit?.open !== "function") return "@memgit/engine does not export Memgit.open yet";
    return mod as EngineModule;
  } catch (e) {
    return `cannot load @memgit/engine: ${(e as Error).message}`;
  }
}

/**
 * Limits for bench stores: the workload's 10 % creates / 10 % deletes random-walk around the 2,000-memory
 * default cap, and the 250k store needs exactly 250,000 memory versions plus the store's own commits.
 */
export function benchLimits(mod: EngineModule): EngineLimits {
  return { ...mod.defaultLimits, maxMemories: 1_000_000, maxVersions: 1_000_000, maxStoreBytes: 1 << 30, maxStoresPerOwner: 100_000 };
}
