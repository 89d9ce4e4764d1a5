// Issue 12, backups through rewritten history: after a redaction the rewritten history is
// force-pushed and the remote's refs reach none of the redacted bytes (a backup is not a way
// to undo a redaction; what it held before keeps them until it is cleaned, docs/format.md);
// after a prune the remote takes the shallow history when it allows shallow updates or
// already holds the history, and otherwise the push fails saying why.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, git, reachableContent, refsOf, startBackupServer, type BackupServer, type WireRemote } from "./backupServer.ts";

const SECRET = "ghp_" + "Bk7Qz1Lm4Xn8Pc2Wd6Rs0Tv3Yh5Jf9Ga";
const SECRET_PATH = "leak-b4c2e9f1";

let s: BackupServer;
beforeAll(async () => {
  // Retention prunes only on demand, and every version but each memory's newest.
  s = await startBackupServer({ retention: { days: 0, keep: 1, intervalMs: 0 } });
});
afterAll(() => s.close());

const mem = () => s.client.beta.memoryStores;
const status = async (storeId: string, name: string) =>
  (await s.client.get<{ data: WireRemote[] }>(s.remotes(storeId))).data.find((r) => r.name === name)!;
const push = (storeId: string, name: string) => s.client.post<WireRemote>(`${s.remotes(storeId)}/${name}/push`);
const inSync = async (storeId: string, path: string) => {
  await s.server.engine.flush(storeId);
  return existsSync(path) && refsOf(path) === refsOf(s.gitDir(storeId));
};

describe("a redaction is force-pushed", () => {
  it("the remote's branches and tags no longer reach the redacted content or path; fsck-clean", async () => {
    const store = await mem().create({ name: "leaky" });
    await mem().memories.create(store.id, { path: "/before.md", content: "before" });
    const leak = await mem().memories.create(store.id, { path: `/${SECRET_PATH}/token.md`, content: `TOKEN=${SECRET}\n` });
    await mem().memories.update(leak.id, { memory_store_id: store.id, path: "/token.md", content: "TOKEN=<rotated>\n" });
    await s.client.post(`/v1/memory_stores/${store.id}/checkpoints`, { body: { name: "after-rotation" } });
    const path = join(s.root, `leaky-${store.id}.git`);
    await s.client.post(s.remotes(store.id), { body: { name: "nas", url: path } });
    await push(store.id, "nas");
    expect(reachableContent(path)).toContain(SECRET);

    await mem().memoryVersions.redact(leak.memory_version_id, { memory_store_id: store.id });
    await eventually(() => inSync(store.id, path));
    const reachable = reachableContent(path);
    expect(reachable).not.toContain(SECRET);
    expect(reachable).not.toContain(SECRET_PATH);
    git(path, ["fsck", "--full", "--strict", "--no-dangling"]);
    expect((await status(store.id, "nas")).versions_behind).toBe(0);
    // What the remote received before still sits in its object store, unreachable, until
    // whoever runs it prunes it (docs/format.md §Backup by push).
    expect(execFileSync("git", ["--git-dir", path, "cat-file", "--batch-all-objects", "--batch"], { encoding: "latin1", maxBuffer: 64 << 20 })).toContain(SECRET);
  });
});

