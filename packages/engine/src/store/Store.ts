// One open store: its staged state (working tree, heads, metadata records) and what builds on
// it: commits for writes, history replacement for redaction and retention. Writes run through
// the WritePipeline; checkpoints and compaction are the Checkpointer's
// (docs/decisions/0001-write-path.md, 0009-store-lifecycle.md).
import { createHash } from "node:crypto";
import { Catalog } from "../catalog/catalog.ts";
import { CorruptError } from "../errors/index.ts";
import type { Journal } from "../journal/journal.ts";
import type { JournalRecord } from "../journal/record.ts";
import { commitObject } from "../model/commitObject.ts";
import { formatVersionMessage, type VersionRecord } from "../model/commitTrailers.ts";
import { hashed, hashObject, type GitObject, type HashedObject } from "../model/gitObject.ts";
import { versionIdFromCommit } from "../model/ids.ts";
import type { WorkingTree } from "../model/workingTree.ts";
import type { Backend } from "../storage/backend.ts";
import { MAIN_REF, META_REF, TAGS_PREFIX, ZERO_OID } from "../storage/layout.ts";
import { listRefs } from "../storage/refs.ts";
import { checkpointFloor } from "../history/checkpoints.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import type { Limits, StoreChange, StoreInfo } from "../types.ts";
import { finishPurge, markPurge, purgePending, purgeUnreachable, readShallow, writeShallow } from "../history/purge.ts";
import { writeCheckpoint } from "../journal/checkpoint.ts";
import { pruneHistory } from "../history/pruneHistory.ts";
import { Checkpointer } from "./Checkpointer.ts";
import { WritePipeline, type Staged } from "./WritePipeline.ts";

export type { Staged } from "./WritePipeline.ts";
import { buildMetaCommit, encodeRedaction, type Redaction } from "./storeMeta.ts";
import { KEEPALIVE_OPERATION, KEEPALIVE_SUBJECT, META_KEEPALIVE_VERSIONS } from "./metaKeepalive.ts";

/** Rewritten or pruned history for `Store.replaceHistory`. */
export interface RewrittenRefs {
  /** New objects: commits, trees, the metadata commit and its blobs. */
  objects: HashedObject[];
  /** The memory branch's new head; absent: unchanged. */
  main?: string;
  meta: string;
  /** Checkpoint tags moved onto rewritten commits (ref → tag object). */
  tags?: ReadonlyMap<string, string>;
  /** The metadata branch's `redactions/` and `retained/` after the change (name → blob). */
  redactions: ReadonlyMap<string, string>;
  retained: ReadonlyMap<string, string>;
  /** The shallow boundary after the change: a commit, null for none, absent: unchanged. */
  shallow?: string | null;
  /** Index rows matching the new history (inside the index's open transaction). */
  index: (catalog: Catalog) => void;
}

function replaceEntries(into: Map<string, string>, from: ReadonlyMap<string, string>): void {
  if (into === from) return;
  into.clear();
  for (const [k, v] of from) into.set(k, v);
}

export interface StoreOptions {
  limits: Limits;
  /** Versions older than `days` go, but for the `keep` most recent of each live memory (docs/format.md §Retention). */
  retention: { days: number; keep: number };
  clock: () => number;
  /** A checkpoint follows this long after the last write (native git catches up). */
  checkpointQuietMs: number;
  /** A checkpoint also runs once the journal holds this many bytes. */
  checkpointBytes: number;
  /** Told after each acknowledged batch that wrote, and after history was replaced; must not throw. */
  changed?: (storeId: string, change: StoreChange) => void;
}

export interface StoreParts {
  id: string;
  gitDir: string;
  backend: Backend;
  journal: Journal;
  catalog: Catalog;
  reader: ObjectReader;
  pending: Map<string, GitObject>;
  tree: WorkingTree;
  heads: { main: string | null; meta: string };
  info: StoreInfo;
  redactions: Map<string, string>;
  retained: Map<string, string>;
  versionCount: number;
  lastTimeMs: number;
  repairs: string[];
}

