// `memgit remotes` and `memgit push` as processes against a real server on disk (issue 12).
import Anthropic from "@anthropic-ai/sdk";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliVerb, serveProcess } from "../helpers/serveProcess.ts";
import { finished } from "../server/cliRun.ts";
import { ADMIN_KEY, refsOf, startBackupServer, type BackupServer } from "./backupServer.ts";

let s: BackupServer;
beforeAll(async () => {
  // Pushes run only when asked, so what each command did is what the remote shows.
  s = await startBackupServer({ backup: { debounceMs: 3_600_000, urls: ["http://127.0.0.1:9/backups/"] } });
});
afterAll(() => s.close());

const run = (name: string, args: string[], env: Record<string, string> = {}) =>
  finished(cliVerb(name, args, { MEMGIT_URL: s.server.url, MEMGIT_API_KEY: ADMIN_KEY, ...env }));

describe("memgit remotes, memgit push", () => {
  it("--help prints each verb's usage to stdout; misuse exits 2", async () => {
    const helps = ["remotes", "push"] as const;
    const misuses = [["remotes", ["add", "memstore_x", "only-name"]], ["push", []]] as const;
    const [helped, misused] = await Promise.all([
      Promise.all(helps.map((name) => run(name, ["--help"]))),
      Promise.all(misuses.map(([name, args]) => run(name, [...args]))),
    ]);
    helps.forEach((name, i) => {
      expect(helped[i]!.code, helped[i]!.stderr).toBe(0);
      expect(helped[i]!.stdout).toMatch(new RegExp(`^usage: memgit ${name} `));
    });
    misuses.forEach(([name], i) => {
      expect(misused[i]!.code).toBe(2);
      expect(misused[i]!.stderr).toMatch(new RegExp(`^usage: memgit ${name} `));
    });
  });

  it("add, list, push and remove; a failing push exits 1 with git's words and the others still go", async () => {
    const store = await s.client.beta.memoryStores.create({ name: "cli backup" });
    await s.client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "a" });
    const path = join(s.root, `cli-${store.id}.git`);

    const [added, http] = await Promise.all([
      run("remotes", ["add", store.id, "nas", path]),
      run("remotes", ["add", store.id, "offsite", "http://backup@127.0.0.1:9/backups/x.git"], { MEMGIT_REMOTE_PASSWORD: "pw-cli-3e8a" }),
    ]);
    expect(added.code, added.stderr).toBe(0);
    // A new remote gets its first push soon after (here, only when asked).
    expect(added.stdout).toBe(`nas\t${path}\tscheduled\t1 behind\tnever pushed\n`);
    expect(http.code, http.stderr).toBe(0);
    expect(http.stdout).toContain("http://backup:***@127.0.0.1:9/backups/x.git");

    const pushed = await run("push", [store.id, "nas"]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stdout).toMatch(/^nas\t\S+\tidle\t0 behind\t\d{4}-\d\d-\d\dT\S+Z\n$/);
    await s.server.engine.flush(store.id);
    expect(refsOf(path)).toBe(refsOf(s.gitDir(store.id)));

    const all = await run("push", [store.id]);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^nas\t/);
    expect(all.stderr).toMatch(/^memgit push: 502 push to backup remote offsite failed: /);
    expect(all.stderr + all.stdout).not.toContain("pw-cli-3e8a");

    const listed = await run("remotes", ["list", store.id]);
    expect(listed.stdout.split("\n").filter(Boolean).map((l) => l.split("\t").slice(0, 2))).toEqual([
      ["nas", path],
      ["offsite", "http://backup:***@127.0.0.1:9/backups/x.git"],
    ]);
    expect(listed.stdout).not.toContain("pw-cli-3e8a");

    const [removed, refused] = await Promise.all([run("remotes", ["remove", store.id, "offsite"]), run("remotes", ["add", store.id, "etc", "/etc/backup.git"])]);
    expect(removed).toMatchObject({ code: 0, stdout: "removed offsite\n" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^memgit remotes: 400 url: a local path must lie under the backup root/);
    expect((await run("remotes", ["list", store.id])).stdout.split("\n").filter(Boolean)).toHaveLength(1);
    execFileSync("git", ["--git-dir", path, "fsck", "--full", "--strict"]);
  });

  it("memgit serve takes MEMGIT_BACKUP_ROOT and MEMGIT_BACKUP_URLS from its environment", async () => {
    const root = mkdtempSync(join(tmpdir(), "memgit-serve-backup-root-"));
    const serve = await serveProcess(mkdtempSync(join(tmpdir(), "memgit-serve-backup-data-")), {
      MEMGIT_BOOTSTRAP_KEY: ADMIN_KEY,
      MEMGIT_BACKUP_ROOT: root,
      MEMGIT_BACKUP_URLS: "http://127.0.0.1:9/backups/",
    });
    try {
      const client = new Anthropic({ apiKey: ADMIN_KEY, baseURL: serve.url, maxRetries: 0 });
      const store = await client.beta.memoryStores.create({ name: "env" });
      const remotes = `/v1/memory_stores/${store.id}/remotes`;
      await client.post(remotes, { body: { name: "local", url: join(root, "x.git") } });
      await client.post(remotes, { body: { name: "http", url: "http://127.0.0.1:9/backups/x.git" } });
      const refused = await client.post(remotes, { body: { name: "out", url: "/srv/elsewhere.git" } }).catch((err: { status: number }) => err);
      expect(refused).toMatchObject({ status: 400 });
      expect((await client.get<{ data: Array<{ name: string }> }>(remotes)).data.map((r) => r.name)).toEqual(["http", "local"]);
    } finally {
      await serve.stop();
    }
  });
});
