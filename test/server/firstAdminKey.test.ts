// The first admin key must not end up in a log collector (docs/decisions/0016): a key the
// operator supplied is never printed; a generated one is printed only to a terminal, and
// otherwise left in an owner-only file whose path is printed instead.
import Anthropic from "@anthropic-ai/sdk";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveProcess } from "../helpers/serveProcess.ts";

const SECRET = /sk-memgit-[1-9A-HJ-NP-Za-km-z]{40}/;
const repo = new URL("../../", import.meta.url).pathname;

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const running = new Set<ChildProcess>();

/**
 * `memgit serve` with stdout on a pseudo-terminal (util-linux `script`) until its first-start
 * announcement begins, then SIGTERM; returns everything it printed up to its exit.
 */
async function serveOnTerminal(dataDir: string, env: Record<string, string>): Promise<string> {
  // The real entry point, as `./memgit serve` runs it.
  const command = [process.execPath, "--import", "tsx", "packages/cli/src/main.ts", "serve", "--data-dir", dataDir, "--port", "0"].map(shellQuote).join(" ");
  const child = spawn("script", ["-qefc", command, "/dev/null"], { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += String(d).replace(/\r\n/g, "\n");
      if (out.includes("First start:")) resolve();
    });
    child.on("close", () => reject(new Error(`serve exited early: ${out}`)));
  });
  child.kill("SIGTERM");
  await closed;
  running.delete(child);
  return out;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "memgit-firstkey-"));
});
afterAll(() => {
  for (const child of running) child.kill("SIGTERM");
  rmSync(root, { recursive: true, force: true });
});

describe("the first admin key", () => {
  it("with stdout not a terminal, a generated key goes to an owner-only file; only its path is printed", async () => {
    const dataDir = join(root, "piped");
    const server = await serveProcess(dataDir, { MEMGIT_BOOTSTRAP_KEY: "" });
    let keyFile: string;
    try {
      expect(server.stdout()).not.toMatch(SECRET);
      expect(server.stderr()).not.toMatch(SECRET);
      keyFile = server.stdout().trim().split("\n").at(-1)!;
      expect(keyFile).toBe(join(dataDir, "first-admin-key"));
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(keyFile, "utf8").trim();
      expect(key).toMatch(SECRET);
      const client = new Anthropic({ apiKey: key, baseURL: server.url });
      expect((await client.beta.memoryStores.create({ name: "first" })).id).toMatch(/^memstore_/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const again = await serveProcess(dataDir);
    try {
      expect(again.stdout()).toContain(`The first admin key is still in ${keyFile}; delete that file`);
      expect(again.stdout()).not.toMatch(SECRET);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  it("on a terminal, a generated key is printed alone on its line and no file is written", async () => {
    const dataDir = join(root, "tty");
    const out = await serveOnTerminal(dataDir, { MEMGIT_BOOTSTRAP_KEY: "" });
    const key = out.split("\n").find((l) => SECRET.test(l))!;
    expect(key).toMatch(new RegExp(`^${SECRET.source}$`));
    expect(existsSync(join(dataDir, "first-admin-key"))).toBe(false);
  });

  it("a key supplied in MEMGIT_BOOTSTRAP_KEY is never printed, not even to a terminal", async () => {
    const supplied = "sk-memgit-supplied-by-the-operator-0001";
    const out = await serveOnTerminal(join(root, "supplied"), { MEMGIT_BOOTSTRAP_KEY: supplied });
    expect(out).toMatch(/admin API key apikey_\w+ from MEMGIT_BOOTSTRAP_KEY \(not shown\)/);
    expect(out).not.toContain(supplied);
  });
});
