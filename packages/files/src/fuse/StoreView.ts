// One store as the mount sees it: a listing cache refreshed at most every `ttlMs`, the
// directories derived from memory paths, empty directories made with mkdir (local only), and
// which version of each file the kernel was last told about.
import type { MemoryEntry, StoreClient, VersionEntry } from "../client/StoreClient.ts";
import type { Draft } from "./Draft.ts";
import type { StoreCalls } from "./StoreCalls.ts";
import { WriteQueue } from "./WriteQueue.ts";

export interface MountedStore {
  id: string;
  slug: string;
  readOnly: boolean;
  client: StoreClient;
}

/** A file's state as last reported to the kernel (which caches its size). */
export interface Shown {
  memoryId: string | null;
  /** Null when the reported bytes were an open file's unwritten changes. */
  sha256: string | null;
  versionId: string | null;
}

/** The version an open must serve: its bytes have the size the kernel may still hold. */
export interface Wanted {
  id: string;
  path: string;
  sha256: string;
  versionId: string | null;
}

/**
 * A full listing at least this often, whatever the newest versions say: a server clock stepped
 * back could order a new version below the last one seen (decision 0026).
 */
const FULL_LISTING_MS = 30_000;

export class StoreView {
  readonly store: MountedStore;
  readonly ttlMs: number;
  readonly calls: StoreCalls;
  readonly writes: WriteQueue;
  /** By store path: see Shown. The kernel keeps a size until it asks again (getattr). */
  readonly shown = new Map<string, Shown>();
  entries = new Map<string, MemoryEntry>();
  /** Open files (and scratch files) by store path; a new file lives only here until written. */
  readonly drafts = new Map<string, Draft>();
  /** Directories mkdir'ed here and not (yet) holding memories; no version is written for them. */
  readonly emptyDirs = new Set<string>();
  #dirs = new Set<string>();
  #children = new Map<string, Set<string>>();
  #indexGen = -1;
  #gen = 0;
  #listedAt = -Infinity;
  #fullListingAt = -Infinity;
  /** The store's newest version when it was last listed in full (null: unknown). */
  #head: VersionEntry | null = null;
  #refreshing: Promise<void> | null = null;

  constructor(store: MountedStore, ttlMs: number, calls: StoreCalls) {
    this.store = store;
    this.ttlMs = ttlMs;
    this.calls = calls;
    this.writes = new WriteQueue(calls);
  }

  /** The kernel is told about this version (getattr), or saw its bytes written through the mount. */
  showEntry(e: MemoryEntry): void {
    this.shown.set(e.path, { memoryId: e.id, sha256: e.sha256, versionId: e.versionId });
  }

  /** The kernel is told about an open file: its bytes are a stored version only while unchanged. */
  showDraft(d: Draft): void {
    const clean = d.gen === d.cleanGen && !d.orphaned;
    this.shown.set(d.path, { memoryId: d.memoryId, sha256: clean ? d.baseSha : null, versionId: null });
  }

  /**
   * A rename here moves the kernel's inode, and the attributes it caches, to the new name:
   * neither name's record holds any more.
   */
  forgetShown(path: string): void {
    this.shown.delete(path);
    const prefix = path + "/";
    for (const p of this.shown.keys()) if (p.startsWith(prefix)) this.shown.delete(p);
  }

  /**
   * What an open of `entry` must serve: the version the kernel was last told about, so the
   * bytes match the size it caches (a newer one read now would be cut at the old size or
   * appended to at the wrong offset). Decision 0021, "Whole versions".
   */
  wanted(entry: MemoryEntry): Wanted {
    const s = this.shown.get(entry.path);
    if (s && s.memoryId === entry.id && s.sha256 !== null && s.sha256 !== entry.sha256)
      return { id: entry.id, path: entry.path, sha256: s.sha256, versionId: s.versionId };
    return { id: entry.id, path: entry.path, sha256: entry.sha256, versionId: entry.versionId };
  }