export class Store {
  readonly id: string;
  readonly gitDir: string;
  readonly catalog: Catalog;
  readonly reader: ObjectReader;
  /** Head snapshot including staged, not yet durable writes: what validation must see. */
  readonly tree: WorkingTree;
  /** Store metadata as acknowledged. */
  info: StoreInfo;
  /** What the last open repaired (torn journal tail, rebuilt index…), for operators. */
  readonly repairs: string[];

  private readonly backend: Backend;
  private readonly journal: Journal;
  private readonly checkpoints: Checkpointer;
  private readonly heads: { main: string | null; meta: string };
  private stagedInfo: StoreInfo;
  private readonly redactions: Map<string, string>;
  private readonly retained: Map<string, string>;
  private versionCount: number;
  private lastTimeMs: number;
  private readonly pipeline: WritePipeline;
  /** Snapshot tree of each version staged in the current batch, for the index. */
  private readonly stagedTrees: Array<[string, string]> = [];
  /** A prune queued because the version cap was reached. */
  private capPrune: Promise<unknown> | null = null;
  /** Versions staged since the metadata branch last moved (metaKeepalive.ts). */
  private versionsSinceMeta = 0;
  private keepalive: Promise<unknown> | null = null;

  constructor(
    parts: StoreParts,
    readonly options: StoreOptions,
  ) {
    this.id = parts.id;
    this.gitDir = parts.gitDir;
    this.backend = parts.backend;
    this.journal = parts.journal;
    this.catalog = parts.catalog;
    this.reader = parts.reader;
    this.tree = parts.tree;
    this.heads = parts.heads;
    this.info = parts.info;
    this.stagedInfo = parts.info;
    this.redactions = parts.redactions;
    this.retained = parts.retained;
    this.versionCount = parts.versionCount;
    this.lastTimeMs = parts.lastTimeMs;
    this.repairs = parts.repairs;
    this.checkpoints = new Checkpointer({
      ...parts,
      quietMs: options.checkpointQuietMs,
      refs: () => {
        const refs = new Map<string, string>([[META_REF, this.heads.meta]]);
        if (this.heads.main) refs.set(MAIN_REF, this.heads.main);
        return this.takeRefMoves(refs);
      },
      fatal: (err: Error) => this.pipeline.poison(err),
      isBroken: () => this.broken !== null,
    });
    this.pipeline = new WritePipeline({
      id: this.id,
      journal: this.journal,
      catalog: this.catalog,
      checkpoints: this.checkpoints,
      checkpointBytes: options.checkpointBytes,
      markUndo: () => this.markUndo(),
      afterApply: (catalog, wroteRecords) => {
        // Each version's snapshot, so that rewriting history can reuse it (history/rewriteHistory.ts).
        for (const [vid, tree] of this.stagedTrees.splice(0)) catalog.setTree(vid, tree);
        if (wroteRecords && this.heads.main) catalog.setHead("main", this.heads.main);
        if (wroteRecords) options.changed?.(this.id, "write");
      },
    });
  }

  /** Set when durability failed: in-memory state may be ahead of disk; reopen to recover. */
  get broken(): Error | null {
    return this.pipeline.broken;
  }

  /** The last maintenance failure (checkpoint or compaction), for operators. */
  get maintenanceError(): Error | null {
    return this.checkpoints.lastError;
  }

  get limits(): Limits {
    return this.options.limits;
  }

  /** Store metadata including staged changes (for validation inside a stage). */
  get currentInfo(): StoreInfo {
    return this.stagedInfo;
  }

  get versions(): number {
    return this.versionCount;
  }

  /**
   * Time for the next version: strictly after the previous one, so listing by created_at
   * (the wire's order) is exactly commit order, with no ties for the id tie-break to scramble.
   */
  nextTime(): number {
    this.lastTimeMs = Math.max(this.options.clock(), this.lastTimeMs + 1);
    return this.lastTimeMs;
  }

  /**
   * Runs `stage` in this store's serialized pipeline. `stage` must validate before it changes
   * anything: a throw from it rejects only its own call.
   */
  write<T>(stage: () => Staged<T>): Promise<T> {
    this.pruneNearCap();
    return this.pipeline.write(stage);
  }

