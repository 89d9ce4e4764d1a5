import { InvalidInputError, StoreArchivedError } from "../errors/index.ts";
import { patchMetadata, validateDescription, validateName } from "../model/storeFields.ts";
import type { Store } from "../store/Store.ts";
import type { StoreInfo, UpdateStoreInput } from "../types.ts";

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Spec §5.3: a patch; `updatedAt` moves only when a value really changed. */
export function updateStore(store: Store, input: UpdateStoreInput, onAck: (info: StoreInfo) => void): Promise<StoreInfo> {
  if (input.name === undefined && input.description === undefined && input.metadata === undefined)
    throw new InvalidInputError("body", "at least one of name, description, or metadata must be provided", "at least one of name, description, or metadata must be provided");
  if (input.name === null || input.name === "") throw new InvalidInputError("name", "cannot be empty", "name cannot be empty");
  if (input.name !== undefined) validateName(input.name);
  if (input.metadata === null)
    throw new InvalidInputError(
      "metadata",
      "null is not a valid value for a map field",
      'Failed to parse request: params: field "metadata": null is not a valid value for a map field; omit the field to preserve, or set individual keys to null to delete them',
    );
  const description = input.description === undefined ? undefined : validateDescription(input.description);
  return store.write(() => {
    const cur = store.currentInfo;
    if (cur.archivedAt) throw new StoreArchivedError(store.id);
    const next: StoreInfo = {
      ...cur,
      name: input.name ?? cur.name,
      description: description ?? cur.description,
      metadata: input.metadata === undefined ? cur.metadata : patchMetadata(cur.metadata, input.metadata),
    };
    if (next.name === cur.name && next.description === cur.description && sameJson(next.metadata, cur.metadata)) return { result: cur };
    next.updatedAt = new Date(Math.max(store.nextTime(), cur.updatedAt.getTime()));
    const record = store.commitMeta(next, "store updated", "store_updated");
    return { record, apply: () => (store.acknowledgeInfo(next), onAck(next)), result: next };
  });
}

/** Idempotent: a second archive returns the store with its original timestamps. */
export function archiveStore(store: Store, onAck: (info: StoreInfo) => void): Promise<StoreInfo> {
  return store.write(() => {
    const cur = store.currentInfo;
    if (cur.archivedAt) return { result: cur };
    const at = new Date(store.nextTime());
    const next: StoreInfo = { ...cur, archivedAt: at, updatedAt: at };
    const record = store.commitMeta(next, "store archived", "store_archived");
    return { record, apply: () => (store.acknowledgeInfo(next), onAck(next)), result: next };
  });
}

/** A new owner; nothing else changes (`updatedAt` neither: the store's content did not change). */
export function setOwner(store: Store, owner: string | null, onAck: (info: StoreInfo) => void): Promise<StoreInfo> {
  return store.write(() => {
    const cur = store.currentInfo;
    if (cur.owner === owner) return { result: cur };
    const next: StoreInfo = { ...cur, owner };
    const record = store.commitMeta(next, "store adopted", "store_adopted");
    return { record, apply: () => (store.acknowledgeInfo(next), onAck(next)), result: next };
  });
}
