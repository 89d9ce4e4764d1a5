// The one small seam between the file-tool adapters (mount, sync, memory tool) and a store.
// Implemented over HTTP with the official SDK (httpStoreClient.ts), so every adapter works
// against any server that speaks the Memory Stores API.

/** A live memory as the adapters see it (no content). */
export interface MemoryEntry {
  id: string;
  path: string;
  sha256: string;
  size: number;
  updatedAt: string;
}

export interface StoreInfo {
  id: string;
  name: string;
  description: string;
}

export interface StoreClient {
  /** Store metadata (name for the mount slug). */
  store(storeId: string): Promise<StoreInfo>;
  /** Every live memory of the store (all pages), without content. */
  list(storeId: string): Promise<MemoryEntry[]>;
  /**
   * The memories directly inside `dirPrefix` ("/" or "/a/b/"), with content (a full-view
   * listing, 20 a page). Optional: adapters use it to prefetch a directory's files.
   */
  listDir?(storeId: string, dirPrefix: string): Promise<Array<{ entry: MemoryEntry; content: string }>>;
  /** One memory with its content; throws StoreClientError `not_found` when gone. */
  read(storeId: string, memoryId: string): Promise<{ entry: MemoryEntry; content: string }>;
  /** Creates a memory; never overwrites (`path_conflict`). */
  create(storeId: string, path: string, content: string): Promise<MemoryEntry>;
  /**
   * Changes content and/or path, conditional on the memory still holding `expectedSha`
   * (`precondition_failed` otherwise). An update that changes nothing writes no version.
   */
  update(
    storeId: string,
    memoryId: string,
    change: { content?: string; path?: string },
    expectedSha: string,
  ): Promise<MemoryEntry>;
  /** Deletes a memory, conditional on `expectedSha` when given. */
  remove(storeId: string, memoryId: string, expectedSha?: string): Promise<void>;
}
