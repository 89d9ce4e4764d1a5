// The metadata branch stays recent on a busy store (docs/decisions/0017-meta-keepalive.md):
// after META_KEEPALIVE_VERSIONS versions it gets an empty commit, which changes nothing a
// reader of the store sees.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { Memgit } from "../src/index.ts";
import { META_KEEPALIVE_VERSIONS } from "../src/store/metaKeepalive.ts";

const actor = { type: "api_actor", apiKeyId: "apikey_test" } as const;
const opened: Memgit[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

const git = (gitDir: string, ...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8" }).trim();

it("moves memgit-meta after enough versions, with the store's metadata unchanged", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "memgit-keepalive-"));
  const mg = await Memgit.open({ dataDir });
  opened.push(mg);
  const store = await mg.createStore({ name: "busy", owner: null });
  const gitDir = join(dataDir, "stores", `${store.id}.git`);
  const first = await mg.createMemory(store.id, { path: "/n.md", content: "0", actor });
  // Concurrent updates share batches, as a busy store's do.
  await Promise.all(
    Array.from({ length: META_KEEPALIVE_VERSIONS + 20 }, (_, i) => mg.updateMemory(store.id, first.memory.id, { content: `v${i + 1}`, actor })),
  );
  await mg.flush(store.id);

  expect(git(gitDir, "log", "--format=%s", "memgit-meta").split("\n")).toEqual(["keepalive", "store created"]);
  // Recent: no older than the version that made it due.
  const metaTime = Number(git(gitDir, "log", "-1", "--format=%ct", "memgit-meta"));
  const dueTime = Number(git(gitDir, "log", "-1", "--format=%ct", `main~${20}`));
  expect(metaTime).toBeGreaterThanOrEqual(dueTime);
  // Same tree: store.json (updated_at included) and the records are untouched.
  expect(git(gitDir, "rev-parse", "memgit-meta^{tree}")).toBe(git(gitDir, "rev-parse", "memgit-meta~1^{tree}"));
  expect(await mg.getStore(store.id)).toEqual(store);
  expect((await mg.listVersions(store.id, { limit: 100 })).items.length).toBe(100);
  git(gitDir, "fsck", "--full", "--strict");

  // A reopen (index rebuilt from git) answers the same.
  await mg.close();
  opened.pop();
  const again = await Memgit.open({ dataDir });
  opened.push(again);
  expect(await again.getStore(store.id)).toEqual(store);
  expect((await again.getMemory(store.id, first.memory.id, { view: "full" })).content).toBe(`v${META_KEEPALIVE_VERSIONS + 20}`);
});
