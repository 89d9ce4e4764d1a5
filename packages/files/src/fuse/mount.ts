// Mounts stores through FUSE (@cocalc/fuse-native over the system libfuse 2): one directory
// per store named by its slug, the parent read-only. docs/decisions/0020-fuse-binding.md and
// 0021-mount-semantics.md.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { StoreClient } from "../client/StoreClient.ts";
import { errnoFor, errnoNameFor, PosixError } from "../errno.ts";
import { MemoryFs, type Attr } from "./MemoryFs.ts";
import { slugForName } from "./slugForName.ts";
import type { MountedStore } from "./StoreView.ts";

/** Seconds the kernel may cache attributes and names; the listing cache uses the same bound. */
export const DEFAULT_CACHE_TTL_MS = 1000;

/**
 * How long one request to the server may take before it is aborted. An operation makes at
 * most three in a row (a listing, a read, a version read), so this stays below a third of the
 * binding's timeout for operations that only read. Decision 0023.
 */
const DEFAULT_REQUEST_DEADLINE_MS = 10_000;
const READ_OPS_TIMEOUT_MS = 60_000;
/** How long unmounting waits for writes the server has not confirmed before giving them up. */
const UNMOUNT_GRACE_MS = 30_000;

export interface MountStoreSpec {
  id: string;
  /** Directory name; defaults to the slug of the store's name (spec §10.3). */
  slug?: string;
  readOnly?: boolean;
  /** Client for this store; defaults to MountOptions.client. */
  client?: StoreClient;
}

export interface MountOptions {
  dir: string;
  stores: MountStoreSpec[];
  client?: StoreClient;
  /** Mount read-only at the kernel level (`-o ro`): every write fails with EROFS. */
  readOnly?: boolean;
  /** Staleness bound for others' writes, split between the kernel and the listing cache. */
  cacheTtlMs?: number;
  /** Per request to the server; a request still unanswered then is aborted. Default 10 s. */
  requestDeadlineMs?: number;
  debug?: boolean;
}

export interface Mount {
  readonly dir: string;
  readonly stores: readonly MountedStore[];
  readonly fs: MemoryFs;
  /**
   * Stops accepting changes (EROFS from then on), writes every changed open file, then
   * unmounts. Resolves to the files that could not be written (empty when all were).
   */
  unmount(): Promise<unknown[]>;
}

export class FuseUnavailableError extends Error {
  readonly code = "FUSE_UNAVAILABLE";
  constructor(why: string) {
    super(`FUSE is not available here (${why}); use \`memgit sync\` to work on a synced directory instead`);
    this.name = "FuseUnavailableError";
  }
}

/** Null when FUSE can be used here, else why not. MEMGIT_FUSE_DEVICE overrides the device path (tests). */
export function fuseAvailable(device = process.env.MEMGIT_FUSE_DEVICE || "/dev/fuse"): string | null {
  if (!existsSync(device)) return `no ${device}`;
  try {
    loadFuse();
  } catch (err) {
    return `the FUSE binding did not load: ${err instanceof Error ? err.message : String(err)}`;
  }
  return null;
}

type FuseCtor = new (mnt: string, ops: object, opts: object) => FuseInstance;
interface FuseInstance {
  mount(cb: (err: Error | null) => void): void;
  unmount(cb: (err: Error | null) => void): void;
  _fuseOptions(): string;
}

function loadFuse(): FuseCtor {
  return createRequire(import.meta.url)("@cocalc/fuse-native") as FuseCtor;
}

const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;

function stat(a: Attr) {
  const perm = a.kind === "dir" ? (a.writable ? 0o755 : 0o555) : a.writable ? 0o644 : 0o444;
  return {
    mode: (a.kind === "dir" ? 0o040000 : 0o100000) | perm,
    uid,
    gid,
    size: a.size,
    nlink: a.kind === "dir" ? 2 : 1,
    blksize: 4096,
    blocks: Math.ceil(a.size / 512),
    mtime: a.mtime,
    atime: a.mtime,
    ctime: a.mtime,
  };
}

