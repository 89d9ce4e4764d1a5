// @memgit/files: the file-tool adapter. A FUSE mount, directory sync, memory-tool handlers,
// and the errno table, all speaking to a store through one StoreClient.
export type { StoreClient, MemoryEntry, StoreInfo, CallOptions, VersionEntry } from "./client/StoreClient.ts";
export { StoreClientError, isStoreClientError, type StoreErrorCode } from "./client/StoreClientError.ts";
export { httpStoreClient, sdkClient, type HttpStoreClientOptions } from "./client/httpStoreClient.ts";
export { MAX_CONTENT_BYTES, checkMemoryPath, decodeContent } from "./client/limits.ts";
export { ERRNO, ERRNO_TABLE, errnoFor, errnoNameFor, PosixError, type ErrnoName } from "./errno.ts";
export { mount, fuseAvailable, FuseUnavailableError, DEFAULT_CACHE_TTL_MS, type Mount, type MountOptions, type MountStoreSpec } from "./fuse/mount.ts";
export { slugForName } from "./fuse/slugForName.ts";
export { memoryToolHandlers, toStorePath } from "./memoryTool/memoryToolHandlers.ts";
export { MemoryToolError, type MemoryToolErrorCode } from "./memoryTool/MemoryToolError.ts";
export { connectionFrom, connect, DEFAULT_SERVER_URL, type Connection } from "./client/connection.ts";
export { sessionStores, namedStores, type AttachedStore } from "./client/sessionStores.ts";
export { startSync, DEFAULT_SYNC_INTERVAL_MS, type SyncOptions, type SyncSession } from "./sync/syncStores.ts";
export { engineStoreClient, type EngineLike } from "./client/engineStoreClient.ts";
