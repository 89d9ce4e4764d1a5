// The open stores of one data directory (docs/decisions/0009-store-lifecycle.md). Every call
// borrows its store for the length of the call (a lease); a store is closed only when nobody
// holds it: when the pool is over its bound (least recently used first), when it is deleted,
// when it broke and must be reopened, and at shutdown. One open per store at a time: whoever
// comes while a store opens, reopens or closes waits for that and shares its outcome.
import { BusyError, ClosedError, NotFoundError } from "../errors/index.ts";
import type { Store } from "./Store.ts";

interface Entry {
  readonly opening: Promise<Store>;
  store: Store | null;
  leases: number;
  /** Set once the entry left the pool: no new leases; resolves waiters when leases reach 0. */
  retired: boolean;
  drained: Array<() => void>;
}

// SQLite reports a failed open(2) of its index as SQLITE_CANTOPEN, whatever the errno.
const OUT_OF_FDS = new Set(["EMFILE", "ENFILE", "SQLITE_CANTOPEN"]);

export interface StorePoolOptions {
  /** Opens a store's repository (replaying its journal); must not be called twice concurrently for one id. */
  open: (storeId: string) => Promise<Store>;
  /** Stores kept open when idle; more may be open while leased. */
  maxOpen: number;
}

export class StorePool {
  private readonly entries = new Map<string, Entry>();
  /** A store leaving the pool: the next open of it waits until its files are closed. */
  private readonly leaving = new Map<string, Promise<void>>();
  /** Deleted stores, refused until their deletion is recorded (then the registry refuses them). */
  private readonly deleting = new Set<string>();
  private closed = false;

  constructor(private readonly options: StorePoolOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /** Runs `fn` with the store open and kept open until `fn` settles. */
  async use<T>(storeId: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
    for (;;) {
      if (this.closed) throw new ClosedError("memgit");
      if (this.deleting.has(storeId)) throw new NotFoundError("store", storeId);
      const entry = this.entries.get(storeId) ?? this.start(storeId);
      // An open store is leased in the caller's own turn: a call made before a close or a
      // delete began is served by it. A failed open drops its entry: the next call tries again.
      const store = entry.store ?? (await entry.opening);
      if (entry.retired) continue;
      if (store.broken) {
        // Durability failed; its in-memory state may be ahead of disk. Reopen from disk.
        this.retire(storeId, entry);
        continue;
      }
      entry.leases++;
      // Most recently used last: Map iteration order is the eviction order.
      this.entries.delete(storeId);
      this.entries.set(storeId, entry);
      try {
        return await fn(store);
      } finally {
        entry.leases--;
        if (entry.leases === 0) this.released(storeId, entry);
      }
    }
  }

  /**
   * Deletes a store: new calls get NotFound at once, calls already holding it finish, then
   * `remove` runs with the store closed. `remove` must make the store unfindable before it
   * resolves (the registry row goes), since the refusal here ends with it.
   */
  async delete(storeId: string, remove: () => Promise<void>): Promise<void> {
    if (this.deleting.has(storeId)) throw new NotFoundError("store", storeId);
    this.deleting.add(storeId);
    try {
      const entry = this.entries.get(storeId);
      if (entry) await this.retire(storeId, entry, new NotFoundError("store", storeId));
      await this.leaving.get(storeId);
      await remove();
    } finally {
      this.deleting.delete(storeId);
    }
  }

  /** Runs `fn` on every store open now, each under a lease. */
  async eachOpen(fn: (store: Store) => Promise<void>): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.use(id, fn)));
  }

  /** Closes every store (each after its current calls finish) and refuses new calls. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries].map(([id, e]) => this.retire(id, e)));
    await Promise.all(this.leaving.values());
  }

  private start(storeId: string): Entry {
    const before = this.leaving.get(storeId) ?? Promise.resolve();
    const entry: Entry = {
      opening: before.then(() => this.openWithin(storeId)),
      store: null,
      leases: 0,
      retired: false,
      drained: [],
    };
    this.entries.set(storeId, entry);
    // Eviction waits for the first lease to end: evicting a store its opener has not used yet
    // could go round forever under a tight bound.
    entry.opening.then(
      (store) => {
        entry.store = store;
      },
      () => {
        entry.retired = true;
        if (this.entries.get(storeId) === entry) this.entries.delete(storeId);
      },
    );
    return entry;
  }

  /**
   * Out of file descriptors: close every idle store and try once more; if that is not enough,
   * say so with a typed error (a 503 on the wire) rather than an unexplained failure.
   */
  private async openWithin(storeId: string): Promise<Store> {
    try {
      return await this.options.open(storeId);
    } catch (err) {
      if (!OUT_OF_FDS.has((err as NodeJS.ErrnoException).code ?? "")) throw err;
      const idle = [...this.entries].filter(([id, e]) => id !== storeId && e.leases === 0 && e.store);
      await Promise.all(idle.map(([id, e]) => this.retire(id, e)));
      try {
        return await this.options.open(storeId);
      } catch (again) {
        if (OUT_OF_FDS.has((again as NodeJS.ErrnoException).code ?? "")) throw new BusyError("open file descriptors");
        throw again;
      }
    }
  }

  /**
   * Takes the entry out of the pool and closes its store once its leases are gone. Writes that
   * arrive at the store meanwhile are refused with `refusal` (NotFound for a deleted store).
   */
  private retire(storeId: string, entry: Entry, refusal?: Error): Promise<void> {
    if (entry.retired) return this.leaving.get(storeId) ?? Promise.resolve();
    entry.retired = true;
    if (this.entries.get(storeId) === entry) this.entries.delete(storeId);
    const done = (async () => {
      const store = await entry.opening.catch(() => null);
      if (!store) return;
      store.refuseWrites(refusal);
      if (entry.leases > 0) await new Promise<void>((resolve) => entry.drained.push(resolve));
      await store.close();
    })()
      // A close that failed left its writes in the journal; the next open replays them.
      .catch(() => undefined)
      .finally(() => {
        if (this.leaving.get(storeId) === done) this.leaving.delete(storeId);
      });
    this.leaving.set(storeId, done);
    return done;
  }

  private released(storeId: string, entry: Entry): void {
    if (entry.retired) {
      for (const resolve of entry.drained.splice(0)) resolve();
      return;
    }
    this.evictIdle();
  }

  /** Closes idle stores, least recently used first, until the pool is within its bound. */
  private evictIdle(): void {
    let excess = this.entries.size - this.options.maxOpen;
    for (const [id, entry] of this.entries) {
      if (excess <= 0) return;
      if (entry.leases > 0 || !entry.store) continue;
      excess--;
      void this.retire(id, entry);
    }
  }
}
