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
  | "unavailable"
  | "timeout";

export class StoreClientError extends Error {
  readonly code: StoreErrorCode;
  /** For `path_conflict`: the path of the memory that blocks the write, when the server names it. */
  readonly conflictingPath: string | undefined;
  /**
   * The request may have reached the server and its effect is unknown: no answer came (a
   * deadline, a dropped connection) or the server failed after receiving it (5xx). False
   * for refusals and for requests that never left (connection refused, bad address).
   */
  readonly maybeApplied: boolean;
  /** The HTTP status when the server answered; undefined when no answer came. */
  readonly status: number | undefined;

  constructor(
    code: StoreErrorCode,
    message: string,
    opts: { conflictingPath?: string; cause?: unknown; maybeApplied?: boolean; status?: number } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "StoreClientError";
    this.code = code;
    this.conflictingPath = opts.conflictingPath;
    this.maybeApplied = opts.maybeApplied ?? false;
    this.status = opts.status;
  }

  toJSON(): { code: StoreErrorCode; message: string; conflictingPath?: string; maybeApplied?: true } {
    return {
      code: this.code,
      message: this.message,
      ...(this.conflictingPath ? { conflictingPath: this.conflictingPath } : {}),
      ...(this.maybeApplied ? { maybeApplied: true as const } : {}),
    };
  }
}

export function isStoreClientError(err: unknown): err is StoreClientError {
  return err instanceof StoreClientError;
}
