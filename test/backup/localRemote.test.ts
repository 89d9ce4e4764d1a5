// Issue 12, backup by push to a local bare repository under MEMGIT_BACKUP_ROOT: pushes after
// writes and on demand carry every ref a restore needs; the status says how far behind a
// remote is; a remote that fails never fails a write and recovers on its own.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Memgit } from "@memgit/engine";
import { startServer } from "@memgit/server";
import { eventually, git, refsOf, startBackupServer, type BackupServer, type WireRemote } from "./backupServer.ts";

let s: BackupServer;
beforeAll(async () => {
  s = await startBackupServer();
});
afterAll(() => s.close());

const list = async (storeId: string) => (await s.client.get<{ data: WireRemote[] }>(s.remotes(storeId))).data;
const remoteMain = (path: string) => {
  try {
    return git(path, ["rev-parse", "refs/heads/main"]).trim();
  } catch {
    return null;
  }
};

async function storeWithVersions(n: number) {
  const mem = s.client.beta.memoryStores;
  const store = await mem.create({ name: "backed up" });
  const first = await mem.memories.create(store.id, { path: "/notes.md", content: "v0\n" });
  for (let i = 1; i < n; i++) await mem.memories.update(first.id, { memory_store_id: store.id, content: `v${i}\n` });
  return { storeId: store.id, memoryId: first.id };
}

