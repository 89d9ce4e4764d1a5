// Wire shapes the console reads (spec §4, docs/api-extensions.md). Only the fields it uses.
export type Role = "admin" | "read_write" | "read_only";
export type Access = "read_write" | "read_only";

export interface Credential {
  type: "credential";
  kind: "api_key" | "session";
  workspace_id: string;
  role: Role;
  api_key_id: string | null;
  session_id: string | null;
  memory_stores: { memory_store_id: string; access: Access }[] | null;
}

export interface Page<T> {
  data: T[];
  next_page: string | null;
}

export interface MemoryStore {
  type: "memory_store";
  id: string;
  name: string;
  description: string;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface Memory {
  type: "memory";
  id: string;
  memory_store_id: string;
  path: string;
  content: string | null;
  content_size_bytes: number;
  content_sha256: string;
  memory_version_id: string;
  created_at: string;
  updated_at: string;
}

export interface MemoryPrefix {
  type: "memory_prefix";
  path: string;
}

export type Actor =
  | { type: "api_actor"; api_key_id: string }
  | { type: "session_actor"; session_id: string }
  | { type: "user_actor"; user_id: string }
  | { type: "service_account_actor"; service_account_id: string };

export type Operation = "created" | "modified" | "deleted";

export interface MemoryVersion {
  type: "memory_version";
  id: string;
  memory_store_id: string;
  memory_id: string;
  operation: Operation;
  path: string | null;
  content: string | null;
  content_sha256: string | null;
  content_size_bytes: number | null;
  created_by: Actor | null;
  created_at: string;
  redacted_at: string | null;
  redacted_by: Actor | null;
}

export interface ResolvedPoint {
  as_of: string;
  memory_version_id: string | null;
  checkpoint: string | null;
}

export interface MemoryDiff {
  type: "memory_diff";
  memory_id: string;
  change: "created" | "modified" | "deleted" | "renamed";
  path: string | null;
  previous_path: string | null;
  from_version_id: string | null;
  to_version_id: string | null;
  redacted: boolean;
  diff: string | null;
}

export interface StoreDiff {
  type: "memory_store_diff";
  from: ResolvedPoint;
  to: ResolvedPoint;
  data: MemoryDiff[];
  next_page: string | null;
}

export interface StoreRestore {
  type: "memory_store_restore";
  restored_to: ResolvedPoint;
  versions: MemoryVersion[];
}

export interface Checkpoint {
  type: "memory_store_checkpoint";
  name: string;
  memory_store_id: string;
  memory_version_id: string;
  as_of: string;
  created_at: string;
  created_by: Actor | null;
}

export interface SessionResource {
  type: "memory_store";
  memory_store_id: string;
  access: Access;
  instructions: string | null;
  name: string;
  description: string;
  mount_path: string;
}

export interface Session {
  id: string;
  type: "session";
  title: string | null;
  created_at: string;
  resources: SessionResource[];
}

/** GET /v1/memory_stores/{id}/stats (memgit extension). */
export interface StoreStats {
  type: "memory_store_stats";
  memory_store_id: string;
  memories: number;
  live_bytes: number;
  versions: number;
  head_version_id: string | null;
  last_write_at: string | null;
}

/** GET /v1/memory_stores/{id}/remotes (memgit extension, admin keys). */
export interface Remote {
  type: "memory_store_remote";
  memory_store_id: string;
  name: string;
  /** With any password masked. */
  url: string;
  created_at: string;
  state: string;
  versions_behind: number | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
}

/** GET /v1/memory_stores/{id}/search (memgit extension). */
export interface SearchResult {
  type: "memory_search_result";
  memory: Memory;
  lines: { line_number: number; text: string; truncated: boolean }[];
  line_count: number;
}
