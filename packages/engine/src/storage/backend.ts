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
  | "fdatasync"
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

/** Durability barrier for a directory entry (create, rename, unlink). */
export function syncDir(backend: Backend, dir: string): void {
  if (!backend.flags.fsync) return;
  const fd = backend.fs.openSync(dir, "r");
  try {
    backend.fs.fsyncSync(fd);
  } finally {
    backend.fs.closeSync(fd);
  }
}

/** Writes a whole file durably under a temporary name, then renames it into place. */
export function writeFileAtomic(backend: Backend, path: string, data: Uint8Array | string, dir: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = backend.fs.openSync(tmp, "w");
  try {
    backend.fs.writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    if (backend.flags.fsync) backend.fs.fsyncSync(fd);
  } finally {
    backend.fs.closeSync(fd);
  }
  backend.fs.renameSync(tmp, path);
  syncDir(backend, dir);
}
