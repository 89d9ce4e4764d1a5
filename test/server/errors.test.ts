import {
  InvalidInputError,
  LimitExceededError,
  NotFoundError,
  NotRedactableError,
  PathConflictError,
  PreconditionFailedError,
  StoreArchivedError,
  TooLargeError,
} from "@memgit/engine";
import { describe, expect, it } from "vitest";
import { errorBody, toApiError } from "../../packages/server/src/errors.ts";

describe("engine error → wire error table", () => {
  it.each([
    [new NotFoundError("store", "memstore_x"), 404, "not_found_error"],
    [new InvalidInputError("path", "must start with /"), 400, "invalid_request_error"],
    [new TooLargeError("content", 102_401, 102_400), 400, "invalid_request_error"],
    [new LimitExceededError("maxMemories", 2000), 400, "invalid_request_error"],
    [new StoreArchivedError("memstore_x"), 400, "invalid_request_error"],
    [new NotRedactableError("memver_x", "mem_x"), 400, "invalid_request_error"],
    [new PreconditionFailedError("mem_x"), 409, "memory_precondition_failed_error"],
  ])("%s → %i %s", (err, status, type) => {
    expect(toApiError(err)).toMatchObject({ status, type });
  });

  it("a path conflict carries the conflicting memory flat inside error", () => {
    const api = toApiError(new PathConflictError("/a/b/c", "mem_1", "/a/b"))!;
    expect(errorBody(api, "req_1")).toEqual({
      type: "error",
      error: {
        type: "memory_path_conflict_error",
        message: expect.any(String),
        conflicting_memory_id: "mem_1",
        conflicting_path: "/a/b",
      },
      request_id: "req_1",
    });
  });

  it("body-reader errors keep their 4xx; unknown errors are left to the 500 path", () => {
    expect(toApiError({ status: 413, type: "entity.too.large" })).toMatchObject({ status: 413, type: "request_too_large" });
    expect(toApiError(new Error("boom"))).toBeNull();
    expect(toApiError("nope")).toBeNull();
  });
});
