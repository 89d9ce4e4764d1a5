// Issue 12: which refs are served. Branches (main, memgit-meta) and tags (checkpoints) are, so a
// mirror clone is the whole store; refs/memgit/* is reserved for memgit's own bookkeeping and
// is hidden (uploadpack.hideRefs): neither advertised nor fetchable by id.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, gitOk, scratch, startGitServer, type GitServer } from "./gitServer.ts";

let s: GitServer;
beforeAll(async () => {
  s = await startGitServer();
});
afterAll(() => s.close());

const HIDDEN_CONTENT = "bookkeeping-5c1e0d7b";

/** A store with a tag on main and a commit only refs/memgit/internal reaches. */
async function storeWithRefs() {
  const store = await s.client.beta.memoryStores.create({ name: "refs" });
  await s.client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "a" });
  await s.server.engine.flush(store.id);
  const gitDir = s.gitDir(store.id);
  const run = (args: string[], input?: string) => execFileSync("git", ["--git-dir", gitDir, ...args], { input }).toString().trim();
  const blob = run(["hash-object", "-w", "--stdin"], HIDDEN_CONTENT);
  const tree = run(["mktree"], `100644 blob ${blob}\tinternal\n`);
  const commit = run(["-c", "user.name=m", "-c", "user.email=m@m", "commit-tree", tree, "-m", "internal"]);
  run(["update-ref", "refs/memgit/internal", commit]);
  run(["tag", "checkpoint-1", "main"]);
  return { storeId: store.id, hiddenCommit: commit };
}

describe("served refs", () => {
  it.each(["2", "0"])("protocol.version=%s: tags are advertised and mirrored, refs/memgit/* is not", async (version) => {
    const { storeId } = await storeWithRefs();
    const v = ["-c", `protocol.version=${version}`];
    const listed = (await gitOk([...v, "ls-remote", s.authedUrl(storeId)])).trim().split("\n").map((l) => l.split("\t")[1]);
    expect(listed).toEqual(["HEAD", "refs/heads/main", "refs/heads/memgit-meta", "refs/tags/checkpoint-1"]);
    const mirror = scratch("m.git");
    await gitOk([...v, "clone", "-q", "--mirror", s.authedUrl(storeId), mirror]);
    expect(await gitOk(["--git-dir", mirror, "for-each-ref", "--format=%(refname)"])).toBe(
      "refs/heads/main\nrefs/heads/memgit-meta\nrefs/tags/checkpoint-1\n",
    );
    const objects = execFileSync("git", ["--git-dir", mirror, "cat-file", "--batch-all-objects", "--batch"]).toString();
    expect(objects).not.toContain(HIDDEN_CONTENT);
  });

  it("a hidden ref cannot be fetched by name, nor (protocol v0) its commit by id", async () => {
    const { storeId, hiddenCommit } = await storeWithRefs();
    const dir = scratch("c");
    await gitOk(["clone", "-q", s.authedUrl(storeId), dir]);
    for (const version of ["2", "0"]) {
      const byName = await git(["-c", `protocol.version=${version}`, "-C", dir, "fetch", "origin", "refs/memgit/internal"]);
      expect(byName.stderr).toContain("couldn't find remote ref refs/memgit/internal");
    }
    // Protocol v2's upload-pack (git 2.39) serves any object it has to a want by id: hiding is
    // tidiness, not secrecy (docs/decisions/0050), so nothing secret may live under refs/memgit/.
    const byId = await git(["-c", "protocol.version=0", "-C", dir, "fetch", "origin", hiddenCommit]);
    expect(byId.stderr).toContain(`Server does not allow request for unadvertised object ${hiddenCommit}`);
  });
});
