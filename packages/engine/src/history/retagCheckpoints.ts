// Checkpoint tags follow rewritten history (docs/decisions/0041): when redaction rebuilds
// `main`, a tag left on an old commit would keep that commit, and the redacted bytes under
// it, reachable. Each tag whose version got a new commit is made again on that commit, with
// the same name and trailers; the caller writes the objects and moves the refs with the
// rewritten branches, and keeps the rows in the index.
import type { Catalog, CheckpointRow } from "../catalog/catalog.ts";
import { makeActor } from "../model/actor.ts";
import { hashed, type HashedObject } from "../model/gitObject.ts";
import { serializeCheckpointTag } from "../model/tagObject.ts";
import { TAGS_PREFIX } from "../storage/layout.ts";

export interface Retagged {
  objects: HashedObject[];
  /** ref → new tag object. */
  refs: Map<string, string>;
  rows: CheckpointRow[];
}

/** `commits`: version id → its commit in the rewritten history. */
export function retagCheckpoints(catalog: Catalog, commits: ReadonlyMap<string, { commit: string }>): Retagged {
  const out: Retagged = { objects: [], refs: new Map(), rows: [] };
  for (const row of catalog.checkpoints()) {
    const commit = row.version_id === null ? undefined : commits.get(row.version_id)?.commit;
    if (commit === undefined || row.at === null) continue;
    const actor = row.actor_type && row.actor_id ? makeActor(row.actor_type, row.actor_id) : null;
    const tag = hashed({
      type: "tag",
      content: serializeCheckpointTag({ name: row.name, commit, versionId: row.version_id!, atMs: row.at, actor, createdAtMs: row.created_at ?? row.at }),
    });
    out.objects.push(tag);
    out.refs.set(TAGS_PREFIX + row.name, tag.oid);
    out.rows.push({ ...row, tag_oid: tag.oid });
  }
  return out;
}
