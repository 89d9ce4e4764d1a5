// Issue 12: what is served stays consistent with the API through a redaction, which rewrites
// history. An existing clone fetches the rewritten history (forced) and stays fsck-clean; a
// fresh clone holds no trace of the redacted content or path; a fetch negotiated against the
// refs from before the rewrite fails cleanly instead of serving half of either history.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, gitOk, scratch, startGitServer, type GitServer } from "./gitServer.ts";

const SECRET = "ghp_" + "Wn4Kd8Pq2Xs6Lm0Vb3Tz7Hy5Jc1Rf9Ga";
const SECRET_PATH = "leak-7f3a91c2";

let s: GitServer;
beforeAll(async () => {
  s = await startGitServer();
});
afterAll(() => s.close());

const allObjects = (gitDir: string) =>
  execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch-all-objects", "--batch"], { maxBuffer: 256 << 20 }).toString("latin1");

/** A store whose second version leaks a secret, later overwritten; returns the leaking version. */
async function leakyStore() {
  const mem = s.client.beta.memoryStores;
  const store = await mem.create({ name: "leaky" });
  await mem.memories.create(store.id, { path: "/before.md", content: "before" });
  const leak = await mem.memories.create(store.id, { path: `/${SECRET_PATH}/token.md`, content: `TOKEN=${SECRET}\n` });
  await mem.memories.update(leak.id, { memory_store_id: store.id, path: "/token.md", content: "TOKEN=<rotated>\n" });
  await mem.memories.create(store.id, { path: "/after.md", content: "after" });
  return { storeId: store.id, leakVersion: leak.memory_version_id };
}

const redact = (storeId: string, versionId: string) =>
  s.client.beta.memoryStores.memoryVersions.redact(versionId, { memory_store_id: storeId });

describe("serving through a redaction", () => {
  it.each(["2", "0"])("protocol.version=%s: fetch --force brings the rewritten history, fsck-clean; a fresh clone has no trace", async (version) => {
    const v = ["-c", `protocol.version=${version}`];
    const { storeId, leakVersion } = await leakyStore();
    const before = scratch("before");
    await gitOk([...v, "clone", "-q", s.authedUrl(storeId), before]);
    const mirrorBefore = scratch("before.git");
    await gitOk([...v, "clone", "-q", "--mirror", s.authedUrl(storeId), mirrorBefore]);
    expect(allObjects(`${before}/.git`)).toContain(SECRET);

    await redact(storeId, leakVersion);

    await gitOk([...v, "-C", before, "fetch", "-q", "--force", "origin"]);
    await gitOk([...v, "--git-dir", mirrorBefore, "fetch", "-q", "--force", "--prune"]);
    await s.server.engine.flush(storeId);
    const served = await gitOk(["--git-dir", s.gitDir(storeId), "for-each-ref", "--format=%(refname:lstrip=2) %(objectname)"]);
    const fetched = await gitOk(["-C", before, "for-each-ref", "--format=%(refname:lstrip=3) %(objectname)", "refs/remotes/origin/main", "refs/remotes/origin/memgit-meta"]);
    expect(fetched).toBe(served);
    expect(await gitOk(["--git-dir", mirrorBefore, "for-each-ref", "--format=%(refname:lstrip=2) %(objectname)"])).toBe(served);
    await gitOk(["-C", before, "fsck", "--full", "--strict"]);
    await gitOk(["--git-dir", mirrorBefore, "fsck", "--full", "--strict"]);
    // The versions the API lists are the commits served, newest first, by id.
    const log = await gitOk(["-C", before, "log", "--format=%H %(trailers:key=Memgit-Version-Id,valueonly,separator=)", "origin/main"]);
    const ids = log.trim().split("\n").map((line) => {
      const [hash, trailer] = line.split(" ");
      return trailer || `memver_${hash}`;
    });
    expect(ids).toEqual((await s.client.beta.memoryStores.memoryVersions.list(storeId)).data.map((x) => x.id));

    for (const flags of [[], ["--mirror"]]) {
      const fresh = scratch("fresh");
      await gitOk([...v, "clone", "-q", ...flags, s.authedUrl(storeId), fresh]);
      const objects = allObjects(flags.length ? fresh : `${fresh}/.git`);
      expect(objects).not.toContain(SECRET);
      expect(objects).not.toContain(SECRET_PATH);
      await gitOk(["--git-dir", flags.length ? fresh : `${fresh}/.git`, "fsck", "--full", "--strict"]);
    }
  });

  it("a fetch negotiated against refs a redaction then rewrote fails with git's own error; the next one succeeds", async () => {
    const { storeId, leakVersion } = await leakyStore();
    const headers = { "x-api-key": ADMIN_KEY };
    const ad = await (await fetch(`${s.repoUrl(storeId)}/info/refs?service=git-upload-pack`, { headers })).text();
    const oldMain = /([0-9a-f]{40}) refs\/heads\/main/.exec(ad)![1]!;
    await redact(storeId, leakVersion);

    const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, "0")}${line}`;
    const want = `${pkt(`want ${oldMain} side-band-64k\n`)}0000${pkt("done\n")}`;
    const res = await fetch(`${s.repoUrl(storeId)}/git-upload-pack`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-git-upload-pack-request" },
      body: want,
    });
    const body = await res.text();
    expect(body).toContain(`not our ref ${oldMain}`);
    expect(body).not.toContain(SECRET);

    const fresh = scratch("after");
    await gitOk(["clone", "-q", s.authedUrl(storeId), fresh]);
    expect(allObjects(`${fresh}/.git`)).not.toContain(SECRET);
  });
});
