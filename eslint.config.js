// Package boundaries (docs/decisions/0001): engine imports nothing of ours and no HTTP;
// server and files never import each other.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const banned = (...names) => ({
  "no-restricted-imports": ["error", { paths: names.map((name) => ({ name, message: "crosses a package boundary" })), patterns: names.map((n) => ({ group: [`${n}/*`], message: "crosses a package boundary" })) }],
});

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/.data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  // Plain JavaScript here runs on Node: the README's try.mjs saved at the root, bin scripts.
  { files: ["**/*.{js,mjs,cjs}"], languageOptions: { globals: globals.node } },
  { files: ["packages/engine/**"], rules: banned("express", "@memgit/server", "@memgit/files", "@memgit/cli") },
  { files: ["packages/server/**"], rules: banned("@memgit/files", "@memgit/cli") },
  { files: ["packages/files/**"], rules: banned("express", "@memgit/server", "@memgit/cli") },
  // The MCP server is a client of the HTTP API like the file adapters (docs/decisions/0066).
  { files: ["packages/mcp/**"], rules: banned("express", "@memgit/engine", "@memgit/server", "@memgit/cli") },
  // The console speaks only HTTP to the server; its UI runs in a browser.
  { files: ["packages/console/**"], rules: banned("express", "@memgit/server", "@memgit/engine", "@memgit/files", "@memgit/cli") },
);
