// Naming a point in history (docs/decisions/0042): a `memver_` id (the store right after that
// version), an RFC 3339 time, or a checkpoint name. The three forms cannot be mistaken for
// one another: checkpoint names have no ':' and never start with `memver_`.
import type { CheckpointRow } from "../catalog/catalog.ts";
import { InvalidInputError, NotFoundError } from "../errors/index.ts";
import { validateCheckpointName } from "../model/checkpointName.ts";
import { commitFromVersionId, VERSION_PREFIX } from "../model/ids.ts";
import { parseRfc3339 } from "../model/rfc3339.ts";
import { TAGS_PREFIX } from "../storage/layout.ts";
import type { Store } from "../store/Store.ts";
import type { PointInHistory, ResolvedPoint } from "../types.ts";

/** A point whose syntax is checked; `field` is the wire name errors report. */
export type PointRef =
  | { kind: "version"; id: string; field: string }
  | { kind: "time"; atMs: number; field: string }
  | { kind: "checkpoint"; name: string; field: string };

/** Where a point lies: the store as of `atMs`, inclusive. */
export interface Point {
  atMs: number;
  versionId: string | null;
  checkpoint: string | null;
}

/** Checks the form of a point (no lookups): call before entering the write pipeline. */
export function parsePoint(p: PointInHistory, field?: string): PointRef {
  if (p && typeof p === "object" && "versionId" in p) {
    const f = field ?? "version_id";
    if (typeof p.versionId !== "string" || commitFromVersionId(p.versionId) === null)
      throw new InvalidInputError(f, `must be a version id (${VERSION_PREFIX} and 40 hex digits)`);
    return { kind: "version", id: p.versionId, field: f };
  }
  if (p && typeof p === "object" && "checkpoint" in p) {
    const f = field ?? "checkpoint";
    return { kind: "checkpoint", name: validateCheckpointName(p.checkpoint, f), field: f };
  }
  if (p && typeof p === "object" && "asOf" in p) return parseRef(p.asOf, field ?? "as_of");
  throw new InvalidInputError(field ?? "to", "give exactly one of version_id, as_of or checkpoint");
}

/** Any of the three forms, told apart by their syntax. */
export function parseRef(ref: unknown, field: string): PointRef {
  if (ref instanceof Date) {
    if (Number.isNaN(ref.getTime())) throw new InvalidInputError(field, "must be a valid time");
    return { kind: "time", atMs: ref.getTime(), field };
  }
  if (typeof ref !== "string") throw new InvalidInputError(field, "must be a string");
  if (ref.startsWith(VERSION_PREFIX)) return parsePoint({ versionId: ref }, field);
  const atMs = parseRfc3339(ref);
  if (atMs !== null) return { kind: "time", atMs, field };
  try {
    return { kind: "checkpoint", name: validateCheckpointName(ref, field), field };
  } catch {
    throw new InvalidInputError(field, "must be an RFC 3339 time, a memver_ version id or a checkpoint name");
  }
}

/** Looks the point up in the store's history; unknown ids and names are NotFound. */
export function resolvePoint(store: Store, ref: PointRef): Point {
  let point: Point;
  if (ref.kind === "version") {
    const row = store.catalog.version(ref.id);
    if (!row) throw new NotFoundError("version", ref.id);
    point = { atMs: row.created_at, versionId: row.vid, checkpoint: null };
  } else if (ref.kind === "checkpoint") {
    const row = checkpointRow(store, ref.name);
    if (!row) throw new NotFoundError("checkpoint", ref.name);
    if (row.at === null || row.version_id === null)
      throw new InvalidInputError(ref.field, `tag ${ref.name} was not made by memgit and names no point in this store's history`);
    point = { atMs: row.at, versionId: row.version_id, checkpoint: row.name };
  } else {
    point = { atMs: ref.atMs, versionId: null, checkpoint: null };
  }
  const floor = historyFloor(store);
  if (point.atMs < floor.atMs) throw new InvalidInputError(ref.field, `${floor.rule} (${new Date(floor.atMs).toISOString()})`);
  return point;
}

/**
 * The earliest point whose state the store can still answer for, and the rule that sets it.
 * Retention (pruning old versions) moves it forward; until then it is the store's creation.
 */
export function historyFloor(store: Store): { atMs: number; rule: string } {
  const base = store.catalog.head("base");
  const boundary = base === null ? undefined : store.catalog.version(base);
  if (boundary) return { atMs: boundary.created_at, rule: "must not be before the oldest version retention kept with its history" };
  return { atMs: store.info.createdAt.getTime(), rule: "must not be before the memory store was created" };
}

/** A checkpoint as staged: one deleted since the last checkpoint of the journal is gone. */
export function checkpointRow(store: Store, name: string): CheckpointRow | undefined {
  if (store.stagedRef(TAGS_PREFIX + name) === null) return undefined;
  return store.catalog.checkpoint(name);
}

export const resolvedPoint = (p: Point): ResolvedPoint => ({ at: new Date(p.atMs), versionId: p.versionId, checkpoint: p.checkpoint });
