// Issue 12, "Clone and fetch over smart HTTP": every store is served at /git/<id>.git to the
// real git client (protocol v2 and v0) and to isomorphic-git, with every acknowledged write.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, git, gitOk, scratch, startGitServer, type GitServer } from "./gitServer.ts";

let s: GitServer;
beforeAll(async () => {
  s = await startGitServer();
});
afterAll(() => s.close());

async function storeWith(files: Record<string, string>) {
  const store = await s.client.beta.memoryStores.create({ name: "served" });
  for (const [path, content] of Object.entries(files)) await s.client.beta.memoryStores.memories.create(store.id, { path, content });
  return store.id;
}

describe.each([
  ["v2", "2"],
  ["v0", "0"],
])("git clone, fetch, pull, ls-remote over protocol %s", (_name, version) => {
  const v = ["-c", `protocol.version=${version}`];

  it("clones the memories at their head, with every acknowledged write and one commit per version", async () => {
    const id = await storeWith({ "/prefs/editor.md": "vim", "/notes/a.md": "alpha" });
    // No flush in between: the clone must see what the API acknowledged a moment ago.
    const dir = scratch("clone");
    await gitOk([...v, "clone", "-q", s.authedUrl(id), dir]);
    expect(readFileSync(join(dir, "prefs/editor.md"), "utf8")).toBe("vim");
    expect(readFileSync(join(dir, "notes/a.md"), "utf8")).toBe("alpha");
    const log = await gitOk(["-C", dir, "log", "--format=%H", "main"]);
    const versions = await s.client.beta.memoryStores.memoryVersions.list(id);
    expect(log.trim().split("\n").map((h) => `memver_${h}`)).toEqual(versions.data.map((x) => x.id));
  });

  it("fetch and pull bring new versions; ls-remote lists main and memgit-meta", async () => {
    const id = await storeWith({ "/a.md": "1" });
    const dir = scratch("clone");
    await gitOk([...v, "clone", "-q", s.authedUrl(id), dir]);
    const created = await s.client.beta.memoryStores.memories.create(id, { path: "/b.md", content: "2" });
    await gitOk([...v, "-C", dir, "fetch", "-q", "origin"]);
    expect(await gitOk(["-C", dir, "rev-parse", "origin/main"])).toBe(`${created.memory_version_id.slice("memver_".length)}\n`);
    await s.client.beta.memoryStores.memories.update(created.id, { memory_store_id: id, content: "3" });
    await gitOk([...v, "-C", dir, "pull", "-q", "--ff-only"]);
    expect(readFileSync(join(dir, "b.md"), "utf8")).toBe("3");

    const refs = await gitOk([...v, "ls-remote", "--symref", s.authedUrl(id)]);
    const lines = refs.trim().split("\n");
    expect(lines[0]).toBe("ref: refs/heads/main\tHEAD");
    expect(lines.slice(1).map((l) => l.split("\t")[1])).toEqual(["HEAD", "refs/heads/main", "refs/heads/memgit-meta"]);
  });

  it("a mirror clone carries the store whole: its refs equal the repository's, and it is fsck-clean", async () => {
    const id = await storeWith({ "/m.md": "mirror me" });
    const mirror = scratch("mirror.git");
    await gitOk([...v, "clone", "-q", "--mirror", s.authedUrl(id), mirror]);
    await s.server.engine.flush(id);
    const refsOf = (dir: string) => gitOk(["--git-dir", dir, "for-each-ref", "--format=%(refname) %(objectname)"]);
    expect(await refsOf(mirror)).toBe(await refsOf(s.gitDir(id)));
    await gitOk(["--git-dir", mirror, "fsck", "--full", "--strict"]);
  });
});

describe("clone of an empty store", () => {
  it("clones the metadata branch; main is unborn until the first memory", async () => {
    const id = await storeWith({});
    const mirror = scratch("empty.git");
    const run = await git(["clone", "--mirror", s.authedUrl(id), mirror]);
    expect(run.code).toBe(0);
    expect(await gitOk(["--git-dir", mirror, "for-each-ref", "--format=%(refname)"])).toBe("refs/heads/memgit-meta\n");
  });
});

describe("protocol negotiation", () => {
  it.each([
    ["2", "version 2"],
    ["0", "# service=git-upload-pack"],
  ])("protocol.version=%s gets that protocol's advertisement", async (version, first) => {
    const id = await storeWith({ "/p.md": "p" });
    const run = await git(["-c", `protocol.version=${version}`, "ls-remote", s.authedUrl(id)], { env: { GIT_TRACE_PACKET: "1" } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`git< ${first}`);
  });

  it("the protocol v2 advertisement, answered from memory after the first, is git's own, byte for byte", async () => {
    const id = await storeWith({ "/p.md": "p" });
    const own = execFileSync("git", ["upload-pack", "--strict", "--stateless-rpc", "--advertise-refs", s.gitDir(id)], {
      env: { ...process.env, GIT_PROTOCOL: "version=2" },
    });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${s.repoUrl(id)}/info/refs?service=git-upload-pack`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}`, "git-protocol": "version=2" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/x-git-upload-pack-advertisement");
      expect(Buffer.from(await res.arrayBuffer()).equals(own)).toBe(true);
    }
  });

  it("an unknown Git-Protocol value is ignored (protocol v0), never passed to git", async () => {
    const id = await storeWith({ "/p.md": "p" });
    const res = await fetch(`${s.repoUrl(id)}/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "git-protocol": "version=9:x=$(touch /tmp/pwned)" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-git-upload-pack-advertisement");
    expect((await res.text()).startsWith("001e# service=git-upload-pack\n0000")).toBe(true);
  });
});
