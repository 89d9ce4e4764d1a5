import { storeSuite } from "./storeSuite.ts";

storeSuite("memfs", () => ({ memory: true }));
