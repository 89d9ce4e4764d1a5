// The engine's front door: a data directory (or memfs) full of stores. Validates ids, keeps
// stores open, and hands each call to its op (./ops). See README.md for the API.
import type { Readable, Writable } from "node:stream";
import { AlreadyExistsError, ClosedError, InvalidInputError, LimitExceededError, NotFoundError } from "./errors/index.ts";
import { storageError } from "./errors/InsufficientStorageError.ts";
import { isStoreId, newStoreId } from "./model/ids.ts";
import { validateDescription, validateMetadata, validateName } from "./model/storeFields.ts";
import { createMemory } from "./ops/createMemory.ts";
import { decodeCursor, encodeCursor } from "./ops/cursor.ts";
import { deleteMemory } from "./ops/deleteMemory.ts";
import { getMemory, listMemories, validateLimit } from "./ops/readMemories.ts";
import { getVersion, listVersions } from "./ops/readVersions.ts";
import { redactVersion } from "./ops/redactVersion.ts";
import { searchMemories } from "./ops/searchMemories.ts";
import { TextCache } from "./search/TextCache.ts";
import { storeStats } from "./ops/storeStats.ts";
import { archiveStore, setOwner, updateStore } from "./ops/storeOps.ts";
import { updateMemory } from "./ops/updateMemory.ts";
import { createCheckpoint, deleteCheckpoint, getCheckpoint, listCheckpoints } from "./history/checkpoints.ts";
import { diffStore, diffVersion } from "./history/diff.ts";
import { getMemoryAt, listMemoriesAt } from "./history/readAsOf.ts";
import { restoreMemory } from "./history/restoreMemory.ts";
import { restoreStore } from "./history/restoreStore.ts";
import { JOURNAL_HEADER_BYTES } from "./journal/journal.ts";
import { Registry } from "./registry/registry.ts";
import { syncDir, type Backend } from "./storage/backend.ts";
import { acquireLock } from "./storage/dataDirLock.ts";
import { fsBackend } from "./storage/fsBackend.ts";
import { dataDirLayout, gitDirLayout } from "./storage/layout.ts";
import { memfsBackend } from "./storage/memfsBackend.ts";
import { initStoreRepo, openStore } from "./store/openStore.ts";
import type { Store, StoreOptions } from "./store/Store.ts";
import { StorePool } from "./store/StorePool.ts";
import { pruneHistory, type PruneResult } from "./history/pruneHistory.ts";
import { RetentionSchedule } from "./history/RetentionSchedule.ts";
import { DEFAULT_MAX_OPEN_STORES, retentionOf, type OpenOptions } from "./openOptions.ts";
import { bundleRepository } from "./transfer/exportStore.ts";
import { importStore } from "./transfer/importStore.ts";

export { DEFAULT_MAX_OPEN_STORES, defaultRetention, type OpenOptions, type RetentionOptions } from "./openOptions.ts";

import {
  defaultLimits,
  type Actor,
  type Checkpoint,
  type CreateCheckpointInput,
  type CreateMemoryInput,
  type CreateStoreInput,
  type DeleteMemoryInput,
  type DiffQuery,
  type ListMemoriesQuery,
  type ListStoresQuery,
  type ListVersionsQuery,
  type Memory,
  type MemoryDiff,
  type MemoryPrefix,
  type Page,
  type PointInHistory,
  type RestoreMemoryInput,
  type RestoreStoreInput,
  type SearchHit,
  type SearchQuery,
  type StoreDiff,
  type StoreRestore,
  type StoreChange,
  type StoreInfo,
  type StoreStats,
  type UpdateMemoryInput,
  type UpdateStoreInput,
  type Version,
  type View,
  type WriteResult,
} from "./types.ts";

const DAY_MS = 86_400_000;

export type ChangeListener = (storeId: string, change: StoreChange) => void;

export class Memgit {
  private readonly pool: StorePool;
  /** Stores being created, per owner: counted against the cap with the registered ones. */
  private readonly creating = new Map<string | null, number>();
  /** Store ids being imported: taken, though not registered yet. */
  private readonly importing = new Set<string>();
  private readonly retention = new RetentionSchedule(
    () => this.registry.ids(),
    (id) => this.prune(id),
  );
  /** Stores that could not be opened at startup (see `problems()`). */
  private readonly startupProblems: Array<{ storeId: string; error: Error }> = [];
  private closed = false;
  private readonly listeners = new Set<ChangeListener>();
  /** Decoded memory content for searches, bounded for the whole engine (docs/decisions/0065). */
  private readonly texts = new TextCache();