  /** Marks a local change so an in-flight listing that predates it is not applied. */
  touch(): void {
    this.#gen++;
  }

  setEntry(e: MemoryEntry): void {
    this.entries.set(e.path, e);
    this.touch();
  }

  deleteEntry(path: string): void {
    this.entries.delete(path);
    this.touch();
  }

  /** Re-lists the store when the listing is older than the TTL (one listing in flight at a time). */
  async fresh(): Promise<void> {
    if (performance.now() - this.#listedAt < this.ttlMs) return;
    if (!this.#refreshing) {
      this.#refreshing = this.#refresh().finally(() => {
        this.#refreshing = null;
      });
    }
    await this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const gen = this.#gen;
    const started = performance.now();
    const newest = await this.#unchangedSinceListed(started);
    if (newest) {
      if (gen !== this.#gen) return; // a local write landed meanwhile: check again next time
      this.#head = newest;
      this.calls.written.length = 0;
      this.#listedAt = started;
      return;
    }
    // The head first: whatever the listing misses is newer than it, so the next check sees it.
    const head = await this.calls.latestVersions(1)?.catch(() => null);
    const list = await this.calls.list();
    if (gen !== this.#gen) return; // a local write raced the listing; list again next time
    this.entries = new Map(list.map((e) => [e.path, e]));
    this.#head = head?.[0] ?? null;
    this.calls.written.length = 0;
    this.#listedAt = this.#fullListingAt = started;
    this.touch();
  }

  /**
   * One small request instead of a full listing: the store's newest versions, when every one
   * from the head seen at the last full listing on is that head or this mount's own write (its
   * effect already applied here). Returns the newest version then, else null (list in full).
   */
  async #unchangedSinceListed(now: number): Promise<VersionEntry | null> {
    const head = this.#head;
    const mine = [...this.calls.written];
    if (!head || now - this.#fullListingAt > FULL_LISTING_MS || mine.includes(null) || mine.length > 98) return null;
    const limit = mine.length + 2;
    const latest = await this.calls.latestVersions(limit)?.catch(() => null);
    if (!latest || latest.length === 0) return null;
    const expected = new Set<string | null>([head.id, ...mine]);
    const since = Date.parse(head.createdAt);
    const recent = latest.filter((v) => Date.parse(v.createdAt) >= since);
    // The page must reach below the head's time (or hold the whole store), so no tie is unseen.
    if (recent.length === latest.length && latest.length === limit) return null;
    if (recent.length !== expected.size || !recent.every((v) => expected.has(v.id))) return null;
    return latest[0]!;
  }

  #index(): void {
    if (this.#indexGen === this.#gen) return;
    const dirs = new Set<string>([""]);
    const children = new Map<string, Set<string>>();
    const add = (path: string) => {
      let child = path;
      for (let i = path.lastIndexOf("/"); i >= 0; i = child.lastIndexOf("/")) {
        const parent = child.slice(0, i);
        let set = children.get(parent);
        if (!set) children.set(parent, (set = new Set()));
        const known = set.size;
        set.add(child.slice(i + 1));
        if (set.size === known && dirs.has(parent)) break;
        dirs.add(parent);
        child = parent;
      }
    };
    for (const p of this.entries.keys()) add(p);
    for (const d of this.emptyDirs) add(d);
    for (const d of this.emptyDirs) dirs.add(d);
    this.#dirs = dirs;
    this.#children = children;
    this.#indexGen = this.#gen;
  }

  isDir(path: string): boolean {
    this.#index();
    return this.#dirs.has(path);
  }

  childrenOf(dir: string): string[] {
    this.#index();
    return [...(this.#children.get(dir) ?? [])];
  }

  hasDraftUnder(dir: string): boolean {
    const prefix = dir + "/";
    for (const p of this.drafts.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }

  /** Live memories at or under `dir` (dir = "" is the whole store). */
  entriesUnder(dir: string): MemoryEntry[] {
    const prefix = dir + "/";
    return [...this.entries.values()].filter((e) => e.path.startsWith(prefix));
  }
}
