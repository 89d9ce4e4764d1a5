// The public surface of @memgit/engine. test/exports.test.ts pins this list.
export { Memgit, type ChangeListener, type OpenOptions } from "./Memgit.ts";
export * from "./types.ts";
export * from "./errors/index.ts";
export { validateMemoryPath, validatePathPrefix } from "./model/memoryPath.ts";
export { commitFromVersionId, isMemoryId, isStoreId } from "./model/ids.ts";
export type { PruneResult } from "./history/pruneHistory.ts";
export type { RetentionOptions } from "./Memgit.ts";
