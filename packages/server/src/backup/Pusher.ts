// When pushes run (docs/decisions/0052): at most `debounceMs` after the first write not yet
// pushed (so a steady stream of writes still gets pushed), again after a push if writes came
// in meanwhile, on demand, and after a failure with exponential backoff until one succeeds.
// Writes only note that a push is owed: a failing or slow remote never blocks or fails them.
import type { Remote, RemoteStore } from "./RemoteStore.ts";
import { PushFailedError, type Pushed } from "./pushToRemote.ts";

export interface PusherOptions {
  remotes: RemoteStore;
  /** One push of a store to a remote; rejects with PushFailedError (or anything, on a bug). */
  push: (remote: Remote, signal: AbortSignal) => Promise<Pushed>;
  debounceMs: number;
  /** The first retry's delay; each next one doubles, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Pushes running at once, over all stores. */
  concurrency: number;
  clock: () => number;
  /** Told of each failure (already masked) for the log. */
  onFailure: (remote: Remote, message: string) => void;
}

export type PushState = "idle" | "scheduled" | "pushing" | "retrying";

interface Slot {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  abort: AbortController | null;
  /** Writes arrived while a push ran: push again after it. */
  again: boolean;
  /** Consecutive failures; >0 means the timer is a retry. */
  failures: number;
}

const key = (storeId: string, name: string) => `${storeId}\u0000${name}`;

export class Pusher {
  private readonly slots = new Map<string, Slot>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(private readonly o: PusherOptions) {}

  /** A store changed: every remote of it gets a push soon. */
  changed(storeId: string): void {
    for (const remote of this.o.remotes.list(storeId)) this.schedule(remote.storeId, remote.name, this.o.debounceMs);
  }

  /** Schedules a push of every remote (at start-up: a remote may have missed writes while the server was down). */
  scheduleAll(): void {
    for (const storeId of this.o.remotes.storeIds()) this.changed(storeId);
  }

  state(storeId: string, name: string): PushState {
    const slot = this.slots.get(key(storeId, name));
    if (!slot) return "idle";
    if (slot.running) return "pushing";
    if (slot.timer) return slot.failures > 0 ? "retrying" : "scheduled";
    return "idle";
  }

  /** Pushes now (after a push already running) and resolves with the remote as it then is; rejects with PushFailedError. */
  async pushNow(storeId: string, name: string): Promise<Remote> {
    const slot = this.slot(storeId, name);
    while (slot.running) await slot.running;
    this.clearTimer(slot);
    let failure: unknown = null;
    await this.run(storeId, name, (err) => (failure = err));
    if (failure !== null) throw failure;
    const remote = this.o.remotes.get(storeId, name);
    if (!remote) throw new PushFailedError("the remote was removed meanwhile");
    return remote;
  }

  /** Stops pushing to a remote (removed), or to every remote of a store (deleted). */
  forget(storeId: string, name?: string): void {
    for (const [k, slot] of this.slots) {
      if (name === undefined ? !k.startsWith(`${storeId}\u0000`) : k !== key(storeId, name)) continue;
      this.clearTimer(slot);
      slot.abort?.abort();
      this.slots.delete(k);
    }
  }

  /** Stops every timer and running push (shutdown); resolves once they have ended. */
  async close(): Promise<void> {
    this.closed = true;
    const running: Array<Promise<void>> = [];
    for (const slot of this.slots.values()) {
      this.clearTimer(slot);
      slot.abort?.abort();
      if (slot.running) running.push(slot.running);
    }
    for (const release of this.waiting.splice(0)) release();
    await Promise.all(running);
  }

  private slot(storeId: string, name: string): Slot {
    const k = key(storeId, name);
    let slot = this.slots.get(k);
    if (!slot) {
      slot = { timer: null, running: null, abort: null, again: false, failures: 0 };
      this.slots.set(k, slot);
    }
    return slot;
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
  }

  private schedule(storeId: string, name: string, delayMs: number): void {
    if (this.closed) return;
    const slot = this.slot(storeId, name);
    if (slot.running) {
      slot.again = true;
      return;
    }
    // Already owed (a debounce, or a retry that will push the latest anyway): keep that timer.
    if (slot.timer) return;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      void this.run(storeId, name, () => undefined);
    }, delayMs);
    slot.timer.unref();
  }

  private async run(storeId: string, name: string, onError: (err: unknown) => void): Promise<void> {
    const slot = this.slots.get(key(storeId, name));
    if (!slot || this.closed) return;
    const abort = new AbortController();
    slot.abort = abort;
    slot.again = false;
    let done!: () => void;
    slot.running = new Promise<void>((resolve) => (done = resolve));
    try {
      await this.acquire();
      if (abort.signal.aborted) return;
      const remote = this.o.remotes.get(storeId, name);
      if (!remote) return;
      try {
        const pushed = await this.o.push(remote, abort.signal);
        this.o.remotes.recordSuccess(storeId, name, new Date(this.o.clock()), pushed);
        slot.failures = 0;
      } catch (err) {
        const message = err instanceof PushFailedError ? err.message : "the push failed on the server (see the server's log)";
        if (!abort.signal.aborted) this.o.remotes.recordFailure(storeId, name, new Date(this.o.clock()), message);
        this.o.onFailure(remote, err instanceof PushFailedError ? message : String((err as Error).stack ?? err));
        slot.failures++;
        onError(err instanceof PushFailedError ? err : new PushFailedError(message));
      }
    } finally {
      this.release();
      slot.running = null;
      slot.abort = null;
      done();
    }
    if (abort.signal.aborted || this.closed || this.slots.get(key(storeId, name)) !== slot) return;
    if (slot.failures > 0) {
      this.clearTimer(slot);
      const delay = Math.min(this.o.backoffMs * 2 ** (slot.failures - 1), this.o.maxBackoffMs);
      slot.timer = setTimeout(() => {
        slot.timer = null;
        void this.run(storeId, name, () => undefined);
      }, delay);
      slot.timer.unref();
    } else if (slot.again) this.schedule(storeId, name, this.o.debounceMs);
  }

  private acquire(): Promise<void> {
    if (this.active < this.o.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.active++;
        resolve();
      }),
    );
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
