// The catalog's checkpoints are derived from the tags (refs/tags/*, docs/decisions/0041), so
// a clone, a restored backup or a tag an operator deleted with git is reflected on the next
// open. Only tags that changed are read.
import { actorId } from "../model/actor.ts";
import { parseTrailers } from "../model/commitTrailers.ts";
import { parseCommit } from "../model/gitObject.ts";
import { versionIdFromCommit } from "../model/ids.ts";
import { parseCheckpointTag } from "../model/tagObject.ts";
import { TAGS_PREFIX } from "../storage/layout.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import type { Catalog, CheckpointRow } from "./catalog.ts";

/** Brings the checkpoints table in line with `tags` (ref → object id). */
export function indexCheckpoints(catalog: Catalog, reader: ObjectReader, tags: ReadonlyMap<string, string>): void {
  const known = new Map(catalog.checkpoints().map((c) => [c.name, c]));
  const rows: CheckpointRow[] = [];
  for (const [ref, oid] of tags) {
    const name = ref.slice(TAGS_PREFIX.length);
    if (known.get(name)?.tag_oid !== oid) rows.push(describe(catalog, reader, name, oid));
  }
  const gone = [...known.keys()].filter((name) => !tags.has(TAGS_PREFIX + name));
  if (rows.length === 0 && gone.length === 0) return;
  catalog.transaction(() => {
    for (const name of gone) catalog.deleteCheckpoint(name);
    for (const row of rows) catalog.upsertCheckpoint(row);
  });
}

/**
 * A memgit tag names its point itself; a plain tag on a version's commit (`git tag` by an
 * operator) stands for that version. Anything else keeps its name taken but names no point.
 */
function describe(catalog: Catalog, reader: ObjectReader, name: string, oid: string): CheckpointRow {
  const row: CheckpointRow = { name, tag_oid: oid, version_id: null, at: null, created_at: null, actor_type: null, actor_id: null };
  let object;
  try {
    object = reader.read(oid);
  } catch {
    return row;
  }
  if (object.type === "tag") {
    const tag = parseCheckpointTag(object.content);
    if (tag)
      return { ...row, version_id: tag.versionId, at: tag.atMs, created_at: tag.createdAtMs, actor_type: tag.actor?.type ?? null, actor_id: tag.actor ? actorId(tag.actor) : null };
    return row;
  }
  if (object.type !== "commit") return row;
  const commit = parseCommit(object.content);
  // A commit rewritten by redaction carries its version's id; others are named by their hash.
  const version = catalog.version(parseTrailers(commit.message).get("Memgit-Version-Id") ?? versionIdFromCommit(oid));
  if (!version) return row;
  return { ...row, version_id: version.vid, at: version.created_at, created_at: commit.committer.timestamp * 1000 };
}
