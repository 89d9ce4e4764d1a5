import { storeSuite } from "./storeSuite.ts";

storeSuite("memfs", () => ({ memory: true }));
import { historySuite } from "./historySuite.ts";

historySuite("memfs", () => ({ memory: true }));
