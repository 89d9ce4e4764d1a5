// Versions as `memgit versions list` and `memgit log` show them: newest first, optionally of
// one memory (by id, by live path, or by any path it ever had), as a git-log-like table.
import type Anthropic from "@anthropic-ai/sdk";
import { asPath, isMemoryId, memoryAtPath } from "./memoryRef.ts";
import { ago, size, table } from "./render.ts";

export type Version = Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryVersion;

export interface VersionQuery {
  /** PATH or MEMORY_ID; a path no live memory has matches the versions written at it. */
  memory?: string;
  operation?: "created" | "modified" | "deleted";
  limit: number;
}

export async function listVersions(sdk: Anthropic, storeId: string, q: VersionQuery): Promise<Version[]> {
  let memoryId: string | undefined;
  let path: string | undefined;
  if (q.memory !== undefined) {
    if (isMemoryId(q.memory)) memoryId = q.memory;
    else {
      path = asPath(q.memory);
      memoryId = (await memoryAtPath(sdk, storeId, path))?.id;
    }
  }
  const params = { limit: 100, ...(memoryId ? { memory_id: memoryId } : {}), ...(q.operation ? { operation: q.operation } : {}) };
  const found: Version[] = [];
  for await (const v of sdk.beta.memoryStores.memoryVersions.list(storeId, params)) {
    // A live memory's versions are its own whatever their path; a gone one's, those at its path.
    if (memoryId || path === undefined || v.path === path) found.push(v);
    if (found.length >= q.limit) break;
  }
  return found;
}

export function actorLabel(a: Version["created_by"]): string {
  if (!a) return "-";
  const r = a as unknown as Record<string, string>;
  return r.api_key_id ?? r.session_id ?? r.user_id ?? r.service_account_id ?? a.type;
}

export const versionTable = (versions: Version[]) =>
  table(
    ["version", "time", "actor", "operation", "path", "size"],
    versions.map((v) => [v.id, ago(v.created_at), actorLabel(v.created_by), v.redacted_at ? `${v.operation} (redacted)` : v.operation, v.path ?? "-", size(v.content_size_bytes)]),
  );

export const limitOption = (text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--limit ${text}: a whole number, 1 or more`);
  return n;
};