describe("a pruned (shallow) store", () => {
  async function prunedStore() {
    const store = await mem().create({ name: "pruned" });
    const m = await mem().memories.create(store.id, { path: "/notes.md", content: "v0\n" });
    const versions = [m.memory_version_id];
    for (let i = 1; i < 5; i++) versions.push((await mem().memories.update(m.id, { memory_store_id: store.id, content: `v${i}\n` })).memory_version_id);
    return { storeId: store.id, memoryId: m.id, versions };
  }
  const prune = (storeId: string) => s.client.post<{ pruned_versions: number }>(`/v1/memory_stores/${storeId}/prune`);

  it("goes to a remote that already holds its history, and to a new repository memgit creates; fsck-clean", async () => {
    const { storeId, memoryId, versions } = await prunedStore();
    const full = join(s.root, `full-${storeId}.git`);
    await s.client.post(s.remotes(storeId), { body: { name: "full", url: full } });
    await push(storeId, "full");
    await mem().memoryVersions.redact(versions[1]!, { memory_store_id: storeId });
    await push(storeId, "full");
    expect((await prune(storeId)).pruned_versions).toBe(4);
    expect(existsSync(join(s.gitDir(storeId), "shallow"))).toBe(true);
    await mem().memories.update(memoryId, { memory_store_id: storeId, content: "after prune\n" });

    const fresh = join(s.root, `fresh-${storeId}.git`);
    await s.client.post(s.remotes(storeId), { body: { name: "fresh", url: fresh } });
    for (const [name, path] of [["full", full], ["fresh", fresh]] as const) {
      expect(await push(storeId, name)).toMatchObject({ last_error: null, versions_behind: 0 });
      expect(await inSync(storeId, path)).toBe(true);
      git(path, ["fsck", "--full", "--strict"]);
    }
    expect(existsSync(join(fresh, "shallow"))).toBe(true);
    // The remote that held the history keeps it: nothing of it is lost by the prune.
    expect(git(full, ["rev-list", "--count", "refs/heads/main"]).trim()).toBe("6");
  });

  it("to an empty repository that refuses shallow updates, fails saying what the remote needs", async () => {
    const { storeId } = await prunedStore();
    await prune(storeId);
    const path = join(s.root, `strict-${storeId}.git`);
    execFileSync("git", ["init", "--bare", "-q", path]);
    await s.client.post(s.remotes(storeId), { body: { name: "strict", url: path } });
    const refused = await push(storeId, "strict").catch((err: { status: number; error: { error: { message: string } } }) => err);
    expect(refused).toMatchObject({ status: 502 });
    const message = (refused as { error: { error: { message: string } } }).error.error.message;
    expect(message).toMatch(/shallow update not allowed/);
    expect(message).toMatch(/the remote must accept shallow updates \(git config receive\.shallowUpdate true on it\) or already hold the pruned history/);
    expect((await status(storeId, "strict")).last_error).toBe(message.replace(/^push to backup remote strict failed: /, ""));

    execFileSync("git", ["--git-dir", path, "config", "receive.shallowUpdate", "true"]);
    expect(await push(storeId, "strict")).toMatchObject({ last_error: null, versions_behind: 0 });
    expect(await inSync(storeId, path)).toBe(true);
  });

  it("redacted and pruned between two pushes, reaches a remote that held the history before", async () => {
    // Only pushes on demand: the remote sees the redaction and the prune at once. git 2.39's
    // receive-pack then fails every ref but the one bringing the new shallow boundary
    // ("remote failed to report status"), unless each comes in a push of its own.
    const once = await startBackupServer({ retention: { days: 0, keep: 1, intervalMs: 0 }, backup: { debounceMs: 3_600_000 } });
    try {
      const m = once.client.beta.memoryStores;
      const store = await m.create({ name: "at once" });
      const first = await m.memories.create(store.id, { path: "/notes.md", content: "v0\n" });
      const second = await m.memories.update(first.id, { memory_store_id: store.id, content: "v1\n" });
      for (let i = 2; i < 5; i++) await m.memories.update(first.id, { memory_store_id: store.id, content: `v${i}\n` });
      await once.client.post(`/v1/memory_stores/${store.id}/checkpoints`, { body: { name: "mark" } });
      const path = join(once.root, `at-once-${store.id}.git`);
      await once.client.post(once.remotes(store.id), { body: { name: "r", url: path } });
      await once.client.post(`${once.remotes(store.id)}/r/push`);

      await m.memoryVersions.redact(second.memory_version_id, { memory_store_id: store.id });
      await once.client.delete(`/v1/memory_stores/${store.id}/checkpoints/mark`);
      await once.client.post(`/v1/memory_stores/${store.id}/prune`);
      expect(await once.client.post<WireRemote>(`${once.remotes(store.id)}/r/push`)).toMatchObject({ last_error: null, versions_behind: 0 });
      await once.server.engine.flush(store.id);
      expect(refsOf(path)).toBe(refsOf(once.gitDir(store.id)));
      expect(refsOf(path)).not.toContain("refs/tags/mark");
      git(path, ["fsck", "--full", "--strict"]);
    } finally {
      await once.close();
    }
  });
});
