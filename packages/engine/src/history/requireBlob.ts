import { CorruptError } from "../errors/index.ts";
import type { Store } from "../store/Store.ts";

/**
 * A restore commits a tree naming an old blob without writing it again: it must be in the
 * repository, or the commit would point at nothing (checked before anything is staged).
 */
export function requireBlob(store: Store, blobOid: string): void {
  if (!store.reader.has(blobOid)) throw new CorruptError(store.id, `object ${blobOid} of an indexed version is missing`);
}
