// File bodies for the mount: a sha256-keyed cache, single reads, and whole-directory
// prefetches (one full-view listing after a readdir instead of one request per open).
import { StoreClientError } from "../client/StoreClientError.ts";
import { ContentCache } from "./ContentCache.ts";
import type { StoreView, Wanted } from "./StoreView.ts";

export class ContentLoader {
  readonly #cache = new ContentCache(64 * 1024 * 1024);
  readonly #prefetching = new Map<string, Promise<void>>();

  /** Bytes the mount has just written (so the next open needs no request). */
  remember(sha256: string, bytes: Buffer): void {
    this.#cache.set(sha256, bytes);
  }

  /**
   * The bytes of exactly the wanted version: from the cache, a running prefetch of its
   * directory, one read of the memory, or (when the store has moved on) of that version.
   */
  async load(view: StoreView, want: Wanted): Promise<{ sha256: string; bytes: Buffer }> {
    let cached = this.#cache.get(want.sha256);
    if (cached) return { sha256: want.sha256, bytes: cached };
    const pending = this.#prefetching.get(key(view, want.path.slice(0, want.path.lastIndexOf("/"))));
    if (pending) {
      await pending;
      cached = this.#cache.get(want.sha256);
      if (cached) return { sha256: want.sha256, bytes: cached };
    }
    let current;
    try {
      current = await view.calls.read(want.id);
    } catch (err) {
      if (err instanceof StoreClientError && err.code === "not_found") view.deleteEntry(want.path);
      throw err;
    }
    const bytes = Buffer.from(current.content, "utf8");
    this.#cache.set(current.entry.sha256, bytes);
    if (current.entry.path === want.path) view.setEntry(current.entry);
    if (current.entry.sha256 === want.sha256 || !want.versionId) return { sha256: current.entry.sha256, bytes };
    const version = await view.calls.readVersion(want.versionId);
    if (!version || version.sha256 !== want.sha256) return { sha256: current.entry.sha256, bytes }; // redacted meanwhile
    const old = Buffer.from(version.content, "utf8");
    this.#cache.set(version.sha256, old);
    return { sha256: version.sha256, bytes: old };
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
