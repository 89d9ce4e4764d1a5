// Issue 12 "Fast": serving a store flushes its acknowledged writes into git but does not wait
// for the compaction that follows a checkpoint (it only merges packs; every object stays
// readable, as git expects of a repack beside readers). Here that compaction is held inside a
// `git` wrapper on PATH until the test releases it, and a clone must complete meanwhile.
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitOk, scratch, startGitServer, type GitServer } from "./gitServer.ts";

const bin = mkdtempSync(join(tmpdir(), "memgit-held-git-"));
const held = join(bin, "held");
const release = join(bin, "release");

let s: GitServer;
beforeAll(async () => {
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  // Compaction runs `git pack-objects --stdin-packs` or `git repack`; everything else passes.
  writeFileSync(
    join(bin, "git"),
    `#!/bin/sh
case " $* " in
  *" --stdin-packs "*|*" repack "*) touch '${held}'; while [ ! -e '${release}' ]; do sleep 0.05; done ;;
esac
exec '${realGit}' "$@"
`,
  );
  chmodSync(join(bin, "git"), 0o755);
  process.env.PATH = `${bin}:${process.env.PATH}`;
  s = await startGitServer();
});
afterAll(async () => {
  writeFileSync(release, "");
  await s.close();
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 25));
}

describe("serving beside a compaction", () => {
  it("a clone gets every acknowledged write while the compaction after their checkpoint is still running", async () => {
    const mem = s.client.beta.memoryStores;
    const store = await mem.create({ name: "compacting" });
    await mem.memories.create(store.id, { path: "/first.md", content: "first" });
    // The quiet-time checkpoint of that write queues a compaction, which the wrapper holds.
    await until(() => existsSync(held));
    await mem.memories.create(store.id, { path: "/second.md", content: "second" });

    const dir = scratch("clone");
    await gitOk(["clone", "-q", s.authedUrl(store.id), dir]);
    expect(await gitOk(["-C", dir, "show", "HEAD:second.md"])).toBe("second");
    expect(existsSync(release)).toBe(false);
  });
});
