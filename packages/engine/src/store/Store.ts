// One open store: the serialized write pipeline (stage in memory → one durable journal append
// per batch → index → acknowledge), checkpoints into native git, and compaction
// (docs/decisions/0001-write-path.md, 0003-compaction.md).
import { createHash } from "node:crypto";
import { Catalog } from "../catalog/catalog.ts";
import { ClosedError, CorruptError, isMemgitError } from "../errors/index.ts";
import { storageError } from "../errors/InsufficientStorageError.ts";
import { writeCheckpoint } from "../journal/checkpoint.ts";
import { JournalSyncError, type Journal } from "../journal/journal.ts";
import type { JournalRecord } from "../journal/record.ts";
import { commitObject } from "../model/commitObject.ts";
import { formatVersionMessage, type VersionRecord } from "../model/commitTrailers.ts";
import { hashed, hashObject, type GitObject, type HashedObject } from "../model/gitObject.ts";
import { versionIdFromCommit } from "../model/ids.ts";
import type { WorkingTree } from "../model/workingTree.ts";
import type { Backend } from "../storage/backend.ts";
import { MAIN_REF, META_REF } from "../storage/layout.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import type { Limits, StoreInfo } from "../types.ts";
import { compact } from "./compaction.ts";
import { buildMetaCommit, encodeRedaction, type Redaction } from "./storeMeta.ts";

export interface StoreOptions {
  limits: Limits;
  clock: () => number;
  /** A checkpoint follows this long after the last write (native git catches up). */
  checkpointQuietMs: number;
  /** A checkpoint also runs once the journal holds this many bytes. */
  checkpointBytes: number;
}

/** What a staged write leaves behind: the record to make durable, then the index update. */
export interface Staged<T> {
  record?: JournalRecord;
  apply?: (catalog: Catalog) => void;
  result: T;
}

interface Job {
  stage: () => Staged<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
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
  /** Set when durability failed: in-memory state may be ahead of disk; reopen to recover. */
  broken: Error | null = null;