  private constructor(
    private readonly backend: Backend,
    private readonly registry: Registry,
    private readonly storeOptions: StoreOptions,
    private readonly unlock: () => void,
    maxOpen: number,
  ) {
    const root = dataDirLayout(backend.root);
    storeOptions.changed = (id, change) => this.emit(id, change);
    const open = (id: string) =>
      openStore(backend, root.store(id), id, storeOptions).catch((err: unknown) => {
        throw storageError(id, err);
      });
    this.pool = new StorePool({ maxOpen, open });
  }

  static async open(opts: OpenOptions): Promise<Memgit> {
    if (!opts.dataDir === !opts.memory) throw new InvalidInputError("options", "give exactly one of dataDir or memory");
    const backend = opts.backend ?? (opts.dataDir ? fsBackend(opts.dataDir) : memfsBackend());
    const L = dataDirLayout(backend.root);
    // Memory content and key hashes: readable by the server's user only.
    backend.fs.mkdirSync(L.stores, { recursive: true, mode: 0o700 });
    const unlock = backend.flags.persistent ? acquireLock(L.lock) : () => undefined;
    try {
      const registry = new Registry(backend.sqlitePath(L.registry));
      const retention = retentionOf(opts.retention);
      const mg = new Memgit(backend, registry, {
        limits: { ...defaultLimits, ...opts.limits },
        retention,
        clock: opts.clock ?? Date.now,
        checkpointQuietMs: opts.checkpointQuietMs ?? 500,
        checkpointBytes: opts.checkpointBytes ?? 4 << 20,
      }, unlock, opts.maxOpenStores ?? DEFAULT_MAX_OPEN_STORES);
      await mg.reconcile();
      mg.retention.start(retention.intervalMs);
      return mg;
    } catch (err) {
      unlock();
      throw err;
    }
  }

  /** Startup: drop half-created or half-deleted stores; refresh the registry from stores with unflushed journals. */
  private async reconcile(): Promise<void> {
    const L = dataDirLayout(this.backend.root);
    const { fs } = this.backend;
    const onDisk = new Set<string>();
    for (const name of fs.readdirSync(L.stores) as string[]) {
      if (name.startsWith(".")) fs.rmSync(`${L.stores}/${name}`, { recursive: true, force: true });
      else if (name.endsWith(".git") && isStoreId(name.slice(0, -4))) onDisk.add(name.slice(0, -4));
    }
    for (const id of this.registry.ids()) if (!onDisk.has(id)) this.registry.remove(id);
    for (const id of onDisk) {
      // A cleanly closed store's journal files are just a header and an end mark.
      const dirty = gitDirLayout(L.store(id)).journals.some((j) => fs.existsSync(j) && fs.statSync(j).size > JOURNAL_HEADER_BYTES + 4);
      if (!dirty && this.registry.get(id)) continue;
      try {
        this.registry.upsert(await this.pool.use(id, (s) => s.info));
      } catch (err) {
        // One damaged store must not keep the others offline; it reports itself when used.
        this.startupProblems.push({ storeId: id, error: err as Error });
      }
    }
  }

  // ---- stores

  async createStore(input: CreateStoreInput): Promise<StoreInfo> {
    this.assertOpen();
    const name = validateName(input.name);
    const description = validateDescription(input.description);
    const metadata = validateMetadata(input.metadata);
    const owner = input.owner ?? null;
    const release = this.reserveSlot(owner);
    try {
      const now = new Date(this.storeOptions.clock());
      const info: StoreInfo = { id: newStoreId(), name, description, metadata, owner, createdAt: now, updatedAt: now, archivedAt: null };
      const L = dataDirLayout(this.backend.root);
      // Built aside and renamed into place: a crash leaves either no store or a whole one.
      const scratch = L.scratch(info.id, "new");
      try {
        await initStoreRepo(this.backend, scratch, info);
        this.backend.fs.renameSync(scratch, L.store(info.id));
      } catch (err) {
        this.backend.fs.rmSync(scratch, { recursive: true, force: true });
        throw storageError(info.id, err);
      }
      await syncDir(this.backend, L.stores);
      this.registry.upsert(info);
      return info;
    } finally {
      release();
    }
  }

