/**
 * Base of every error the engine throws on purpose. Adapters map `code` to their own
 * vocabulary in one table each (server: HTTP status + error.type; files: errno).
 * Tests assert `code` and `data`, never `message`.
 */
export type ErrorCode =
  | "NotFound"
  | "InvalidInput"
  | "TooLarge"
  | "PathConflict"
  | "PreconditionFailed"
  | "AlreadyExists"
  | "InvalidBundle"
  | "LimitExceeded"
  | "StoreArchived"
  | "NotRedactable"
  | "Corrupt"
  | "InsufficientStorage"
  | "Busy"
  | "StorageFailure"
  | "StoreLocked"
  | "Closed";

export abstract class MemgitError<D extends object = object> extends Error {
  abstract readonly code: ErrorCode;
  readonly data: D;

  constructor(message: string, data: D) {
    super(message);
    this.name = new.target.name;
    this.data = data;
  }

  toJSON(): { code: ErrorCode; message: string; data: D } {
    return { code: this.code, message: this.message, data: this.data };
  }
}

export function isMemgitError(err: unknown): err is MemgitError {
  return err instanceof MemgitError;
}
