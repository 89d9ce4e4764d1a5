// The engine's front door: a data directory (or memfs) full of stores. Validates ids, keeps
// stores open, and hands each call to its op (./ops). See README.md for the API.
import { ClosedError, InvalidInputError, LimitExceededError, NotFoundError } from "./errors/index.ts";
import { isStoreId, newStoreId } from "./model/ids.ts";
import { validateDescription, validateMetadata, validateName } from "./model/storeFields.ts";
import { createMemory } from "./ops/createMemory.ts";
import { decodeCursor, encodeCursor } from "./ops/cursor.ts";
import { deleteMemory } from "./ops/deleteMemory.ts";
import { getMemory, listMemories, validateLimit } from "./ops/readMemories.ts";
import { getVersion, listVersions } from "./ops/readVersions.ts";
import { redactVersion } from "./ops/redactVersion.ts";
import { archiveStore, updateStore } from "./ops/storeOps.ts";
import { updateMemory } from "./ops/updateMemory.ts";
import { JOURNAL_HEADER_BYTES } from "./journal/journal.ts";
import { Registry } from "./registry/registry.ts";
import { syncDir, type Backend } from "./storage/backend.ts";
import { acquireLock } from "./storage/dataDirLock.ts";
import { fsBackend } from "./storage/fsBackend.ts";
import { dataDirLayout, gitDirLayout } from "./storage/layout.ts";
import { memfsBackend } from "./storage/memfsBackend.ts";
import { compact } from "./store/compaction.ts";
import { initStoreRepo, openStore } from "./store/openStore.ts";
import type { Store, StoreOptions } from "./store/Store.ts";
import {
  defaultLimits,
  type Actor,
  type CreateMemoryInput,
  type CreateStoreInput,
  type DeleteMemoryInput,
  type Limits,
  type ListMemoriesQuery,
  type ListStoresQuery,
  type ListVersionsQuery,
  type Memory,
  type MemoryPrefix,
  type Page,
  type StoreInfo,
  type UpdateMemoryInput,
  type UpdateStoreInput,
  type Version,
  type View,
  type WriteResult,
} from "./types.ts";

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
}

export class Memgit {
  private readonly open = new Map<string, Promise<Store>>();
  /** Stores that could not be opened at startup (see `problems()`). */
  private readonly startupProblems: Array<{ storeId: string; error: Error }> = [];
  private closed = false;

  private constructor(
    private readonly backend: Backend,
    private readonly registry: Registry,
    private readonly storeOptions: StoreOptions,
    private readonly unlock: () => void,
  ) {}