  /** Queues a keepalive commit on the metadata branch, behind the writes already queued (metaKeepalive.ts). */
  private keepMetaRecent(): void {
    if (this.keepalive) return;
    this.keepalive = this.pipeline
      .write(() => {
        if (this.versionsSinceMeta < META_KEEPALIVE_VERSIONS) return { result: undefined };
        const info = this.stagedInfo;
        const record = this.commitMeta(info, KEEPALIVE_SUBJECT, KEEPALIVE_OPERATION, undefined, Math.max(this.options.clock(), this.lastTimeMs));
        return { record, apply: () => this.acknowledgeInfo(info), result: undefined };
      })
      .catch(() => undefined)
      .finally(() => {
        this.keepalive = null;
      });
  }

  /**
   * At the version cap writes go on: the oldest versions the retention rules let go are pruned
   * first, early (1% of the cap at a time), in the pipeline ahead of the write that reached it.
   * Only when nothing can be pruned does the write fail with the cap (refuseOverCaps).
   */
  private pruneNearCap(): void {
    const { maxVersions } = this.limits;
    if (this.capPrune || this.versionCount + this.pipeline.queued < maxVersions) return;
    const atLeast = Math.max(1, Math.ceil(maxVersions / 100));
    const { keep } = this.options.retention;
    const now = this.options.clock();
    this.capPrune = this.exclusive(() => pruneHistory(this, { cutoffMs: now, keep, atLeast, nowMs: now, ...this.checkpointFloor() }))
      .catch(() => undefined)
      .finally(() => {
        this.capPrune = null;
      });
  }

  /** Retention never prunes what a checkpoint needs: the oldest checkpoint's version and after. */
  checkpointFloor(): { protectFromMs?: number } {
    return checkpointFloor(this.catalog);
  }

  /** Runs `fn` alone in the write pipeline: earlier writes first, later ones wait (WritePipeline). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.pipeline.exclusive(fn);
  }

  /** Builds the commit for a memory change on top of the staged tree; the tree must already hold the change. */
  commitMemory(v: VersionRecord, extra: GitObject[]): { versionId: string; record: JournalRecord } {
    const trees: HashedObject[] = [];
    const tree = this.tree.writeTrees(trees);
    const commit = hashed(commitObject(tree, this.heads.main, v.actor, v.createdAtMs, formatVersionMessage(v)));
    const oid = commit.oid;
    this.checkpoints.remember(trees);
    const record = this.record([...extra.map(hashed), commit], MAIN_REF, this.heads.main, oid);
    record.tree = this.tree.takeChanges();
    this.heads.main = oid;
    this.versionCount++;
    if (++this.versionsSinceMeta >= META_KEEPALIVE_VERSIONS) this.keepMetaRecent();
    const versionId = versionIdFromCommit(oid);
    this.stagedTrees.push([versionId, tree]);
    return { versionId, record };
  }

  /** Stages a metadata commit: new store.json and, optionally, one more redaction. */
  commitMeta(info: StoreInfo, subject: string, operation: string, redaction?: Redaction, timeMs?: number): JournalRecord {
    const extra: GitObject[] = [];
    if (redaction) {
      const content = encodeRedaction(redaction);
      extra.push({ type: "blob", content });
      this.redactions.set(`${redaction.versionId}.json`, hashObject("blob", content));
    }
    const time = timeMs ?? redaction?.redactedAtMs ?? info.updatedAt.getTime();
    const { objects, oid } = buildMetaCommit(info, this.redactions, extra, this.heads.meta, redaction?.redactedBy ?? null, time, subject, operation, this.retained);
    const record = this.record(objects.map(hashed), META_REF, this.heads.meta, oid);
    this.heads.meta = oid;
    this.stagedInfo = info;
    this.versionsSinceMeta = 0;
    return record;
  }

  /** Where the branches point and the metadata branch's records, as acknowledged (exact inside `exclusive`). */
  get headsNow(): { main: string | null; meta: string; redactions: ReadonlyMap<string, string>; retained: ReadonlyMap<string, string> } {
    return { ...this.heads, redactions: this.redactions, retained: this.retained };
  }

