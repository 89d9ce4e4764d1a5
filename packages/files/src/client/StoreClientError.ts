// Typed failures of a StoreClient call. `code` is stable; errno.ts maps it to POSIX.
export type StoreErrorCode =
  | "not_found"
  | "precondition_failed"
  | "path_conflict"
  | "too_large"
  | "invalid_path"
  | "invalid_utf8"
  | "invalid_request"
  | "limit_exceeded"
  | "read_only"
  | "permission_denied"
  | "unauthenticated"
  | "unavailable";

export class StoreClientError extends Error {
  readonly code: StoreErrorCode;
  /** For `path_conflict`: the path of the memory that blocks the write, when the server names it. */
  readonly conflictingPath: string | undefined;

  constructor(code: StoreErrorCode, message: string, opts: { conflictingPath?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "StoreClientError";
    this.code = code;
    this.conflictingPath = opts.conflictingPath;
  }

  toJSON(): { code: StoreErrorCode; message: string; conflictingPath?: string } {
    return { code: this.code, message: this.message, ...(this.conflictingPath ? { conflictingPath: this.conflictingPath } : {}) };
  }
}

export function isStoreClientError(err: unknown): err is StoreClientError {
  return err instanceof StoreClientError;
}
