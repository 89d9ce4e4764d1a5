// Retention (docs/format.md §Retention): versions older than the window go, except the most
// recent ones of each live memory and those a checkpoint needs. History is cut at one commit,
// the boundary: every commit before it is removed and the repository becomes shallow there,
// so every kept commit keeps its hash. Versions kept below the boundary lose their commits and
// are recorded on the metadata branch (`retained/`), with their content blobs. Runs inside
// `Store.exclusive`.
import { hashed } from "../model/gitObject.ts";
import type { Store } from "../store/Store.ts";
import { buildMetaCommit } from "../store/storeMeta.ts";
import { retainedEntries } from "./retained.ts";

export interface PruneOptions {
  /** Versions created before this time may go (retention window). */
  cutoffMs: number;
  /** Most recent versions kept per live memory, whatever their age (at least 1). */
  keep: number;
  /** Prune at least this many versions if any can go, past the window if need be (the version cap). */
  atLeast?: number;
  /** Versions at or after this time stay (the oldest checkpoint's), whatever the rest says. */
  protectFromMs?: number;
  /** Time of the metadata commit. */
  nowMs: number;
}

export interface PruneResult {
  prunedVersions: number;
  /** The oldest version that still has its commit, or null when nothing has. */
  boundaryVersionId: string | null;
}

export async function pruneHistory(store: Store, o: PruneOptions): Promise<PruneResult> {
  const { catalog } = store;
  const keep = Math.max(1, Math.floor(o.keep));
  const baseVid = catalog.head("base");
  const baseTime = baseVid ? (catalog.version(baseVid)?.created_at ?? 0) : Number.NEGATIVE_INFINITY;
  const from = Number.isFinite(baseTime) ? baseTime : 0;
  // The boundary: the first version inside the window, or the head if every version is older.
  let boundary = catalog.versionsFrom(Math.max(o.cutoffMs, from))[0] ?? catalog.versions({}, null, 1)[0];
  if (o.atLeast) {
    // At most `keep` versions per memory stay below it, so this many versions past the base
    // free at least `atLeast`.
    const further = catalog.versionAt(from, o.atLeast + keep * store.tree.memoryCount) ?? catalog.versions({}, null, 1)[0];
    if (further && (!boundary || further.created_at > boundary.created_at)) boundary = further;
  }
  if (boundary && o.protectFromMs !== undefined && boundary.created_at > o.protectFromMs) boundary = catalog.versionsFrom(Math.max(from, o.protectFromMs))[0];
  if (!boundary || boundary.created_at <= baseTime) return { prunedVersions: 0, boundaryVersionId: baseVid };

  const kept = new Set(catalog.recentOfLiveBelow(boundary.created_at, keep));
  // Each memory's state at the boundary, so that snapshot can be rebuilt (a rewrite from the
  // boundary on replays onto it); the boundary's own memory is in the boundary's version.
  for (const row of catalog.latestBefore(boundary.created_at)) if (row.op !== "deleted" && row.memory_id !== boundary.memory_id) kept.add(row.vid);
  // Every kept version lies below the boundary: the rest below it goes.
  const doomed = catalog.countBelow(boundary.created_at) - kept.size;
  if (doomed === 0) return { prunedVersions: 0, boundaryVersionId: baseVid };

  const boundaryCommit = catalog.commitOf(boundary.vid)!;
  const now = store.headsNow;
  catalog.applyDeferred(() => {
    catalog.deleteBelowExcept(boundary.created_at, kept);
    catalog.setHead("base", boundary.vid);
  });
  let plan;
  try {
    const retained = retainedEntries(catalog, boundary.created_at);
    // A root commit: older metadata commits would keep pruned versions' blobs reachable.
    const meta = buildMetaCommit(store.info, now.redactions, retained.objects, null, null, o.nowMs, `prune ${doomed} versions`, "pruned", retained.entries);
    plan = {
      objects: meta.objects.map(hashed),
      meta: meta.oid,
      redactions: now.redactions,
      retained: retained.entries,
      shallow: boundaryCommit,
      index: () => undefined,
    };
  } catch (err) {
    catalog.rollback();
    throw err;
  }
  await store.replaceHistory(plan);
  store.forgetVersions(doomed);
  return { prunedVersions: doomed, boundaryVersionId: boundary.vid };
}
