// The mount's file system, independent of the FUSE binding: every method takes paths as the
// kernel gives them ("/<slug>/a/b.md") and returns a value or throws PosixError /
// StoreClientError (mapped to errno by errno.ts). docs/decisions/0021-mount-semantics.md.
import { checkMemoryPath } from "../client/limits.ts";
import { StoreClientError } from "../client/StoreClientError.ts";
import { errnoNameFor, PosixError } from "../errno.ts";
import { ContentLoader } from "./ContentLoader.ts";
import { Draft, isScratchName } from "./Draft.ts";
import { MountTree } from "./MountTree.ts";
import { renameDir, renameFile } from "./renameInStore.ts";
import { StoreCalls } from "./StoreCalls.ts";
import { checkHeld, holds, TempHolds } from "./TempHolds.ts";
import { writeOut } from "./writeOut.ts";
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

export class MemoryFs {
  readonly #tree: MountTree;
  readonly #handles = new Map<number, Draft>();
  readonly #content = new ContentLoader();
  readonly #started = new Date();
  readonly #holds: TempHolds;
  readonly #notice: (message: string) => void;
  #nextFd = 1;

  constructor(
    stores: MountedStore[],
    opts: { ttlMs: number; readOnly: boolean; deadlineMs: number; notice: (message: string) => void },
  ) {
    const views = stores.map((s) => {
      const calls = new StoreCalls(s.id, s.client, { deadlineMs: opts.deadlineMs, notice: (m) => opts.notice(`/${s.slug}: ${m}`) });
      return new StoreView(s, opts.ttlMs, calls);
    });
    this.#tree = new MountTree(views, opts.readOnly);
    this.#notice = opts.notice;
    this.#holds = new TempHolds((d) =>
      this.#writeClosed(d).catch((err: unknown) => {
        this.#notice(`/${d.view.store.slug}${d.path} was not written after its last close: ${errnoNameFor(err)} (${err instanceof Error ? err.message : String(err)})`);
      }),
    );
  }

  async getattr(fusePath: string): Promise<Attr> {
    const loc = this.#tree.locate(fusePath);
    if (!loc) return { kind: "dir", size: 4096, mtime: this.#started, writable: false };
    const { view, path } = loc;
    const writable = this.#tree.isWritable(view);
    if (path === "") return { kind: "dir", size: 4096, mtime: this.#started, writable };
    const draft = view.drafts.get(path);
    if (draft) {
      view.showDraft(draft);
      return { kind: "file", size: draft.size, mtime: new Date(), writable };
    }
    await view.fresh();
    const entry = view.entries.get(path);
    if (entry) {
      view.showEntry(entry);
      return { kind: "file", size: entry.size, mtime: new Date(entry.updatedAt), writable };
    }
    if (view.isDir(path) || view.hasDraftUnder(path)) return { kind: "dir", size: 4096, mtime: this.#started, writable };
    throw new PosixError("ENOENT");
  }

  async readdir(fusePath: string): Promise<string[]> {
    const loc = this.#tree.locate(fusePath);
    if (!loc) return this.#tree.views.map((v) => v.store.slug);
    const { view, path } = loc;
    await view.fresh();
    if (path !== "" && !view.isDir(path) && !view.hasDraftUnder(path)) {
      if (view.entries.has(path)) throw new PosixError("ENOTDIR");
      throw new PosixError("ENOENT");
    }
    const names = new Set(view.childrenOf(path));
    this.#content.prefetch(view, path);
    const prefix = path + "/";
    for (const p of view.drafts.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]!);
    }
    return [...names];
  }

  // ---- open / read / write / close -------------------------------------------------------

  async open(fusePath: string, flags: number): Promise<number> {
    const writing = (flags & O_ACCMODE) !== 0 || (flags & (O_TRUNC | O_APPEND)) !== 0;
    const loc = writing ? this.#tree.locateWritable(fusePath) : this.#tree.locate(fusePath);
    if (!loc || loc.path === "") throw new PosixError("EISDIR");
    const { view, path } = loc;
    let draft = view.drafts.get(path);
    if (!draft) {
      await view.fresh();
      const entry = view.entries.get(path);
      if (!entry) throw new PosixError(view.isDir(path) ? "EISDIR" : "ENOENT");
      if (flags & O_TRUNC) {
        draft = new Draft(view, path, entry.id, entry.sha256, Buffer.alloc(0));
        draft.markChanged();
      } else {
        const { sha256, bytes } = await this.#content.load(view, view.wanted(entry));
        draft = new Draft(view, path, entry.id, sha256, Buffer.from(bytes));
      }
      const again = view.drafts.get(path); // another open raced ours
      if (again) draft = again;
      else view.drafts.set(path, draft);
    } else if (flags & O_TRUNC) {
      draft.truncate(0, false);
    }
    return this.#attach(draft);
  }

  #attach(draft: Draft): number {
    const fd = this.#nextFd++;
    draft.openCount++;
    this.#handles.set(fd, draft);
    return fd;
  }

  async create(fusePath: string): Promise<number> {
    const { view, path } = this.#tree.locateWritable(fusePath);
    checkMemoryPath(path);
    await view.fresh();
    let draft = view.drafts.get(path);
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
    view.drafts.set(path, draft);
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
    this.#tree.assertWritable(d.view);
    return d.write(source, length, position);
  }

  ftruncate(fd: number, size: number): void {
    const d = this.#handle(fd);
    this.#tree.assertWritable(d.view);
    d.truncate(size);
  }

  /**
   * close(2) and fsync(2): writes the file as one version if its content changed through
   * write()/ftruncate(). A shell redirect (`echo x > f`) closes a dup of the descriptor
   * before writing, so a close with no write since the last commit defers to release():
   * created-empty and truncated-only files are written when the last descriptor goes.
   * A new file named like a temp file is held instead (TempHolds): only checked here.
   */
  async flush(fd: number): Promise<void> {
    const d = this.#handle(fd);
    if (!d.touched) return;
    try {
      if (holds(d)) checkHeld(d);
      else await this.#commit(d);
    } catch (err) {
      d.failedGen = d.gen; // this close reports the failure: release must not write it after all
      throw err;
    }
  }

  /** Last close of an open file: writes what flush deferred. Errors cannot reach the caller here. */
  async release(fd: number): Promise<void> {
    const d = this.#handles.get(fd);
    if (!d) return;
    this.#handles.delete(fd);
    if (--d.openCount > 0 || d.scratch) return;
    if (holds(d)) return this.#holds.hold(d);
    await this.#writeClosed(d);
  }

  async #writeClosed(d: Draft): Promise<void> {
    try {
      // If another open attached while this waited for the lock, its own close writes.
      await d.view.writes.run(() => (d.openCount === 0 ? writeOut(d, this.#content) : Promise.resolve()));
    } finally {
      // An open that arrived while this write-out ran keeps the draft.
      const map = d.view.drafts;
      if (d.openCount === 0 && map.get(d.path) === d) map.delete(d.path);
    }
  }

  #commit(d: Draft): Promise<void> {
    return d.view.writes.run(() => writeOut(d, this.#content));
  }

  /** Unmounting, step one: see MountTree.stop. */
  stopWrites(): void {
    this.#tree.stop();
  }

  /**
   * Writes every changed open file, after the writes already queued. With stopWrites first,
   * every write() that returned success is in the store afterwards. Returns the failures.
   */
  async flushAll(): Promise<unknown[]> {
    const failures: unknown[] = [];
    const drafts = new Set([...this.#handles.values(), ...this.#holds.drain()]);
    for (const d of drafts) await this.#commit(d).catch((err: unknown) => failures.push(err));
    await Promise.all(this.#tree.views.map((v) => v.writes.idle())); // releases queued meanwhile
    return failures;
  }

  /** Unmount past its grace: writes still waiting for the server's answer give up (EIO). */
  abandonWaits(): void {
    for (const v of this.#tree.views) v.calls.abandon();
  }

  // ---- namespace changes -----------------------------------------------------------------

  async truncate(fusePath: string, size: number): Promise<void> {
    const { view, path } = this.#tree.locateWritable(fusePath);
    const open = view.drafts.get(path);
    if (open) return open.truncate(size);
    await view.fresh();
    const entry = view.entries.get(path);
    if (!entry) throw new PosixError(view.isDir(path) ? "EISDIR" : "ENOENT");
    const { sha256, bytes } = await this.#content.load(view, entry);
    const d = new Draft(view, path, entry.id, sha256, Buffer.from(bytes));
    d.truncate(size);
    await this.#commit(d);
  }

  async unlink(fusePath: string): Promise<void> {
    const { view, path } = this.#tree.locateWritable(fusePath);
    const draft = view.drafts.get(path);
    await view.writes.run(async () => {
      await view.fresh();
      const entry = view.entries.get(path);
      if (draft) {
        draft.orphaned = true;
        view.drafts.delete(path);
      }
      if (!entry) {
        if (draft) return;
        throw new PosixError(view.isDir(path) ? "EISDIR" : "ENOENT");
      }
      try {
        await view.calls.remove(entry.id, entry.sha256, path);
      } catch (err) {
        if (!(err instanceof StoreClientError && err.code === "not_found")) throw err;
      }
      view.deleteEntry(path);
    });
    view.forgetShown(path);
  }

  async mkdir(fusePath: string): Promise<void> {
    const { view, path } = this.#tree.locateWritable(fusePath);
    checkMemoryPath(path);
    await view.fresh();
    if (view.entries.has(path) || view.isDir(path) || view.drafts.get(path)) throw new PosixError("EEXIST");
    view.emptyDirs.add(path);
    view.touch();
  }

  async rmdir(fusePath: string): Promise<void> {
    const { view, path } = this.#tree.locateWritable(fusePath);
    await view.fresh();
    if (view.entries.has(path)) throw new PosixError("ENOTDIR");
    if (!view.isDir(path)) throw new PosixError("ENOENT");
    if (view.childrenOf(path).length > 0 || view.hasDraftUnder(path)) throw new PosixError("ENOTEMPTY");
    view.emptyDirs.delete(path);
    view.touch();
  }

  async rename(fromFuse: string, toFuse: string): Promise<void> {
    const from = this.#tree.locateWritable(fromFuse);
    const to = this.#tree.locateWritable(toFuse);
    if (from.view !== to.view) throw new PosixError("EXDEV", "rename across stores");
    const view = from.view;
    checkMemoryPath(to.path);
    if (from.path === to.path) return;
    if (to.path.startsWith(from.path + "/")) throw new PosixError("EINVAL", "cannot move a directory into itself");
    await view.writes.run(async () => {
      await view.fresh();
      const draft = view.drafts.get(from.path);
      const entry = view.entries.get(from.path);
      if (entry || draft) return renameFile(view, from.path, to.path, entry, draft, this.#content);
      if (view.isDir(from.path)) return renameDir(view, from.path, to.path);
      throw new PosixError("ENOENT");
    });
    view.forgetShown(from.path);
    view.forgetShown(to.path);
  }

  /** chmod/chown/utimens: accepted and ignored on writable stores (memories have no modes). */
  async setattr(fusePath: string): Promise<void> {
    this.#tree.locateWritable(fusePath);
    await this.getattr(fusePath);
  }
}