  static async open(opts: OpenOptions): Promise<Memgit> {
    if (!opts.dataDir === !opts.memory) throw new InvalidInputError("options", "give exactly one of dataDir or memory");
    const backend = opts.dataDir ? fsBackend(opts.dataDir) : memfsBackend();
    const L = dataDirLayout(backend.root);
    backend.fs.mkdirSync(L.stores, { recursive: true });
    const unlock = backend.flags.persistent ? acquireLock(L.lock) : () => undefined;
    try {
      const registry = new Registry(backend.sqlitePath(L.registry));
      const mg = new Memgit(backend, registry, {
        limits: { ...defaultLimits, ...opts.limits },
        clock: opts.clock ?? Date.now,
        checkpointQuietMs: opts.checkpointQuietMs ?? 500,
        checkpointBytes: opts.checkpointBytes ?? 4 << 20,
      }, unlock);
      await mg.reconcile();
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
        this.registry.upsert((await this.store(id, true)).info);
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
    const max = this.storeOptions.limits.maxStoresPerOwner;
    if (this.registry.countByOwner(owner) >= max) throw new LimitExceededError("maxStoresPerOwner", max);
    const now = new Date(this.storeOptions.clock());
    const info: StoreInfo = { id: newStoreId(), name, description, metadata, owner, createdAt: now, updatedAt: now, archivedAt: null };
    const L = dataDirLayout(this.backend.root);
    // Built aside and renamed into place: a crash leaves either no store or a whole one.
    const scratch = L.scratch(info.id, "new");
    await initStoreRepo(this.backend, scratch, info);
    this.backend.fs.renameSync(scratch, L.store(info.id));
    await syncDir(this.backend, L.stores);
    this.registry.upsert(info);
    return info;
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
    return updateStore(await this.store(storeId), input, (info) => this.registry.upsert(info));
  }

  async archiveStore(storeId: string): Promise<StoreInfo> {
    return archiveStore(await this.store(storeId), (info) => this.registry.upsert(info));
  }

  /** Removes the store with all its memories and versions; cannot be undone. */
  async deleteStore(storeId: string): Promise<void> {
    const store = await this.store(storeId);
    this.open.delete(storeId);
    await store.close();
    const L = dataDirLayout(this.backend.root);
    const trash = L.scratch(storeId, "trash");
    this.backend.fs.renameSync(L.store(storeId), trash);
    await syncDir(this.backend, L.stores);
    this.registry.remove(storeId);
    this.backend.fs.rmSync(trash, { recursive: true, force: true });
  }

  // ---- memories

  async createMemory(storeId: string, input: CreateMemoryInput): Promise<WriteResult> {
    return createMemory(await this.store(storeId), input);
  }

  async getMemory(storeId: string, memoryId: string, opts: { view?: View } = {}): Promise<Memory> {
    return getMemory(await this.store(storeId), memoryId, opts.view);
  }

  async listMemories(storeId: string, q: ListMemoriesQuery = {}): Promise<Page<Memory | MemoryPrefix>> {
    return listMemories(await this.store(storeId), q);
  }

  async updateMemory(storeId: string, memoryId: string, input: UpdateMemoryInput): Promise<WriteResult> {
    return updateMemory(await this.store(storeId), memoryId, input);
  }

  async deleteMemory(storeId: string, memoryId: string, input: DeleteMemoryInput): Promise<Version> {
    return deleteMemory(await this.store(storeId), memoryId, input);
  }

  // ---- versions

  async listVersions(storeId: string, q: ListVersionsQuery = {}): Promise<Page<Version>> {
    return listVersions(await this.store(storeId), q);
  }

  async getVersion(storeId: string, versionId: string, opts: { view?: View } = {}): Promise<Version> {
    return getVersion(await this.store(storeId), versionId, opts.view);
  }

  async redactVersion(storeId: string, versionId: string, actor: Actor): Promise<Version> {
    return redactVersion(await this.store(storeId), versionId, actor);
  }

  // ---- maintenance

  /** Checkpoint: afterwards native git sees every acknowledged write (one store, or all open ones). */
  async flush(storeId?: string): Promise<void> {
    const stores = storeId ? [await this.store(storeId)] : await Promise.all(this.open.values());
    await Promise.all(stores.map((s) => s.flush()));
  }

  /** Flush, then roll every pack into one (native `git repack -a -d` when git is installed). */
  async compact(storeId: string): Promise<void> {
    const store = await this.store(storeId);
    await store.flush();
    if (await compact(this.backend, store.gitDir, { full: true })) store.reader.refresh();
  }

  /** The bare repository of a store on disk, or null for memfs stores. */
  async gitDir(storeId: string): Promise<string | null> {
    const store = await this.store(storeId);
    return this.backend.flags.persistent ? store.gitDir : null;
  }

  /** What the last open of this store repaired, if anything (torn journal tail, rebuilt index…). */
  async repairs(storeId: string): Promise<string[]> {
    return [...(await this.store(storeId)).repairs];
  }

  /** Stores that failed to open at startup, with why; they answer Corrupt when used. */
  problems(): Array<{ storeId: string; message: string }> {
    return this.startupProblems.map((p) => ({ storeId: p.storeId, message: p.error.message }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stores = await Promise.allSettled(this.open.values());
    this.open.clear();
    for (const s of stores) if (s.status === "fulfilled") await s.value.close();
    this.registry.close();
    this.unlock();
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError("memgit");
  }

  private async store(storeId: string, skipRegistry = false): Promise<Store> {
    this.assertOpen();
    let opening = this.open.get(storeId);
    if (!opening && (!isStoreId(storeId) || (!skipRegistry && !this.registry.get(storeId)))) throw new NotFoundError("store", storeId);
    if (opening) {
      const store = await opening.catch(() => null);
      if (store && !store.broken) return store;
      this.open.delete(storeId);
      await store?.close().catch(() => undefined);
    }
    opening = openStore(this.backend, dataDirLayout(this.backend.root).store(storeId), storeId, this.storeOptions);
    this.open.set(storeId, opening);
    opening.catch(() => this.open.delete(storeId));
    return opening;
  }
}
