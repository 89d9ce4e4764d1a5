// The slice of @memgit/engine's Memgit the server calls. Typed structurally so the server
// states exactly what it needs, and a Memgit instance satisfies it as is.
import type {
  Actor,
  ChangeListener,
  Checkpoint,
  CreateCheckpointInput,
  DiffQuery,
  MemoryDiff,
  PointInHistory,
  RestoreMemoryInput,
  RestoreStoreInput,
  SearchHit,
  SearchQuery,
  StoreDiff,
  StoreRestore,
  CreateMemoryInput,
  CreateStoreInput,
  DeleteMemoryInput,
  ListMemoriesQuery,
  ListStoresQuery,
  ListVersionsQuery,
  Memory,
  MemoryPrefix,
  Page,
  PruneResult,
  StoreInfo,
  StoreStats,
  UpdateMemoryInput,
  UpdateStoreInput,
  Version,
  View,
  WriteResult,
} from "@memgit/engine";
import type { Readable, Writable } from "node:stream";

export interface Engine {
  createStore(input: CreateStoreInput): Promise<StoreInfo>;
  getStore(id: string): Promise<StoreInfo>;
  listStores(query: ListStoresQuery): Promise<Page<StoreInfo>>;
  updateStore(id: string, input: UpdateStoreInput): Promise<StoreInfo>;
  archiveStore(id: string): Promise<StoreInfo>;
  deleteStore(id: string): Promise<void>;
  createMemory(storeId: string, input: CreateMemoryInput): Promise<WriteResult>;
  getMemory(storeId: string, memoryId: string, options?: { view?: View }): Promise<Memory>;
  listMemories(storeId: string, query: ListMemoriesQuery): Promise<Page<Memory | MemoryPrefix>>;
  updateMemory(storeId: string, memoryId: string, input: UpdateMemoryInput): Promise<WriteResult>;
  deleteMemory(storeId: string, memoryId: string, input: DeleteMemoryInput): Promise<Version>;
  listVersions(storeId: string, query: ListVersionsQuery): Promise<Page<Version>>;
  getVersion(storeId: string, versionId: string, options?: { view?: View }): Promise<Version>;
  redactVersion(storeId: string, versionId: string, actor: Actor): Promise<Version>;
  prune(storeId: string): Promise<PruneResult>;
  storeStats(storeId: string): Promise<StoreStats>;
  // memgit's history extension (docs/api-extensions.md)
  listMemoriesAt(storeId: string, at: PointInHistory, query: ListMemoriesQuery): Promise<Page<Memory | MemoryPrefix>>;
  getMemoryAt(storeId: string, memoryId: string, at: PointInHistory, options?: { view?: View }): Promise<Memory>;
  restoreMemory(storeId: string, memoryId: string, input: RestoreMemoryInput): Promise<WriteResult>;
  restoreStore(storeId: string, input: RestoreStoreInput): Promise<StoreRestore>;
  diff(storeId: string, query: DiffQuery): Promise<StoreDiff>;
  diffVersion(storeId: string, versionId: string, options?: { view?: View }): Promise<MemoryDiff>;
  createCheckpoint(storeId: string, input: CreateCheckpointInput): Promise<Checkpoint>;
  listCheckpoints(storeId: string, query: { limit?: number; cursor?: string | null }): Promise<Page<Checkpoint>>;
  getCheckpoint(storeId: string, name: string): Promise<Checkpoint>;
  deleteCheckpoint(storeId: string, name: string): Promise<Checkpoint>;
  /** Tells `listener` of every acknowledged write, history rewrite and store deletion (backups); returns the unsubscribe. */
  onChange(listener: ChangeListener): () => void;
  searchMemories(storeId: string, query: SearchQuery): Promise<Page<SearchHit>>;
  /** The store's bare repository, flushed and held steady while `fn` runs (git smart HTTP). */
  /** A store from a git bundle, keeping its ids (docs/api-extensions.md §Import and export). */
  importStore(bundle: Readable, options: { owner: string | null; newId: boolean }): Promise<StoreInfo>;
  /** The store as a git bundle, written to `out` (left open). */
  exportStore(storeId: string, out: Writable): Promise<void>;
  /** Gives a store to another workspace (`memgit stores adopt`). */
  setOwner(storeId: string, owner: string | null): Promise<StoreInfo>;
  withRepository<T>(storeId: string, fn: (gitDir: string) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