  /**
   * Counts a store being made against its owner's cap. The check and the reservation are one
   * synchronous step, so concurrent creates cannot all pass the check.
   */
  private reserveSlot(owner: string | null): () => void {
    const max = this.storeOptions.limits.maxStoresPerOwner;
    const creating = this.creating.get(owner) ?? 0;
    if (this.registry.countByOwner(owner) + creating >= max) throw new LimitExceededError("maxStoresPerOwner", max);
    this.creating.set(owner, creating + 1);
    return () => {
      const left = this.creating.get(owner)! - 1;
      if (left === 0) this.creating.delete(owner);
      else this.creating.set(owner, left);
    };
  }

  /**
   * Creates a store from a git bundle (docs/format.md §Import and export), owned by `owner`, keeping its
   * store id (or taking a new one with `newId`), memory ids and version ids. Every commit is
   * checked against the store rules first: InvalidBundle names the first that breaks one, and
   * nothing is created. AlreadyExists when the id is taken here. Errors of `bundle` itself (a
   * size limit, a client that went away) are passed on; nothing is left behind.
   */
  async importStore(bundle: Readable, opts: { owner?: string | null; newId?: boolean } = {}): Promise<StoreInfo> {
    this.assertOpen();
    const owner = opts.owner ?? null;
    const release = this.reserveSlot(owner);
    const claimed: string[] = [];
    try {
      return await importStore(this.backend, this.storeOptions, bundle, {
        owner,
        newId: opts.newId ?? false,
        claim: (id) => {
          if (this.registry.get(id) || this.importing.has(id)) throw new AlreadyExistsError("store", id, id);
          this.importing.add(id);
          claimed.push(id);
        },
        register: (info) => this.registry.upsert(info),
      });
    } finally {
      for (const id of claimed) this.importing.delete(id);
      release();
    }
  }

  /**
   * Writes the store as a git bundle to `out` (left open): every ref, every acknowledged write,
   * with no rewrite removing objects meanwhile. Rejects when git fails or `out` goes away.
   */
  async exportStore(storeId: string, out: Writable): Promise<void> {
    return this.withRepository(storeId, (gitDir) => bundleRepository(gitDir, out));
  }

  /** Gives the store to another owner (a store copied in whose owner is unknown here). */
  async setOwner(storeId: string, owner: string | null): Promise<StoreInfo> {
    return this.with(storeId, (s) => setOwner(s, owner, (info) => this.registry.upsert(info)));
  }

  async getStore(storeId: string): Promise<StoreInfo> {
    this.assertOpen();
    const info = isStoreId(storeId) ? this.registry.get(storeId) : undefined;
    if (!info) throw new NotFoundError("store", storeId);
    return info;
  }

  async listStores(q: ListStoresQuery = {}): Promise<Page<StoreInfo>> {
    this.assertOpen();
    const limit = validateLimit(q.limit);
    const before = q.cursor ? decodeCursor(q.cursor, "s", "ns") : null;
    const rows = this.registry.list(
      { owner: q.owner, includeArchived: q.includeArchived ?? false, createdAtGte: q.createdAtGte?.getTime(), createdAtLte: q.createdAtLte?.getTime() },
      before ? { createdAt: before[0] as number, id: before[1] as string } : null,
      limit + 1,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor("s", last.createdAt.getTime(), last.id) : null };
  }

  async updateStore(storeId: string, input: UpdateStoreInput): Promise<StoreInfo> {
    return this.with(storeId, (s) => updateStore(s, input, (info) => this.registry.upsert(info)));
  }

  async archiveStore(storeId: string): Promise<StoreInfo> {
    return this.with(storeId, (s) => archiveStore(s, (info) => this.registry.upsert(info)));
  }

  /** Memories, live bytes and the ends of the retained history, from the index. */
  async storeStats(storeId: string): Promise<StoreStats> {
    return this.with(storeId, (s) => storeStats(s));
  }

