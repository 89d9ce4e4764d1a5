// Disaster recovery, end to end (issue 12, "Round-trip test"): stores that were written,
// renamed, deleted from, redacted, pruned, checkpointed and archived are carried to a fresh
// server, and the API answers the same for every store, memory and version (through the
// official SDK). `carry` is the only step that moves a store: an export, or a backup by push
// into a bare repository that `memgit import` then bundles (the CLI's own bundleOf).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeAnswers } from "./storeAnswers.ts";
import { apiError, diskServer, exportBundle, importBundle, type DiskServer } from "./servers.ts";
import { bundleOf } from "../../packages/cli/src/bundleSource.ts";

const DAY = 86_400_000;
let now = Date.parse("2026-03-01T00:00:00Z");
const clock = () => now++;
let source: DiskServer;
let target: DiskServer;
let restored: DiskServer;
const backupRoot = mkdtempSync(join(tmpdir(), "memgit-roundtrip-backups-"));

beforeAll(async () => {
  const options = { clock, retention: { days: 30, keep: 2, intervalMs: 0 } };
  [source, target, restored] = await Promise.all([
    diskServer({ ...options, backup: { root: backupRoot, urls: [], debounceMs: 60_000 } }),
    diskServer(options),
    diskServer(options),
  ]);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close(), restored?.close()]);
});

/** Moves one store from the source server to the target. */
async function carry(storeId: string): Promise<void> {
  const imported = await importBundle(target.client, await exportBundle(source.client, storeId));
  expect(imported.id).toBe(storeId);
}

async function story() {
  const { client } = source;
  const memories = client.beta.memoryStores.memories;
  const versions = client.beta.memoryStores.memoryVersions;
  const admin = (path: string) => client.post(path, {});

  // A: long history, pruned, with redactions on both sides of the boundary and checkpoints.
  const a = await client.beta.memoryStores.create({ name: "disaster recovery", description: "all of it", metadata: { team: "ops" } });
  const notes = await memories.create(a.id, { path: "/notes/today.md", content: "v0\n" });
  await memories.update(notes.id, { memory_store_id: a.id, content: "v1\n" });
  const lonely = await memories.create(a.id, { path: "/old/lonely.md", content: "old\n" });
  await memories.update(lonely.id, { memory_store_id: a.id, content: "old but current\n" });
  const gone = await memories.create(a.id, { path: "/tmp/gone.md", content: "bye\n" });
  await memories.delete(gone.id, { memory_store_id: a.id });
  const leaked = await memories.create(a.id, { path: "/keys/leaked.md", content: "AKIA-old-secret\n" });
  // D: pruned, nothing rewritten since: its history is shallow at the boundary.
  const d = await client.beta.memoryStores.create({ name: "shallow" });
  const dm = await memories.create(d.id, { path: "/d.md", content: "d0" });
  for (const content of ["d1", "d2", "d3"]) await memories.update(dm.id, { memory_store_id: d.id, content });
  // E: pruned with nothing kept below the boundary, whose version is then redacted (a root commit).
  const e = await client.beta.memoryStores.create({ name: "boundary redacted" });
  const em = await memories.create(e.id, { path: "/e.md", content: "e0" });
  now += 45 * DAY;
  await memories.create(d.id, { path: "/e.md", content: "e0" });
  await admin(`/v1/memory_stores/${d.id}/prune`);
  const e1 = await memories.update(em.id, { memory_store_id: e.id, content: "e1" });
  await memories.update(em.id, { memory_store_id: e.id, content: "e2" });
  await admin(`/v1/memory_stores/${e.id}/prune`);
  await admin(`/v1/memory_stores/${e.id}/memory_versions/${e1.memory_version_id}/redact`);
  await memories.update(notes.id, { memory_store_id: a.id, content: "v2\n", path: "/notes/renamed.md" });
  const secret = await memories.update(leaked.id, { memory_store_id: a.id, content: "AKIA-new-secret\n" });
  await memories.update(leaked.id, { memory_store_id: a.id, content: "rotated\n" });
  await client.post(`/v1/memory_stores/${a.id}/checkpoints`, { body: { name: "before-cleanup" } });
  const unicode = await memories.create(a.id, { path: "/notes/été 東京.md", content: "ünïcödé ✓\n" });
  await admin(`/v1/memory_stores/${a.id}/memory_versions/${secret.memory_version_id}/redact`);
  const pruned = await admin(`/v1/memory_stores/${a.id}/prune`) as { pruned_versions: number };
  expect(pruned.pruned_versions).toBeGreaterThan(0);
  // A version kept below the boundary (lonely's first), redacted after the prune.
  await admin(`/v1/memory_stores/${a.id}/memory_versions/${lonely.memory_version_id}/redact`);
  await memories.update(unicode.id, { memory_store_id: a.id, content: "after the prune\n" });
  await client.post(`/v1/memory_stores/${a.id}/checkpoints`, { body: { name: "after-prune" } });
  expect((await apiError(versions.retrieve(notes.memory_version_id, { memory_store_id: a.id }))).status).toBe(404);

  // B: archived. C: never written.
  const b = await client.beta.memoryStores.create({ name: "archived one" });
  await memories.create(b.id, { path: "/x.md", content: "x" });
  await client.beta.memoryStores.archive(b.id);
  const c = await client.beta.memoryStores.create({ name: "empty" });
  return [a.id, b.id, c.id, d.id, e.id];
}

