// Long operations show a progress bar on a terminal and stay quiet otherwise: `memgit prune`
// on a pseudo-terminal (util-linux `script`) and with its output piped.
import Anthropic from "@anthropic-ai/sdk";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type RunningServer } from "@memgit/server";
import { launcher, memgit, repo } from "./memgitCli.ts";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, logger: false });
});
afterAll(() => server.close());

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
