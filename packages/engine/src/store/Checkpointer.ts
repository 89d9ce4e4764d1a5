// Moving a store's journal into git (docs/decisions/0001-write-path.md, 0003-compaction.md,
// 0009-store-lifecycle.md): checkpoints write the journal's objects as a pack and move the
// refs, without stopping writes; compactions keep the pack count down, one at a time, in one
// maintenance chain. A failed checkpoint loses nothing (its sealed journal file keeps every
// record) and is retried after the next quiet period.
import type { Catalog } from "../catalog/catalog.ts";
import { writeCheckpoint } from "../journal/checkpoint.ts";
import type { Journal } from "../journal/journal.ts";
import type { GitObject, HashedObject } from "../model/gitObject.ts";
import type { Backend } from "../storage/backend.ts";
import type { ObjectReader } from "../storage/objectReader.ts";
import { compact } from "./compaction.ts";

export interface CheckpointerParts {
  backend: Backend;
  gitDir: string;
  journal: Journal;
  catalog: Catalog;
  reader: ObjectReader;
  /** Objects not yet in a pack, readable from memory meanwhile (shared with the reader). */
  pending: Map<string, GitObject>;
  quietMs: number;
  /** Where the refs point now: a checkpoint moves them there once its pack is in place. */
  refs: () => Map<string, string>;
  /** A failure after which memory and disk may disagree: the store must reopen. */
  fatal: (err: Error) => void;
  isBroken: () => boolean;
}

export class Checkpointer {
  /** The last maintenance failure, for operators; writes are unaffected by it. */
  lastError: Error | null = null;

