// The one table from adapter failures to POSIX errno values (negative, as FUSE wants them).
// docs/decisions/0021-mount-semantics.md explains each row.
import { StoreClientError, type StoreErrorCode } from "./client/StoreClientError.ts";

export const ERRNO = {
  EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, EACCES: 13, EBUSY: 16, EEXIST: 17, EXDEV: 18,
  ENOTDIR: 20, EISDIR: 21, EINVAL: 22, EFBIG: 27, ENOSPC: 28, EROFS: 30, ENAMETOOLONG: 36,
  ENOSYS: 38, ENOTEMPTY: 39, EILSEQ: 84, ETIMEDOUT: 110,
} as const;
export type ErrnoName = keyof typeof ERRNO;

/** StoreClientError code → errno name. */
export const ERRNO_TABLE: Readonly<Record<StoreErrorCode, ErrnoName>> = {
  not_found: "ENOENT", // memory gone (deleted by someone else)
  precondition_failed: "EBUSY", // a concurrent change won; ours is refused, theirs is in history
  path_conflict: "EEXIST", // ENOTDIR instead when the blocker is an ancestor file (see errnoFor)
  too_large: "EFBIG", // content over 102,400 bytes
  invalid_path: "EINVAL", // path breaks §6.1 (segments, bytes, NFC, control chars)
  invalid_utf8: "EILSEQ", // content is not UTF-8
  invalid_request: "EINVAL", // any other 400
  limit_exceeded: "ENOSPC", // memory-count or storage cap of the store
  read_only: "EROFS", // read_only attachment or read-only mount
  permission_denied: "EACCES", // 403 (e.g. a session token writing a read_only store)
  unauthenticated: "EACCES", // 401
  unavailable: "EIO", // network failure or 5xx
  timeout: "ETIMEDOUT", // no answer before the mount's request deadline (nothing was applied)
};

/** Thrown inside adapters for plain POSIX outcomes (ENOENT on lookup, EISDIR, …). */
export class PosixError extends Error {
  readonly code: ErrnoName;
  constructor(code: ErrnoName, message: string = code) {
    super(message);
    this.name = "PosixError";
    this.code = code;
  }
}

/** Negative errno for any failure; `requestedPath` refines path conflicts. Unknown errors → EIO. */
export function errnoFor(err: unknown, requestedPath?: string): number {
  return -ERRNO[errnoNameFor(err, requestedPath)];
}

export function errnoNameFor(err: unknown, requestedPath?: string): ErrnoName {
  if (err instanceof PosixError) return err.code;
  if (err instanceof StoreClientError) {
    if (err.code === "path_conflict" && requestedPath && err.conflictingPath && requestedPath.startsWith(err.conflictingPath + "/"))
      return "ENOTDIR";
    return ERRNO_TABLE[err.code];
  }
  return "EIO";
}
