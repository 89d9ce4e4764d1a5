// The memgit CLI from a checkout: TypeScript sources run through tsx's loader, in this very
// process (no package-manager wrapper: signals reach memgit itself, and nothing is printed
// around its own output).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