  /** Objects of the active journal file: the next checkpoint's pack. */
  private objects: HashedObject[] = [];
  /** Which checkpoint generation last wrote each pending object (it stays pending until that one lands). */
  private readonly pendingGeneration = new Map<string, number>();
  private generation = 0;
  private running: Promise<void> | null = null;
  /** A sealed journal file whose checkpoint failed (a full disk): retried before the next one. */
  private carried: { objects: HashedObject[]; refs: Map<string, string>; generation: number } | null = null;
  private maintenance: Promise<void> = Promise.resolve();
  private compactionQueued = false;
  private compactionQuiet = false;
  /** Work that replaces packs or refs (see `exclusively`): checkpoints wait for it. */
  private gate: Promise<void> | null = null;
  /** Calls inside `shared`; `exclusively` waits for them to finish. */
  private readers = 0;
  private readersGone: Array<() => void> = [];
  private readonly stopMaintenance = new AbortController();
  private quietTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly p: CheckpointerParts) {}

  /** Journal records not yet in git (including a sealed file whose checkpoint failed). */
  get hasWork(): boolean {
    return this.p.journal.size > 0 || this.carried !== null;
  }

  get inProgress(): boolean {
    return this.running !== null;
  }

  /** Whether the index may hold rows ahead of git (a checkpoint is owed): roll them back on close. */
  get owesCheckpoint(): boolean {
    return this.carried !== null;
  }

  /** Settles when the maintenance queued so far has run. */
  get settled(): Promise<void> {
    return this.maintenance;
  }

  /** Objects the next checkpoint packs, readable meanwhile from memory. */
  remember(objects: HashedObject[]): void {
    for (const o of objects) {
      this.p.pending.set(o.oid, o);
      this.pendingGeneration.set(o.oid, this.generation);
    }
    this.objects.push(...objects);
  }

  /** A mark to `forgetSince`: objects remembered after it belong to a batch that may be undone. */
  mark(): number {
    return this.objects.length;
  }

  /** Drops objects of an undone batch from the next pack (their pending copies go with this generation). */
  forgetSince(mark: number): void {
    this.objects.length = mark;
  }

  /** Checkpoints until the journal is empty: native git then has every acknowledged write. */
  async checkpointAll(): Promise<void> {
    while (!this.p.isBroken()) {
      if (this.running) await this.running;
      else if (this.hasWork) await this.checkpoint(true);
      else return this.p.journal.shrinkIfEmpty();
    }
  }

  /** Starts a checkpoint unless one runs; a failure is kept in `lastError` and retried when quiet. */
  checkpointSoon(): void {
    if (!this.running) this.checkpoint(false).catch(() => this.armQuietTimer());
  }

  /** Restarts the quiet countdown: a checkpoint follows `quietMs` after the last write. */
  armQuietTimer(): void {
    // refresh() restarts the countdown without a new timer per batch.
    if (this.quietTimer) {
      this.quietTimer.refresh();
      return;
    }
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      if (this.stopped || this.p.isBroken()) return;
      this.checkpointAll().catch(() => this.armQuietTimer());
    }, this.p.quietMs);
    this.quietTimer.unref();
  }

  /** Rolls every pack into one (native `git repack -a -d`), in the maintenance chain. */
  compact(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // `repack -a -d` keeps only reachable objects, and a checkpoint's pack is listed before its
    // refs move: no checkpoint may run meanwhile (writes go on into the journal).
    const run = this.exclusively(async () => {
      if (await compact(this.p.backend, this.p.gitDir, { full: true, signal: this.stopMaintenance.signal })) this.p.reader.refresh();
    });
    // Stopped by a close (shutdown, delete): compaction only saves space, so that is no failure.
    return run.catch((err: unknown) => {
      if (!this.stopped) throw err;
    });
  }

  /**
   * Runs `fn` in the maintenance chain with no checkpoint running or starting meanwhile: it
   * may replace packs and refs. Runs even once stopped (a close waits for it).
   */
  exclusively<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.maintenance.then(async () => {
      let done!: () => void;
      this.gate = new Promise<void>((resolve) => (done = resolve));
      try {
        await this.running?.catch(() => undefined);
        while (this.readers > 0) await new Promise<void>((resolve) => this.readersGone.push(resolve));
        return await fn();
      } finally {
        this.gate = null;
        done();
      }
    });
    this.maintenance = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Runs `fn` while no history rewrite or pack replacement runs (several at once): what the
   * refs point at stays in git meanwhile. For readers of the repository itself (a clone).
   */
  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    this.readers++;
    try {
      return await fn();
    } finally {
      if (--this.readers === 0) for (const resolve of this.readersGone.splice(0)) resolve();
    }
  }

  /**
   * Stops a running compaction (it only saves space, and on a large store takes seconds that a
   * shutdown should not) and starts none; waits for what runs to settle.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopMaintenance.abort();
    if (this.quietTimer) clearTimeout(this.quietTimer);
    await this.running?.catch(() => undefined);
    await this.maintenance;
  }

  /**
   * Moves the active journal's records into a pack and the refs, without stopping writes: the
   * journal file is sealed and writes continue in the other one while the pack is written and
   * fsynced on the thread pool. `quiet`: the burst is over, give the journal's space back.
   */
  private checkpoint(quiet: boolean): Promise<void> {
    if (this.running) return this.running;
    if (!this.carried) {
      try {
        this.p.journal.seal();
      } catch (err) {
        // Nothing changed (the other file keeps its old header): writes go on, retried later.
        this.lastError = err as Error;
        return Promise.reject(err as Error);
      }
      this.carried = { objects: this.objects, refs: this.p.refs(), generation: this.generation++ };
      this.objects = [];
    }
    const { objects, refs, generation } = this.carried;
    this.running = (async () => {
      await this.gate;
      try {
        await writeCheckpoint(this.p.backend, this.p.gitDir, objects, refs);
      } catch (err) {
        // The sealed journal file still holds every record: nothing is lost, retry later.
        this.lastError = err as Error;
        throw err;
      }
      this.carried = null;
      try {
        // Index rows are only ever applied after their journal record is durable, so they may be
        // committed now even for writes after the seal; their records are in the active file.
        this.p.catalog.commit(quiet);
        this.p.journal.release(quiet);
      } catch (err) {
        this.p.fatal(err as Error);
        throw err;
      }
      this.p.reader.refresh();
      for (const [oid, g] of this.pendingGeneration) {
        if (g > generation) continue;
        this.pendingGeneration.delete(oid);
        this.p.pending.delete(oid);
      }
      this.scheduleCompaction(quiet);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Compactions run one at a time, in another process when native git does them; one queued is enough. */
  private scheduleCompaction(quiet: boolean): void {
    if (this.stopped) return;
    this.compactionQuiet ||= quiet;
    if (this.compactionQueued) return;
    this.compactionQueued = true;
    void this.enqueue(() => {
      const opts = { quiet: this.compactionQuiet };
      this.compactionQueued = false;
      this.compactionQuiet = false;
      return compact(this.p.backend, this.p.gitDir, { ...opts, signal: this.stopMaintenance.signal });
    }).catch(() => undefined);
  }

  /**
   * Every change to the packs goes through this one chain, so two never race (a roll-up could
   * otherwise delete a pack a checkpoint just listed). Failures are kept for operators: packs
   * are left valid, if more numerous.
   */
  private enqueue(task: () => Promise<boolean>): Promise<void> {
    const run = this.maintenance.then(async () => {
      if (this.stopped) return;
      if (await task()) this.p.reader.refresh();
    });
    this.maintenance = run.catch((err: Error) => {
      if (!this.stopped) this.lastError = err;
    });
    return run;
  }
}
