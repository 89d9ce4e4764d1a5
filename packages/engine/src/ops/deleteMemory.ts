import { NotFoundError, PreconditionFailedError } from "../errors/index.ts";
import type { Store } from "../store/Store.ts";
import type { DeleteMemoryInput, Version } from "../types.ts";
import { versionFromRow } from "./shapes.ts";
import { validateActor, validateSha256 } from "./validateContent.ts";
import { refuseOverCaps, versionRow } from "./writeMemory.ts";

/** Deletes are allowed on archived stores (spec §5.6). */
export function deleteMemory(store: Store, memoryId: string, input: DeleteMemoryInput): Promise<Version> {
  const expected = input.expectedContentSha256 == null ? null : validateSha256(input.expectedContentSha256, "expected_content_sha256");
  validateActor(input.actor);
  const { actor } = input;
  return store.write(() => {
    const path = store.tree.pathOf(memoryId);
    const leaf = path === undefined ? undefined : store.tree.get(path);
    if (path === undefined || !leaf) throw new NotFoundError("memory", memoryId);
    if (expected !== null && expected !== leaf.sha256) throw new PreconditionFailedError(memoryId);
    refuseOverCaps(store, 0, 0);
    const time = store.nextTime();
    store.tree.remove(path);
    const { versionId, record } = store.commitMemory(
      { memoryId, operation: "deleted", path, sha256: null, sizeBytes: null, actor, createdAtMs: time },
      [],
    );
    const row = versionRow(versionId, memoryId, "deleted", path, null, actor, time);
    return {
      record,
      apply: (catalog) => {
        catalog.insertVersion(row);
        catalog.deleteMemory(memoryId);
      },
      result: versionFromRow(store.id, row, "full", null),
    };
  });
}
