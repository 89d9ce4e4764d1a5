// The one place where failures become wire errors (spec §2.6). Routes throw ApiError or let
// engine MemgitErrors through; the error middleware in app.ts calls toApiError and renders.
import { isMemgitError, type ErrorCode, type MemgitError } from "@memgit/engine";

export type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "memory_path_conflict_error"
  | "memory_precondition_failed_error"
  | "checkpoint_conflict_error"
  | "conflict_error"
  | "remote_conflict_error"
  | "request_too_large"
  | "api_error";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    /** Flat members added inside `error` (only the path conflict has any). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const invalidRequest = (message: string) => new ApiError(400, "invalid_request_error", message);
export const notFound = (message: string) => new ApiError(404, "not_found_error", message);
export const permissionDenied = (message: string) => new ApiError(403, "permission_error", message);
export const unauthenticated = (message: string) => new ApiError(401, "authentication_error", message);

const engineTable: Record<ErrorCode, { status: number; type: ErrorType }> = {
  NotFound: { status: 404, type: "not_found_error" },
  InvalidInput: { status: 400, type: "invalid_request_error" },
  TooLarge: { status: 400, type: "invalid_request_error" },
  LimitExceeded: { status: 400, type: "invalid_request_error" },
  StoreArchived: { status: 400, type: "invalid_request_error" },
  NotRedactable: { status: 400, type: "invalid_request_error" },
  // An imported bundle broke a store rule; the message names the first bad commit.
  InvalidBundle: { status: 400, type: "invalid_request_error" },
  PathConflict: { status: 409, type: "memory_path_conflict_error" },
  PreconditionFailed: { status: 409, type: "memory_precondition_failed_error" },
  // A memgit extension (docs/api-extensions.md): the checkpoint name is taken.
  AlreadyExists: { status: 409, type: "checkpoint_conflict_error" },
  // Server faults: the engine could not serve a well-formed request.
  Corrupt: { status: 500, type: "api_error" },
  // A full disk: the write changed nothing and can succeed once space returns (docs/divergences.md).
  InsufficientStorage: { status: 507, type: "api_error" },
  StoreLocked: { status: 500, type: "api_error" },
  StorageFailure: { status: 500, type: "api_error" },
  // Out of file descriptors for a moment; the SDK retries 503s.
  Busy: { status: 503, type: "api_error" },
  // Only seen while shutting down; 503 lets the SDK retry against the next process.
  Closed: { status: 503, type: "api_error" },
};

function fromEngine(err: MemgitError): ApiError {
  const { status, type } = engineTable[err.code];
  if (err.code === "PathConflict") {
    const data = err.data as { conflictingMemoryId: string; conflictingPath: string };
    return new ApiError(status, type, err.message, {
      conflicting_memory_id: data.conflictingMemoryId,
      conflicting_path: data.conflictingPath,
    });
  }
  if (err.code === "AlreadyExists" && (err.data as { resource: string }).resource === "store")
    return new ApiError(409, "conflict_error", `memory store ${(err.data as { id: string }).id} already exists on this server; import with ?new_id=true to give the copy a new id`);
  if (status >= 500 && err.code !== "InsufficientStorage") return new ApiError(status, type, "internal server error");
  return new ApiError(status, type, err.message);
}

/** Errors raised by Express and body readers carry an HTTP status of their own. */
function fromHttpError(err: { status?: unknown; type?: unknown; message?: unknown }): ApiError | null {
  const status = typeof err.status === "number" ? err.status : null;
  if (status === null || status < 400 || status >= 500) return null;
  if (status === 413 || err.type === "entity.too.large") return new ApiError(413, "request_too_large", "request body too large");
  return invalidRequest(typeof err.message === "string" ? err.message : "invalid request");
}

/** Null means an unexpected failure: the caller logs it and answers 500. */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (isMemgitError(err)) return fromEngine(err);
  if (typeof err === "object" && err !== null) return fromHttpError(err);
  return null;
}

export function errorBody(err: ApiError, requestId: string) {
  return { type: "error", error: { type: err.type, message: err.message, ...err.extra }, request_id: requestId };
}
