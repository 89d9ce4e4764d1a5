// The serialized write pipeline of one store (docs/decisions/0001-write-path.md, 0009): stage
// in memory → one durable journal append per batch (group commit) → index rows → acknowledge.
// A batch whose append failed before its fdatasync is undone whole and refused; one whose
// fdatasync failed leaves the store broken (durability unknown: it must reopen). Work that
// must run alone (history rewriting) waits for the batches before it and holds the later ones.
import type { Catalog } from "../catalog/catalog.ts";
import { ClosedError, CorruptError, isMemgitError } from "../errors/index.ts";
import { storageError } from "../errors/InsufficientStorageError.ts";
import { JournalSyncError, type Journal } from "../journal/journal.ts";
import type { JournalRecord } from "../journal/record.ts";
import type { Checkpointer } from "./Checkpointer.ts";

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

/** What the pipeline needs of its store. */
export interface PipelineHost {
  readonly id: string;
  readonly journal: Journal;
  readonly catalog: Catalog;
  readonly checkpoints: Checkpointer;
  readonly checkpointBytes: number;
  /** Records the staged state a batch may change: `undo` puts it back, `keep` ends recording. */
  markUndo(): { undo: () => void; keep: () => void };
  /** Index rows every batch adds beyond its stages' own, inside the same transaction. */
  afterApply(catalog: Catalog, wroteRecords: boolean): void;
}

export class WritePipeline {
  /** Set when durability failed: in-memory state may be ahead of disk; reopen to recover. */
  broken: Error | null = null;
  /** Set by the store's close: nothing may reach the journal any more. */
  closed = false;
  private closing = false;
  /** Why new writes are refused once closing (a deleted store answers NotFound). */
  private refusal: Error | null = null;
  private queue: Job[] = [];
  private running = false;
  private scheduled = false;
  private flushWaiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];

  constructor(private readonly host: PipelineHost) {}

  /** Writes queued and not yet run. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Runs `stage` in this store's serialized pipeline. `stage` must validate before it changes
   * anything: a throw from it rejects only its own call.
   */
  write<T>(stage: () => Staged<T>): Promise<T> {
    return this.enqueue({ stage }) as Promise<T>;
  }

  /** Runs `fn` alone in the pipeline (see runAlone). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.enqueue({ stage: () => ({ result: undefined }), alone: fn }) as Promise<T>;
  }

  /**
   * Waits until native git sees every acknowledged write (and the compaction that follows);
   * rejects when a checkpoint fails (the writes stay durable in the journal).
   */
  flush(): Promise<void> {
    return this.checkpointed().then(() => this.host.checkpoints.settled);
  }

  /** Waits until native git sees every acknowledged write; the compaction that follows may still run. */
  checkpointed(): Promise<void> {
    if (this.broken || this.closed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      void this.run();
    });
  }

  /** From now on new work rejects with `refusal` (work already queued still runs). */
  refuseWrites(refusal?: Error): void {
    this.closing = true;
    this.refusal ??= refusal ?? null;
  }

  /** Marks the store broken and fails everything waiting. */
  poison(err: Error, staged: Array<[Job, Staged<unknown>]> = []): void {
    this.broken = err;
    const failure = new CorruptError(this.host.id, `write not durable: ${err.message}`);
    for (const [job] of staged.splice(0)) job.reject(failure);
    for (const job of this.queue.splice(0)) job.reject(failure);
    for (const w of this.flushWaiters.splice(0)) w.resolve();
  }

  private enqueue(job: Omit<Job, "resolve" | "reject">): Promise<unknown> {
    if (this.closing) return Promise.reject(this.refusal ?? new ClosedError(`store ${this.host.id}`));
    if (this.broken) return Promise.reject(new CorruptError(this.host.id, `store needs reopening: ${this.broken.message}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ ...job, resolve, reject });
      this.schedule();
    });
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
    const { checkpoints, journal } = this.host;
    try {
      while (this.queue.length > 0 && !this.broken) {
        const alone = this.queue.findIndex((j) => j.alone);
        if (alone === 0) await this.runAlone(this.queue.shift()!);
        else await this.runBatch(this.queue.splice(0, alone < 0 ? this.queue.length : alone));
        if (journal.size >= this.host.checkpointBytes) checkpoints.checkpointSoon();
      }
      if (this.flushWaiters.length > 0 && !this.broken) {
        const waiters = this.flushWaiters.splice(0);
        checkpoints.checkpointAll().then(
          () => waiters.forEach((w) => w.resolve()),
          (err: Error) => waiters.forEach((w) => w.reject(storageError(this.host.id, err) as Error)),
        );
      } else if (checkpoints.hasWork) {
        checkpoints.armQuietTimer();
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
      await this.host.checkpoints.checkpointAll();
      job.resolve(await this.host.checkpoints.exclusively(job.alone!));
    } catch (err) {
      job.reject(err);
    }
  }

  private async runBatch(batch: Job[]): Promise<void> {
    const { catalog, journal } = this.host;
    const undo = this.host.markUndo();
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
        if (this.closed) throw new ClosedError(`store ${this.host.id}`);
        journal.append(records);
      } catch (err) {
        if (err instanceof JournalSyncError) {
          undo.keep();
          this.poison(err.cause, staged);
        } else {
          // Nothing reached the log: forget the batch, refuse its writes, keep serving.
          undo.undo();
          const refusal = storageError(this.host.id, err);
          for (const [job] of staged) job.reject(refusal);
        }
        return;
      }
    }
    undo.keep();
    try {
      catalog.applyDeferred(() => {
        for (const [, s] of staged) s.apply?.(catalog);
        this.host.afterApply(catalog, records.length > 0);
      });
    } catch (err) {
      this.poison(err as Error, staged);
      return;
    }
    for (const [job, s] of staged) job.resolve(s.result);
  }
}
