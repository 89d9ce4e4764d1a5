// The public surface is deliberate: a new export fails here until it is added on purpose.
import { expect, it } from "vitest";
import * as files from "../src/index.ts";

it("exports exactly the public API", () => {
  expect(Object.keys(files).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_CACHE_TTL_MS",
      "DEFAULT_SERVER_URL",
      "DEFAULT_SYNC_INTERVAL_MS",
      "ERRNO",
      "ERRNO_TABLE",
      "FuseUnavailableError",
      "MAX_CONTENT_BYTES",
      "MemoryToolError",
      "PosixError",
      "StoreClientError",
      "checkMemoryPath",
      "connect",
      "connectionFrom",
      "decodeContent",
      "engineStoreClient",
      "errnoFor",
      "errnoNameFor",
      "fuseAvailable",
      "httpStoreClient",
      "isStoreClientError",
      "memoryToolHandlers",
      "mount",
      "namedStores",
      "sdkClient",
      "sessionStores",
      "slugForName",
      "startSync",
      "toStorePath",
    ]
  `);
});
