// File bodies for the mount: a sha256-keyed cache, single reads, and whole-directory
// prefetches (one full-view listing after a readdir instead of one request per open).
import { StoreClientError } from "../client/StoreClientError.ts";
import type { MemoryEntry } from "../client/StoreClient.ts";
import { ContentCache } from "./ContentCache.ts";
import type { StoreView } from "./StoreView.ts";

export class ContentLoader {
  readonly #cache = new ContentCache(64 * 1024 * 1024);
  readonly #prefetching = new Map<string, Promise<void>>();

  /** Bytes the mount has just written (so the next open needs no request). */
  remember(sha256: string, bytes: Buffer): void {
    this.#cache.set(sha256, bytes);
  }

  /** The entry's bytes: from the cache, a running prefetch of its directory, or one read. */
  async load(view: StoreView, entry: MemoryEntry): Promise<{ entry: MemoryEntry; bytes: Buffer }> {
    let cached = this.#cache.get(entry.sha256);
    if (cached) return { entry, bytes: cached };
    const pending = this.#prefetching.get(key(view, entry.path.slice(0, entry.path.lastIndexOf("/"))));
    if (pending) {
      await pending;
      cached = this.#cache.get(entry.sha256);
      if (cached) return { entry, bytes: cached };
    }
    try {
      const { entry: current, content } = await view.calls.read(entry.id);
      const bytes = Buffer.from(content, "utf8");
      this.#cache.set(current.sha256, bytes);
      if (current.path === entry.path) view.setEntry(current);
      return { entry: current, bytes };
    } catch (err) {
      if (err instanceof StoreClientError && err.code === "not_found") view.deleteEntry(entry.path);
      throw err;
    }
  }

  /** Starts fetching `dir`'s uncached files in one full-view listing (20 a page); never throws. */
  prefetch(view: StoreView, dir: string): void {
    const prefix = dir + "/";
    let missing = 0;
    for (const e of view.entries.values()) {
      if (e.path.startsWith(prefix) && e.path.indexOf("/", prefix.length) < 0 && !this.#cache.get(e.sha256)) missing++;
    }
    if (missing < 2) return;
    const k = key(view, dir);
    if (this.#prefetching.has(k)) return;
    const listing = view.calls.listDir(prefix);
    if (!listing) return;
    const job = listing
      .then((items) => {
        for (const { entry, content } of items) this.#cache.set(entry.sha256, Buffer.from(content, "utf8"));
      })
      .catch(() => undefined) // a failed prefetch only costs the per-file reads it meant to save
      .finally(() => this.#prefetching.delete(k));
    this.#prefetching.set(k, job);
  }
}

const key = (view: StoreView, dir: string) => `${view.store.id}\0${dir}`;