describe("backup to a local bare repository", () => {
  it("push now creates the repository and carries main, memgit-meta and the checkpoints; fsck-clean", async () => {
    const { storeId } = await storeWithVersions(3);
    await s.client.beta.memoryStores.memories.create(storeId, { path: "/other.md", content: "x" });
    await s.client.post(`/v1/memory_stores/${storeId}/checkpoints`, { body: { name: "before-cleanup" } });
    const path = join(s.root, "nas", `${storeId}.git`);
    const added = await s.client.post<WireRemote>(s.remotes(storeId), { body: { name: "nas", url: path } });
    expect(added).toMatchObject({ type: "memory_store_remote", memory_store_id: storeId, name: "nas", url: path, last_error: null });

    const pushed = await s.client.post<WireRemote>(`${s.remotes(storeId)}/nas/push`);
    expect(pushed).toMatchObject({ name: "nas", versions_behind: 0, last_error: null });
    expect(pushed.last_success_at).not.toBeNull();
    await s.server.engine.flush(storeId);
    const refs = refsOf(path);
    expect(refs).toBe(refsOf(s.gitDir(storeId)));
    expect(refs).toMatch(/^refs\/heads\/main /m);
    expect(refs).toMatch(/^refs\/heads\/memgit-meta /m);
    expect(refs).toMatch(/^refs\/tags\/before-cleanup /m);
    git(path, ["fsck", "--full", "--strict"]);
  });

  it("writes are pushed on their own within the debounce; status counts the versions a remote lacks", async () => {
    const stalled = await startBackupServer({ backup: { debounceMs: 3_600_000 } });
    try {
      const mem = stalled.client.beta.memoryStores;
      const store = await mem.create({ name: "s" });
      const m = await mem.memories.create(store.id, { path: "/a.md", content: "a" });
      await stalled.client.post(stalled.remotes(store.id), { body: { name: "r", url: join(stalled.root, "r.git") } });
      await stalled.client.post(`${stalled.remotes(store.id)}/r/push`);
      await mem.memories.update(m.id, { memory_store_id: store.id, content: "b" });
      await mem.memories.create(store.id, { path: "/c.md", content: "c" });
      const [status] = (await stalled.client.get<{ data: WireRemote[] }>(stalled.remotes(store.id))).data;
      expect(status).toMatchObject({ name: "r", versions_behind: 2, state: "scheduled" });
    } finally {
      await stalled.close();
    }

    const { storeId, memoryId } = await storeWithVersions(1);
    const path = join(s.root, `auto-${storeId}.git`);
    await s.client.post(s.remotes(storeId), { body: { name: "auto", url: `file://${path}` } });
    const latest = await s.client.beta.memoryStores.memories.update(memoryId, { memory_store_id: storeId, content: "latest\n" });
    await eventually(() => remoteMain(path) === latest.memory_version_id.slice("memver_".length));
    await eventually(async () => (await list(storeId))[0]!.versions_behind === 0);
  });

  it("a failing remote fails no write, records git's error, and recovers by itself once fixed", async () => {
    const { storeId, memoryId } = await storeWithVersions(1);
    // A directory that is not a repository: every push fails until an operator makes it one.
    const path = join(s.root, `broken-${storeId}`);
    mkdirSync(path);
    await s.client.post(s.remotes(storeId), { body: { name: "flaky", url: path } });
    const failed = await s.client.post(`${s.remotes(storeId)}/flaky/push`).catch((err: { status: number; error: { error: { message: string } } }) => err);
    expect(failed).toMatchObject({ status: 502 });
    expect((failed as { error: { error: { message: string } } }).error.error.message).toMatch(/push to backup remote flaky failed: .*not .*a git repository/s);

    const writes = [];
    for (let i = 0; i < 5; i++) writes.push(await s.client.beta.memoryStores.memories.update(memoryId, { memory_store_id: storeId, content: `w${i}\n` }));
    await eventually(async () => (await list(storeId))[0]!.last_error_at !== null);
    const [down] = await list(storeId);
    expect(down!.last_error).toMatch(/not .*a git repository/);
    expect(down!.last_success_at).toBeNull();
    expect(down!.versions_behind).toBe(6);

    execFileSync("git", ["init", "--bare", "-q", path]);
    await eventually(async () => (await list(storeId))[0]!.last_success_at !== null);
    const [up] = await list(storeId);
    expect(up).toMatchObject({ last_error: null, versions_behind: 0 });
    expect(remoteMain(path)).toBe(writes.at(-1)!.memory_version_id.slice("memver_".length));
  });

  it("removing a remote stops its pushes; deleting the store removes its remotes", async () => {
    const { storeId, memoryId } = await storeWithVersions(1);
    const path = join(s.root, `removed-${storeId}.git`);
    await s.client.post(s.remotes(storeId), { body: { name: "gone", url: path } });
    await s.client.post(`${s.remotes(storeId)}/gone/push`);
    const before = remoteMain(path);
    expect(await s.client.delete(`${s.remotes(storeId)}/gone`)).toEqual({ type: "memory_store_remote_deleted", memory_store_id: storeId, name: "gone" });
    expect(await list(storeId)).toEqual([]);
    await s.client.beta.memoryStores.memories.update(memoryId, { memory_store_id: storeId, content: "after\n" });
    await s.client.post(s.remotes(storeId), { body: { name: "other", url: join(s.root, `other-${storeId}.git`) } });
    await s.client.post(`${s.remotes(storeId)}/other/push`);
    expect(remoteMain(path)).toBe(before);

    expect(s.server.backups.remotes.list(storeId)).toHaveLength(1);
    await s.client.beta.memoryStores.delete(storeId);
    expect(s.server.backups.remotes.list(storeId)).toEqual([]);
  });

  it("after a restart every remote is pushed; a store deleted meanwhile loses its remotes", async () => {
    const other = await startBackupServer({ backup: { debounceMs: 3_600_000 } });
    const mem = other.client.beta.memoryStores;
    const kept = await mem.create({ name: "kept" });
    const gone = await mem.create({ name: "gone" });
    for (const store of [kept, gone]) {
      await other.client.post(other.remotes(store.id), { body: { name: "r", url: join(other.root, `${store.id}.git`) } });
      await mem.memories.create(store.id, { path: "/a.md", content: "unpushed" });
    }
    await other.close();
    const offline = await Memgit.open({ dataDir: other.dataDir });
    await offline.deleteStore(gone.id);
    await offline.close();

    const again = await startServer({ dataDir: other.dataDir, port: 0, logger: false, backup: { root: other.root, debounceMs: 20, backoffMs: 20 } });
    try {
      await eventually(() => remoteMain(join(other.root, `${kept.id}.git`)) !== null);
      await eventually(() => again.backups.remotes.list(gone.id).length === 0);
      expect(again.backups.remotes.list(kept.id)).toHaveLength(1);
    } finally {
      await again.close();
    }
  });
});
