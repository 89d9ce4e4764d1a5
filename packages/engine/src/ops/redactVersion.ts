import { NotFoundError, NotRedactableError } from "../errors/index.ts";
import { actorId } from "../model/actor.ts";
import type { Store } from "../store/Store.ts";
import type { Actor, Version } from "../types.ts";
import { versionFromRow } from "./shapes.ts";
import { validateActor } from "./validateContent.ts";

/**
 * Records a redaction on the metadata branch (so clones and backups carry it) and in the index;
 * from then on no read returns the version's path or content. Purging the bytes from history is
 * a separate, later step. Allowed on archived stores (spec §5.14).
 */
export function redactVersion(store: Store, versionId: string, actor: Actor): Promise<Version> {
  validateActor(actor);
  return store.write(() => {
    const row = store.catalog.version(versionId);
    if (!row) throw new NotFoundError("version", versionId);
    if (row.redacted_at !== null) return { result: versionFromRow(store.id, row, "full", null) };
    const path = store.tree.pathOf(row.memory_id);
    if (path !== undefined && store.tree.get(path)?.versionId === versionId) throw new NotRedactableError(versionId, row.memory_id);
    const time = store.nextTime();
    const record = store.commitMeta(store.currentInfo, `redact ${versionId}`, "redacted", { versionId, redactedAtMs: time, redactedBy: actor });
    const redacted = { ...row, redacted_at: time, redactor_type: actor.type, redactor_id: actorId(actor) };
    return {
      record,
      apply: (catalog) => {
        catalog.redact(versionId, time, actor.type, actorId(actor));
        store.acknowledgeInfo(store.currentInfo);
      },
      result: versionFromRow(store.id, redacted, "full", null),
    };
  });
}
