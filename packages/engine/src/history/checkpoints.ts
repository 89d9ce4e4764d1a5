// Checkpoints (docs/decisions/0041): named points in history, kept as annotated git tags
// `refs/tags/<name>` on the store's `main` commit, so that every clone carries them. A tag
// moves through the journal like any write (durable when acknowledged, replayed after a
// crash) and reaches the refs at the next checkpoint of the journal; the catalog lists them.
import type { Catalog, CheckpointRow } from "../catalog/catalog.ts";
import { AlreadyExistsError, InvalidInputError, NotFoundError } from "../errors/index.ts";
import { actorId, makeActor } from "../model/actor.ts";
import { validateCheckpointName } from "../model/checkpointName.ts";
import { hashObject } from "../model/gitObject.ts";
import { serializeCheckpointTag } from "../model/tagObject.ts";
import { decodeCursor, encodeCursor } from "../ops/cursor.ts";
import { validateLimit } from "../ops/readMemories.ts";
import { validateActor } from "../ops/validateContent.ts";
import { TAGS_PREFIX } from "../storage/layout.ts";
import type { Store } from "../store/Store.ts";
import type { Checkpoint, CreateCheckpointInput, Page } from "../types.ts";
import { checkpointRow } from "./pointInHistory.ts";

/** Names the store as of its newest version. */
export function createCheckpoint(store: Store, input: CreateCheckpointInput): Promise<Checkpoint> {
  const name = validateCheckpointName(input.name);
  validateActor(input.actor);
  const { actor } = input;
  return store.write(() => {
    const ref = TAGS_PREFIX + name;
    const taken = store.stagedRef(ref) ? name : (checkpointRow(store, name) ?? foldedTwin(store, name))?.name;
    if (taken !== undefined) throw new AlreadyExistsError("checkpoint", name, taken);
    const commit = store.catalog.head("main");
    const newest = store.catalog.versions({}, null, 1)[0];
    if (!commit || !newest) throw new InvalidInputError("name", "the memory store has no versions yet to checkpoint");
    const createdAtMs = store.nextTime();
    const content = serializeCheckpointTag({ name, commit, versionId: newest.vid, atMs: newest.created_at, actor, createdAtMs });
    const row: CheckpointRow = {
      name,
      tag_oid: hashObject("tag", content),
      version_id: newest.vid,
      at: newest.created_at,
      created_at: createdAtMs,
      actor_type: actor.type,
      actor_id: actorId(actor),
    };
    const record = store.commitRef(ref, null, row.tag_oid, [{ type: "tag", content }]);
    return { record, apply: (catalog) => catalog.upsertCheckpoint(row), result: checkpointFromRow(store.id, row) };
  });
}

/** By name, in byte order; pages of `limit` (default 20). Tags memgit cannot place are left out. */
export async function listCheckpoints(store: Store, q: { limit?: number; cursor?: string | null }): Promise<Page<Checkpoint>> {
  const limit = validateLimit(q.limit);
  const after = q.cursor ? (decodeCursor(q.cursor, "c", "s")[0] as string) : null;
  const rows = store.catalog.checkpoints().filter((c) => c.at !== null && (after === null || c.name > after));
  const items = rows.slice(0, limit).map((c) => checkpointFromRow(store.id, c));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor("c", last.name) : null };
}

export async function getCheckpoint(store: Store, name: string): Promise<Checkpoint> {
  const row = store.catalog.checkpoint(validateCheckpointName(name));
  if (!row || row.at === null) throw new NotFoundError("checkpoint", name);
  return checkpointFromRow(store.id, row);
}

/** Removes the tag (the versions it named stay in history). */
export function deleteCheckpoint(store: Store, name: string): Promise<Checkpoint> {
  validateCheckpointName(name);
  return store.write(() => {
    const row = checkpointRow(store, name);
    if (!row || row.at === null) throw new NotFoundError("checkpoint", name);
    const record = store.commitRef(TAGS_PREFIX + name, row.tag_oid, null, []);
    return { record, apply: (catalog) => catalog.deleteCheckpoint(name), result: checkpointFromRow(store.id, row) };
  });
}

/**
 * What retention must keep for the checkpoints (docs/decisions/0041): every version from the
 * oldest checkpoint's point on (with the state of each memory at the retention boundary, which
 * retention keeps anyway, that answers for every checkpoint).
 */
export function checkpointFloor(catalog: Catalog): { protectFromMs?: number } {
  const points = catalog.checkpoints().flatMap((c) => (c.at === null ? [] : [c.at]));
  return points.length === 0 ? {} : { protectFromMs: Math.min(...points) };
}

/** Tag names that differ only in case collide in clones on macOS and Windows. */
function foldedTwin(store: Store, name: string): CheckpointRow | undefined {
  const twin = store.catalog.checkpointFolded(name);
  return twin && checkpointRow(store, twin.name);
}

function checkpointFromRow(storeId: string, r: CheckpointRow): Checkpoint {
  return {
    name: r.name,
    storeId,
    versionId: r.version_id!,
    at: new Date(r.at!),
    createdAt: new Date(r.created_at ?? r.at!),
    createdBy: r.actor_type && r.actor_id ? makeActor(r.actor_type, r.actor_id) : null,
  };
}
