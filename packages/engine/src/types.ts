// Public, camelCase domain types of @memgit/engine. The wire (snake_case) lives in @memgit/server.

/** Who wrote a version. Ids are recorded at write time and never updated. */
export type Actor =
  | { type: "api_actor"; apiKeyId: string }
  | { type: "session_actor"; sessionId: string }
  | { type: "user_actor"; userId: string }
  | { type: "service_account_actor"; serviceAccountId: string };

export type Operation = "created" | "modified" | "deleted";
export type View = "basic" | "full";

export interface StoreInfo {
  id: string;
  name: string;
  description: string;
  metadata: Record<string, string>;
  /** Opaque tenancy tag set at create (the server stores its workspace id here). */
  owner: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

export interface Memory {
  kind: "memory";
  id: string;
  storeId: string;
  path: string;
  /** null unless the caller asked for view "full". */
  content: string | null;
  sizeBytes: number;
  sha256: string;
  versionId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A roll-up marker in a depth=1 listing; path ends with "/". */
export interface MemoryPrefix {
  kind: "prefix";
  path: string;
}

export interface Version {
  id: string;
  storeId: string;
  memoryId: string;
  operation: Operation;
  /** null iff redacted. */
  path: string | null;
  /** null for view "basic", deleted or redacted versions. */
  content: string | null;
  sha256: string | null;
  sizeBytes: number | null;
  createdBy: Actor | null;
  createdAt: Date;
  redactedAt: Date | null;
  redactedBy: Actor | null;
}

/** Result of a memory write. version is null when nothing was written (no-op update). */
export interface WriteResult {
  memory: Memory;
  version: Version | null;
}

/** One page of a keyset-paginated listing; pass nextCursor back as `cursor`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Limits {
  /** Bytes of UTF-8 per memory (default 102,400). */
  maxMemoryBytes: number;
  /** Live memories per store (default 2,000). */
  maxMemories: number;
  /** Sum of live content bytes per store (default 104,857,600). */
  maxStoreBytes: number;
  /** Versions per store (default 250,000). */
  maxVersions: number;
  /** Stores per owner (default 1,000). */
  maxStoresPerOwner: number;
}

export const defaultLimits: Limits = {
  maxMemoryBytes: 102_400,
  maxMemories: 2_000,
  maxStoreBytes: 104_857_600,
  maxVersions: 250_000,
  maxStoresPerOwner: 1_000,
};

export interface CreateStoreInput {
  name: string;
  description?: string | null;
  metadata?: Record<string, string> | null;
  owner?: string | null;
}

export interface UpdateStoreInput {
  name?: string | null;
  description?: string | null;
  /** Patch: a string upserts, null deletes, omitted keys are kept. */
  metadata?: Record<string, string | null>;
}

export interface ListStoresQuery {
  owner?: string | null;
  includeArchived?: boolean;
  createdAtGte?: Date;
  createdAtLte?: Date;
  limit?: number;
  cursor?: string | null;
}

export interface CreateMemoryInput {
  path: string;
  content: string;
  actor: Actor;
}

export interface UpdateMemoryInput {
  content?: string | null;
  path?: string | null;
  /** Lowercase hex SHA-256 the memory's current content must have. */
  precondition?: { contentSha256: string } | null;
  actor: Actor;
}

export interface DeleteMemoryInput {
  expectedContentSha256?: string | null;
  actor: Actor;
}

export interface ListMemoriesQuery {
  /** Must end with "/"; default "/". */
  pathPrefix?: string;
  /** 0: everything below the prefix; 1: direct children plus roll-up prefixes. */
  depth?: 0 | 1;
  view?: View;
  limit?: number;
  cursor?: string | null;
}

export interface ListVersionsQuery {
  memoryId?: string;
  operation?: Operation;
  sessionId?: string;
  apiKeyId?: string;
  userId?: string;
  serviceAccountId?: string;
  createdAtGte?: Date;
  createdAtLte?: Date;
  view?: View;
  limit?: number;
  cursor?: string | null;
}

// ---- history: as-of reads, restores, diffs, checkpoints (docs/api-extensions.md)

/**
 * A point in history. `asOf` takes any of the three forms: an RFC 3339 time (or a Date), a
 * `memver_` id (the store right after that version) or a checkpoint name.
 */
export type PointInHistory = { versionId: string } | { checkpoint: string } | { asOf: string | Date };

/** Where a point in history resolved to: the store as of `at` (inclusive). */
export interface ResolvedPoint {
  at: Date;
  /** The version named, or the newest version when the checkpoint was taken. */
  versionId: string | null;
  checkpoint: string | null;
}

export interface RestoreMemoryInput {
  to: PointInHistory;
  precondition?: { contentSha256: string } | null;
  actor: Actor;
}

export interface RestoreStoreInput {
  to: PointInHistory;
  actor: Actor;
}

/** What a whole-store restore wrote: one version per memory it changed, in commit order. */
export interface StoreRestore {
  storeId: string;
  point: ResolvedPoint;
  versions: Version[];
}

export type ChangeKind = "created" | "modified" | "deleted" | "renamed";

/** One memory's change between two points. A redacted side shows neither its path nor content. */
export interface MemoryDiff {
  memoryId: string;
  change: ChangeKind;
  /** The path at `to` (at `from` for a deletion); null when that side is redacted. */
  path: string | null;
  /** The path at `from` when it differs from `path`; null otherwise. */
  previousPath: string | null;
  fromVersionId: string | null;
  toVersionId: string | null;
  /** Unified diff of the content (git's format, 3 lines of context); null for view "basic" or a redacted side. */
  diff: string | null;
  redacted: boolean;
}

export interface DiffQuery {
  from: PointInHistory;
  to: PointInHistory;
  view?: View;
  limit?: number;
  cursor?: string | null;
}

export interface StoreDiff extends Page<MemoryDiff> {
  from: ResolvedPoint;
  to: ResolvedPoint;
}

export interface Checkpoint {
  name: string;
  storeId: string;
  /** The store's newest version when it was taken, and its time: the point it names. */
  versionId: string;
  at: Date;
  createdAt: Date;
  createdBy: Actor | null;
}

export interface CreateCheckpointInput {
  name: string;
  actor: Actor;
}

/**
 * What just happened to a store, for `Memgit.onChange` listeners (backups): acknowledged writes
 * (memories, metadata, checkpoints), history replaced (a redaction or a prune), or the store deleted.
 */
export type StoreChange = "write" | "rewrite" | "deleted";

// ---- search (docs/api-extensions.md §Search, docs/decisions/0065)

export interface SearchQuery {
  /** What to find in each line: a literal string, or an RE2 regular expression when `regex`. */
  query: string;
  regex?: boolean;
  /** Default true. */
  caseSensitive?: boolean;
  /** Must end with "/"; default "/". */
  pathPrefix?: string;
  /** Search the store as it was at this point instead of its head. */
  asOf?: PointInHistory;
  /** Memories per page (default 20). */
  limit?: number;
  cursor?: string | null;
}

/** A line that matched: its 1-based number and its text (cut at `SEARCH_LINE_CHARS`). */
export interface SearchLine {
  line: number;
  text: string;
  truncated: boolean;
}

/** A memory with at least one matching line; `lines` holds the first `SEARCH_LINES_PER_MEMORY`. */
export interface SearchHit {
  memory: Memory;
  lines: SearchLine[];
  /** How many lines matched in all. */
  lineCount: number;
}

/** A store's size and history at a glance (Memgit.storeStats). */
export interface StoreStats {
  storeId: string;
  /** Live memories and the bytes of their current content. */
  memories: number;
  liveBytes: number;
  /** Versions still retained (pruning removes the rest). */
  versions: number;
  oldestVersion: { id: string; createdAt: Date } | null;
  /** The newest version: the store's state is its snapshot. */
  headVersionId: string | null;
  lastWriteAt: Date | null;
}
