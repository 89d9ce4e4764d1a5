// Restoring a whole store (docs/decisions/0040): the store becomes its snapshot at a point as
// one atomic batch, one version per memory it changes (restorePlan.ts orders them). History
// is appended to, never reset. All checks run before anything is staged, and the versions
// travel as ONE journal record, so a crash keeps all of them or none.
import type { VersionAtRow, VersionRow } from "../catalog/catalog.ts";
import { InvalidInputError, LimitExceededError } from "../errors/index.ts";
import type { JournalRecord } from "../journal/record.ts";
import type { HashedObject } from "../model/gitObject.ts";
import type { MemoryLeaf } from "../model/workingTree.ts";
import { versionFromRow } from "../ops/shapes.ts";
import { validateActor } from "../ops/validateContent.ts";
import { refuseIfArchived, versionRow } from "../ops/writeMemory.ts";
import type { Catalog } from "../catalog/catalog.ts";
import type { Staged, Store } from "../store/Store.ts";
import type { Actor, RestoreStoreInput, StoreRestore } from "../types.ts";
import { parsePoint, resolvedPoint, resolvePoint, type PointRef } from "./pointInHistory.ts";
import { planRestore, type Current, type Step } from "./restorePlan.ts";
import { requireBlob } from "./requireBlob.ts";
import { memoryRowAt, settledAt, snapshotAt, UNSETTLED, untilSettled } from "./snapshot.ts";

export function restoreStore(store: Store, input: RestoreStoreInput): Promise<StoreRestore> {
  const ref = parsePoint(input.to);
  validateActor(input.actor);
  return untilSettled(() => store.write(() => stage(store, ref, input.actor)));
}

function stage(store: Store, ref: PointRef, actor: Actor): Staged<StoreRestore | typeof UNSETTLED> {
  const point = resolvePoint(store, ref);
  if (!settledAt(store, point.atMs)) return { result: UNSETTLED };
  const target = snapshotAt(store, point.atMs);
  const current = new Map<string, Current>();
  for (const [path, leaf] of store.tree.entries()) current.set(leaf.memoryId, { path, leaf });
  const steps = planRestore(current, target);
  const done = { storeId: store.id, point: resolvedPoint(point), versions: [] };
  if (steps.length === 0) return { result: done };
  refuseIfArchived(store);
  for (const step of steps) {
    const to = "to" in step ? step.to : null;
    if (to?.redacted_at != null)
      throw new InvalidInputError(ref.field, `memory ${to.memory_id} was at version ${to.vid} then, which is redacted; restoring would bring it back`);
  }
  refuseOverCaps(store, current, target, steps.length);
  for (const step of steps) if (step.to) requireBlob(store, step.to.blob_oid!);

  const rows: VersionRow[] = [];
  const records: JournalRecord[] = [];
  for (const step of steps) {
    const { row, record } = write(store, step, actor);
    rows.push(row);
    records.push(record);
  }
  return {
    record: oneRecord(records),
    apply: (catalog) => rows.forEach((row, i) => applyRow(catalog, row, steps[i]!)),
    result: { ...done, versions: rows.map((row) => versionFromRow(store.id, row, "basic", null)) },
  };
}

/** Caps of spec §9 on the store as restored (the versions between are never visible alone). */
function refuseOverCaps(store: Store, current: Map<string, Current>, target: Map<string, VersionAtRow>, versions: number): void {
  const { limits } = store;
  const bytes = (sizes: Iterable<number>) => [...sizes].reduce((a, b) => a + b, 0);
  const before = bytes([...current.values()].map((c) => c.leaf.sizeBytes));
  const after = bytes([...target.values()].map((row) => row.size!));
  if (target.size > current.size && target.size > limits.maxMemories) throw new LimitExceededError("maxMemories", limits.maxMemories);
  if (after > before && after > limits.maxStoreBytes) throw new LimitExceededError("maxStoreBytes", limits.maxStoreBytes);
  if (store.versions + versions > limits.maxVersions) throw new LimitExceededError("maxVersions", limits.maxVersions);
}

/** Stages one step as its commit; the trees are carried whole (see oneRecord). */
function write(store: Store, step: Step, actor: Actor): { row: VersionRow; record: JournalRecord } {
  const time = store.nextTime();
  const { memoryId, from } = step;
  let v: { operation: "created" | "modified" | "deleted"; path: string; content: { sha256: string; size: number; blobOid: string } | null };
  if ("hop" in step || (step.to && from)) {
    const path = "hop" in step ? step.hop : step.to!.path;
    const content = "hop" in step ? leafContent(from!.leaf) : rowContent(step.to!);
    store.tree.remove(from!.path);
    store.tree.set(path, { ...from!.leaf, blobOid: content.blobOid, sha256: content.sha256, sizeBytes: content.size, updatedAtMs: time });
    v = { operation: "modified", path, content };
  } else if (step.to) {
    const content = rowContent(step.to);
    store.tree.set(step.to.path, newLeaf(memoryId, content, time));
    v = { operation: "created", path: step.to.path, content };
  } else {
    store.tree.remove(from!.path);
    v = { operation: "deleted", path: from!.path, content: null };
  }
  const trees: HashedObject[] = [];
  store.tree.writeTrees(trees);
  const { versionId, record } = store.commitMemory(
    { memoryId, operation: v.operation, path: v.path, sha256: v.content?.sha256 ?? null, sizeBytes: v.content?.size ?? null, actor, createdAtMs: time },
    trees,
  );
  const leaf = v.content ? store.tree.get(v.path) : undefined;
  if (leaf) leaf.versionId = versionId;
  return { row: versionRow(versionId, memoryId, v.operation, v.path, v.content, actor, time), record };
}

/**
 * The batch as one journal record: every object (each commit's trees included, since replay
 * recomputes only the last one's), the path changes in order, and one move of `main` from the
 * first commit's parent to the last commit (docs/format.md §Journal).
 */
function oneRecord(records: JournalRecord[]): JournalRecord {
  const first = records[0]!.refs[0]!;
  const last = records[records.length - 1]!.refs[0]!;
  return {
    objects: records.flatMap((r) => r.objects),
    refs: [{ ref: first.ref, old: first.old, new: last.new }],
    tree: records.flatMap((r) => r.tree ?? []),
  };
}

function applyRow(catalog: Catalog, row: VersionRow, step: Step): void {
  catalog.insertVersion(row);
  if (row.op === "deleted") return catalog.deleteMemory(row.memory_id);
  catalog.upsertMemory(memoryRowAt({ ...row, born: step.from ? step.from.leaf.createdAtMs : row.created_at }));
}

const rowContent = (row: VersionAtRow) => ({ sha256: row.sha256!, size: row.size!, blobOid: row.blob_oid! });
const leafContent = (leaf: MemoryLeaf) => ({ sha256: leaf.sha256, size: leaf.sizeBytes, blobOid: leaf.blobOid });
const newLeaf = (memoryId: string, c: ReturnType<typeof rowContent>, time: number): MemoryLeaf => ({
  kind: "file",
  memoryId,
  blobOid: c.blobOid,
  sha256: c.sha256,
  sizeBytes: c.size,
  versionId: "",
  createdAtMs: time,
  updatedAtMs: time,
});
