import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storeSuite } from "./storeSuite.ts";

storeSuite("local disk", () => ({ dataDir: mkdtempSync(join(tmpdir(), "memgit-fs-")) }));
import { historySuite } from "./historySuite.ts";

historySuite("local disk", () => ({ dataDir: mkdtempSync(join(tmpdir(), "memgit-fs-")) }));