export async function mount(opts: MountOptions): Promise<Mount> {
  const why = fuseAvailable();
  if (why) throw new FuseUnavailableError(why);
  const ttlMs = opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const deadlineMs = opts.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
  if (!(deadlineMs > 0 && deadlineMs * 3 < READ_OPS_TIMEOUT_MS))
    throw new RangeError(`requestDeadlineMs must be above 0 and below ${READ_OPS_TIMEOUT_MS / 3} ms`);
  const stores: MountedStore[] = [];
  for (const s of opts.stores) {
    const client = s.client ?? opts.client;
    if (!client) throw new Error(`no client for store ${s.id}`);
    const slug = s.slug ?? slugForName((await client.store(s.id)).name, s.id);
    stores.push({ id: s.id, slug, readOnly: !!s.readOnly, client });
  }
  const notice = (message: string) => process.stderr.write(`memgit mount: ${message}\n`);
  const fs = new MemoryFs(stores, { ttlMs, readOnly: !!opts.readOnly, deadlineMs, notice });

  type Cb = (code: number, ...rest: unknown[]) => void;
  const run = (cb: Cb, fn: () => Promise<unknown> | unknown, path?: string) => {
    Promise.resolve()
      .then(fn)
      .then(
        (v) => (v === undefined ? cb(0) : cb(0, v)),
        (err: unknown) => {
          if (opts.debug) process.stderr.write(`memgit mount: ${path ?? ""}: ${String(err)}\n`);
          // Conflicts are judged on store paths: drop the "/<slug>" the kernel path starts with.
          const i = path ? path.indexOf("/", 1) : -1;
          cb(errnoFor(err, i > 0 ? path!.slice(i) : undefined));
        },
      );
  };
  // read/write answer with the byte count (or a negative errno) in the first position.
  const runCount = (cb: (n: number) => void, fn: () => number) => {
    try {
      cb(fn());
    } catch (err) {
      cb(errnoFor(err));
    }
  };
  const ops = {
    getattr: (p: string, cb: Cb) => run(cb, async () => stat(await fs.getattr(p))),
    fgetattr: (p: string, _fd: number, cb: Cb) => run(cb, async () => stat(await fs.getattr(p))),
    readdir: (p: string, cb: Cb) => run(cb, () => fs.readdir(p)),
    open: (p: string, flags: number, cb: Cb) => run(cb, () => fs.open(p, flags), p),
    create: (p: string, _mode: number, cb: Cb) => run(cb, () => fs.create(p), p),
    read: (_p: string, fd: number, buf: Buffer, len: number, pos: number, cb: (n: number) => void) =>
      runCount(cb, () => fs.read(fd, buf, len, pos)),
    write: (_p: string, fd: number, buf: Buffer, len: number, pos: number, cb: (n: number) => void) =>
      runCount(cb, () => fs.write(fd, buf, len, pos)),
    flush: (p: string, fd: number, cb: Cb) => run(cb, () => fs.flush(fd), p),
    fsync: (p: string, _ds: boolean, fd: number, cb: Cb) => run(cb, () => fs.flush(fd), p),
    // The kernel ignores release's result, so a failed deferred write is reported here.
    release: (p: string, fd: number, cb: Cb) =>
      run(cb, () =>
        fs.release(fd).catch((err: unknown) => {
          process.stderr.write(`memgit mount: ${p} was not written at its last close: ${errnoNameFor(err)} (${err instanceof Error ? err.message : String(err)})\n`);
        }),
      ),
    truncate: (p: string, size: number, cb: Cb) => run(cb, () => fs.truncate(p, size), p),
    ftruncate: (_p: string, fd: number, size: number, cb: Cb) => run(cb, () => fs.ftruncate(fd, size)),
    unlink: (p: string, cb: Cb) => run(cb, () => fs.unlink(p), p),
    rename: (a: string, b: string, cb: Cb) => run(cb, () => fs.rename(a, b), b),
    mkdir: (p: string, _mode: number, cb: Cb) => run(cb, () => fs.mkdir(p), p),
    rmdir: (p: string, cb: Cb) => run(cb, () => fs.rmdir(p), p),
    chmod: (p: string, _mode: number, cb: Cb) => run(cb, () => fs.setattr(p)),
    chown: (p: string, _u: number, _g: number, cb: Cb) => run(cb, () => fs.setattr(p)),
    utimens: (p: string, _a: Date, _m: Date, cb: Cb) => run(cb, () => fs.setattr(p)),
    // Memories are regular files only (like vfat: EPERM, not "not implemented").
    symlink: (_a: string, _b: string, cb: Cb) => cb(errnoFor(new PosixError("EPERM"))),
    link: (_a: string, _b: string, cb: Cb) => cb(errnoFor(new PosixError("EPERM"))),
    mknod: (_p: string, _mode: number, _dev: number, cb: Cb) => cb(errnoFor(new PosixError("EPERM"))),
    statfs: (_p: string, cb: Cb) =>
      cb(0, { bsize: 4096, frsize: 4096, blocks: 25600, bfree: 25600, bavail: 25600, files: 2000, ffree: 2000, favail: 2000, fsid: 0, flag: 0, namemax: 255 }),
  };

  const Fuse = loadFuse();
  // Operations that may write answer only once the write's outcome is known (StoreCalls), so
  // the binding must not answer ETIMEDOUT for them meanwhile: that failure could turn out false.
  // The others are bounded by the request deadline; the binding's timeout is a backstop.
  const mayWrite = ["flush", "fsync", "release", "unlink", "rename", "truncate"];
  const timeout = { default: READ_OPS_TIMEOUT_MS, ...Object.fromEntries(mayWrite.map((op) => [op, false])) };
  const fuse = new Fuse(opts.dir, ops, { force: true, timeout });
  const ttl = String(ttlMs / 1000);
  const mountOpts = [
    "fsname=memgit",
    "auto_unmount", // fusermount unmounts if this process dies, so a crash never leaves a dead mount
    "subtype=memgit",
    "auto_cache", // keep the page cache across opens while size and mtime are unchanged
    "atomic_o_trunc", // open(O_TRUNC) reaches open(), so `echo >` is one version, not two
    "big_writes",
    "max_write=131072",
    `entry_timeout=${ttl}`,
    `attr_timeout=${ttl}`,
    "negative_timeout=0",
    ...(opts.debug ? ["debug"] : []),
    ...(opts.readOnly ? ["ro"] : []),
  ];
  fuse._fuseOptions = () => "-o" + mountOpts.join(",");
  await new Promise<void>((resolve, reject) => fuse.mount((err) => (err ? reject(err) : resolve())));

  let unmounting: Promise<unknown[]> | null = null;
  return {
    dir: opts.dir,
    stores,
    fs,
    unmount() {
      // Stop, flush, unmount, in that order: a write() accepted after the flush read the bytes
      // would be acknowledged and lost (fusermount -uz is lazy: open descriptors keep working).
      unmounting ??= (async () => {
        fs.stopWrites();
        const grace = setTimeout(() => fs.abandonWaits(), UNMOUNT_GRACE_MS);
        try {
          const failures = await fs.flushAll();
          await new Promise<void>((resolve, reject) => fuse.unmount((err) => (err ? reject(err) : resolve())));
          return failures;
        } finally {
          clearTimeout(grace);
        }
      })();
      return unmounting;
    },
  };
}
