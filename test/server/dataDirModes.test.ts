// Everything under the data directory is for its owner only (docs/decisions/0016): key
// hashes and every memory live there. Checked on a real `memgit serve` started under the
// common umask 022, after writes of every kind and a restart-free CLI edit.
import Anthropic from "@anthropic-ai/sdk";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliVerb, serveProcess } from "../helpers/serveProcess.ts";
import { cli, finished } from "./cliRun.ts";

const BOOTSTRAP = "sk-memgit-data-dir-modes-test-0001";
const env = { MEMGIT_BOOTSTRAP_KEY: BOOTSTRAP };

/** Every path under `dir` (itself included) with its permission bits. */
function modes(dir: string): Map<string, number> {
  const out = new Map<string, number>([[".", statSync(dir).mode & 0o777]]);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), statSync(path).mode & 0o777);
  }
  return out;
}

let root: string;
let runnersUmask: number;
beforeAll(() => {
  // The children inherit it: the common default, whatever the test runner's own.
  runnersUmask = process.umask(0o022);
  root = mkdtempSync(join(tmpdir(), "memgit-modes-"));
});
afterAll(() => {
  process.umask(runnersUmask);
  rmSync(root, { recursive: true, force: true });
});

describe("data directory permissions", () => {
  it("a fresh data directory and every file in it are owner-only after writes of every kind", async () => {
    const dataDir = join(root, "fresh", "data");
    const server = await serveProcess(dataDir, env);
    try {
      const admin = new Anthropic({ apiKey: BOOTSTRAP, baseURL: server.url });
      const store = await admin.beta.memoryStores.create({ name: "modes", metadata: { a: "b" } });
      for (let i = 0; i < 20; i++) await admin.beta.memoryStores.memories.create(store.id, { path: `/m/${i}.md`, content: `memory ${i}` });
      const first = (await admin.beta.memoryStores.memories.list(store.id, { limit: 1 })).data[0] as { id: string };
      await admin.beta.memoryStores.memories.update(first.id, { memory_store_id: store.id, content: "changed" });
      const session = await admin.beta.sessions.create({ agent: "a", environment_id: "e", resources: [{ type: "memory_store", memory_store_id: store.id }] });
      const token = await fetch(`${server.url}/v1/sessions/${session.id}/tokens`, { method: "POST", headers: { "x-api-key": BOOTSTRAP } });
      expect(token.status).toBe(200);
      await cli("keys", ["create", "--data-dir", dataDir, "--workspace", "default", "--role", "read_only"], env);
      await cli("workspaces", ["create", "team-modes", "--data-dir", dataDir], env);
      expect(server.stderr()).not.toContain("warning");
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // The CLI alone on the database (it may create the WAL and shared-memory files itself).
    await cli("keys", ["list", "--data-dir", dataDir], env);

    const found = modes(dataDir);
    expect(found.size).toBeGreaterThan(10);
    expect([...found.keys()]).toEqual(expect.arrayContaining([".", "server.sqlite", "stores"]));
    const open = [...found].filter(([, mode]) => (mode & 0o077) !== 0).map(([path, mode]) => `${path} ${mode.toString(8)}`);
    expect(open).toEqual([]);
    expect(found.get(".")).toBe(0o700);
  });

  it("an existing data directory open to others gets a warning from serve, keys and workspaces", async () => {
    const dataDir = join(root, "loose");
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const server = await serveProcess(dataDir, env);
    try {
      expect(server.stderr()).toContain(`memgit serve: warning: ${dataDir} is open to other local users (mode 755)`);
      expect(server.stderr()).toContain(`chmod 700 ${dataDir}`);
      for (const [name, args] of [
        ["keys", ["list", "--data-dir", dataDir]],
        ["workspaces", ["list", "--data-dir", dataDir]],
      ] as const) {
        const r = await finished(cliVerb(name, [...args], env));
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toContain(`memgit ${name}: warning: ${dataDir} is open to other local users`);
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
