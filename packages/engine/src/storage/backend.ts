// The storage seam (docs/decisions/0001-write-path.md). A backend is a node:fs-shaped file
// system plus flags saying what it can do; everything above works on any backend and asks
// the flags, never `instanceof`.
import type * as nodeFs from "node:fs";

export type StorageFs = Pick<
  typeof nodeFs,
  | "mkdirSync"
  | "writeFileSync"
  | "readFileSync"
  | "renameSync"
  | "unlinkSync"
  | "rmSync"
  | "readdirSync"
  | "existsSync"
  | "statSync"
  | "openSync"
  | "closeSync"
  | "writeSync"
  | "readSync"
  | "fsyncSync"
  | "fdatasyncSync"
  | "fsync"
  | "ftruncateSync"
>;

export interface BackendFlags {
  /** Data survives the process (and, with fsync, a power cut). */
  persistent: boolean;
  /** fsync is real: acknowledgements wait for it. */
  fsync: boolean;
  /** The native `git` binary can operate on the repositories (repack, clone serving). */
  nativeGit: boolean;
}

export interface Backend {
  readonly name: string;
  readonly fs: StorageFs;
  readonly root: string;
  readonly flags: BackendFlags;
  /** Where a derived SQLite index for `path` lives: the path itself, or ":memory:". */
  sqlitePath(path: string): string;
}

/** fsync on the thread pool: a checkpoint's flush of a large pack must not block writes. */
export function fsyncFd(backend: Backend, fd: number): Promise<void> {
  if (!backend.flags.fsync) return Promise.resolve();
  return new Promise((resolve, reject) => backend.fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
}

/** Durability barrier for a directory entry (create, rename, unlink). */
export async function syncDir(backend: Backend, dir: string): Promise<void> {
  if (!backend.flags.fsync) return;
  const fd = backend.fs.openSync(dir, "r");
  try {
    await fsyncFd(backend, fd);
  } finally {
    backend.fs.closeSync(fd);
  }
}

/**
 * Writes a whole file under a temporary name, fsyncs it, and renames it into place, so readers
 * see the old file or the new one, never a torn one. The caller syncs the directory (once for
 * several files) to make the rename itself durable.
 */
export async function writeFileDurably(backend: Backend, path: string, data: Uint8Array | string, tmpSuffix = ".tmp"): Promise<void> {
  const tmp = path + tmpSuffix;
  const fd = backend.fs.openSync(tmp, "w");
  try {
    backend.fs.writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    await fsyncFd(backend, fd);
  } finally {
    backend.fs.closeSync(fd);
  }
  backend.fs.renameSync(tmp, path);
}

export async function writeFileAtomic(backend: Backend, path: string, data: Uint8Array | string, dir: string): Promise<void> {
  await writeFileDurably(backend, path, data);
  await syncDir(backend, dir);
}
