// Renames inside one store: a file (one `modified` keeping the id, or replacing a target as
// an atomic save does) or a directory. docs/decisions/0021-mount-semantics.md.
import { checkMemoryPath, decodeContent } from "../client/limits.ts";
import { StoreClientError } from "../client/StoreClientError.ts";
import type { MemoryEntry } from "../client/StoreClient.ts";
import { PosixError } from "../errno.ts";
import type { ContentLoader } from "./ContentLoader.ts";
import { isScratchName, type Draft } from "./Draft.ts";
import { holds } from "./TempHolds.ts";
import type { StoreView } from "./StoreView.ts";
import { writeOut } from "./writeOut.ts";

/** Renames one file inside a store (the caller holds the store's lock and refreshed the view). */
export async function renameFile(
  view: StoreView,
  from: string,
  to: string,
  entry: MemoryEntry | undefined,
  draft: Draft | undefined,
  content: ContentLoader,
): Promise<void> {
  if (view.isDir(to) || view.hasDraftUnder(to)) throw new PosixError("EISDIR");
  const target = view.entries.get(to);
  const targetDraft = view.drafts.get(to);
  const drafts = view.drafts;
  if (!entry) {
    // Never written to the store yet: move the file in the mount; an open one is written at
    // the new path by its close.
    const d = draft!;
    const was = { path: d.path, memoryId: d.memoryId, baseSha: d.baseSha, scratch: d.scratch };
    const move = (path: string, memory: MemoryEntry | undefined) => {
      if (drafts.get(d.path) === d) drafts.delete(d.path);
      d.path = path;
      d.memoryId = memory ? memory.id : was.memoryId;
      d.baseSha = memory ? memory.sha256 : was.baseSha;
      d.scratch = was.scratch && isScratchName(path);
      drafts.set(path, d);
    };
    move(to, target);
    // A closed file the mount kept (a scratch or held temp file, TempHolds.ts) renamed to an
    // ordinary name is written now, as if just closed: over a memory, as one `modified` of it.
    if (d.openCount === 0 && !d.scratch && !holds(d)) {
      try {
        await writeOut(d, content);
      } catch (err) {
        move(was.path, undefined); // the rename failed: both files stay as they were
        if (targetDraft) drafts.set(to, targetDraft);
        throw err;
      }
      if (drafts.get(to) === d) drafts.delete(to);
    }
    if (targetDraft) targetDraft.orphaned = true;
    return;
  }
  if (target) {
    // Replace (atomic save, sed -i): the target keeps its id and gets the source's content
    // (one `modified`), then the source is deleted (one `deleted`).
    const bytes = draft && draft.baseSha === entry.sha256 ? draft.bytes() : (await content.load(view, entry)).bytes;
    const updated = await view.calls.update(target.id, { content: decodeContent(bytes) }, target.sha256, to);
    try {
      await view.calls.remove(entry.id, entry.sha256, from);
    } catch (err) {
      if (!(err instanceof StoreClientError && err.code === "not_found")) throw err;
    }
    view.deleteEntry(from);
    view.setEntry(updated);
    if (targetDraft) targetDraft.orphaned = true;
    if (draft) {
      drafts.delete(from);
      draft.path = to;
      draft.memoryId = updated.id;
      draft.baseSha = updated.sha256;
      drafts.set(to, draft);
    }
    return;
  }
  // Plain move: one `modified` version, same memory id.
  const moved = await view.calls.update(entry.id, { path: to }, entry.sha256, from);
  view.deleteEntry(from);
  view.setEntry(moved);
  if (draft) {
    drafts.delete(from);
    draft.path = to;
    drafts.set(to, draft);
  }
}

/** Renames a directory: one `modified` version per memory below it, not atomic. */
export async function renameDir(view: StoreView, from: string, to: string): Promise<void> {
  if (view.entries.has(to)) throw new PosixError("ENOTDIR");
  if (view.isDir(to) && (view.childrenOf(to).length > 0 || view.hasDraftUnder(to))) throw new PosixError("ENOTEMPTY");
  for (const p of [...view.entries.keys(), ...view.drafts.keys()]) {
    if (p.startsWith(from + "/")) checkMemoryPath(to + p.slice(from.length));
  }
  // One `modified` version per memory moved; not atomic across memories.
  for (const e of view.entriesUnder(from)) {
    const moved = await view.calls.update(e.id, { path: to + e.path.slice(from.length) }, e.sha256, e.path);
    view.deleteEntry(e.path);
    view.setEntry(moved);
  }
  const drafts = view.drafts;
  for (const [p, d] of [...drafts]) {
    if (!p.startsWith(from + "/")) continue;
    drafts.delete(p);
    d.path = to + p.slice(from.length);
    drafts.set(d.path, d);
  }
  for (const d of [...view.emptyDirs]) {
    if (d === from || d.startsWith(from + "/")) {
      view.emptyDirs.delete(d);
      view.emptyDirs.add(to + d.slice(from.length));
    }
  }
  view.emptyDirs.delete(to);
  view.touch();
}
