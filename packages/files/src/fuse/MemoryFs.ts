// The mount's file system, independent of the FUSE binding: every method takes paths as the
// kernel gives them ("/<slug>/a/b.md") and returns a value or throws PosixError /
// StoreClientError (mapped to errno by errno.ts). docs/decisions/0021-mount-semantics.md.
import { checkMemoryPath, decodeContent } from "../client/limits.ts";
import { StoreClientError } from "../client/StoreClientError.ts";
import type { MemoryEntry } from "../client/StoreClient.ts";
import { PosixError } from "../errno.ts";
import { ContentCache } from "./ContentCache.ts";
import { Draft, isScratchName } from "./Draft.ts";
import { StoreView, type MountedStore } from "./StoreView.ts";

export interface Attr {
  kind: "dir" | "file";
  size: number;
  mtime: Date;
  writable: boolean;
}

const O_ACCMODE = 3;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;

interface Located {
  view: StoreView;
  /** Path inside the store: "" for the store root, else "/a/b.md". */
  path: string;
}

export class MemoryFs {
  readonly views: StoreView[];
  readonly readOnly: boolean;
  readonly #bySlug = new Map<string, StoreView>();
  readonly #handles = new Map<number, Draft>();
  readonly #drafts = new Map<StoreView, Map<string, Draft>>();
  readonly #locks = new Map<StoreView, Promise<unknown>>();
  readonly #cache = new ContentCache(64 * 1024 * 1024);
  readonly #prefetching = new Map<string, Promise<void>>();
  readonly #started = new Date();
  #nextFd = 1;

  constructor(stores: MountedStore[], opts: { ttlMs: number; readOnly: boolean }) {
    this.readOnly = opts.readOnly;
    this.views = stores.map((s) => new StoreView(s, opts.ttlMs));
    for (const v of this.views) {
      if (this.#bySlug.has(v.store.slug)) throw new Error(`two stores share the mount directory ${v.store.slug}`);
      this.#bySlug.set(v.store.slug, v);
      this.#drafts.set(v, new Map());
    }
  }

  // ---- lookup ----------------------------------------------------------------------------

  #locate(fusePath: string): Located | null {
    if (fusePath === "/") return null;
    const i = fusePath.indexOf("/", 1);
    const slug = i < 0 ? fusePath.slice(1) : fusePath.slice(1, i);
    const view = this.#bySlug.get(slug);
    if (!view) throw new PosixError("ENOENT");
    return { view, path: i < 0 ? "" : fusePath.slice(i) };
  }

