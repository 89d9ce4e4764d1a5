// Redaction that scrubs git (docs/format.md §Redaction): the version is marked redacted in the
// index, the memory branch is rebuilt from the first not-yet-rewritten redaction on (so the
// version's snapshot lacks its memory and its commit keeps only the audit trail), the
// metadata branch records the redaction, and everything the new history does not reach is
// removed. Runs inside `Store.exclusive`.
import { actorId } from "../model/actor.ts";
import { hashed, hashObject, parseCommit } from "../model/gitObject.ts";
import { CorruptError } from "../errors/index.ts";
import type { VersionRow } from "../catalog/catalog.ts";
import type { Store } from "../store/Store.ts";
import { buildMetaCommit, encodeRedaction } from "../store/storeMeta.ts";
import type { Actor } from "../types.ts";
import { retainedEntries } from "./retained.ts";
import { retagCheckpoints } from "./retagCheckpoints.ts";
import { rewriteHistory } from "./rewriteHistory.ts";

export async function redactHistory(store: Store, row: VersionRow, atMs: number, by: Actor): Promise<void> {
  const { catalog } = store;
  const now = store.headsNow;
  let plan;
  catalog.applyDeferred(() => catalog.redact(row.vid, atMs, by.type, actorId(by)));
  try {
    // Redactions recorded before history rewriting existed are scrubbed too. Below a pruned
    // history's boundary there are no commits: the rewrite starts at the boundary, which then
    // becomes a root (the version's record on the metadata branch is rewritten instead).
    const baseVid = catalog.head("base");
    const baseTime = baseVid ? catalog.version(baseVid)!.created_at : Number.NEGATIVE_INFINITY;
    const unrewritten = catalog.unrewrittenRedactions();
    const fresh = new Set([row.vid, ...unrewritten.map((r) => r.vid)]);
    const from = Math.max(baseTime, Math.min(row.created_at, ...unrewritten.map((r) => r.created_at)));
    const before = from === baseTime ? undefined : catalog.versionBefore(from);
    const treeOf = (r: VersionRow) => r.tree_oid ?? parseCommit(store.reader.read(catalog.commitOf(r.vid)!).content).tree;
    const history = rewriteHistory(catalog, from, before ? catalog.commitOf(before.vid)! : null, fresh, treeOf);
    const retained = baseVid ? retainedEntries(catalog, baseTime) : { entries: now.retained, objects: [] };
    if (history.tree !== store.tree.writeTrees([])) throw new CorruptError(store.id, "rewritten history does not end at the head's snapshot");
    const record = encodeRedaction({ versionId: row.vid, redactedAtMs: atMs, redactedBy: by });
    const name = `${row.vid}.json`;
    const redactions = new Map(now.redactions).set(name, hashObject("blob", record));
    const blobs = [{ type: "blob" as const, content: record }, ...retained.objects];
    // A version kept below the boundary had its content on the metadata branch: its earlier
    // commits must not keep that blob reachable, so the branch starts over.
    const metaParent = row.created_at < baseTime ? null : now.meta;
    const meta = buildMetaCommit(store.info, redactions, blobs, metaParent, by, atMs, `redact ${row.vid}`, "redacted", retained.entries);
    // Checkpoint tags on rewritten commits follow them, or they would keep the old bytes reachable.
    const tags = retagCheckpoints(catalog, history.commits);
    plan = {
      objects: [...history.objects, ...tags.objects, ...meta.objects.map(hashed)],
      tags: tags.refs,
      main: history.head,
      meta: meta.oid,
      redactions,
      retained: retained.entries,
      // Rewritten from the boundary on: the new first commit has no parent, nothing is shallow.
      ...(from === baseTime ? { shallow: null } : {}),
      index: () => {
        catalog.setCommits(history.commits);
        for (const row of tags.rows) catalog.upsertCheckpoint(row);
      },
    };
  } catch (err) {
    catalog.rollback();
    throw err;
  }
  await store.replaceHistory(plan);
}