  /**
   * Removes the store with all its memories and versions; cannot be undone. Calls already
   * under way finish first; calls arriving meanwhile get NotFound.
   */
  async deleteStore(storeId: string): Promise<void> {
    this.assertOpen();
    this.known(storeId);
    const L = dataDirLayout(this.backend.root);
    await this.pool.delete(storeId, async () => {
      const trash = L.scratch(storeId, "trash");
      this.backend.fs.renameSync(L.store(storeId), trash);
      // Gone from the registry before anything else can fail: the store is deleted for every caller.
      this.registry.remove(storeId);
      await syncDir(this.backend, L.stores);
      this.backend.fs.rmSync(trash, { recursive: true, force: true });
      this.texts.forget(storeId);
    });
    this.emit(storeId, "deleted");
  }

  /**
   * Calls `listener` after every acknowledged write to any store, after history was replaced
   * (a redaction, a prune) and after a store was deleted; returns the function that stops it.
   * Listeners run in the write path: they must only note the change (a backup schedules a push).
   */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(storeId: string, change: StoreChange): void {
    for (const listener of this.listeners) {
      try {
        listener(storeId, change);
      } catch {
        // A listener's failure is its own; the write it reports has already succeeded.
      }
    }
  }

  // ---- memories

  async createMemory(storeId: string, input: CreateMemoryInput): Promise<WriteResult> {
    return this.with(storeId, (s) => createMemory(s, input));
  }

  async getMemory(storeId: string, memoryId: string, opts: { view?: View } = {}): Promise<Memory> {
    return this.with(storeId, (s) => getMemory(s, memoryId, opts.view));
  }

  async listMemories(storeId: string, q: ListMemoriesQuery = {}): Promise<Page<Memory | MemoryPrefix>> {
    return this.with(storeId, (s) => listMemories(s, q));
  }

  async updateMemory(storeId: string, memoryId: string, input: UpdateMemoryInput): Promise<WriteResult> {
    return this.with(storeId, (s) => updateMemory(s, memoryId, input));
  }

  async deleteMemory(storeId: string, memoryId: string, input: DeleteMemoryInput): Promise<Version> {
    return this.with(storeId, (s) => deleteMemory(s, memoryId, input));
  }

  /**
   * Memories under a prefix with a line matching a literal or an RE2 regex, by path; at the
   * head (every acknowledged write) or, with `asOf`, as the store was then.
   */
  async searchMemories(storeId: string, q: SearchQuery): Promise<Page<SearchHit>> {
    return this.with(storeId, (s) => searchMemories(s, q, this.texts));
  }

  // ---- versions

  async listVersions(storeId: string, q: ListVersionsQuery = {}): Promise<Page<Version>> {
    return this.with(storeId, (s) => listVersions(s, q));
  }

  async getVersion(storeId: string, versionId: string, opts: { view?: View } = {}): Promise<Version> {
    return this.with(storeId, (s) => getVersion(s, versionId, opts.view));
  }

  async redactVersion(storeId: string, versionId: string, actor: Actor): Promise<Version> {
    try {
      return await this.with(storeId, (s) => redactVersion(s, versionId, actor));
    } finally {
      // Also on failure: the history may have been rewritten before it failed.
      this.texts.forget(storeId);
    }
  }

  // ---- maintenance

  /** Checkpoint: afterwards native git sees every acknowledged write (one store, or all open ones). */
  async flush(storeId?: string): Promise<void> {
    if (storeId) return this.with(storeId, (s) => s.flush());
    // A store closed by the pool was checkpointed as it closed.
    await this.pool.eachOpen((s) => s.flush());
  }

  /** Flush, then roll every pack into one (native `git repack -a -d` when git is installed). */
  async compact(storeId: string): Promise<void> {
    return this.with(storeId, (s) => s.compact());
  }

  /**
   * Prunes the versions the retention rules let go (docs/format.md §Retention). Reads go on
   * meanwhile; writes to the store wait and then succeed.
   */
  async prune(storeId: string): Promise<PruneResult> {
    return this.with(storeId, (s) => {
      const now = this.storeOptions.clock();
      const { days, keep } = this.storeOptions.retention;
      return s.exclusive(() => pruneHistory(s, { cutoffMs: now - days * DAY_MS, keep, nowMs: now, ...s.checkpointFloor() }));
    });
  }

  /** The bare repository of a store on disk, or null for memfs stores. */
  async gitDir(storeId: string): Promise<string | null> {
    return this.with(storeId, (s) => (this.backend.flags.persistent ? s.gitDir : null));
  }

