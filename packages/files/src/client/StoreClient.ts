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
  /** The version this state was written by (`memver_…`). */
  versionId: string;
}

/** One version of a memory, without content. `sha256` and `path` are null when deleted or redacted. */
export interface VersionEntry {
  id: string;
  operation: "created" | "modified" | "deleted";
  sha256: string | null;
  path: string | null;
  createdAt: string;
}

export interface StoreInfo {
  id: string;
  name: string;
  description: string;
}

/** Per call: how long it may take, and whether the client may retry it by itself. */
export interface CallOptions {
  /** Aborts the request for real (the connection is dropped), e.g. at a deadline. */
  signal?: AbortSignal;
  /**
   * false: one attempt, no automatic retries, so the caller sees whether the write may have
   * been applied (StoreClientError.maybeApplied) and settles it itself.
   */
  retry?: boolean;
}

export interface StoreClient {
  /** Store metadata (name for the mount slug). */
  store(storeId: string, opts?: CallOptions): Promise<StoreInfo>;
  /** Every live memory of the store (all pages), without content. */
  list(storeId: string, opts?: CallOptions): Promise<MemoryEntry[]>;
  /**
   * The memories directly inside `dirPrefix` ("/" or "/a/b/"), with content (a full-view
   * listing, 20 a page). Optional: adapters use it to prefetch a directory's files.
   */
  listDir?(storeId: string, dirPrefix: string, opts?: CallOptions): Promise<Array<{ entry: MemoryEntry; content: string }>>;
  /** One memory with its content; throws StoreClientError `not_found` when gone. */
  read(storeId: string, memoryId: string, opts?: CallOptions): Promise<{ entry: MemoryEntry; content: string }>;
  /** One version's content; null when it has none (deleted or redacted). Optional. */
  readVersion?(storeId: string, versionId: string, opts?: CallOptions): Promise<{ sha256: string; content: string } | null>;
  /**
   * The store's newest versions, newest first (one page of at most `limit`). Optional: lets a
   * reader learn cheaply that nothing changed since it last listed.
   */
  latestVersions?(storeId: string, limit: number, opts?: CallOptions): Promise<VersionEntry[]>;
  /** A memory's most recent versions, newest first (also after it was deleted). Optional. */
  history?(storeId: string, memoryId: string, opts?: CallOptions): Promise<VersionEntry[]>;
  /** Creates a memory; never overwrites (`path_conflict`). */
  create(storeId: string, path: string, content: string, opts?: CallOptions): Promise<MemoryEntry>;
  /**
   * Changes content and/or path, conditional on the memory still holding `expectedSha`
   * (`precondition_failed` otherwise). An update that changes nothing writes no version.
   */
  update(
    storeId: string,
    memoryId: string,
    change: { content?: string; path?: string },
    expectedSha: string,
    opts?: CallOptions,
  ): Promise<MemoryEntry>;
  /** Deletes a memory, conditional on `expectedSha` when given. */
  remove(storeId: string, memoryId: string, expectedSha?: string, opts?: CallOptions): Promise<void>;
}
