// One open store: the serialized write pipeline (stage in memory → one durable journal append
// per batch → index → acknowledge), undone whole when the append fails; checkpoints and
// compaction are the Checkpointer's (docs/decisions/0001-write-path.md, 0009-store-lifecycle.md).
import { createHash } from "node:crypto";
import { Catalog } from "../catalog/catalog.ts";
import { ClosedError, CorruptError, isMemgitError } from "../errors/index.ts";
import { storageError } from "../errors/InsufficientStorageError.ts";
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
import { finishPurge, markPurge, purgePending, purgeUnreachable } from "../history/purge.ts";
import { writeCheckpoint } from "../journal/checkpoint.ts";
import { Checkpointer } from "./Checkpointer.ts";
import { buildMetaCommit, encodeRedaction, type Redaction } from "./storeMeta.ts";

/** Rewritten history for `Store.replaceHistory`. */
export interface RewrittenRefs {
  /** New objects: commits, trees, the metadata commit. */
  objects: HashedObject[];
  main: string;
  meta: string;
  /** Redaction records added on the metadata branch (name → blob). */
  redactions: ReadonlyMap<string, string>;
  /** Index rows matching the new history (inside the index's open transaction). */
  index: (catalog: Catalog) => void;
}

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
  /** Set instead of `stage` for work that must run alone (history rewriting). */
  alone?: () => Promise<unknown>;
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
  private readonly checkpoints: Checkpointer;
  private readonly heads: { main: string | null; meta: string };
  private stagedInfo: StoreInfo;
  private readonly redactions: Map<string, string>;
  private versionCount: number;
  private lastTimeMs: number;
  private queue: Job[] = [];
  private running = false;
  private scheduled = false;
  private flushWaiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private closing = false;
  /** Why new writes are refused once closing (a deleted store answers NotFound). */
  private refusal: Error | null = null;
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
    this.tree = parts.tree;
    this.heads = parts.heads;
    this.info = parts.info;
    this.stagedInfo = parts.info;
    this.redactions = parts.redactions;
    this.versionCount = parts.versionCount;
    this.lastTimeMs = parts.lastTimeMs;
    this.repairs = parts.repairs;
    this.checkpoints = new Checkpointer({
      ...parts,
      quietMs: options.checkpointQuietMs,
      refs: () => {
        const refs = new Map<string, string>([[META_REF, this.heads.meta]]);
        if (this.heads.main) refs.set(MAIN_REF, this.heads.main);
        return refs;
      },
      fatal: (err: Error) => this.poison(err, []),
      isBroken: () => this.broken !== null,
    });
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
    if (this.closing) return Promise.reject(this.refusal ?? new ClosedError(`store ${this.id}`));
    if (this.broken) return Promise.reject(new CorruptError(this.id, `store needs reopening: ${this.broken.message}`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ stage, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Runs `fn` alone in the write pipeline (see runAlone). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(this.refusal ?? new ClosedError(`store ${this.id}`));
    if (this.broken) return Promise.reject(new CorruptError(this.id, `store needs reopening: ${this.broken.message}`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ stage: () => ({ result: undefined }), alone: fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
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

  /** Where the branches point and the redaction records, as acknowledged (exact inside `exclusive`). */
  get headsNow(): { main: string | null; meta: string; redactions: ReadonlyMap<string, string> } {
    return { ...this.heads, redactions: this.redactions };
  }

  /**
   * Points the store at rewritten history; only inside `exclusive`. Writes the new objects and
   * moves both branches, applies the matching index rows, then removes every object nothing
   * reaches any more, the journal's old frames and the index's free pages (docs/format.md
   * §Redaction). Fails before the refs move: nothing changed. After: the store reopens.
   */
  async replaceHistory(next: RewrittenRefs): Promise<void> {
    const { backend, gitDir } = this;
    try {
      await markPurge(backend, gitDir);
      await writeCheckpoint(backend, gitDir, next.objects, new Map([[MAIN_REF, next.main], [META_REF, next.meta]]));
      this.heads.main = next.main;
      this.heads.meta = next.meta;
      for (const [name, oid] of next.redactions) this.redactions.set(name, oid);
      this.catalog.applyDeferred(() => {
        next.index(this.catalog);
        this.catalog.setHead("main", next.main);
        this.catalog.setHead("meta", next.meta);
      });
      this.catalog.commit(true);
    } catch (err) {
      // The refs may have moved: only a reopen (which rebuilds the index from git) knows.
      this.poison(err as Error, []);
      throw err;
    }
    await this.purge();
  }

  /** A rewrite's purge was cut short (a crash, a full disk): old objects may still be on disk. */
  get purgeOwed(): boolean {
    return purgePending(this.backend, this.gitDir);
  }

  /** Removes what history no longer reaches (after `replaceHistory`, or a crash during one). */
  async purge(): Promise<void> {
    this.reader.refresh();
    await purgeUnreachable(this.backend, this.gitDir, this.reader, [this.heads.meta, ...(this.heads.main ? [this.heads.main] : [])]);
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
    return this.checkpointed().then(() => this.checkpoints.settled);
  }

  /** Waits until native git sees every acknowledged write; the compaction that follows may still run. */
  private checkpointed(): Promise<void> {
    if (this.broken || this.closed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      void this.run();
    });
  }

  /** From now on `write` rejects with `refusal` (writes already queued still run). */
  refuseWrites(refusal?: Error): void {
    this.closing = true;
    this.refusal ??= refusal ?? null;
  }

  /**
   * Runs `fn` on the repository as the API sees it: every acknowledged write is in git first,
   * and no history rewrite or pack replacement starts until `fn` settles.
   */
  async withRepository<T>(fn: (gitDir: string) => Promise<T>): Promise<T> {
    // Not flush(): the compaction a checkpoint queues only merges packs (every object stays
    // readable throughout, as git expects of a repack beside readers), and waiting for it
    // would add its hundreds of milliseconds to every fetch (docs/decisions/0050).
    await this.checkpointed();
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
    if (this.closed) return;
    this.refuseWrites();
    try {
      // A checkpoint that fails here leaves its writes in the journal; the next open replays them.
      // A roll-up of a large store can take many seconds; stop it (it only saves space).
      const stopping = this.checkpoints.stop();
      if (!this.broken) await this.flush().catch(() => undefined);
      await stopping;
    } finally {
      this.closed = true;
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
        const alone = this.queue.findIndex((j) => j.alone);
        if (alone === 0) await this.runAlone(this.queue.shift()!);
        else await this.runBatch(this.queue.splice(0, alone < 0 ? this.queue.length : alone));
        if (this.journal.size >= this.options.checkpointBytes) this.checkpoints.checkpointSoon();
      }
      if (this.flushWaiters.length > 0 && !this.broken) {
        const waiters = this.flushWaiters.splice(0);
        this.checkpoints.checkpointAll().then(
          () => waiters.forEach((w) => w.resolve()),
          (err: Error) => waiters.forEach((w) => w.reject(storageError(this.id, err) as Error)),
        );
      } else if (this.checkpoints.hasWork) {
        this.checkpoints.armQuietTimer();
      }
    } finally {
      this.running = false;
    }
    if (this.queue.length > 0 || this.flushWaiters.length > 0) void this.run();
  }

  /**
   * Writes queued before the job are done; those after it wait. The journal is drained into
   * git first and no checkpoint or compaction runs meanwhile, so the job sees git, the index
   * and memory agree, and may replace history.
   */
  private async runAlone(job: Job): Promise<void> {
    try {
      await this.checkpoints.checkpointAll();
      job.resolve(await this.checkpoints.exclusively(job.alone!));
    } catch (err) {
      job.reject(err);
    }
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
    const objects = this.checkpoints.mark();
    const redactions = this.redactions.size;
    this.tree.beginUndo();
    return () => {
      this.tree.undo();
      Object.assign(this.heads, heads);
      this.versionCount = versionCount;
      this.stagedInfo = stagedInfo;
      this.checkpoints.forgetSince(objects);
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
}

export const sha256Hex = (content: Buffer | string) => createHash("sha256").update(content).digest("hex");