describe("export, then import into a fresh server", () => {
  it("answers the same for every store, memory, version and checkpoint", async () => {
    const ids = await story();
    // Bookkeeping refs hidden from clones travel in an export too (decision 0051).
    const gitDirOf = (server: DiskServer, id: string) => join(server.dataDir, "stores", `${id}.git`);
    await source.server.engine.flush(ids[0]);
    execFileSync("git", ["--git-dir", gitDirOf(source, ids[0]!), "update-ref", "refs/memgit/test-bookkeeping", "refs/heads/main"]);
    for (const id of ids) await carry(id);
    const bookkeeping = (server: DiskServer) => execFileSync("git", ["--git-dir", gitDirOf(server, ids[0]!), "rev-parse", "refs/memgit/test-bookkeeping"], { encoding: "utf8" });
    expect(bookkeeping(target)).toBe(bookkeeping(source));
    for (const id of ids) expect(await storeAnswers(target.client, id)).toEqual(await storeAnswers(source.client, id));
    const listed = async (s: DiskServer) => (await s.client.beta.memoryStores.list({ include_archived: true } as never)).data.filter((x) => ids.includes(x.id));
    expect(await listed(target)).toEqual(await listed(source));
    // D's repository is shallow at its boundary on both servers, with the same commits.
    const shallow = (dir: string) => readFileSync(join(dir, "stores", `${ids[3]}.git`, "shallow"), "utf8");
    expect(shallow(target.dataDir)).toBe(shallow(source.dataDir));
    // The new server goes on writing to the imported store, on the same history.
    const [a] = ids;
    const more = await target.client.beta.memoryStores.memories.create(a!, { path: "/after/import.md", content: "new\n" });
    expect(more.memory_store_id).toBe(a);
  });
});

describe("back up by push, then import the backup into a fresh server", () => {
  it("answers the same for every store, memory, version and checkpoint", async () => {
    const ids = await story();
    for (const id of ids) {
      const remote = join(backupRoot, `${id}.git`);
      await source.client.post(`/v1/memory_stores/${id}/remotes`, { body: { name: "disk", url: remote } });
      await source.client.post(`/v1/memory_stores/${id}/remotes/disk/push`, {});
      const bundle = await bundleOf(remote);
      try {
        const imported = await importBundle(restored.client, readFileSync(bundle.path));
        expect(imported.id).toBe(id);
      } finally {
        bundle.dispose();
      }
    }
    for (const id of ids) expect(await storeAnswers(restored.client, id)).toEqual(await storeAnswers(source.client, id));
  });
});