  /** Like #locate but for operations that change something: refuses the read-only parent and stores. */
  #locateWritable(fusePath: string): Located & { path: string } {
    if (fusePath.lastIndexOf("/") === 0) throw new PosixError("EROFS", "the mount root is read-only");
    const loc = this.#locate(fusePath);
    if (!loc || loc.path === "") throw new PosixError("EROFS", "the mount root is read-only");
    if (this.readOnly || loc.view.store.readOnly) throw new PosixError("EROFS", "store is attached read-only");
    return loc;
  }

  #draft(view: StoreView, path: string): Draft | undefined {
    return this.#drafts.get(view)!.get(path);
  }

  async getattr(fusePath: string): Promise<Attr> {
    const loc = this.#locate(fusePath);
    if (!loc) return { kind: "dir", size: 4096, mtime: this.#started, writable: false };
    const { view, path } = loc;
    const writable = !this.readOnly && !view.store.readOnly;
    if (path === "") return { kind: "dir", size: 4096, mtime: this.#started, writable };
    const draft = this.#draft(view, path);
    if (draft) return { kind: "file", size: draft.size, mtime: new Date(), writable };
    await view.fresh();
    const entry = view.entries.get(path);
    if (entry) return { kind: "file", size: entry.size, mtime: new Date(entry.updatedAt), writable };
    if (view.isDir(path) || this.#hasDraftUnder(view, path)) return { kind: "dir", size: 4096, mtime: this.#started, writable };
    throw new PosixError("ENOENT");
  }

  #hasDraftUnder(view: StoreView, dir: string): boolean {
    const prefix = dir + "/";
    for (const p of this.#drafts.get(view)!.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }

  async readdir(fusePath: string): Promise<string[]> {
    const loc = this.#locate(fusePath);
    if (!loc) return this.views.map((v) => v.store.slug);
    const { view, path } = loc;
    await view.fresh();
    if (path !== "" && !view.isDir(path) && !this.#hasDraftUnder(view, path)) {
      if (view.entries.has(path)) throw new PosixError("ENOTDIR");
      throw new PosixError("ENOENT");
    }
    const names = new Set(view.childrenOf(path));
    this.#prefetch(view, path);
    const prefix = path + "/";
    for (const p of this.#drafts.get(view)!.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]!);
    }
    return [...names];
  }

  /**
   * After a readdir, fetch the directory's uncached files in one full-view listing (20 a page)
   * instead of one request per open: `grep -r` and `cat *` then read from the cache.
   */
  #prefetch(view: StoreView, dir: string): void {
    const client = view.store.client;
    if (!client.listDir) return;
    const prefix = dir + "/";
    let missing = 0;
    for (const e of view.entries.values()) {
      if (e.path.startsWith(prefix) && e.path.indexOf("/", prefix.length) < 0 && !this.#cache.get(e.sha256)) missing++;
    }
    if (missing < 2) return;
    const key = `${view.store.id}\0${dir}`;
    if (this.#prefetching.has(key)) return;
    const job = client
      .listDir(view.store.id, prefix)
      .then((items) => {
        for (const { entry, content } of items) this.#cache.set(entry.sha256, Buffer.from(content, "utf8"));
      })
      .catch(() => undefined) // a failed prefetch only costs the per-file reads it meant to save
      .finally(() => this.#prefetching.delete(key));
    this.#prefetching.set(key, job);
  }

  // ---- open / read / write / close -------------------------------------------------------

  async open(fusePath: string, flags: number): Promise<number> {
    const writing = (flags & O_ACCMODE) !== 0 || (flags & (O_TRUNC | O_APPEND)) !== 0;
    const loc = writing ? this.#locateWritable(fusePath) : this.#locate(fusePath);
    if (!loc || loc.path === "") throw new PosixError("EISDIR");
    const { view, path } = loc;
    let draft = this.#draft(view, path);
    if (!draft) {
      await view.fresh();
      const entry = view.entries.get(path);
      if (!entry) throw new PosixError(view.isDir(path) ? "EISDIR" : "ENOENT");
      if (flags & O_TRUNC) {
        draft = new Draft(view, path, entry.id, entry.sha256, Buffer.alloc(0));
        draft.markChanged();
      } else {
        const { entry: current, bytes } = await this.#load(view, entry);
        draft = new Draft(view, path, current.id, current.sha256, Buffer.from(bytes));
      }
      const again = this.#draft(view, path); // another open raced ours
      if (again) draft = again;
      else this.#drafts.get(view)!.set(path, draft);
    } else if (flags & O_TRUNC) {
      draft.truncate(0, false);
    }
    return this.#attach(draft);
  }

  async #load(view: StoreView, entry: MemoryEntry): Promise<{ entry: MemoryEntry; bytes: Buffer }> {
    let cached = this.#cache.get(entry.sha256);
    if (cached) return { entry, bytes: cached };
    const pending = this.#prefetching.get(`${view.store.id}\0${entry.path.slice(0, entry.path.lastIndexOf("/"))}`);
    if (pending) {
      await pending;
      cached = this.#cache.get(entry.sha256);
      if (cached) return { entry, bytes: cached };
    }
    try {
      const { entry: current, content } = await view.store.client.read(view.store.id, entry.id);
      const bytes = Buffer.from(content, "utf8");
      this.#cache.set(current.sha256, bytes);
      if (current.path === entry.path) view.setEntry(current);
      return { entry: current, bytes };
    } catch (err) {
      if (err instanceof StoreClientError && err.code === "not_found") view.deleteEntry(entry.path);
      throw err;
    }
  }

  #attach(draft: Draft): number {
    const fd = this.#nextFd++;
    draft.openCount++;
    this.#handles.set(fd, draft);
    return fd;
  }

  async create(fusePath: string): Promise<number> {
    const { view, path } = this.#locateWritable(fusePath);
    checkMemoryPath(path);
    await view.fresh();
    let draft = this.#draft(view, path);
    if (draft) {
      draft.truncate(0, false);
      return this.#attach(draft);
    }
    if (view.isDir(path)) throw new PosixError("EISDIR");
    const existing = view.entries.get(path);
    draft = existing
      ? new Draft(view, path, existing.id, existing.sha256, Buffer.alloc(0))
      : new Draft(view, path, null, null, Buffer.alloc(0));
    draft.scratch = !existing && isScratchName(path);
    draft.markChanged();
    this.#drafts.get(view)!.set(path, draft);
    return this.#attach(draft);
  }

  #handle(fd: number): Draft {
    const d = this.#handles.get(fd);
    if (!d) throw new PosixError("EBADF");
    return d;
  }

  read(fd: number, target: Buffer, length: number, position: number): number {
    return this.#handle(fd).read(target, length, position);
  }

  write(fd: number, source: Buffer, length: number, position: number): number {
    const d = this.#handle(fd);
    if (this.readOnly || d.view.store.readOnly) throw new PosixError("EROFS");
    return d.write(source, length, position);
  }

  ftruncate(fd: number, size: number): void {
    const d = this.#handle(fd);
    if (this.readOnly || d.view.store.readOnly) throw new PosixError("EROFS");
    d.truncate(size);
  }

  /**
   * close(2) and fsync(2): writes the file as one version if its content changed through
   * write()/ftruncate(). A shell redirect (`echo x > f`) closes a dup of the descriptor
   * before writing, so a close with no write since the last commit defers to release():
   * created-empty and truncated-only files are written when the last descriptor goes.
   */
  async flush(fd: number): Promise<void> {
    const d = this.#handle(fd);
    if (d.touched) await this.#commit(d);
  }

  /** Last close of an open file: writes what flush deferred. Errors cannot reach the caller here. */
  async release(fd: number): Promise<void> {
    const d = this.#handles.get(fd);
    if (!d) return;
    this.#handles.delete(fd);
    if (--d.openCount > 0 || d.scratch) return;
    try {
      // If another open attached while this waited for the lock, its own close writes.
      await this.#locked(d.view, () => (d.openCount === 0 ? this.#writeOut(d) : Promise.resolve()));
    } finally {
      // An open that arrived while this write-out ran keeps the draft.
      const map = this.#drafts.get(d.view)!;
      if (d.openCount === 0 && map.get(d.path) === d) map.delete(d.path);
    }
  }

  /** Serialises writes per store, so listing, occupancy and our cache agree. */
  #locked<T>(view: StoreView, fn: () => Promise<T>): Promise<T> {
    const prev = this.#locks.get(view) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    this.#locks.set(view, run.catch(() => undefined));
    return run;
  }

  #commit(d: Draft): Promise<void> {
    return this.#locked(d.view, () => this.#writeOut(d));
  }

  /** The body of #commit, for callers that already hold the store's lock. */
  async #writeOut(d: Draft): Promise<void> {
    d.touched = false;
    if (d.refused) throw d.refused;
    if (d.scratch || !d.changed) return;
    const { view } = d;
    const gen = d.gen;
    const bytes = Buffer.from(d.bytes()); // a copy: writes may land while the request is out
    const content = decodeContent(bytes);
    let entry: MemoryEntry;
    if (d.memoryId === null) {
      entry = await view.store.client.create(view.store.id, d.path, content);
    } else {
      try {
        entry = await view.store.client.update(view.store.id, d.memoryId, { content }, d.baseSha!);
      } catch (err) {
        // Deleted by someone else while open here: the write re-creates it (the delete stays in history).
        if (!(err instanceof StoreClientError && err.code === "not_found")) throw err;
        entry = await view.store.client.create(view.store.id, d.path, content);
      }
    }
    this.#cache.set(entry.sha256, bytes);
    d.memoryId = entry.id;
    d.baseSha = entry.sha256;
    d.cleanGen = gen;
    if (d.path === entry.path) view.setEntry(entry);
  }

  /** Writes every changed open file (before unmount). Returns the failures. */
  async flushAll(): Promise<unknown[]> {
    const failures: unknown[] = [];
    const drafts = new Set(this.#handles.values());
    for (const d of drafts) await this.#commit(d).catch((err: unknown) => failures.push(err));
    return failures;
  }

  // ---- namespace changes -----------------------------------------------------------------

  async truncate(fusePath: string, size: number): Promise<void> {
    const { view, path } = this.#locateWritable(fusePath);
    const open = this.#draft(view, path);
    if (open) return open.truncate(size);
    await view.fresh();
    const entry = view.entries.get(path);
    if (!entry) throw new PosixError(view.isDir(path) ? "EISDIR" : "ENOENT");
    const { entry: current, bytes } = await this.#load(view, entry);
    const d = new Draft(view, path, current.id, current.sha256, Buffer.from(bytes));
    d.truncate(size);
    await this.#commit(d);
  }

  async unlink(fusePath: string): Promise<void> {
    const { view, path } = this.#locateWritable(fusePath);
    const draft = this.#draft(view, path);
    await this.#locked(view, async () => {
      await view.fresh();
      const entry = view.entries.get(path);
      if (draft) {
        draft.orphaned = true;
        this.#drafts.get(view)!.delete(path);
      }
      if (!entry) {
        if (draft) return;
        throw new PosixError(view.isDir(path) ? "EISDIR" : "ENOENT");
      }
      try {
        await view.store.client.remove(view.store.id, entry.id, entry.sha256);
      } catch (err) {
        if (!(err instanceof StoreClientError && err.code === "not_found")) throw err;
      }
      view.deleteEntry(path);
    });
  }

  async mkdir(fusePath: string): Promise<void> {
    const { view, path } = this.#locateWritable(fusePath);
    checkMemoryPath(path);
    await view.fresh();
    if (view.entries.has(path) || view.isDir(path) || this.#draft(view, path)) throw new PosixError("EEXIST");
    view.emptyDirs.add(path);
    view.touch();
  }

  async rmdir(fusePath: string): Promise<void> {
    const { view, path } = this.#locateWritable(fusePath);
    await view.fresh();
    if (view.entries.has(path)) throw new PosixError("ENOTDIR");
    if (!view.isDir(path)) throw new PosixError("ENOENT");
    if (view.childrenOf(path).length > 0 || this.#hasDraftUnder(view, path)) throw new PosixError("ENOTEMPTY");
    view.emptyDirs.delete(path);
    view.touch();
  }

  async rename(fromFuse: string, toFuse: string): Promise<void> {
    const from = this.#locateWritable(fromFuse);
    const to = this.#locateWritable(toFuse);
    if (from.view !== to.view) throw new PosixError("EXDEV", "rename across stores");
    const view = from.view;
    checkMemoryPath(to.path);
    if (from.path === to.path) return;
    if (to.path.startsWith(from.path + "/")) throw new PosixError("EINVAL", "cannot move a directory into itself");
    await this.#locked(view, async () => {
      await view.fresh();
      const draft = this.#draft(view, from.path);
      const entry = view.entries.get(from.path);
      if (entry || draft) return this.#renameFile(view, from.path, to.path, entry, draft);
      if (view.isDir(from.path)) return this.#renameDir(view, from.path, to.path);
      throw new PosixError("ENOENT");
    });
  }

  async #renameFile(view: StoreView, from: string, to: string, entry: MemoryEntry | undefined, draft: Draft | undefined) {
    if (view.isDir(to) || this.#hasDraftUnder(view, to)) throw new PosixError("EISDIR");
    const target = view.entries.get(to);
    const targetDraft = this.#draft(view, to);
    const drafts = this.#drafts.get(view)!;
    if (!entry) {
      // Never written to the store yet: move the open file; its flush writes at the new path.
      drafts.delete(from);
      if (targetDraft) targetDraft.orphaned = true;
      draft!.path = to;
      if (target) {
        draft!.memoryId = target.id;
        draft!.baseSha = target.sha256;
      }
      drafts.set(to, draft!);
      if (draft!.scratch && !isScratchName(to)) {
        // A closed scratch file renamed to an ordinary name is written now, as if just closed.
        draft!.scratch = false;
        if (draft!.openCount === 0) {
          try {
            await this.#writeOut(draft!);
          } finally {
            if (drafts.get(to) === draft) drafts.delete(to);
          }
        }
      }
      return;
    }
    if (target) {
      // Replace (atomic save, sed -i): the target keeps its id and gets the source's content
      // (one `modified`), then the source is deleted (one `deleted`).
      const bytes = draft && draft.baseSha === entry.sha256 ? draft.bytes() : (await this.#load(view, entry)).bytes;
      const updated = await view.store.client.update(view.store.id, target.id, { content: decodeContent(bytes) }, target.sha256);
      try {
        await view.store.client.remove(view.store.id, entry.id, entry.sha256);
      } catch (err) {
        if (!(err instanceof StoreClientError && err.code === "not_found")) throw err;
      }
      view.deleteEntry(from);
      view.setEntry(updated);
      if (targetDraft) targetDraft.orphaned = true;
      if (draft) {
        drafts.delete(from);
        draft.path = to;
        draft.memoryId = updated.id;
        draft.baseSha = updated.sha256;
        drafts.set(to, draft);
      }
      return;
    }
    // Plain move: one `modified` version, same memory id.
    const moved = await view.store.client.update(view.store.id, entry.id, { path: to }, entry.sha256);
    view.deleteEntry(from);
    view.setEntry(moved);
    if (draft) {
      drafts.delete(from);
      draft.path = to;
      drafts.set(to, draft);
    }
  }

  async #renameDir(view: StoreView, from: string, to: string) {
    if (view.entries.has(to)) throw new PosixError("ENOTDIR");
    if (view.isDir(to) && (view.childrenOf(to).length > 0 || this.#hasDraftUnder(view, to))) throw new PosixError("ENOTEMPTY");
    for (const p of [...view.entries.keys(), ...this.#drafts.get(view)!.keys()]) {
      if (p.startsWith(from + "/")) checkMemoryPath(to + p.slice(from.length));
    }
    // One `modified` version per memory moved; not atomic across memories.
    for (const e of view.entriesUnder(from)) {
      const moved = await view.store.client.update(view.store.id, e.id, { path: to + e.path.slice(from.length) }, e.sha256);
      view.deleteEntry(e.path);
      view.setEntry(moved);
    }
    const drafts = this.#drafts.get(view)!;
    for (const [p, d] of [...drafts]) {
      if (!p.startsWith(from + "/")) continue;
      drafts.delete(p);
      d.path = to + p.slice(from.length);
      drafts.set(d.path, d);
    }
    for (const d of [...view.emptyDirs]) {
      if (d === from || d.startsWith(from + "/")) {
        view.emptyDirs.delete(d);
        view.emptyDirs.add(to + d.slice(from.length));
      }
    }
    view.emptyDirs.delete(to);
    view.touch();
  }

  /** chmod/chown/utimens: accepted and ignored on writable stores (memories have no modes). */
  async setattr(fusePath: string): Promise<void> {
    this.#locateWritable(fusePath);
    await this.getattr(fusePath);
  }
}