  /**
   * Points the store at rewritten or pruned history; only inside `exclusive`. Writes the new
   * objects, moves the branches, applies the matching index rows, sets the shallow boundary,
   * then removes every object nothing reaches any more, the journal's old frames and the
   * index's free pages (docs/format.md §Redaction, §Retention). Fails before the refs move:
   * nothing changed. After: the store reopens (the index is rebuilt from git).
   */
  async replaceHistory(next: RewrittenRefs): Promise<void> {
    const { backend, gitDir } = this;
    const main = next.main ?? this.heads.main;
    try {
      await markPurge(backend, gitDir);
      const refs = new Map<string, string>(main ? [[MAIN_REF, main]] : []).set(META_REF, next.meta);
      for (const [ref, oid] of next.tags ?? []) refs.set(ref, oid);
      await writeCheckpoint(backend, gitDir, next.objects, refs);
      this.heads.main = main;
      this.heads.meta = next.meta;
      this.versionsSinceMeta = 0;
      replaceEntries(this.redactions, next.redactions);
      replaceEntries(this.retained, next.retained);
      this.catalog.applyDeferred(() => {
        next.index(this.catalog);
        if (main) this.catalog.setHead("main", main);
        this.catalog.setHead("meta", next.meta);
      });
      this.catalog.commit(true);
      // Last: once git knows the boundary, what lies below it is unreachable.
      if (next.shallow !== undefined) await writeShallow(backend, gitDir, next.shallow);
    } catch (err) {
      // The refs may have moved: only a reopen (which rebuilds the index from git) knows.
      this.pipeline.poison(err as Error);
      throw err;
    }
    await this.purge();
    this.options.changed?.(this.id, "rewrite");
  }

  /** Versions pruned (after `replaceHistory`): they no longer count against the cap. */
  forgetVersions(n: number): void {
    this.versionCount -= n;
  }

  /** A rewrite's purge was cut short (a crash, a full disk): old objects may still be on disk. */
  get purgeOwed(): boolean {
    return purgePending(this.backend, this.gitDir);
  }

  /** Removes what history no longer reaches (after `replaceHistory`, or a crash during one). */
  async purge(): Promise<void> {
    this.reader.refresh();
    await purgeUnreachable(this.backend, this.gitDir, this.reader, [this.heads.meta, ...(this.heads.main ? [this.heads.main] : []), ...listRefs(this.backend, this.gitDir, TAGS_PREFIX).values()], readShallow(this.backend, this.gitDir));
    this.journal.reset();
    this.catalog.scrub();
    await finishPurge(this.backend, this.gitDir);
  }

  /** Applies acknowledged metadata (called from a stage's `apply`). */
  acknowledgeInfo(info: StoreInfo): void {
    this.info = info;
    this.catalog.setHead("meta", this.heads.meta);
  }

  /** A blob as UTF-8 text: memory content. */
  async readText(blobOid: string): Promise<string> {
    try {
      return this.reader.read(blobOid).content.toString("utf8");
    } catch (err) {
      // The index names this blob, so git must have it: a missing or damaged object is corruption.
      throw new CorruptError(this.id, `object ${blobOid} is unreadable: ${(err as Error).message}`);
    }
  }

  /**
   * Waits until native git sees every acknowledged write (and the compaction that follows);
   * rejects when a checkpoint fails (the writes stay durable in the journal).
   */
  flush(): Promise<void> {
    return this.pipeline.flush();
  }

  /** From now on `write` rejects with `refusal` (writes already queued still run). */
  refuseWrites(refusal?: Error): void {
    this.pipeline.refuseWrites(refusal);
  }

  /**
   * Runs `fn` on the repository as the API sees it: every acknowledged write is in git first,
   * and no history rewrite or pack replacement starts until `fn` settles.
   */
  async withRepository<T>(fn: (gitDir: string) => Promise<T>): Promise<T> {
    // Not flush(): the compaction a checkpoint queues only merges packs (every object stays
    // readable throughout, as git expects of a repack beside readers), and waiting for it
    // would add its hundreds of milliseconds to every fetch (docs/decisions/0050).
    await this.pipeline.checkpointed();
    return this.checkpoints.shared(() => fn(this.gitDir));
  }

