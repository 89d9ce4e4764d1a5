import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const src = (pkg: string, file = "index.ts") =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@memgit\/engine\/testing$/, replacement: src("engine", "testing.ts") },
      { find: /^@memgit\/engine$/, replacement: src("engine") },
      { find: /^@memgit\/server$/, replacement: src("server") },
      { find: /^@memgit\/files$/, replacement: src("files") },
      { find: /^@memgit\/mcp$/, replacement: src("mcp") },
      { find: /^@memgit\/cli$/, replacement: src("cli") },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
