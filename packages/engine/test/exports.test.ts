// The public surface is deliberate: a new export fails here until it is added on purpose.
import { expect, it } from "vitest";
import * as engine from "../src/index.ts";

it("exports exactly the public API", () => {
  expect(Object.keys(engine).sort()).toMatchInlineSnapshot(`
    [
      "AlreadyExistsError",
      "BusyError",
      "ClosedError",
      "CorruptError",
      "InsufficientStorageError",
      "InvalidBundleError",
      "InvalidInputError",
      "LimitExceededError",
      "Memgit",
      "MemgitError",
      "NotFoundError",
      "NotRedactableError",
      "PathConflictError",
      "PreconditionFailedError",
      "StorageFailureError",
      "StoreArchivedError",
      "StoreLockedError",
      "TooLargeError",
      "commitFromVersionId",
      "defaultLimits",
      "isMemgitError",
      "isMemoryId",
      "isStoreId",
      "validateMemoryPath",
      "validatePathPrefix",
    ]
  `);
});
