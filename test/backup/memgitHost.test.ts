// Issue 12: a backup of one memgit into another over loopback. The host takes the push at
// /git/backups/<name>.git with an admin key (the stores it serves stay read-only), a restore
// clones it back, and a host that goes away and comes back is caught up by the retries. The
// credential reaches git only through its environment: never its argv, where `ps` shows it.
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { git as gitClient, gitOk } from "../git-http/gitServer.ts";
import { eventually, git, reachableContent, refsOf, startBackupServer, type BackupServer, type WireRemote } from "./backupServer.ts";

const HOST_KEY = "sk-memgit-backup-host-admin-7f0c2d";

// Every git the servers run, with its arguments, goes through this shim into a log.
const shimDir = mkdtempSync(join(tmpdir(), "memgit-git-shim-"));
const argvLog = join(shimDir, "argv.log");
const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
writeFileSync(join(shimDir, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${argvLog}"\nexec "${realGit}" "$@"\n`);
chmodSync(join(shimDir, "git"), 0o755);
writeFileSync(argvLog, "");
process.env.PATH = `${shimDir}:${process.env.PATH}`;

let hostDataDir: string;
let host: RunningServer;
let source: BackupServer;
/** Answers every request with a redirect to the host: an allowed URL must not lead elsewhere. */
let redirector: Server;
const startHost = (port = 0) => startServer({ dataDir: hostDataDir, port, logger: false, bootstrapKey: HOST_KEY });

beforeAll(async () => {
  hostDataDir = mkdtempSync(join(tmpdir(), "memgit-backup-host-"));
  host = await startHost();
  redirector = createServer((req, res) => res.writeHead(302, { location: `http://127.0.0.1:${host.port}${req.url}` }).end());
  await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
  const redirectPort = (redirector.address() as AddressInfo).port;
  source = await startBackupServer({ backup: { urls: [`http://127.0.0.1:${host.port}/git/backups/`, `http://127.0.0.1:${redirectPort}/git/backups/`] } });
});
afterAll(async () => {
  redirector.close();
  await source.close();
  await host.close();
});

const hostRepo = (name: string) => join(hostDataDir, "backups", host.auth.listWorkspaces()[0]!.id, `${name}.git`);
const remoteUrl = (name: string) => `http://backup:${HOST_KEY}@127.0.0.1:${host.port}/git/backups/${name}.git`;
const status = async (storeId: string) => (await source.client.get<{ data: WireRemote[] }>(source.remotes(storeId))).data[0]!;

describe("one memgit backed up into another", () => {
  it("push now lands every ref in the host's backup repository; a mirror clone from it gets them back", async () => {
    const mem = source.client.beta.memoryStores;
    const store = await mem.create({ name: "to the host" });
    const m = await mem.memories.create(store.id, { path: "/a.md", content: "a\n" });
    await mem.memories.update(m.id, { memory_store_id: store.id, content: "b\n" });
    await source.client.post(`/v1/memory_stores/${store.id}/checkpoints`, { body: { name: "mark" } });
    const name = `from-${store.id}`;
    const added = await source.client.post<WireRemote>(source.remotes(store.id), { body: { name: "host", url: remoteUrl(name) } });
    expect(added.url).toBe(`http://backup:***@127.0.0.1:${host.port}/git/backups/${name}.git`);
    expect(await source.client.post<WireRemote>(`${source.remotes(store.id)}/host/push`)).toMatchObject({ last_error: null, versions_behind: 0 });

    // Read before the clone below, which is the test's own git with the key in its URL.
    const argv = readFileSync(argvLog, "utf8");
    expect(argv).toContain(" push ");
    expect(argv).not.toContain(HOST_KEY);

    await source.server.engine.flush(store.id);
    const refs = refsOf(source.gitDir(store.id));
    expect(refsOf(hostRepo(name))).toBe(refs);
    git(hostRepo(name), ["fsck", "--full", "--strict"]);
    const mirror = join(mkdtempSync(join(tmpdir(), "memgit-restore-")), "mirror.git");
    // Not execFileSync: the servers answer on this process's event loop.
    await gitOk(["clone", "-q", "--mirror", `http://x:${HOST_KEY}@127.0.0.1:${host.port}/git/backups/${name}.git`, mirror]);
    expect(refsOf(mirror)).toBe(refs);
  });

  it("the host takes admin keys only, each workspace apart; its stores stay read-only", async () => {
    const url = (key: string, name: string) => `http://x:${key}@127.0.0.1:${host.port}/git/backups/${name}.git`;
    const ws = host.auth.listWorkspaces()[0]!;
    const writer = host.auth.createApiKey(ws.id, "read_write").secret;
    const other = host.auth.createApiKey(host.auth.createWorkspace("elsewhere").id, "admin").secret;
    const tryGit = async (args: string[]) => {
      const run = await gitClient(args);
      return run.code === 0 ? "ok" : run.stderr;
    };
    expect(await tryGit(["ls-remote", url(writer, "anything")])).toMatch(/backup repositories need an admin API key/);
    const wrong = await source.client.beta.memoryStores.create({ name: "wrong key" });
    await source.client.post(source.remotes(wrong.id), { body: { name: "host", url: remoteUrl("wrong").replace(HOST_KEY, "sk-memgit-not-a-key-0000") } });
    const refused = await source.client.post(`${source.remotes(wrong.id)}/host/push`).catch((err: { status: number; error: { error: { message: string } } }) => err);
    expect(refused).toMatchObject({ status: 502, error: { error: { message: expect.stringMatching(/The remote refused the credential/) } } });
    expect(JSON.stringify(refused)).not.toContain("sk-memgit-not-a-key-0000");
    const store = await source.client.beta.memoryStores.create({ name: "apart" });
    await source.client.post(source.remotes(store.id), { body: { name: "host", url: remoteUrl(`apart-${store.id}`) } });
    await source.client.post(`${source.remotes(store.id)}/host/push`);
    expect(await tryGit(["ls-remote", url(other, `apart-${store.id}`)])).toMatch(/not found/);
    expect(await tryGit(["ls-remote", `http://127.0.0.1:${host.port}/git/backups/apart-${store.id}.git`])).toMatch(/Authentication failed|could not read Username/);

    const hosted = await host.engine.createStore({ name: "served", owner: ws.id });
    const clone = join(mkdtempSync(join(tmpdir(), "memgit-served-")), "c");
    await gitOk(["clone", "-q", url(HOST_KEY, "x").replace("/backups/x.git", `/${hosted.id}.git`), clone]);
    expect(await tryGit(["--git-dir", source.gitDir(store.id), "push", url(HOST_KEY, "x").replace("/backups/x.git", `/${hosted.id}.git`), "refs/heads/memgit-meta:refs/heads/memgit-meta"])).toMatch(
      /read-only/,
    );
  });

  it("a host that goes away fails no write; once it is back, the retries catch it up", async () => {
    const mem = source.client.beta.memoryStores;
    const store = await mem.create({ name: "through an outage" });
    const m = await mem.memories.create(store.id, { path: "/a.md", content: "0\n" });
    const name = `outage-${store.id}`;
    await source.client.post(source.remotes(store.id), { body: { name: "host", url: remoteUrl(name) } });
    await source.client.post(`${source.remotes(store.id)}/host/push`);
    const lastSuccess = (await status(store.id)).last_success_at;

    const port = host.port;
    await host.close();
    let latest = "";
    for (let i = 1; i <= 3; i++) latest = (await mem.memories.update(m.id, { memory_store_id: store.id, content: `${i}\n` })).memory_version_id;
    await eventually(async () => (await status(store.id)).last_error !== null);
    const down = await status(store.id);
    expect(down.versions_behind).toBe(3);
    expect(down.last_error).not.toContain(HOST_KEY);

    host = await startHost(port);
    await eventually(async () => (await status(store.id)).last_error === null);
    const up = await status(store.id);
    expect(up.versions_behind).toBe(0);
    expect(up.last_success_at! > lastSuccess!).toBe(true);
    expect(git(hostRepo(name), ["rev-parse", "refs/heads/main"]).trim()).toBe(latest.slice("memver_".length));
  });

  it("a push does not follow a redirect from an allowed URL", async () => {
    const store = await source.client.beta.memoryStores.create({ name: "redirected" });
    await source.client.beta.memoryStores.memories.create(store.id, { path: "/a.md", content: "a" });
    const name = `redirected-${store.id}`;
    const port = (redirector.address() as AddressInfo).port;
    await source.client.post(source.remotes(store.id), { body: { name: "r", url: `http://backup:${HOST_KEY}@127.0.0.1:${port}/git/backups/${name}.git` } });
    const refused = await source.client.post(`${source.remotes(store.id)}/r/push`).catch((err: { status: number }) => err);
    // Refused at the redirect itself; followed, it would reach the host without the credential
    // (curl drops it across origins) and fail for that reason instead.
    expect(refused).toMatchObject({ status: 502, error: { error: { message: expect.stringMatching(/returned error: 302/) } } });
    expect(existsSync(hostRepo(name))).toBe(false);
  });

  it("a redacted, then pruned store reaches the host forced and shallow: fsck-clean, the redacted bytes unreachable", async () => {
    const secret = "ghp_" + "Hs5Tq2Nw8Lk1Zc4Vb7Xm0Pr3Jd6Fy9Ga";
    const pruning = await startBackupServer({
      retention: { days: 0, keep: 1, intervalMs: 0 },
      backup: { urls: [`http://127.0.0.1:${host.port}/git/backups/`], debounceMs: 3_600_000 },
    });
    try {
      const mem = pruning.client.beta.memoryStores;
      const store = await mem.create({ name: "redacted and pruned" });
      const leak = await mem.memories.create(store.id, { path: "/token.md", content: `TOKEN=${secret}\n` });
      for (let i = 0; i < 3; i++) await mem.memories.update(leak.id, { memory_store_id: store.id, content: `TOKEN=<rotated ${i}>\n` });
      const name = `pruned-${store.id}`;
      await pruning.client.post(pruning.remotes(store.id), { body: { name: "host", url: remoteUrl(name) } });
      await pruning.client.post(`${pruning.remotes(store.id)}/host/push`);
      expect(reachableContent(hostRepo(name))).toContain(secret);

      await mem.memoryVersions.redact(leak.memory_version_id, { memory_store_id: store.id });
      await pruning.client.post(`/v1/memory_stores/${store.id}/prune`);
      expect(await pruning.client.post<WireRemote>(`${pruning.remotes(store.id)}/host/push`)).toMatchObject({ last_error: null, versions_behind: 0 });
      await pruning.server.engine.flush(store.id);
      expect(refsOf(hostRepo(name))).toBe(refsOf(pruning.gitDir(store.id)));
      expect(reachableContent(hostRepo(name))).not.toContain(secret);
      git(hostRepo(name), ["fsck", "--full", "--strict"]);
    } finally {
      await pruning.close();
    }
  });
});