  private readonly backend: Backend;
  private readonly journal: Journal;
  private readonly pending: Map<string, GitObject>;
  /** Objects of the active journal file: the next checkpoint's pack. */
  private journalObjects: HashedObject[] = [];
  /** Which checkpoint generation last wrote each pending object (it stays pending until that one lands). */
  private readonly pendingGeneration = new Map<string, number>();
  private generation = 0;
  private checkpointing: Promise<void> | null = null;
  private readonly heads: { main: string | null; meta: string };
  private stagedInfo: StoreInfo;
  private readonly redactions: Map<string, string>;
  private versionCount: number;
  private lastTimeMs: number;
  private queue: Job[] = [];
  private running = false;
  private scheduled = false;
  private quietTimer: NodeJS.Timeout | null = null;
  private flushWaiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private maintenance: Promise<void> = Promise.resolve();
  private compactionQueued = false;
  private closing = false;
  /** Why new writes are refused once closing (a deleted store answers NotFound). */
  private refusal: Error | null = null;
  /** A sealed journal file whose checkpoint failed (a full disk): retried before the next one. */
  private carried: { objects: HashedObject[]; refs: Map<string, string>; generation: number } | null = null;
  private readonly stopMaintenance = new AbortController();
  private compactionQuiet = false;
  /** A full repack in progress: checkpoints wait for it. */
  private fullRepack: Promise<void> | null = null;
  /** The last compaction failure, for operators; writes are unaffected by it. */
  maintenanceError: Error | null = null;
  private closed = false;

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
    this.pending = parts.pending;
    this.tree = parts.tree;
    this.heads = parts.heads;
    this.info = parts.info;
    this.stagedInfo = parts.info;
    this.redactions = parts.redactions;
    this.versionCount = parts.versionCount;
    this.lastTimeMs = parts.lastTimeMs;
    this.repairs = parts.repairs;
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
    if (this.closing) return Promise.reject(this.refusal ?? new ClosedError(`store ${this.id}`));
    if (this.broken) return Promise.reject(new CorruptError(this.id, `store needs reopening: ${this.broken.message}`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ stage, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Builds the commit for a memory change on top of the staged tree; the tree must already hold the change. */
  commitMemory(v: VersionRecord, extra: GitObject[]): { versionId: string; record: JournalRecord } {
    const trees: HashedObject[] = [];
    const tree = this.tree.writeTrees(trees);
    const commit = hashed(commitObject(tree, this.heads.main, v.actor, v.createdAtMs, formatVersionMessage(v)));
    const oid = commit.oid;
    this.remember(trees);
    const record = this.record([...extra.map(hashed), commit], MAIN_REF, this.heads.main, oid);
    record.tree = this.tree.takeChanges();
    this.heads.main = oid;
    this.versionCount++;
    return { versionId: versionIdFromCommit(oid), record };
  }

  /** Stages a metadata commit: new store.json and, optionally, one more redaction. */
  commitMeta(info: StoreInfo, subject: string, operation: string, redaction?: Redaction): JournalRecord {
    const extra: GitObject[] = [];
    if (redaction) {
      const content = encodeRedaction(redaction);
      extra.push({ type: "blob", content });
      this.redactions.set(`${redaction.versionId}.json`, hashObject("blob", content));
    }
    const time = redaction?.redactedAtMs ?? info.updatedAt.getTime();
    const { objects, oid } = buildMetaCommit(info, this.redactions, extra, this.heads.meta, redaction?.redactedBy ?? null, time, subject, operation);
    const record = this.record(objects.map(hashed), META_REF, this.heads.meta, oid);
    this.heads.meta = oid;
    this.stagedInfo = info;
    return record;
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
    if (this.broken || this.closed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      void this.run();
    }).then(() => this.maintenance);
  }

  /** From now on `write` rejects with `refusal` (writes already queued still run). */
  refuseWrites(refusal?: Error): void {
    this.closing = true;
    this.refusal ??= refusal ?? null;
  }

  /** Runs `git repack -a -d` (or the JS merge) in the maintenance chain, after a checkpoint. */
  async compact(): Promise<void> {
    await this.flush();
    await this.enqueueMaintenance(async () => {
      // `repack -a -d` keeps only reachable objects, and a checkpoint's pack is listed before
      // its refs move: no checkpoint may run meanwhile (writes go on into the journal).
      let done!: () => void;
      this.fullRepack = new Promise<void>((resolve) => (done = resolve));
      try {
        await this.checkpointing?.catch(() => undefined);
        return await compact(this.backend, this.gitDir, { full: true, signal: this.stopMaintenance.signal });
      } finally {
        this.fullRepack = null;
        done();
      }
    });
  }

  /**
   * Refuses new writes, lets queued ones finish, checkpoints and closes. A running compaction
   * is stopped and none is started: compaction only saves space, and on a large store it takes
   * seconds that a shutdown should not. The files are closed whatever fails before.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.refuseWrites();
    // A roll-up of a large store can take many seconds; stop it (it only saves space).
    this.stopMaintenance.abort();
    try {
      // A checkpoint that fails here leaves its writes in the journal; the next open replays them.
      if (!this.broken) await this.flush().catch(() => undefined);
    } finally {
      this.closed = true;
      if (this.quietTimer) clearTimeout(this.quietTimer);
      await this.checkpointing?.catch(() => undefined);
      await this.maintenance.catch(() => undefined);
      this.journal.close();
      // Uncommitted index rows may be half a batch or ahead of git: drop them, reopening redoes them from the journal.
      if (this.broken || this.carried) this.catalog.rollback();
      this.catalog.close();
      this.reader.close();
    }
  }

  private record(objects: HashedObject[], ref: string, old: string | null, oid: string): JournalRecord {
    this.remember(objects);
    return { objects, refs: [{ ref, old, new: oid }] };
  }

  /** Objects the next checkpoint packs, readable meanwhile from memory. */
  private remember(objects: HashedObject[]): void {
    for (const o of objects) {
      this.pending.set(o.oid, o);
      this.pendingGeneration.set(o.oid, this.generation);
    }
    this.journalObjects.push(...objects);
  }

  /**
   * Starts the pipeline after the current I/O phase rather than at once: every request that
   * arrived in the same event-loop turn (the fdatasync before blocked the loop, so they pile up
   * in socket buffers) joins one batch and shares one fdatasync.
   */
  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.broken) {
        await this.runBatch(this.queue.splice(0));
        // A failure is kept in maintenanceError and retried by the quiet timer.
        if (this.journal.size >= this.options.checkpointBytes && !this.checkpointing) this.checkpoint(false).catch(() => undefined);
      }
      if (this.flushWaiters.length > 0 && !this.broken) {
        const waiters = this.flushWaiters.splice(0);
        this.checkpointAll().then(
          () => waiters.forEach((w) => w.resolve()),
          (err: Error) => waiters.forEach((w) => w.reject(storageError(this.id, err) as Error)),
        );
      } else if (this.journal.size > 0 || this.carried) {
        this.armQuietTimer();
      }
    } finally {
      this.running = false;
    }
    if (this.queue.length > 0 || this.flushWaiters.length > 0) void this.run();
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const undo = this.markUndo();
    const staged: Array<[Job, Staged<unknown>]> = [];
    for (const job of batch) {
      try {
        staged.push([job, job.stage()]);
      } catch (err) {
        job.reject(err);
        // A deliberate refusal changed nothing; anything else may have left staged state half-done.
        if (!isMemgitError(err)) this.poison(err as Error, staged);
      }
    }
    const records = staged.flatMap(([, s]) => (s.record ? [s.record] : []));
    if (records.length > 0) {
      try {
        if (this.closed) throw new ClosedError(`store ${this.id}`);
        this.journal.append(records);
      } catch (err) {
        if (err instanceof JournalSyncError) {
          this.tree.endUndo();
          this.poison(err.cause, staged);
        } else {
          // Nothing reached the log: forget the batch, refuse its writes, keep serving.
          undo();
          const refusal = storageError(this.id, err);
          for (const [job] of staged) job.reject(refusal);
        }
        return;
      }
    }
    this.tree.endUndo();
    try {
      this.catalog.applyDeferred(() => {
        for (const [, s] of staged) s.apply?.(this.catalog);
        if (records.length > 0 && this.heads.main) this.catalog.setHead("main", this.heads.main);
      });
    } catch (err) {
      this.poison(err as Error, staged);
      return;
    }
    for (const [job, s] of staged) job.resolve(s.result);
  }

  /** Records what a batch may change in memory; the returned function puts it all back. */
  private markUndo(): () => void {
    const heads = { ...this.heads };
    const { versionCount, stagedInfo } = this;
    const objects = this.journalObjects.length;
    const redactions = this.redactions.size;
    this.tree.beginUndo();
    return () => {
      this.tree.undo();
      Object.assign(this.heads, heads);
      this.versionCount = versionCount;
      this.stagedInfo = stagedInfo;
      // Their pending copies go when this generation's checkpoint lands.
      this.journalObjects.length = objects;
      // Redactions are only ever added, and a Map keeps insertion order.
      for (const key of [...this.redactions.keys()].slice(redactions)) this.redactions.delete(key);
    };
  }

  private poison(err: Error, staged: Array<[Job, Staged<unknown>]>): void {
    this.broken = err;
    const failure = new CorruptError(this.id, `write not durable: ${err.message}`);
    for (const [job] of staged.splice(0)) job.reject(failure);
    for (const job of this.queue.splice(0)) job.reject(failure);
    for (const w of this.flushWaiters.splice(0)) w.resolve();
  }

  private armQuietTimer(): void {
    // refresh() restarts the countdown without a new timer per batch.
    if (this.quietTimer) {
      this.quietTimer.refresh();
      return;
    }
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      if (this.closed || this.broken) return;
      // A failed checkpoint (full disk) is retried after the next quiet period.
      this.checkpointAll().catch(() => this.armQuietTimer());
    }, this.options.checkpointQuietMs);
    this.quietTimer.unref();
  }

  /** Checkpoints until the journal is empty: native git then has every acknowledged write. */
  private async checkpointAll(): Promise<void> {
    while (!this.broken) {
      if (this.checkpointing) await this.checkpointing;
      else if (this.journal.size > 0 || this.carried) await this.checkpoint(true);
      else return this.journal.shrinkIfEmpty();
    }
  }

  /**
   * Moves the active journal's records into a pack and the refs, without stopping writes: the
   * journal file is sealed and writes continue in the other one while the pack is written and
   * fsynced on the thread pool. `quiet`: the burst is over, give the journal's space back.
   */
  private checkpoint(quiet: boolean): Promise<void> {
    if (this.checkpointing) return this.checkpointing;
    if (!this.carried) {
      try {
        this.journal.seal();
      } catch (err) {
        // Nothing changed (the other file keeps its old header): writes go on, retried later.
        this.maintenanceError = err as Error;
        return Promise.reject(err as Error);
      }
      const refs = new Map<string, string>([[META_REF, this.heads.meta]]);
      if (this.heads.main) refs.set(MAIN_REF, this.heads.main);
      this.carried = { objects: this.journalObjects, refs, generation: this.generation++ };
      this.journalObjects = [];
    }
    const { objects, refs, generation } = this.carried;
    this.checkpointing = (async () => {
      await this.fullRepack;
      try {
        await writeCheckpoint(this.backend, this.gitDir, objects, refs);
      } catch (err) {
        // The sealed journal file still holds every record: nothing is lost, retry later.
        this.maintenanceError = err as Error;
        throw err;
      }
      this.carried = null;
      try {
        // Index rows are only ever applied after their journal record is durable, so they may be
        // committed now even for writes after the seal; their records are in the active file.
        this.catalog.commit(quiet);
        this.journal.release(quiet);
      } catch (err) {
        this.poison(err as Error, []);
        throw err;
      }
      this.reader.refresh();
      for (const [oid, g] of this.pendingGeneration) {
        if (g > generation) continue;
        this.pendingGeneration.delete(oid);
        this.pending.delete(oid);
      }
      this.scheduleCompaction(quiet);
    })().finally(() => {
      this.checkpointing = null;
    });
    return this.checkpointing;
  }

  /** Compactions run one at a time, in another process when native git does them; one queued is enough. */
  private scheduleCompaction(quiet: boolean): void {
    if (this.closing) return;
    this.compactionQuiet ||= quiet;
    if (this.compactionQueued) return;
    this.compactionQueued = true;
    void this.enqueueMaintenance(() => {
      const opts = { quiet: this.compactionQuiet };
      this.compactionQueued = false;
      this.compactionQuiet = false;
      return compact(this.backend, this.gitDir, { ...opts, signal: this.stopMaintenance.signal });
    }).catch(() => undefined);
  }

  /**
   * Every change to the packs goes through this one chain, so two never race (a roll-up could
   * otherwise delete a pack a checkpoint just listed). Failures are kept for operators: packs
   * are left valid, if more numerous.
   */
  private enqueueMaintenance(task: () => Promise<boolean>): Promise<void> {
    const run = this.maintenance.then(async () => {
      if (this.closing) return;
      if (await task()) this.reader.refresh();
    });
    this.maintenance = run.catch((err: Error) => {
      if (!this.closing) this.maintenanceError = err;
    });
    return run;
  }
}

export const sha256Hex = (content: Buffer | string) => createHash("sha256").update(content).digest("hex");
