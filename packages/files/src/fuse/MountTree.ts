// Which store a kernel path ("/<slug>/a/b.md") lies in, and whether it may be changed: never
// the mount root or a read-only store, and nothing at all once unmounting has begun.
import { PosixError } from "../errno.ts";
import type { StoreView } from "./StoreView.ts";

export interface Located {
  view: StoreView;
  /** Path inside the store: "" for the store root, else "/a/b.md". */
  path: string;
}

export class MountTree {
  readonly views: readonly StoreView[];
  readonly #readOnly: boolean;
  readonly #bySlug = new Map<string, StoreView>();
  #stopped = false;

  constructor(views: StoreView[], readOnly: boolean) {
    this.views = views;
    this.#readOnly = readOnly;
    for (const v of views) {
      if (this.#bySlug.has(v.store.slug)) throw new Error(`two stores share the mount directory ${v.store.slug}`);
      this.#bySlug.set(v.store.slug, v);
    }
  }

  /** Null for the mount root. */
  locate(fusePath: string): Located | null {
    if (fusePath === "/") return null;
    const i = fusePath.indexOf("/", 1);
    const slug = i < 0 ? fusePath.slice(1) : fusePath.slice(1, i);
    const view = this.#bySlug.get(slug);
    if (!view) throw new PosixError("ENOENT");
    return { view, path: i < 0 ? "" : fusePath.slice(i) };
  }

  /** Like locate, for operations that change something: refuses the root and read-only stores. */
  locateWritable(fusePath: string): Located {
    if (fusePath.lastIndexOf("/") === 0) throw new PosixError("EROFS", "the mount root is read-only");
    const loc = this.locate(fusePath);
    if (!loc || loc.path === "") throw new PosixError("EROFS", "the mount root is read-only");
    this.assertWritable(loc.view);
    return loc;
  }

  isWritable(view: StoreView): boolean {
    return !this.#readOnly && !view.store.readOnly;
  }

  /** Throws EROFS unless changes to `view` are accepted now. */
  assertWritable(view: StoreView): void {
    if (!this.isWritable(view)) throw new PosixError("EROFS", "store is attached read-only");
    if (this.#stopped) throw new PosixError("EROFS", "the mount is unmounting");
  }

  /**
   * Unmounting, step one: from now on every change (write, truncate, create, rm, mv, mkdir)
   * fails with EROFS, so nothing is acknowledged after the final flush has read the bytes.
   */
  stop(): void {
    this.#stopped = true;
  }
}
