// Store metadata lives in the repository on its own branch (refs/heads/memgit-meta), so a
// clone carries it: `store.json`, plus `redactions/<version id>.json` per redacted version.
import { parseActor, formatActor } from "../model/actor.ts";
import { commitObject } from "../model/commitObject.ts";
import { hashObject, serializeTree, type GitObject, type TreeEntry } from "../model/gitObject.ts";
import { REDACTIONS_DIR, RETAINED_DIR, STORE_JSON } from "../storage/layout.ts";
import type { Actor, StoreInfo } from "../types.ts";

export const META_FORMAT = 1;

export function encodeStoreJson(info: StoreInfo): Buffer {
  const json = {
    format: META_FORMAT,
    id: info.id,
    name: info.name,
    description: info.description,
    metadata: info.metadata,
    owner: info.owner,
    created_at: info.createdAt.toISOString(),
    updated_at: info.updatedAt.toISOString(),
    archived_at: info.archivedAt?.toISOString() ?? null,
  };
  return Buffer.from(JSON.stringify(json, null, 2) + "\n");
}

export function decodeStoreJson(buf: Buffer): StoreInfo {
  const j = JSON.parse(buf.toString("utf8")) as Record<string, any>;
  if (j.format !== META_FORMAT) throw new Error(`store.json format ${String(j.format)} is not ${META_FORMAT}`);
  return {
    id: j.id,
    name: j.name,
    description: j.description,
    metadata: j.metadata,
    owner: j.owner ?? null,
    createdAt: new Date(j.created_at),
    updatedAt: new Date(j.updated_at),
    archivedAt: j.archived_at ? new Date(j.archived_at) : null,
  };
}

export interface Redaction {
  versionId: string;
  redactedAtMs: number;
  redactedBy: Actor | null;
}

export function encodeRedaction(r: Redaction): Buffer {
  const json = {
    version_id: r.versionId,
    redacted_at: new Date(r.redactedAtMs).toISOString(),
    redacted_by: r.redactedBy ? formatActor(r.redactedBy) : null,
  };
  return Buffer.from(JSON.stringify(json, null, 2) + "\n");
}

export function decodeRedaction(buf: Buffer): Redaction {
  const j = JSON.parse(buf.toString("utf8")) as Record<string, any>;
  return { versionId: j.version_id, redactedAtMs: Date.parse(j.redacted_at), redactedBy: j.redacted_by ? parseActor(j.redacted_by) : null };
}

export function formatMetaMessage(subject: string, operation: string, timeMs: number): string {
  return `${subject}\n\nMemgit-Format: 1\nMemgit-Operation: ${operation}\nMemgit-Time: ${new Date(timeMs).toISOString()}\n`;
}

/**
 * The next metadata commit: `store.json` from `info`, plus `redactions/` from `redactions` and
 * `retained/` from `retained` (file name → blob id; new blobs are passed in `extra`).
 */
export function buildMetaCommit(
  info: StoreInfo,
  redactions: ReadonlyMap<string, string>,
  extra: GitObject[],
  parent: string | null,
  actor: Actor | null,
  timeMs: number,
  subject: string,
  operation: string,
  retained: ReadonlyMap<string, string> = new Map(),
): { objects: GitObject[]; oid: string } {
  const storeJson = encodeStoreJson(info);
  const objects: GitObject[] = [{ type: "blob", content: storeJson }, ...extra];
  const entries: TreeEntry[] = [{ mode: "100644", name: STORE_JSON, oid: hashObject("blob", storeJson) }];
  if (redactions.size > 0) {
    const content = serializeTree([...redactions].map(([name, oid]) => ({ mode: "100644" as const, name, oid })));
    objects.push({ type: "tree", content });
    entries.push({ mode: "40000", name: REDACTIONS_DIR, oid: hashObject("tree", content) });
  }
  if (retained.size > 0) {
    const content = serializeTree([...retained].map(([name, oid]) => ({ mode: "100644" as const, name, oid })));
    objects.push({ type: "tree", content });
    entries.push({ mode: "40000", name: RETAINED_DIR, oid: hashObject("tree", content) });
  }
  const root = serializeTree(entries);
  objects.push({ type: "tree", content: root });
  const commit = commitObject(hashObject("tree", root), parent, actor, timeMs, formatMetaMessage(subject, operation, timeMs));
  objects.push(commit);
  return { objects, oid: hashObject("commit", commit.content) };
}
