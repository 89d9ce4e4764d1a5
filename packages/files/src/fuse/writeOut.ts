// Writes one open file's bytes to the store as one version (the caller holds the store's lock).
import { decodeContent } from "../client/limits.ts";
import { StoreClientError } from "../client/StoreClientError.ts";
import type { MemoryEntry } from "../client/StoreClient.ts";
import type { ContentLoader } from "./ContentLoader.ts";
import type { Draft } from "./Draft.ts";

export async function writeOut(d: Draft, content: ContentLoader): Promise<void> {
  d.touched = false;
  if (d.refused) throw d.refused;
  // A close was told these bytes failed: they are not written later (by release or unmount).
  if (d.failedGen === d.gen) return;
  if (d.scratch || !d.changed) return;
  const { view } = d;
  const gen = d.gen;
  const bytes = Buffer.from(d.bytes()); // a copy: writes may land while the request is out
  const text = decodeContent(bytes);
  let entry: MemoryEntry;
  if (d.memoryId === null) {
    entry = await view.calls.create(d.path, text);
  } else {
    try {
      entry = await view.calls.update(d.memoryId, { content: text }, d.baseSha!, d.path);
    } catch (err) {
      // Deleted by someone else while open here: the write re-creates it (the delete stays in history).
      if (!(err instanceof StoreClientError && err.code === "not_found")) throw err;
      entry = await view.calls.create(d.path, text);
    }
  }
  content.remember(entry.sha256, bytes);
  d.memoryId = entry.id;
  d.baseSha = entry.sha256;
  d.cleanGen = gen;
  if (d.path === entry.path) {
    view.setEntry(entry);
    view.showEntry(entry);
  }
}
