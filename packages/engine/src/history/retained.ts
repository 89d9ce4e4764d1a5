// Versions kept below a pruned history's boundary (docs/format.md §Retention). Their commits
// are gone (the repository is shallow at the boundary), so each is recorded on the metadata
// branch as `retained/<version id>.json`, with `retained/<version id>.content` naming its
// content blob (which keeps the blob reachable). A clone rebuilds those versions from there.
import type { Catalog, VersionRow } from "../catalog/catalog.ts";
import { actorId, formatActor, makeActor, parseActor } from "../model/actor.ts";
import { hashObject, type GitObject } from "../model/gitObject.ts";

export interface RetainedRecord {
  row: VersionRow;
  /** When the memory was created (its `created` version may be pruned). */
  memoryCreatedAt: number;
}

export function encodeRetained(r: RetainedRecord): Buffer {
  const { row } = r;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const actor = row.actor_type && row.actor_id ? makeActor(row.actor_type, row.actor_id) : null;
  const redactor = row.redactor_type && row.redactor_id ? makeActor(row.redactor_type, row.redactor_id) : null;
  const json = {
    format: 1,
    version_id: row.vid,
    memory_id: row.memory_id,
    operation: row.op,
    path: row.redacted_at === null ? row.path : null,
    content_sha256: row.redacted_at === null ? row.sha256 : null,
    content_size: row.redacted_at === null ? row.size : null,
    actor: actor ? formatActor(actor) : null,
    created_at: iso(row.created_at),
    memory_created_at: iso(r.memoryCreatedAt),
    redacted_at: iso(row.redacted_at),
    redacted_by: redactor ? formatActor(redactor) : null,
  };
  return Buffer.from(JSON.stringify(json, null, 2) + "\n");
}

export function decodeRetained(buf: Buffer, blobOid: string | null): RetainedRecord {
  const j = JSON.parse(buf.toString("utf8")) as Record<string, any>;
  if (j.format !== 1) throw new Error(`retained record format ${String(j.format)} is not 1`);
  const actor = j.actor ? parseActor(j.actor) : null;
  const redactor = j.redacted_by ? parseActor(j.redacted_by) : null;
  return {
    memoryCreatedAt: Date.parse(j.memory_created_at),
    row: {
      vid: j.version_id,
      memory_id: j.memory_id,
      op: j.operation,
      path: j.path ?? "",
      sha256: j.content_sha256 ?? null,
      size: j.content_size ?? null,
      blob_oid: blobOid,
      actor_type: actor?.type ?? null,
      actor_id: actor ? actorId(actor) : null,
      created_at: Date.parse(j.created_at),
      redacted_at: j.redacted_at ? Date.parse(j.redacted_at) : null,
      redactor_type: redactor?.type ?? null,
      redactor_id: redactor ? actorId(redactor) : null,
    },
  };
}

/**
 * `retained/<memory id>.created`: when a live memory was created, for one that has no version
 * left below the boundary (the boundary's own memory, whose earlier versions all went): a
 * rebuild would otherwise take its first kept version's time.
 */
export function encodeCreated(memoryId: string, createdAtMs: number): Buffer {
  return Buffer.from(JSON.stringify({ format: 1, memory_id: memoryId, memory_created_at: new Date(createdAtMs).toISOString() }, null, 2) + "\n");
}

export function decodeCreated(buf: Buffer): { memoryId: string; createdAtMs: number } {
  const j = JSON.parse(buf.toString("utf8")) as Record<string, any>;
  if (j.format !== 1) throw new Error(`created record format ${String(j.format)} is not 1`);
  const createdAtMs = Date.parse(j.memory_created_at);
  if (typeof j.memory_id !== "string" || Number.isNaN(createdAtMs)) throw new Error("created record is malformed");
  return { memoryId: j.memory_id, createdAtMs };
}

/** The `retained/` entries for every version the index holds below `baseTime`, and their new blobs. */
export function retainedEntries(catalog: Catalog, baseTime: number): { entries: Map<string, string>; objects: GitObject[] } {
  const entries = new Map<string, string>();
  const objects: GitObject[] = [];
  for (const m of catalog.allMemories()) {
    if (m.created_at >= baseTime || catalog.firstVersionTime(m.id)! < baseTime) continue;
    const content = encodeCreated(m.id, m.created_at);
    objects.push({ type: "blob", content });
    entries.set(`${m.id}.created`, hashObject("blob", content));
  }
  for (const row of catalog.versionsBelow(baseTime)) {
    const memoryCreatedAt = catalog.memory(row.memory_id)?.created_at ?? catalog.firstVersionTime(row.memory_id) ?? row.created_at;
    const content = encodeRetained({ row, memoryCreatedAt });
    objects.push({ type: "blob", content });
    entries.set(`${row.vid}.json`, hashObject("blob", content));
    if (row.blob_oid && row.redacted_at === null) entries.set(`${row.vid}.content`, row.blob_oid);
  }
  return { entries, objects };
}
