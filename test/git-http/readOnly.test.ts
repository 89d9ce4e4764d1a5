// Issue 12: the served repository is read-only. A real `git push` is refused with the server's
// own message and changes nothing: not the refs, not the objects, not the API.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, git, gitOk, scratch, startGitServer, type GitServer } from "./gitServer.ts";

let s: GitServer;
beforeAll(async () => {
  s = await startGitServer();
});
afterAll(() => s.close());

const READ_ONLY = "remote: memgit: this repository is read-only: memgit serves stores for clone and fetch only; write memories through the HTTP API";

describe("pushing to a served store", () => {
  it.each(["2", "0"])("git push (protocol.version=%s) is refused with a clear message and changes nothing", async (version) => {
    const store = await s.client.beta.memoryStores.create({ name: "ro" });
    await s.client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "a" });
    const dir = scratch("clone");
    await gitOk(["clone", "-q", s.authedUrl(store.id), dir]);
    await s.server.engine.flush(store.id);
    const gitDir = s.gitDir(store.id);
    const refsBefore = await gitOk(["--git-dir", gitDir, "for-each-ref"]);
    const packsBefore = readdirSync(join(gitDir, "objects", "pack")).sort();

    writeFileSync(join(dir, "a.md"), "pushed");
    const who = ["-c", "user.name=t", "-c", "user.email=t@t"];
    await gitOk([...who, "-C", dir, "commit", "-qam", "edit"]);
    for (const target of ["main", "refs/heads/new-branch"]) {
      const run = await git(["-c", `protocol.version=${version}`, "-C", dir, "push", "origin", `HEAD:${target}`]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(READ_ONLY);
      expect(run.stderr).toContain("403");
    }

    await s.server.engine.flush(store.id);
    expect(await gitOk(["--git-dir", gitDir, "for-each-ref"])).toBe(refsBefore);
    expect(readdirSync(join(gitDir, "objects", "pack")).sort()).toEqual(packsBefore);
    const memories = await s.client.beta.memoryStores.memories.list(store.id, { view: "full" });
    expect(memories.data.map((m) => "content" in m && m.content)).toEqual(["a"]);
  });

  it("a receive-pack POST sent straight away is refused too", async () => {
    const store = await s.client.beta.memoryStores.create({ name: "ro-post" });
    const res = await fetch(`${s.repoUrl(store.id)}/git-receive-pack`, {
      method: "POST",
      headers: { "x-api-key": ADMIN_KEY, "content-type": "application/x-git-receive-pack-request" },
      body: "0000",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(`${READ_ONLY.slice("remote: ".length)}\n`);
  });
});
