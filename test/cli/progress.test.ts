// Long operations show a progress bar on a terminal and stay quiet otherwise: `memgit prune`
// on a pseudo-terminal (util-linux `script`) and with its output piped; export, import and push
// likewise, on a server with its stores on disk.
import Anthropic from "@anthropic-ai/sdk";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { launcher, memgit, repo } from "./memgitCli.ts";

let server: RunningServer;
let disk: RunningServer;
const backupRoot = mkdtempSync(join(tmpdir(), "memgit-progress-backups-"));
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false });
  disk = await startServer({ dataDir: mkdtempSync(join(tmpdir(), "memgit-progress-")), port: 0, logger: false, backup: { root: backupRoot, urls: [], debounceMs: 60_000 } });
});
afterAll(async () => {
  await Promise.all([server.close(), disk.close()]);
});

/** Runs ./memgit with stdin, stdout and stderr on a pseudo-terminal; all it printed. */
function onTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const command = [launcher, ...args].map((s) => `'${s.replace(/'/g, `'\\''`)}'`).join(" ");
  const child = spawn("script", ["-qefc", command, "/dev/null"], { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

it("prune draws a bar on a terminal and prints only its result when piped", async () => {
  const sdk = new Anthropic({ apiKey: server.bootstrap!.secret, baseURL: server.url });
  const { id } = await sdk.beta.memoryStores.create({ name: "prune progress" });
  const env = { MEMGIT_URL: server.url, MEMGIT_API_KEY: server.bootstrap!.secret };
  const tty = await onTerminal(["prune", id], env);
  expect(tty.code, tty.output).toBe(0);
  expect(tty.output).toContain(`pruning ${id} [`);
  expect(tty.output).toContain(`pruned 0 versions of ${id}`);
  const piped = await memgit(["prune", id], { env });
  expect(piped).toEqual({ code: 0, stdout: `pruned 0 versions of ${id}\n`, stderr: "" });
});

it("export, import and push draw a bar on a terminal and print only their result when piped", async () => {
  const sdk = new Anthropic({ apiKey: disk.bootstrap!.secret, baseURL: disk.url });
  const { id } = await sdk.beta.memoryStores.create({ name: "transfer progress" });
  await sdk.beta.memoryStores.memories.create(id, { path: "/a.md", content: "a" });
  await sdk.post(`/v1/memory_stores/${id}/remotes`, { body: { name: "disk", url: join(backupRoot, "a.git") } });
  const env = { MEMGIT_URL: disk.url, MEMGIT_API_KEY: disk.bootstrap!.secret };
  const dir = mkdtempSync(join(tmpdir(), "memgit-progress-bundles-"));
  const steps: [string[], string][] = [
    [["export", id, join(dir, "tty.bundle")], `exporting ${id} [`],
    [["import", join(dir, "tty.bundle"), "--new-id"], `importing ${join(dir, "tty.bundle")} [`],
    [["push", id, "disk"], `pushing ${id} to disk [`],
  ];
  for (const [args, bar] of steps) {
    const tty = await onTerminal(args, env);
    expect(tty.code, tty.output).toBe(0);
    expect(tty.output).toContain(bar);
  }
  for (const [args] of [[["export", id, join(dir, "piped.bundle")]], [["import", join(dir, "piped.bundle"), "--new-id"]], [["push", id, "disk"]]] as [string[]][]) {
    const piped = await memgit(args, { env });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).toBe("");
    expect(piped.stdout).not.toContain("[");
  }
});