  /** Rolls every pack into one (`git repack -a -d`, or the JS merge), after a checkpoint. */
  async compact(): Promise<void> {
    await this.flush();
    await this.checkpoints.compact();
  }

  /**
   * Refuses new writes, lets queued ones finish, checkpoints and closes. A running compaction
   * is stopped and none is started: compaction only saves space, and on a large store it takes
   * seconds that a shutdown should not. The files are closed whatever fails before.
   */
  async close(): Promise<void> {
    if (this.pipeline.closed) return;
    this.refuseWrites();
    try {
      // A checkpoint that fails here leaves its writes in the journal; the next open replays them.
      // A roll-up of a large store can take many seconds; stop it (it only saves space).
      const stopping = this.checkpoints.stop();
      if (!this.broken) await this.flush().catch(() => undefined);
      await stopping;
    } finally {
      this.pipeline.closed = true;
      await this.checkpoints.stop();
      this.journal.close();
      // Uncommitted index rows may be half a batch or ahead of git: drop them, reopening redoes them from the journal.
      if (this.broken || this.checkpoints.owesCheckpoint) this.catalog.rollback();
      this.catalog.close();
      this.reader.close();
    }
  }

  private record(objects: HashedObject[], ref: string, old: string | null, oid: string): JournalRecord {
    this.checkpoints.remember(objects);
    return { objects, refs: [{ ref, old, new: oid }] };
  }

  /** Records what a batch may change in memory (see WritePipeline). */
  private markUndo(): { undo: () => void; keep: () => void } {
    const heads = { ...this.heads };
    const { versionCount, stagedInfo, versionsSinceMeta } = this;
    const objects = this.checkpoints.mark();
    const trees = this.stagedTrees.length;
    const redactions = this.redactions.size;
    const refMoves = new Map(this.refMoves);
    this.tree.beginUndo();
    const undo = () => {
      this.refMoves.clear();
      for (const [ref, oid] of refMoves) this.refMoves.set(ref, oid);
      this.tree.undo();
      Object.assign(this.heads, heads);
      this.versionCount = versionCount;
      this.versionsSinceMeta = versionsSinceMeta;
      this.stagedInfo = stagedInfo;
      this.checkpoints.forgetSince(objects);
      this.stagedTrees.length = trees;
      // Redactions are only ever added, and a Map keeps insertion order.
      for (const key of [...this.redactions.keys()].slice(redactions)) this.redactions.delete(key);
    };
    return { undo, keep: () => this.tree.endUndo() };
  }

  // ---- refs beside main and meta (checkpoint tags, docs/decisions/0041): journaled like the
  // heads, written to disk by the checkpoint after the one that seals their journal file.

  /** Refs moved since the last seal (ZERO_OID: deleted); the next checkpoint writes them. */
  private readonly refMoves = new Map<string, string>();

  /** The `main` commit including staged, not yet applied writes (null: unborn). */
  get stagedMain(): string | null {
    return this.heads.main;
  }

  /** Stages moving `ref` from `old` to `next` (null deletes it), with the objects it needs. */
  commitRef(ref: string, old: string | null, next: string | null, objects: GitObject[]): JournalRecord {
    const oid = next ?? ZERO_OID;
    const record = this.record(objects.map(hashed), ref, old, oid);
    this.refMoves.set(ref, oid);
    return record;
  }

  /** A ref's staged value when it moved since the last seal (null: deleted); undefined otherwise. */
  stagedRef(ref: string): string | null | undefined {
    const oid = this.refMoves.get(ref);
    return oid === undefined ? undefined : oid === ZERO_OID ? null : oid;
  }

  /** Called once per checkpoint, as it seals the journal file that holds these moves. */
  private takeRefMoves(refs: Map<string, string>): Map<string, string> {
    for (const [ref, oid] of this.refMoves) refs.set(ref, oid);
    this.refMoves.clear();
    return refs;
  }
}

export const sha256Hex = (content: Buffer | string) => createHash("sha256").update(content).digest("hex");
