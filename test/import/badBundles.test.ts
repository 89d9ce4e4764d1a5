// Every kind of bad bundle is refused with a 400 that names what is wrong (the first bad
// commit, where there is one) and nothing is created: no store, nothing left on disk (issue 12,
// "Every commit is validated against the store rules"). Bundles are made with the real git.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendVersion, bundleOf, git, headTime, repoOf } from "./craft.ts";
import { apiError, diskServer, exportBundle, importBundle, type DiskServer } from "./servers.ts";

let source: DiskServer;
let target: DiskServer;
const MEMORY = "mem_" + "1".repeat(24);

beforeAll(async () => {
  [source, target] = await Promise.all([diskServer(), diskServer({ limits: { maxMemoryBytes: 50, maxMemories: 2 } })]);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

/** A store on the source with two memories, as a repository to craft from. */
async function storeRepo(contents = ["one", "two"]): Promise<{ storeId: string; repo: string; bundle: Buffer }> {
  const store = await source.client.beta.memoryStores.create({ name: "to craft" });
  for (const [i, content] of contents.entries()) await source.client.beta.memoryStores.memories.create(store.id, { path: `/m${i}.md`, content });
  const bundle = await exportBundle(source.client, store.id);
  return { storeId: store.id, repo: repoOf(bundle), bundle };
}

const onDisk = () => readdirSync(join(target.dataDir, "stores")).sort();
const storeIds = async () => (await target.client.beta.memoryStores.list({ include_archived: true } as never)).data.map((s) => s.id).sort();

/** Imports `bundle` expecting a 400 whose message matches; checks nothing was created. */
async function refused(bundle: Buffer, message: RegExp): Promise<string> {
  const [disk, ids] = [onDisk(), await storeIds()];
  const err = await apiError(importBundle(target.client, bundle));
  expect(err.status, JSON.stringify(err.error)).toBe(400);
  expect(err.error.error.type).toBe("invalid_request_error");
  expect(err.error.error.message).toMatch(message);
  expect(onDisk()).toEqual(disk);
  expect(await storeIds()).toEqual(ids);
  return err.error.error.message;
}

describe("POST /v1/memory_stores/import refuses bad bundles, creating nothing", () => {
  it("a crafted commit in memgit's exact form is accepted (the control for the cases below)", async () => {
    const { repo } = await storeRepo(["one"]);
    appendVersion(repo, { memoryId: MEMORY, path: "/crafted.md", content: "ok", timeMs: headTime(repo) + 1 });
    const imported = await importBundle(target.client, bundleOf(repo), { new_id: "true" });
    const list = await target.client.beta.memoryStores.memories.list(imported.id);
    expect(list.data.map((m) => m.path).sort()).toEqual(["/crafted.md", "/m0.md"].sort());
  });

  it("not a bundle", async () => {
    await refused(Buffer.from("{\"not\": \"a bundle\"}"), /not a git bundle/);
    await refused(Buffer.alloc(0), /not a git bundle/);
  });

  it("a foreign repository: plain git history without memgit's trailers names its first commit", async () => {
    const plain = join(mkdtempSync(join(tmpdir(), "memgit-plain-")), "plain.git");
    git(plain, ["init", "-q", "--bare"]);
    const env = { GIT_AUTHOR_NAME: "a", GIT_AUTHOR_EMAIL: "a@example.com", GIT_COMMITTER_NAME: "a", GIT_COMMITTER_EMAIL: "a@example.com" };
    const tree = git(plain, ["write-tree"], { env: { GIT_INDEX_FILE: join(plain, "..", "idx") } });
    const first = git(plain, ["commit-tree", tree, "-m", "initial commit"], { env });
    const second = git(plain, ["commit-tree", tree, "-p", first, "-m", "second"], { env });
    git(plain, ["update-ref", "refs/heads/main", second]);
    await refused(bundleOf(plain), new RegExp(`commit ${first} \\(refs/heads/main\\): not a memgit version commit`));
    git(plain, ["update-ref", "-d", "refs/heads/main"]);
    git(plain, ["update-ref", "refs/heads/master", second]);
    await refused(bundleOf(plain), /refs\/heads\/master: is not part of a memgit store/);
  });

  it("non-linear history names the merge", async () => {
    const { repo } = await storeRepo();
    const side = git(repo, ["rev-parse", "refs/heads/main~1"]);
    const merge = appendVersion(repo, { memoryId: MEMORY, path: "/merged.md", content: "m", timeMs: headTime(repo) + 1, mergeWith: side });
    await refused(bundleOf(repo), new RegExp(`commit ${merge} .*has 2 parents: a store's history is linear`));
  });

  it("a path the store rules refuse (21 segments) names its commit", async () => {
    const { repo } = await storeRepo();
    const path = "/" + Array.from({ length: 21 }, (_, i) => `d${i}`).join("/");
    const bad = appendVersion(repo, { memoryId: MEMORY, path, content: "deep", timeMs: headTime(repo) + 1 });
    await refused(bundleOf(repo), new RegExp(`commit ${bad} .*Memgit-Path: must have at most 20 segments`));
  });

  it("a memory over this server's size cap, and more memories than its cap, name their commits", async () => {
    const big = await storeRepo(["small", "x".repeat(60)]);
    const second = git(big.repo, ["rev-parse", "refs/heads/main"]);
    await refused(big.bundle, new RegExp(`commit ${second} .*a memory of 60 bytes, over the cap of 50`));
    const many = await storeRepo(["a", "b", "c"]);
    const third = git(many.repo, ["rev-parse", "refs/heads/main"]);
    await refused(many.bundle, new RegExp(`commit ${third} .*more than 2 memories`));
  });

  it("ids that do not add up: a memory modified before it exists, a version id used twice", async () => {
    const a = await storeRepo();
    const ghost = appendVersion(a.repo, { memoryId: MEMORY, operation: "modified", path: "/ghost.md", content: "boo", timeMs: headTime(a.repo) + 1 });
    await refused(bundleOf(a.repo), new RegExp(`commit ${ghost} .*modifies memory ${MEMORY}, which does not exist`));

    const b = await storeRepo();
    const first = git(b.repo, ["rev-list", "--max-parents=0", "refs/heads/main"]);
    const t = headTime(b.repo) + 1;
    const content = "dup";
    const sha = (await import("node:crypto")).createHash("sha256").update(content).digest("hex");
    const dup = appendVersion(b.repo, {
      memoryId: MEMORY,
      path: "/dup.md",
      content,
      timeMs: t,
      trailers: ["Memgit-Format: 1", `Memgit-Version-Id: memver_${first}`, `Memgit-Memory-Id: ${MEMORY}`, "Memgit-Operation: created", 'Memgit-Path: "/dup.md"', `Memgit-Content-Sha256: ${sha}`, "Memgit-Content-Size: 3", "Memgit-Actor: api_actor apikey_crafted", `Memgit-Time: ${new Date(t).toISOString()}`],
    });
    await refused(bundleOf(b.repo), new RegExp(`commit ${dup} .*version id memver_${first} is used twice`));
  });

  it("content that does not match its trailers, and a commit not in memgit's form", async () => {
    const a = await storeRepo();
    const t = headTime(a.repo) + 1;
    const lie = appendVersion(a.repo, {
      memoryId: MEMORY,
      path: "/lie.md",
      content: "real",
      timeMs: t,
      trailers: ["Memgit-Format: 1", `Memgit-Memory-Id: ${MEMORY}`, "Memgit-Operation: created", 'Memgit-Path: "/lie.md"', `Memgit-Content-Sha256: ${"0".repeat(64)}`, "Memgit-Content-Size: 4", `Memgit-Time: ${new Date(t).toISOString()}`],
    });
    await refused(bundleOf(a.repo), new RegExp(`commit ${lie} .*content does not match Memgit-Content-Sha256`));

    const b = await storeRepo();
    const hidden = appendVersion(b.repo, { memoryId: MEMORY, path: "/shown.md", treePath: "/other.md", content: "x", timeMs: headTime(b.repo) + 1 });
    await refused(bundleOf(b.repo), new RegExp(`commit ${hidden} .*its tree lacks "/shown.md"`));

    const c = await storeRepo(["one"]);
    const forged = appendVersion(c.repo, { memoryId: MEMORY, path: "/forged.md", content: "f", timeMs: headTime(c.repo) + 1, author: "someone else" });
    await refused(bundleOf(c.repo), new RegExp(`commit ${forged} .*not in memgit's commit form: line 3 should be "author apikey_crafted <api_actor@memgit>`));
  });

  it("a truncated pack, and a bundle with prerequisites", async () => {
    const { bundle, repo } = await storeRepo();
    await refused(bundle.subarray(0, bundle.length - 30), /its pack is damaged, truncated or holds malformed objects/);
    await refused(bundleOf(repo, ["refs/heads/main~1..refs/heads/main", "refs/heads/memgit-meta"]), /needs 1 commit\(s\) it does not carry/);
  });

  it("wrong content-type is a 415, an admin key is needed, a taken id is a 409 unless new_id=true", async () => {
    const { bundle, storeId } = await storeRepo();
    const wrongType = await apiError(target.client.post("/v1/memory_stores/import", { body: bundle, headers: { "content-type": "application/octet-stream" } }));
    expect([wrongType.status, wrongType.error.error.message]).toEqual([415, expect.stringMatching(/^content-type: must be application\/x-git-bundle/)]);
    const created = await target.client.post<{ key: string }>("/v1/admin/api_keys", { body: { workspace: "default", role: "read_write" } });
    const denied = await apiError(importBundle(target.clientFor(created.key), bundle));
    expect([denied.status, denied.error.error.message]).toEqual([403, "importing a memory store needs an admin API key"]);

    // Two imports of one store at once: one lands, the other finds the id taken.
    const both = await Promise.allSettled([importBundle(target.client, bundle), importBundle(target.client, bundle)]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const taken = await apiError(importBundle(target.client, bundle));
    expect([taken.status, taken.error.error.type]).toEqual([409, "conflict_error"]);
    expect(taken.error.error.message).toMatch(/new_id=true/);
    const copy = await importBundle(target.client, bundle, { new_id: "true" });
    expect(copy.id).not.toBe(storeId);
    const [x, y] = await Promise.all([storeId, copy.id].map((id) => target.client.beta.memoryStores.memories.list(id)));
    expect(y!.data.map((m) => [m.type === "memory" && m.id, m.type === "memory" && m.memory_version_id])).toEqual(x!.data.map((m) => [m.type === "memory" && m.id, m.type === "memory" && m.memory_version_id]));
  });
});
