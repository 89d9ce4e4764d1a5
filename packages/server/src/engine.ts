// The slice of @memgit/engine's Memgit the server calls. Typed structurally so the server
// states exactly what it needs, and a Memgit instance satisfies it as is.
import type {
  Actor,
  CreateMemoryInput,
  CreateStoreInput,
  DeleteMemoryInput,
  ListMemoriesQuery,
  ListStoresQuery,
  ListVersionsQuery,
  Memory,
  MemoryPrefix,
  Page,
  StoreInfo,
  UpdateMemoryInput,
  UpdateStoreInput,
  Version,
  View,
  WriteResult,
} from "@memgit/engine";

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
  /** The store's bare repository, flushed and held steady while `fn` runs (git smart HTTP). */
  withRepository<T>(storeId: string, fn: (gitDir: string) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
