// Wire shapes of memgit's history extension (docs/api-extensions.md): restores, diffs and
// checkpoints. Not part of the Anthropic API; names follow its conventions.
import type { Checkpoint, MemoryDiff, PointInHistory, ResolvedPoint, StoreDiff, StoreRestore } from "@memgit/engine";
import { invalidRequest } from "../errors.ts";
import type { JsonObject } from "./body.ts";
import { actorToWire, versionToWire } from "./shapes.ts";

/** The three ways a body names a point in history; exactly one must be given. */
export const POINT_FIELDS = ["version_id", "as_of", "checkpoint"] as const;

export function pointFromBody(body: JsonObject): PointInHistory {
  const given = POINT_FIELDS.filter((k) => body[k] !== undefined && body[k] !== null);
  if (given.length !== 1) throw invalidRequest(`give exactly one of ${POINT_FIELDS.join(", ")}`);
  const key = given[0]!;
  const value = body[key];
  if (typeof value !== "string") throw invalidRequest(`${key}: Input should be a valid string`);
  if (key === "version_id") return { versionId: value };
  if (key === "checkpoint") return { checkpoint: value };
  return { asOf: value };
}

export const pointToWire = (p: ResolvedPoint) => ({
  as_of: p.at.toISOString(),
  memory_version_id: p.versionId,
  checkpoint: p.checkpoint,
});

export const storeRestoreToWire = (r: StoreRestore) => ({
  type: "memory_store_restore",
  memory_store_id: r.storeId,
  restored_to: pointToWire(r.point),
  versions: r.versions.map(versionToWire),
});

export const memoryDiffToWire = (d: MemoryDiff) => ({
  type: "memory_diff",
  memory_id: d.memoryId,
  change: d.change,
  path: d.path,
  previous_path: d.previousPath,
  from_version_id: d.fromVersionId,
  to_version_id: d.toVersionId,
  redacted: d.redacted,
  diff: d.diff,
});

export const storeDiffToWire = (storeId: string, d: StoreDiff, nextPage: string | null) => ({
  type: "memory_store_diff",
  memory_store_id: storeId,
  from: pointToWire(d.from),
  to: pointToWire(d.to),
  data: d.items.map(memoryDiffToWire),
  next_page: nextPage,
});

export const checkpointToWire = (c: Checkpoint) => ({
  type: "memory_store_checkpoint",
  name: c.name,
  memory_store_id: c.storeId,
  memory_version_id: c.versionId,
  as_of: c.at.toISOString(),
  created_at: c.createdAt.toISOString(),
  created_by: c.createdBy === null ? null : actorToWire(c.createdBy),
});

export const checkpointTombstone = (storeId: string, name: string) => ({ type: "memory_store_checkpoint_deleted", memory_store_id: storeId, name });