  /**
   * Runs `fn` on the store's bare repository (on disk) with every acknowledged write in it and
   * no history rewrite, prune or roll-up removing objects until `fn` settles: for serving or
   * copying the repository (clone, fetch, bundle). Memory (memfs) stores have none: InvalidInput.
   */
  async withRepository<T>(storeId: string, fn: (gitDir: string) => Promise<T>): Promise<T> {
    if (!this.backend.flags.persistent) throw new InvalidInputError("storeId", "memory stores have no repository on disk");
    return this.with(storeId, (s) => s.withRepository(fn));
  }

  /** What the last open of this store repaired, if anything (torn journal tail, rebuilt index…). */
  async repairs(storeId: string): Promise<string[]> {
    return this.with(storeId, (s) => [...s.repairs]);
  }

  /** How many stores are open now (bounded by `maxOpenStores` while idle). */
  get openStores(): number {
    return this.pool.size;
  }

  /** Stores that failed to open at startup, with why; they answer Corrupt when used. */
  problems(): Array<{ storeId: string; message: string }> {
    return this.startupProblems.map((p) => ({ storeId: p.storeId, message: p.error.message }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.retention.stop();
    await this.pool.close();
    this.registry.close();
    this.unlock();
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError("memgit");
  }

  /** Throws NotFound unless the store is registered. */
  private known(storeId: string): void {
    if (!isStoreId(storeId) || !this.registry.get(storeId)) throw new NotFoundError("store", storeId);
  }

  /** Runs `fn` on the open store; the check and the pool's lease start in one synchronous step. */
  private with<T>(storeId: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
    try {
      this.assertOpen();
      this.known(storeId);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.pool.use(storeId, fn);
  }

  // ---- history: reading the past, restores, diffs, checkpoints (docs/api-extensions.md)

  /** The memory list as it was at a point (an RFC 3339 time, a `memver_` id or a checkpoint). */
  async listMemoriesAt(storeId: string, at: PointInHistory, q: ListMemoriesQuery = {}): Promise<Page<Memory | MemoryPrefix>> {
    return this.with(storeId, (s) => listMemoriesAt(s, at, q));
  }

  /** One memory as it was at a point; NotFound when it did not exist then. */
  async getMemoryAt(storeId: string, memoryId: string, at: PointInHistory, opts: { view?: View } = {}): Promise<Memory> {
    return this.with(storeId, (s) => getMemoryAt(s, memoryId, at, opts.view));
  }

  /** The memory gets its content and path at the point back, as one new version (`version: null` when it already has them). */
  async restoreMemory(storeId: string, memoryId: string, input: RestoreMemoryInput): Promise<WriteResult> {
    return this.with(storeId, (s) => restoreMemory(s, memoryId, input));
  }

  /** The whole store becomes its snapshot at the point: one version per memory it changes, all or none. */
  async restoreStore(storeId: string, input: RestoreStoreInput): Promise<StoreRestore> {
    return this.with(storeId, (s) => restoreStore(s, input));
  }

  /** Memories created, modified, deleted or renamed between two points, with unified diffs. */
  async diff(storeId: string, q: DiffQuery): Promise<StoreDiff> {
    return this.with(storeId, (s) => diffStore(s, q));
  }

  /** A version against the previous version of its memory. */
  async diffVersion(storeId: string, versionId: string, opts: { view?: View } = {}): Promise<MemoryDiff> {
    return this.with(storeId, (s) => diffVersion(s, versionId, opts.view));
  }

  async createCheckpoint(storeId: string, input: CreateCheckpointInput): Promise<Checkpoint> {
    return this.with(storeId, (s) => createCheckpoint(s, input));
  }

  async listCheckpoints(storeId: string, q: { limit?: number; cursor?: string | null } = {}): Promise<Page<Checkpoint>> {
    return this.with(storeId, (s) => listCheckpoints(s, q));
  }

  async getCheckpoint(storeId: string, name: string): Promise<Checkpoint> {
    return this.with(storeId, (s) => getCheckpoint(s, name));
  }

  async deleteCheckpoint(storeId: string, name: string): Promise<Checkpoint> {
    return this.with(storeId, (s) => deleteCheckpoint(s, name));
  }
}
