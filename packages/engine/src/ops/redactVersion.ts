import { NotFoundError, NotRedactableError } from "../errors/index.ts";
import { actorId } from "../model/actor.ts";
import { redactHistory } from "../history/redactHistory.ts";
import type { Store } from "../store/Store.ts";
import type { Actor, Version } from "../types.ts";
import { versionFromRow } from "./shapes.ts";
import { validateActor } from "./validateContent.ts";

/**
 * Redacts a version: from then on no read returns its path or content, and neither does git
 * (the history is rewritten and the old objects removed; docs/format.md §Redaction). The
 * version keeps its id and audit trail. Allowed on archived stores (spec §5.14). Writes to the
 * store wait meanwhile.
 */
export function redactVersion(store: Store, versionId: string, actor: Actor): Promise<Version> {
  validateActor(actor);
  return store.exclusive(async () => {
    const row = store.catalog.version(versionId);
    if (!row) throw new NotFoundError("version", versionId);
    if (row.redacted_at !== null) {
      // A crash or a full disk cut the last purge short: finish it before saying it is done.
      if (store.purgeOwed) await store.purge();
      return versionFromRow(store.id, row, "full", null);
    }
    const path = store.tree.pathOf(row.memory_id);
    if (path !== undefined && store.tree.get(path)?.versionId === versionId) throw new NotRedactableError(versionId, row.memory_id);
    const time = store.nextTime();
    await redactHistory(store, row, time, actor);
    return versionFromRow(store.id, { ...row, redacted_at: time, redactor_type: actor.type, redactor_id: actorId(actor) }, "full", null);
  });
}
